"""The library's query language: words, "phrases" and filters such as `author:` or `year:`.

A known filter with a malformed value (`year:abc`) is a UsageError that names it: searched
for as words it would find nothing and say nothing. An unknown field (`arxiv:2401`) is
words, and a filter with no value yet (`author:`) is still being typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from paperreader.domain.errors import UsageError
from paperreader.domain.text import one_line
from paperreader.storage.library.folding import words


@dataclass(frozen=True, slots=True)
class Term:
    """One search word or phrase: the text as typed and its folded words."""

    text: str
    tokens: tuple[str, ...]
    prefix: bool = False
    """The last word may be unfinished: it matches any word it begins (from 2 letters)."""


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    """A parsed library query: words and phrases that must all match, and filters."""

    terms: tuple[Term, ...] = ()
    authors: tuple[Term, ...] = ()
    orgs: tuple[Term, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    upvotes_min: int | None = None
    upvotes_max: int | None = None
    comments_min: int | None = None
    comments_max: int | None = None
    has_code: bool = False
    has_project: bool = False

    @property
    def has_filters(self) -> bool:
        """True when anything narrows the search besides the words."""
        return bool(
            self.authors
            or self.orgs
            or self.has_code
            or self.has_project
            or any(
                value is not None
                for value in (
                    self.year_min,
                    self.year_max,
                    self.upvotes_min,
                    self.upvotes_max,
                    self.comments_min,
                    self.comments_max,
                )
            )
        )


_PARTS = re.compile(
    r"\s+"
    r'|(?P<field>[A-Za-z]+):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]*))'
    r'|"(?P<phrase>[^"]*)"'
    r'|(?P<word>[^\s"]+)'
)
_FIELDS = {
    "author": "author",
    "authors": "author",
    "by": "author",
    "org": "org",
    "orgs": "org",
    "organization": "org",
    "organisation": "org",
    "lab": "org",
    "year": "year",
    "upvotes": "upvotes",
    "votes": "upvotes",
    "likes": "upvotes",
    "comments": "comments",
    "has": "has",
}
_HAS = {
    "code": "code",
    "github": "code",
    "repo": "code",
    "project": "project",
    "page": "project",
    "website": "project",
}
_COMPARE = re.compile(r"^(>=|<=|>|<|=)?(\d{1,9})$")
_YEAR_COMPARE = re.compile(r"^(>=|<=|>|<|=)(\d{4})$")
_YEARS = re.compile(r"^(\d{4})(?:(?:-|\.\.)(\d{4}))?$")
_WHY = {
    "year": "a year is four digits, as in year:2025, year:2024-2025 or year:>=2024",
    "upvotes": "upvotes are a whole number, as in upvotes:50 or upvotes:>50",
    "comments": "comments are a whole number, as in comments:3 or comments:>3",
    "has": "has: takes code or project",
    "author": "a name needs a letter or digit",
    "org": "a name needs a letter or digit",
}
"""Why a value of each filter is malformed: the second half of the error."""

Bounds = tuple[int | None, int | None]


def _bounds(value: str, rule: re.Pattern[str] = _COMPARE) -> Bounds | None:
    """`>N`, `>=N`, `<N`, `<=N`, `=N` or `N` (meaning at least N) as inclusive bounds."""
    match = rule.match(value)
    if not match:
        return None
    op, number = match[1] or ">=", int(match[2])
    return {
        ">": (number + 1, None),
        ">=": (number, None),
        "<": (None, number - 1),
        "<=": (None, number),
        "=": (number, number),
    }[op]


def _year_bounds(value: str) -> Bounds | None:
    """`2025`, `2024-2025`, `2024..2025` or a comparison such as `>=2024`."""
    found = _YEARS.match(value)
    if found:
        low, high = int(found[1]), int(found[2] or found[1])
        return min(low, high), max(low, high)
    return _bounds(value, _YEAR_COMPARE)


def _merge_bounds(old: Bounds, new: Bounds) -> Bounds:
    low = max((v for v in (old[0], new[0]) if v is not None), default=None)
    high = min((v for v in (old[1], new[1]) if v is not None), default=None)
    return low, high


def parse_query(text: str) -> LibraryQuery:
    """Read the library's query language.

    Plain words must all match (the last one as a prefix, unless the query ends in a space,
    so results follow typing); "quoted phrases" match as a run of words; filters:
    `author:NAME`, `org:NAME` (quote names with spaces), `year:2025`, `year:2024-2025`,
    `year:>=2024`, `upvotes:>N` (also `>=`, `<`, `<=`, `=`; a bare N means at least N),
    `comments:>N`, `has:code`, `has:project`. An unknown field or a stray quote is searched
    for as plain words. Raises UsageError for a filter with a malformed value:
    `bad filter year:abc: a year is four digits, ...`.
    """
    text = text or ""
    if text.count('"') % 2:  # an unbalanced quote is just a character
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1 :]
    terms: list[Term] = []
    authors: list[Term] = []
    orgs: list[Term] = []
    values: dict[str, Any] = {}
    years: Bounds = (None, None)
    upvotes: Bounds = (None, None)
    comments: Bounds = (None, None)
    last_was_word = False
    for match in _PARTS.finditer(text):
        last_was_word = False
        if match["field"] is not None:
            raw = match.group(0)
            name = _FIELDS.get(match["field"].lower())
            value = match["quoted"] if match["quoted"] is not None else match["bare"]
            value = value.strip()
            if name is None:
                terms.append(Term(raw, words(raw)))
                last_was_word = match["quoted"] is None
                continue
            if not value:
                continue  # `author:` still being typed
            if name in ("author", "org"):
                tokens = words(value)
                if not tokens:
                    raise _bad(raw, name)
                (authors if name == "author" else orgs).append(Term(value, tokens, True))
            elif name == "has":
                if value.lower() not in _HAS:
                    raise _bad(raw, name)
                values[_HAS[value.lower()]] = True
            else:
                bounds = _year_bounds(value) if name == "year" else _bounds(value)
                if bounds is None:
                    raise _bad(raw, name)
                if name == "year":
                    years = _merge_bounds(years, bounds)
                elif name == "upvotes":
                    upvotes = _merge_bounds(upvotes, bounds)
                else:
                    comments = _merge_bounds(comments, bounds)
        elif match["phrase"] is not None:
            phrase = match["phrase"].strip()
            if phrase:
                terms.append(Term(phrase, words(phrase)))
        elif match["word"] is not None:
            terms.append(Term(match["word"], words(match["word"])))
            last_was_word = True
    if terms and last_was_word and not text[-1:].isspace():
        last = terms[-1].tokens[-1:] or ("",)
        if len(last[0]) >= 2:  # one letter would match nearly everything: wait for the next
            terms[-1] = replace(terms[-1], prefix=True)
    return LibraryQuery(
        terms=tuple(t for t in terms if t.tokens),
        authors=tuple(authors),
        orgs=tuple(orgs),
        year_min=years[0],
        year_max=years[1],
        upvotes_min=upvotes[0],
        upvotes_max=upvotes[1],
        comments_min=comments[0],
        comments_max=comments[1],
        has_code=bool(values.get("code")),
        has_project=bool(values.get("project")),
    )


def _bad(raw: str, name: str) -> UsageError:
    """The error for a filter whose value does not read: it names the filter as typed."""
    return UsageError(f"bad filter {one_line(raw)}: {_WHY[name]}.")
