"""Text as the library's index sees it: folded, and cut into words.

Search text is folded in Python before SQLite sees it: NFKD, Latin-style diacritics removed,
case-folded, and every CJK character and pictograph made a word of its own, so that accents
do not matter, Chinese and Japanese titles (written without spaces) match by substring, and
an emoji can be searched for. Queries are folded the same way, and highlighting cuts a title
into the same words, so what is marked is what matched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]"
)
"""Combining diacritics (and variation selectors), dropped after NFKD: café is cafe."""
_SOLO = re.compile(
    "[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
    "\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u2bff\U0001f000-\U0001faff]"
)
"""CJK characters and pictographs: each is a word of its own (CJK has no spaces)."""
_SEP, _WORD, _ONE = 0, 1, 2


def fold(text: str) -> str:
    """Text as the index stores it: case-folded, without accents, CJK and emoji spaced out."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize("NFC", _MARKS.sub("", text)).casefold()
    return _SOLO.sub(r" \g<0> ", text)


@lru_cache(maxsize=16384)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    text = unicodedata.normalize("NFKD", char)
    return unicodedata.normalize("NFC", _MARKS.sub("", text)).casefold()


@lru_cache(maxsize=16384)
def _kind(char: str) -> int:
    """How the FTS tokenizer (as configured) sees a folded character."""
    if char.isascii():
        return _WORD if char.isalnum() else _SEP
    category = unicodedata.category(char)
    if category[0] in "LNM" or category in ("Co", "So"):
        return _ONE if _SOLO.match(char) else _WORD
    return _SEP


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def tokens_with_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for every word of `text`, with offsets into `text`."""
    if text.isascii():
        return [(m.start(), m.end(), m.group().lower()) for m in _ASCII_WORD.finditer(text)]
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(index)
    tokens: list[tuple[int, int, str]] = []
    start: int | None = None

    def close(stop: int) -> None:
        end = origin[stop - 1] + 1
        while end < len(text) and not _fold_char(text[end]):  # trailing combining marks
            end += 1
        tokens.append((origin[start], end, "".join(folded[start:stop])))  # type: ignore[index]

    for position, char in enumerate(folded):
        kind = _kind(char)
        if kind == _WORD:
            if start is None:
                start = position
            continue
        if start is not None:
            close(position)
            start = None
        if kind == _ONE:
            start = position
            close(position + 1)
            start = None
    if start is not None:
        close(len(folded))
    return tokens


def words(text: str) -> tuple[str, ...]:
    """The folded words of `text` as the index sees them."""
    return tuple(token for _, _, token in tokens_with_spans(text))
