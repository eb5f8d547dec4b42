"""Marking the words a library search matched, in a title or an abstract."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from paperreader.domain.models import TextSpan
from paperreader.storage.library.folding import tokens_with_spans
from paperreader.storage.library.query import Term, parse_query


def highlight_terms(text: str, terms: Sequence[Term]) -> tuple[TextSpan, ...]:
    """`text` as runs, the words matching any of `terms` marked; the runs join to `text`."""
    return highlighter(tuple(terms))(text)


_ASCII_EDGE = "[A-Za-z0-9]"


class Highlighter:
    """Marks the words of some terms in a text: built once per query, used for every hit.

    An ASCII title (most of them) is matched with one regular expression over its words
    (the tokenizer's ASCII words are exactly the runs of letters and digits); other titles,
    and phrases, go word by word as the index folds them.
    """

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.active = any(term.tokens for term in terms)
        self.exact = {t.tokens[0] for t in terms if len(t.tokens) == 1 and not t.prefix}
        self.prefixes = tuple(t.tokens[0] for t in terms if len(t.tokens) == 1 and t.prefix)
        self.phrases = tuple(t for t in terms if len(t.tokens) > 1)
        self.pattern: re.Pattern[str] | None = None
        if not self.phrases:  # a non-ASCII word never matches a word of an ASCII title
            choices = [re.escape(w) for w in sorted(self.exact) if w.isascii()]
            choices += [re.escape(p) + f"{_ASCII_EDGE}*" for p in self.prefixes if p.isascii()]
            self.pattern = re.compile(
                f"(?<!{_ASCII_EDGE})(?:{'|'.join(choices) or '(?!)'})(?!{_ASCII_EDGE})",
                re.IGNORECASE | re.ASCII,
            )

    def __call__(self, text: str) -> tuple[TextSpan, ...]:
        if not text:
            return ()
        if not self.active:
            return (TextSpan(text),)
        if self.pattern is not None and text.isascii():
            ranges = [match.span() for match in self.pattern.finditer(text)]
        else:
            ranges = self._ranges(text)
        if not ranges:
            return (TextSpan(text),)
        ranges.sort()
        merged: list[list[int]] = []
        for start, end in ranges:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        spans: list[TextSpan] = []
        position = 0
        for start, end in merged:
            if start > position:
                spans.append(TextSpan(text[position:start]))
            spans.append(TextSpan(text[start:end], highlight=True))
            position = end
        if position < len(text):
            spans.append(TextSpan(text[position:]))
        return tuple(spans)

    def _ranges(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every matching word or phrase, word by word."""
        tokens = tokens_with_spans(text)
        ranges: list[tuple[int, int]] = []
        exact, prefixes = self.exact, self.prefixes
        if exact or prefixes:
            ranges += [
                (start, end)
                for start, end, token in tokens
                if token in exact or (prefixes and token.startswith(prefixes))
            ]
        for term in self.phrases:
            size = len(term.tokens)
            for i in range(len(tokens) - size + 1):
                if all(tokens[i + k][2] == term.tokens[k] for k in range(size - 1)):
                    last = tokens[i + size - 1][2]
                    wanted = term.tokens[-1]
                    if last == wanted or (term.prefix and last.startswith(wanted)):
                        ranges.append((tokens[i][0], tokens[i + size - 1][1]))
        return ranges


highlighter = lru_cache(maxsize=64)(Highlighter)
"""One matcher per set of terms: a search highlights all its hits with the same one."""


NO_TERMS = (Term("", ()),)
"""Highlights nothing but still splits the title into one plain run."""


def highlight(text: str, query: str) -> tuple[TextSpan, ...]:
    """`text` with the words of a library query marked (for abstracts in a detail pane)."""
    return highlight_terms(text, parse_query(query).terms)
