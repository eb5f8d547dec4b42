"""The paper library: every paper the program has seen, in SQLite, searchable with no network.

`paperreader sync` fills it day by day, and every listing the app or the CLI fetches lands in
it too, so it grows by itself. It lives in the data dir (`library.sqlite3`), which the
program never deletes.

- One SQLite file in WAL mode with a busy timeout, so two running instances (the app and a
  `sync` in cron, say) can read and write it at once. Every write is one short transaction.
- Tables: `papers` (the lossless record of each paper as `codec.paper_to_record` JSON, plus
  columns to filter and sort on, plus the folded text the search index is built from),
  `papers_fts` (FTS5 over title, abstract, authors, organisation and AI keywords, kept in
  step by this module, never by triggers), `days` (which Daily Papers days were fetched
  whole, and when) and `meta`. The schema version is SQLite's `user_version`.
- Search text is folded in Python before SQLite sees it: NFKD, Latin-style diacritics
  removed, case-folded, and every CJK character and pictograph made a word of its own, so
  that accents do not matter, Chinese and Japanese titles (written without spaces) match
  by substring, and an emoji can be searched for. Queries are folded the same way.
- User text never reaches SQL or FTS syntax: every search word becomes a quoted FTS string
  made only of word characters, and filters are bound parameters.
- Ranking: papers whose title holds every word come first, then the rest; bm25 orders
  each tier (title weighted highest), upvotes break ties. Query plans are picked by how
  many papers match, so a search stays within tens of milliseconds at 50,000 papers
  (`bench/archive_search.py`); hits are decoded once and kept while their record is
  unchanged, since a search typed one letter further mostly finds the same papers.
- Without FTS5 (a Python built against a stripped SQLite) search falls back to substring
  matching with LIKE over the same folded columns; `SearchResult.note` says so.
- A file that is not a readable database is moved aside to
  `library.sqlite3.corrupt-YYYYmmdd-HHMMSS` (with its -wal and -shm), never deleted, and
  `problem` says where; a fresh library is started in its place.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from paperreader.domain.errors import StorageError
from paperreader.domain.ids import PAPER_ID
from paperreader.domain.links import is_web_url
from paperreader.domain.models import Author, Organization, Paper, TextSpan
from paperreader.formats.records import (
    datetime_from_text,
    datetime_to_text,
    paper_from_record,
    paper_to_record,
)
from paperreader.platform.paths import aside_names

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""`PRAGMA user_version` of the layout below; a newer file is read but never written."""
FILE_NAME = "library.sqlite3"
BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process's transaction before giving up."""
WEIGHTS = (10.0, 1.0, 4.0, 3.0, 3.0)
"""bm25 weights of title, abstract (with the AI summary), authors, organisation, keywords."""
MAX_LIMIT = 10_000
DECODED_PAPERS = 1000
"""Search hits kept decoded (a few MB; see `Archive._hit`)."""
CACHE_KIB = 16 * 1024
"""SQLite's page cache per connection. Its default, 2 MiB, holds less than one search of a
large library reads (index pages of its words, rows of its matches), so every search read
them again through the OS. Only pages read take memory."""
_TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* M* Co So'"
FALLBACK_NOTE = (
    "Full-text search (SQLite FTS5) is not available in this Python, so the library is "
    "searched by simple substring matching: slower, and ranked more roughly."
)
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One paper found, with its score and its title split into matched and plain runs."""

    paper: Paper
    """The paper, with `highlighted_title` set to `title_spans`."""
    score: float
    """Relevance, higher is better: bm25 (negated, as FTS5 computes it) for small match
    sets; for large ones the title's bm25 estimated from its length in the title tier and
    0.0 below it (see `_search_fts`); a weighted field-match count without FTS5. The hits
    are in rank order either way."""
    title_spans: tuple[TextSpan, ...]
    """The title as runs; `highlight=True` marks the words that matched. Joined: the title."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The best `limit` papers for a query, and how many matched in all."""

    hits: tuple[SearchHit, ...]
    total: int
    terms: tuple[str, ...]
    """The words and phrases searched for, as typed (filters left out)."""
    note: str | None = None
    """Set when search runs in the degraded substring mode (no FTS5)."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        """The papers of the hits, best first."""
        return tuple(hit.paper for hit in self.hits)


@dataclass(frozen=True, slots=True)
class LibraryInfo:
    """What the library holds and what it takes on disk."""

    papers: int
    days: int
    """Daily Papers days fetched whole."""
    first_day: str | None
    last_day: str | None
    """The range of feed dates of the papers held."""
    bytes: int
    path: Path
    full_text: bool = True
    """False when searching falls back to substring matching (no FTS5)."""
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One Daily Papers day as the library knows it."""

    day: str
    fetched_at: datetime | None
    papers: int
    complete: bool
    pages: int | None = None


# --------------------------------------------------------------------------------------------
# Folding text for the index, and the query language
# --------------------------------------------------------------------------------------------

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


def _tokens_with_spans(text: str) -> list[tuple[int, int, str]]:
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
    return tuple(token for _, _, token in _tokens_with_spans(text))


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
_YEARS = re.compile(r"^(\d{4})(?:(?:-|\.\.)(\d{4}))?$")


def _bounds(value: str) -> tuple[int | None, int | None] | None:
    """`>N`, `>=N`, `<N`, `<=N`, `=N` or `N` (meaning at least N) as inclusive bounds."""
    match = _COMPARE.match(value)
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


def _merge_bounds(
    old: tuple[int | None, int | None], new: tuple[int | None, int | None]
) -> tuple[int | None, int | None]:
    low = max((v for v in (old[0], new[0]) if v is not None), default=None)
    high = min((v for v in (old[1], new[1]) if v is not None), default=None)
    return low, high


def parse_query(text: str) -> LibraryQuery:
    """Read the library's query language; never fails.

    Plain words must all match (the last one as a prefix, unless the query ends in a space,
    so results follow typing); "quoted phrases" match as a run of words; filters:
    `author:NAME`, `org:NAME` (quote names with spaces), `year:2025`, `year:2024-2025`,
    `year:>=2024`, `upvotes:>N` (also `>=`, `<`, `<=`, `=`; a bare N means at least N),
    `comments:>N`, `has:code`, `has:project`. Anything else, such as an unknown field, a
    malformed value or a stray quote, is searched for as plain words.
    """
    text = text or ""
    if text.count('"') % 2:  # an unbalanced quote is just a character
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1 :]
    terms: list[Term] = []
    authors: list[Term] = []
    orgs: list[Term] = []
    values: dict[str, Any] = {}
    years: tuple[int | None, int | None] = (None, None)
    upvotes: tuple[int | None, int | None] = (None, None)
    comments: tuple[int | None, int | None] = (None, None)
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
                if tokens:
                    (authors if name == "author" else orgs).append(Term(value, tokens, True))
                continue
            if name == "has" and value.lower() in _HAS:
                values[_HAS[value.lower()]] = True
                continue
            if name == "year":
                found = _YEARS.match(value)
                if found:
                    low, high = int(found[1]), int(found[2] or found[1])
                    years = _merge_bounds(years, (min(low, high), max(low, high)))
                    continue
                bounds = _bounds(value)
                if bounds is not None:
                    years = _merge_bounds(years, bounds)
                    continue
            if name in ("upvotes", "comments"):
                bounds = _bounds(value)
                if bounds is not None:
                    if name == "upvotes":
                        upvotes = _merge_bounds(upvotes, bounds)
                    else:
                        comments = _merge_bounds(comments, bounds)
                    continue
            terms.append(Term(raw, words(raw)))  # a malformed filter: search the words
            last_was_word = match["quoted"] is None
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


def highlight_terms(text: str, terms: Sequence[Term]) -> tuple[TextSpan, ...]:
    """`text` as runs, the words matching any of `terms` marked; the runs join to `text`."""
    return _highlighter(tuple(terms))(text)


_ASCII_EDGE = "[A-Za-z0-9]"


class _Highlighter:
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
        tokens = _tokens_with_spans(text)
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


_highlighter = lru_cache(maxsize=64)(_Highlighter)
"""One matcher per set of terms: a search highlights all its hits with the same one."""


_NO_TERMS = (Term("", ()),)
"""Highlights nothing but still splits the title into one plain run."""


def highlight(text: str, query: str) -> tuple[TextSpan, ...]:
    """`text` with the words of a library query marked (for abstracts in a detail pane)."""
    return highlight_terms(text, parse_query(query).terms)


def _fts_string(term: Term) -> str:
    """A term as an FTS5 string: quoted, made only of word characters, so never syntax."""
    body = " ".join(term.tokens).replace('"', '""')
    return f'"{body}"' + ("*" if term.prefix else "")


def _like_pattern(term: Term) -> str:
    escaped = [re.sub(r"([\\%_])", r"\\\1", token) for token in term.tokens]
    return "%" + "%".join(escaped) + "%"


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------

_FTS_COLUMNS = ("fts_title", "fts_abstract", "fts_authors", "fts_org", "fts_keywords")
_PAPER_COLUMNS = (
    "id",
    "daily_date",
    "published",
    "year",
    "upvotes",
    "num_comments",
    "has_code",
    "has_project",
    "org",
    "updated_at",
    "title",
    "title_words",
)
_TEXT_COLUMNS = (*_FTS_COLUMNS, "record")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    daily_date TEXT,
    published TEXT,
    year INTEGER,
    upvotes INTEGER NOT NULL DEFAULT 0,
    num_comments INTEGER,
    has_code INTEGER NOT NULL DEFAULT 0,
    has_project INTEGER NOT NULL DEFAULT 0,
    org TEXT,
    updated_at REAL NOT NULL,
    title TEXT NOT NULL,
    title_words INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_newest ON papers (daily_date, upvotes, pk);
CREATE INDEX IF NOT EXISTS papers_title_rank ON papers (title_words, upvotes DESC, pk DESC);
CREATE INDEX IF NOT EXISTS papers_upvotes ON papers (upvotes, pk);
CREATE TABLE IF NOT EXISTS paper_text (
    pk INTEGER PRIMARY KEY REFERENCES papers (pk),
    fts_title TEXT NOT NULL,
    fts_abstract TEXT NOT NULL,
    fts_authors TEXT NOT NULL,
    fts_org TEXT NOT NULL,
    fts_keywords TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS days (
    day TEXT PRIMARY KEY,
    fetched_at TEXT NOT NULL,
    papers INTEGER NOT NULL,
    complete INTEGER NOT NULL,
    pages INTEGER
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
"""`papers` is kept small (what filters and sorting read, a few hundred bytes a row) so a
scan of 50k rows stays in a few megabytes; the bulky text lives in `paper_text`, which
only the index (as its external content) and the hits of a search read."""
_CORE_TABLES = frozenset({"papers", "paper_text", "days", "meta"})
"""What `_SCHEMA` creates: a file at our version without them is somebody else's."""
_FTS_SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
    {", ".join(_FTS_COLUMNS)},
    content='paper_text', content_rowid='pk', tokenize="{_TOKENIZER}", prefix='2 3'
)
"""


def _merge(old: Paper, new: Paper) -> Paper:
    """`new` over `old`: newer data wins, but a field the newer source left empty is kept.

    A search result or a paper detail carries fewer fields than a Daily Papers item; storing
    one must not erase the organisation or the AI summary the daily listing brought.
    """
    changes: dict[str, Any] = {}
    for item in fields(Paper):
        name = item.name
        if name in ("id", "highlighted_title"):
            continue
        value = getattr(new, name)
        if name == "upvotes":
            value = value or old.upvotes
        elif name == "withdrawn":
            value = value or old.withdrawn
        elif value is None or value == "" or value == ():
            value = getattr(old, name)
        changes[name] = value
    return replace(new, **changes)


def _rows(
    paper: Paper, daily_date: str | None, now: float
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The `papers` row and the `paper_text` row (without pk) of a paper."""
    org = paper.organization
    published = paper.published_at.date().isoformat() if paper.published_at else None
    year = paper.published_at.year if paper.published_at else None
    if year is None and daily_date:
        year = int(daily_date[:4])
    abstract = paper.summary + ("\n" + paper.ai_summary if paper.ai_summary else "")
    record = json.dumps(paper_to_record(paper), ensure_ascii=False, separators=(",", ":"))
    row = (
        paper.id,
        daily_date,
        published,
        year,
        paper.upvotes,
        paper.num_comments,
        int(bool(paper.github_repo)),
        int(bool(paper.project_page)),
        org.label if org else None,
        now,
        paper.title,
        len(words(paper.title)),
    )
    text = (
        fold(paper.title),
        fold(abstract),
        fold("; ".join(a.name for a in paper.authors)),
        fold(" ".join(filter(None, (org.name, org.fullname)))) if org else "",
        fold("; ".join(paper.ai_keywords)),
        record,
    )
    return row, text


def _day_text(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else date.fromisoformat(value).isoformat()


# --------------------------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------------------------


class Library:
    """The paper library in one SQLite file; opened on first use, safe across threads.

    Every public method may be called from any thread (the service calls them through
    `asyncio.to_thread`); one lock serialises them within a process, SQLite's locking
    (WAL, busy timeout) between processes. Failures to open, read or write raise
    `StorageError` with one sentence; a corrupt file is moved aside and replaced.
    """

    def __init__(
        self,
        path: Path,
        *,
        seed: Callable[[Library], None] | None = None,
        use_fts: bool | None = None,
    ) -> None:
        """`seed` fills a newly created library (the demo uses it); `use_fts=False` forces
        the substring fallback (None: use FTS5 when SQLite has it)."""
        self.path = Path(path)
        self._seed = seed
        self._want_fts = use_fts
        self._fts = False
        self._read_only = False
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._stats: tuple[float, int, float] | None = None
        self._decoded: OrderedDict[int, tuple[str, _Highlighter, Paper]] = OrderedDict()
        self.problem: str | None = None
        """One sentence when the file had to be moved aside or cannot be written."""

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (it is reopened if used again)."""
        with self._lock:
            self._decoded.clear()
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None

    @property
    def full_text(self) -> bool:
        """True when searches use FTS5 (opens the library to find out)."""
        with self._lock:
            self._connection()
            return self._fts

    # -- writing -----------------------------------------------------------------------------

    def add_papers(
        self,
        papers: Iterable[Paper],
        *,
        day: str | date | None = None,
        complete: bool = False,
        pages: int | None = None,
        fetched_at: datetime | None = None,
    ) -> int:
        """Store papers, replacing older copies field by field; returns how many were stored.

        With `day`, the papers belong to that Daily Papers day; with `complete` too, the
        day is recorded as fetched whole (even when it had no papers), at `fetched_at`.
        """
        unique: dict[str, Paper] = {}
        for paper in papers:
            if PAPER_ID.match(paper.id or "") and paper.title.strip():
                unique[paper.id] = paper
        day_text = _day_text(day) if day is not None else None
        if not unique and not (day_text and complete):
            return 0
        now = time.time()

        def write(db: sqlite3.Connection) -> int:
            self._upsert(db, list(unique.values()), day_text, now)
            if day_text and complete:
                self._mark(db, day_text, len(unique), True, pages, fetched_at)
            return len(unique)

        return self._write(write)

    def mark_day(
        self,
        day: str | date,
        count: int,
        complete: bool = True,
        *,
        pages: int | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        """Record that a day was fetched (`complete`) with `count` papers."""
        day_text = _day_text(day)
        self._write(lambda db: self._mark(db, day_text, count, complete, pages, fetched_at))

    def _mark(
        self,
        db: sqlite3.Connection,
        day: str,
        count: int,
        complete: bool,
        pages: int | None,
        fetched_at: datetime | None,
    ) -> None:
        stamp = datetime_to_text(fetched_at or datetime.now(UTC))
        db.execute(
            "INSERT INTO days (day, fetched_at, papers, complete, pages) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (day) DO UPDATE SET fetched_at = excluded.fetched_at, "
            "papers = excluded.papers, complete = excluded.complete, pages = excluded.pages",
            (day, stamp, count, int(complete), pages),
        )

    def _upsert(
        self, db: sqlite3.Connection, papers: list[Paper], day: str | None, now: float
    ) -> None:
        existing: dict[str, tuple[Any, ...]] = {}
        ids = [p.id for p in papers]
        old_columns = ", ".join(f"t.{c}" for c in _TEXT_COLUMNS)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in db.execute(
                f"SELECT p.id, p.pk, p.daily_date, {old_columns} FROM papers p "
                f"LEFT JOIN paper_text t ON t.pk = p.pk WHERE p.id IN ({marks})",
                chunk,
            ):
                existing[row[0]] = row[1:]
        insert = (
            f"INSERT INTO papers ({', '.join(_PAPER_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(_PAPER_COLUMNS))})"
        )
        update = (
            f"UPDATE papers SET {', '.join(f'{c} = ?' for c in _PAPER_COLUMNS[1:])} WHERE pk = ?"
        )
        put_text = (
            f"INSERT OR REPLACE INTO paper_text (pk, {', '.join(_TEXT_COLUMNS)}) "
            f"VALUES (?{', ?' * len(_TEXT_COLUMNS)})"
        )
        fts_columns = ", ".join(_FTS_COLUMNS)
        fts_insert = f"INSERT INTO papers_fts (rowid, {fts_columns}) VALUES (?{', ?' * 5})"
        fts_delete = (
            f"INSERT INTO papers_fts (papers_fts, rowid, {fts_columns}) "
            f"VALUES ('delete', ?{', ?' * 5})"
        )
        for paper in papers:
            old = existing.get(paper.id)
            if old is None:
                daily = day or (paper.daily_date.isoformat() if paper.daily_date else None)
                row, text = _rows(paper, daily, now)
                pk = db.execute(insert, row).lastrowid
                db.execute(put_text, (pk, *text))
                if self._fts:
                    db.execute(fts_insert, (pk, *text[:5]))
                continue
            pk, old_daily, *old_text = old
            previous = _decode(old_text[-1]) if old_text[-1] is not None else None
            if previous is not None:
                paper = _merge(previous, paper)
            daily = day or old_daily or (paper.daily_date.isoformat() if paper.daily_date else None)
            row, text = _rows(paper, daily, now)
            db.execute(update, (*row[1:], pk))
            db.execute(put_text, (pk, *text))
            if self._fts and tuple(old_text[:5]) != text[:5]:
                if old_text[0] is not None:
                    db.execute(fts_delete, (pk, *old_text[:5]))
                db.execute(fts_insert, (pk, *text[:5]))

    # -- reading -----------------------------------------------------------------------------

    def count(self) -> int:
        """How many papers the library holds."""
        return self._read(lambda db: db.execute("SELECT count(*) FROM papers").fetchone()[0])

    def get(self, paper_id: str) -> Paper | None:
        """One paper by id, or None."""
        row = self._read(
            lambda db: db.execute(
                "SELECT t.record FROM papers p JOIN paper_text t ON t.pk = p.pk WHERE p.id = ?",
                (paper_id,),
            ).fetchone()
        )
        return _decode(row[0]) if row else None

    def recent(self, limit: int = 2000) -> tuple[Paper, ...]:
        """The newest papers: latest Daily Papers date first, then most upvoted."""
        limit = max(0, min(int(limit), 1_000_000))
        rows = self._read(
            lambda db: db.execute(
                f"SELECT t.record FROM papers p JOIN paper_text t ON t.pk = p.pk "
                f"ORDER BY {_NEWEST} LIMIT ?",
                (limit,),
            ).fetchall()
        )
        return tuple(p for p in (_decode(r[0]) for r in rows) if p is not None)

    def day_papers(self, day: date | str) -> tuple[Paper, ...]:
        """The papers of one Daily Papers day, most upvoted first, ties in the order they
        were first stored (whether the day was fetched whole is in `day_records`)."""
        rows = self._read(
            lambda db: db.execute(
                "SELECT t.record FROM papers p JOIN paper_text t ON t.pk = p.pk "
                "WHERE p.daily_date = ? ORDER BY p.upvotes DESC, p.pk",
                (_day_text(day),),
            ).fetchall()
        )
        return tuple(p for p in (_decode(r[0]) for r in rows) if p is not None)

    def days_done(self, since: date | str, until: date | str) -> set[str]:
        """The days in [since, until] recorded as fetched whole."""
        return {record.day for record in self.day_records(since, until).values() if record.complete}

    def day_records(self, since: date | str, until: date | str) -> dict[str, DayRecord]:
        """Every recorded day in [since, until], by ISO date."""
        rows = self._read(
            lambda db: db.execute(
                "SELECT day, fetched_at, papers, complete, pages FROM days "
                "WHERE day BETWEEN ? AND ?",
                (_day_text(since), _day_text(until)),
            ).fetchall()
        )
        return {
            day: DayRecord(day, datetime_from_text(fetched), int(count), bool(done), pages)
            for day, fetched, count, done, pages in rows
        }

    def info(self) -> LibraryInfo:
        """How many papers and days the library holds, their date range, the size on disk."""

        def read(db: sqlite3.Connection) -> tuple[Any, ...]:
            papers, first, last = db.execute(
                "SELECT count(*), min(daily_date), max(daily_date) FROM papers"
            ).fetchone()
            days = db.execute("SELECT count(*) FROM days WHERE complete").fetchone()[0]
            return papers, days, first, last

        papers, days, first, last = self._read(read)
        size = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                size += os.stat(f"{self.path}{suffix}").st_size
        return LibraryInfo(
            papers=papers,
            days=days,
            first_day=first,
            last_day=last,
            bytes=size,
            path=self.path,
            full_text=self._fts,
            problem=self.problem,
        )

    def search(self, query: str, *, limit: int = 200) -> SearchResult:
        """The papers matching a query (see `parse_query`), best first.

        With words: papers whose title holds every word first, ranked by bm25 (title
        weighted highest), ties broken by upvotes (see `_search_fts` for large match sets).
        With only filters, or nothing: newest first. `total` counts every match.
        """
        parsed = parse_query(query)
        limit = max(1, min(int(limit), MAX_LIMIT))
        terms = tuple(t.text for t in parsed.terms)

        def read(db: sqlite3.Connection) -> tuple[list[tuple[int, float]], int]:
            if self._fts:
                return _search_fts(db, parsed, limit, lambda: self._title_stats(db))
            return _search_like(db, parsed, limit)

        ranked, total = self._read(read)
        records: dict[int, str] = {}
        if ranked:
            pks = [pk for pk, _ in ranked]
            marks = ", ".join("?" * len(pks))
            records = dict(
                self._read(
                    lambda db: db.execute(
                        f"SELECT pk, record FROM paper_text WHERE pk IN ({marks})", pks
                    ).fetchall()
                )
            )
        hits = []
        mark = _highlighter(parsed.terms or _NO_TERMS)
        with self._lock:
            for pk, score in ranked:
                paper = self._hit(pk, records.get(pk, ""), mark)
                if paper is not None:
                    hits.append(SearchHit(paper, score, paper.highlighted_title))
        return SearchResult(tuple(hits), total, terms, None if self._fts else FALLBACK_NOTE)

    def _hit(self, pk: int, record: str, mark: _Highlighter) -> Paper | None:
        """The paper of a search hit, its title marked by `mark`.

        Decoding takes much of a search's time, and a search typed one letter further
        mostly finds the same papers: the last `DECODED_PAPERS` are kept with the record
        text they were decoded from. A record rewritten since (here or by another
        process) no longer equals it and is decoded afresh, so nothing kept goes stale.
        """
        kept = self._decoded.get(pk)
        if kept is None or kept[0] != record:
            paper = _decode(record, mark)
        elif kept[1] is mark:
            paper = kept[2]
        else:
            paper = replace(kept[2], highlighted_title=mark(kept[2].title))
        if paper is None:
            self._decoded.pop(pk, None)
            return None
        self._decoded[pk] = (record, mark, paper)
        self._decoded.move_to_end(pk)
        if len(self._decoded) > DECODED_PAPERS:
            self._decoded.popitem(last=False)
        return paper

    def _title_stats(self, db: sqlite3.Connection) -> tuple[int, float]:
        """(papers, average title length in words), recomputed at most once a minute."""
        now = time.monotonic()
        if self._stats is None or now - self._stats[0] > 60:
            count, average = db.execute("SELECT count(*), avg(title_words) FROM papers").fetchone()
            self._stats = (now, count or 0, float(average or 1.0))
        return self._stats[1], self._stats[2]

    # -- the connection ----------------------------------------------------------------------

    def _read(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        with self._lock:
            return self._guarded(action, write=False)

    def _write(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        with self._lock:
            if self._connection() is not None and self._read_only:
                raise StorageError(self.problem or f"The library {self.path} is read-only.")
            return self._guarded(action, write=True)

    def _guarded(self, action: Callable[[sqlite3.Connection], Any], *, write: bool) -> Any:
        for attempt in range(2):
            db = self._connection()
            try:
                if not write:
                    return action(db)
                with _transaction(db):
                    return action(db)
            except sqlite3.DatabaseError as error:
                if _is_corrupt(error) and attempt == 0:
                    self._recover(error)
                    continue
                raise StorageError(_storage_message(self.path, error)) from None
        raise AssertionError("unreachable")

    def _connection(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as error:
            if not _is_corrupt(error):
                raise StorageError(_storage_message(self.path, error)) from None
            self._recover(error)
        assert self._db is not None
        return self._db

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """Move a corrupt file aside (never delete it) and start a fresh library."""
        self.close()
        try:
            target = _move_aside(self.path)
        except OSError as move_error:
            raise StorageError(
                f"The library {self.path} is damaged ({error}) and could not be moved aside "
                f"({move_error.strerror or move_error})."
            ) from None
        log.warning("library %s was unreadable (%s); moved to %s", self.path, error, target)
        self.problem = (
            f"The library could not be read ({error}) and was moved to {target}; "
            "a new, empty library was started."
        )
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as again:
            raise StorageError(_storage_message(self.path, again)) from None

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"Cannot create {self.path.parent}: {error.strerror or error}."
            ) from None
        _check_header(self.path)  # before SQLite opens it: a failed open drops its -wal
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
            check_same_thread=False,
        )  # fmt: skip
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _check_ours(db)  # before the journal mode is set: that rewrites the file's header
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            created = self._prepare(db)
        except BaseException:
            db.close()
            raise
        self._db = db
        if created and self._seed is not None:
            seed, self._seed = self._seed, None
            seed(self)
        return db

    def _prepare(self, db: sqlite3.Connection) -> bool:
        """Check the file is ours, create or migrate the schema; True when newly created."""
        fts = _fts_available(db) if self._want_fts is None else self._want_fts
        # One snapshot for all: another process may be creating the library right now, and
        # its version read before its tables would look like somebody else's database.
        with _transaction(db, "BEGIN DEFERRED"):
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            stale = "meta" in tables and bool(
                db.execute("SELECT 1 FROM meta WHERE key = 'fts_stale' AND value = '1'").fetchone()
            )
        indexed = "papers_fts" in tables
        if (
            version == SCHEMA_VERSION
            and tables >= _CORE_TABLES
            and ((indexed and not stale) if fts else (stale or not indexed))
        ):
            self._fts = fts  # nothing to write: no write lock, so opening never waits on a writer
            return False
        if version > SCHEMA_VERSION:
            self._read_only = True
            self._fts = fts and "papers_fts" in tables
            self.problem = (
                f"The library {self.path} was written by a newer paperreader; it is read "
                "but not changed."
            )
            return False
        if (version == 0 and tables) or (version and not tables >= _CORE_TABLES):
            raise sqlite3.DatabaseError("file is a database, but not a paperreader library")
        created = False  # by this process: another one may have been first
        with _transaction(db):
            if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                created = True
            if fts:
                stale = db.execute("SELECT value FROM meta WHERE key = 'fts_stale'").fetchone()
                missing = "papers_fts" not in {
                    r[0] for r in db.execute("SELECT name FROM sqlite_master")
                }
                if missing:
                    db.execute(_FTS_SCHEMA)
                if missing or (stale and stale[0] == "1"):
                    db.execute("INSERT INTO papers_fts (papers_fts) VALUES ('rebuild')")
                    db.execute("DELETE FROM meta WHERE key = 'fts_stale'")
            elif "papers_fts" in tables:
                # Written without the index from now on: rebuild it when FTS5 is back.
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_stale', '1')")
        self._fts = fts
        return created


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """BEGIN IMMEDIATE (the write lock up front: no deadlock between two writers), COMMIT.

    `begin="BEGIN DEFERRED"` gives a read transaction instead: one snapshot for its reads."""
    db.execute(begin)
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _check_ours(db: sqlite3.Connection) -> None:
    """Raise, having written nothing, when the file is somebody else's SQLite database."""
    with _transaction(db, "BEGIN DEFERRED"):  # one snapshot: a library being created is ours
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if (version == 0 and tables) or (0 < version <= SCHEMA_VERSION and not tables >= _CORE_TABLES):
        raise sqlite3.DatabaseError("file is a database, but not a paperreader library")


def _check_header(path: Path) -> None:
    """Raise when `path` exists, is not empty and is not an SQLite database at all."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return
    except OSError as error:
        raise StorageError(f"Cannot read {path}: {error.strerror or error}.") from None
    # All zeros: another process is creating it right now; SQLite sorts that out itself.
    if head.strip(b"\0") and head != b"SQLite format 3\x00":
        raise sqlite3.DatabaseError("file is not a database")


def _fts_available(db: sqlite3.Connection) -> bool:
    try:
        db.execute(f'CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x, tokenize="{_TOKENIZER}")')
        db.execute("DROP TABLE temp.fts_probe")
    except sqlite3.Error:
        log.warning("SQLite has no FTS5 here: the library falls back to substring search")
        return False
    return True


def _decode(record: str, mark: _Highlighter | None = None) -> Paper | None:
    """A stored record as a Paper with its title highlighted by `mark`; None if unreadable.

    Records were written from clean Papers, so the common case is read without cleaning
    every string again (`codec` does that, at ~0.4 ms a paper): every string is checked to
    hold only printable characters instead. A record that fails the check, or is not shaped
    exactly as written, takes the careful path.
    """
    try:
        data = json.loads(record)
    except (ValueError, TypeError, RecursionError):  # RecursionError: nested beyond reading
        return None
    try:
        return _trusted(data, mark)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        pass  # OverflowError: a date that leaves the calendar once moved to UTC
    try:
        paper = paper_from_record(data)
    except ValueError:
        return None
    return replace(paper, highlighted_title=mark(paper.title)) if mark else paper


def _text_or_none(value: object) -> str | None:
    """A printable one-line string (or None); raises for anything else."""
    if value is None:
        return None
    if isinstance(value, str) and value.isprintable():
        return value or None
    raise ValueError("not a clean string")


def _int_or_none(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError("not an integer")


_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?")
"""A shape `is_web_url` always accepts (no space, `@` or bracket before the path), matched
without its per-character loop and `urlsplit`, which cost more than the rest of a record."""


def _link(value: object) -> str | None:
    text = _text_or_none(value)
    if text is None or (len(text) <= 4096 and _PLAIN_WEB_URL.fullmatch(text)):
        return text
    if not is_web_url(text):
        raise ValueError("not a web link")
    return text


def _moment(value: object) -> datetime | None:
    text = _text_or_none(value)
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


def _trusted(data: dict[str, Any], mark: _Highlighter | None) -> Paper:
    """A record exactly as `paper_to_record` writes it; raises on anything else."""
    paper_id, title = data["id"], _text_or_none(data["title"])
    if not title or not PAPER_ID.match(paper_id):
        raise ValueError("not a record of ours")
    org = data.get("organization")
    summary = data.get("summary") or ""
    if not isinstance(summary, str) or not summary.replace("\n", " ").isprintable():
        raise ValueError("summary")
    keywords = data.get("ai_keywords") or ()
    return Paper(
        id=paper_id,
        title=title,
        summary=summary,
        authors=tuple(
            Author(_text_or_none(a["name"]) or "?", _text_or_none(a.get("username")))
            for a in data.get("authors") or ()
        ),
        published_at=_moment(data.get("published_at")),
        submitted_on_daily_at=_moment(data.get("submitted_on_daily_at")),
        upvotes=_int_or_none(data.get("upvotes")) or 0,
        num_comments=_int_or_none(data.get("num_comments")),
        organization=(
            Organization(_text_or_none(org["name"]) or "?", _text_or_none(org.get("fullname")))
            if org
            else None
        ),
        submitted_by=_text_or_none(data.get("submitted_by")),
        github_repo=_link(data.get("github_repo")),
        github_stars=_int_or_none(data.get("github_stars")),
        project_page=_link(data.get("project_page")),
        ai_summary=_text_or_none(data.get("ai_summary")),
        ai_keywords=tuple(k for k in map(_text_or_none, keywords) if k),
        withdrawn=data.get("withdrawn") is True,
        highlighted_title=mark(title) if mark else (),
    )


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(error)
    return "not a database" in text or "malformed" in text or "not a paperreader" in text


def _storage_message(path: Path, error: sqlite3.Error) -> str:
    code = getattr(error, "sqlite_errorcode", None)
    if (code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)) or (
        "database is locked" in str(error)
    ):
        return (
            f"The library {path} is busy: another paperreader has been writing to it for "
            f"{BUSY_TIMEOUT_MS / 1000:g} s; try again when it is done."
        )
    return f"The library {path} cannot be used: {error}."


def _move_aside(path: Path) -> Path:
    """Rename `path` (with its -wal and -shm) to `<name>.corrupt-YYYYmmdd-HHMMSS[-n]`."""
    for target in aside_names(path):
        if any(os.path.lexists(f"{target}{s}") for s in ("", "-wal", "-shm")):
            continue
        if os.path.lexists(path):
            os.rename(path, target)
        for suffix in ("-wal", "-shm"):
            if os.path.lexists(f"{path}{suffix}"):
                os.rename(f"{path}{suffix}", f"{target}{suffix}")
        return target
    raise FileExistsError(f"no free name to move {path} aside")


# --------------------------------------------------------------------------------------------
# The two search strategies
# --------------------------------------------------------------------------------------------


def _filter_sql(query: LibraryQuery, like_names: bool) -> tuple[list[str], list[Any]]:
    """WHERE conditions on `p` (papers) for the filters; bound values, never text."""
    where: list[str] = []
    args: list[Any] = []
    for column, low, high in (
        ("p.year", query.year_min, query.year_max),
        ("p.upvotes", query.upvotes_min, query.upvotes_max),
        ("p.num_comments", query.comments_min, query.comments_max),
    ):
        if low is not None:
            where.append(f"{column} >= ?")
            args.append(low)
        if high is not None:
            where.append(f"{column} <= ?")
            args.append(high)
    if query.has_code:
        where.append("p.has_code = 1")
    if query.has_project:
        where.append("p.has_project = 1")
    if like_names:
        for column, terms in (("t.fts_authors", query.authors), ("t.fts_org", query.orgs)):
            for term in terms:
                where.append(f"{column} LIKE ? ESCAPE '\\'")
                args.append(_like_pattern(term))
    return where, args


_NEWEST = "p.daily_date DESC, p.upvotes DESC, p.pk DESC"
"""Newest first (papers without a feed date last: SQLite sorts NULL lowest)."""
_BY_TITLE = "p.title_words, p.upvotes DESC, p.pk DESC"
_BY_UPVOTES = "p.upvotes DESC, p.pk DESC"
_ORDER_INDEX = {
    _NEWEST: "papers_newest",
    _BY_TITLE: "papers_title_rank",
    _BY_UPVOTES: "papers_upvotes",
}
EXACT_RANK_LIMIT = 1500
"""Matches up to which FTS5's bm25 ranks them exactly (it costs a few microseconds a row)."""
DENSE = 0.05
"""Above this share of the library, a match set is walked in index order instead of sorted."""
_K1, _B = 1.2, 0.75
"""FTS5's bm25 constants."""


class _Planner:
    """Runs one search's queries, choosing per step between two plans by match density.

    A sparse match set (a rare word) is cheapest to walk in FTS order, joining each match to
    its row and sorting. A dense one (a word in half the papers) is cheapest the other way
    round: walk the papers in the wanted order along an index, keep those in the match set,
    stop at `limit`. Either way no step touches much more than `limit` rows or the matches.
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        where: list[str],
        args: list[Any],
        stats: Callable[[], tuple[int, float]],
        indexed: bool = False,
    ) -> None:
        """`indexed`: a filter an index can range over (upvotes at least N, `papers_upvotes`)."""
        self.db = db
        self.where = where
        self.args = args
        self.indexed = indexed
        self.stats = stats
        self.size = db.execute("SELECT max(pk) FROM papers").fetchone()[0] or 0

    def fts_count(self, match: str) -> int:
        """Matches in the index alone, filters left out (cheap: no row is read)."""
        return self.db.execute(
            "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (match,)
        ).fetchone()[0]

    def dense(self, count: int) -> bool:
        return count > DENSE * self.size

    def count(self, match: str, fts_count: int) -> int:
        """Matches that also pass the filters.

        Scanning the papers costs more than joining each match to its row unless an index
        skips most of them: without one (a year or has: filter) the scan reads the whole
        table, slower than the join even when every paper matches.
        """
        if not self.where:
            return fts_count
        conditions = " AND ".join(self.where)
        if self.indexed and self.dense(fts_count):
            sql = (
                f"SELECT count(*) FROM papers p WHERE {conditions} AND +p.pk IN "
                "(SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"
            )
            return self.db.execute(sql, [*self.args, match]).fetchone()[0]
        sql = (
            "SELECT count(*) FROM papers_fts JOIN papers p ON p.pk = papers_fts.rowid "
            f"WHERE papers_fts MATCH ? AND {conditions}"
        )
        return self.db.execute(sql, [match, *self.args]).fetchone()[0]

    def ranked(self, match: str, limit: int) -> list[tuple[int, float]]:
        """The best `limit` matches by bm25 (title weighted highest), then upvotes."""
        weights = ", ".join(str(w) for w in WEIGHTS)
        conditions = " AND ".join(["papers_fts MATCH ?", *self.where])
        sql = (
            f"SELECT p.pk, -bm25(papers_fts, {weights}) AS score FROM papers_fts "
            f"JOIN papers p ON p.pk = papers_fts.rowid WHERE {conditions} "
            "ORDER BY score DESC, p.upvotes DESC, p.pk DESC LIMIT ?"
        )
        return [(pk, float(s)) for pk, s in self.db.execute(sql, [match, *self.args, limit])]

    def ordered(self, match: str, order: str, limit: int, count: int) -> list[tuple[int, int]]:
        """The first `limit` matches in `order`, as (pk, title words).

        `count` is how many matches pass the filters: what an index walk keeps, so a filter
        that drops most of them makes the walk long and joining the matches cheaper.
        """
        if self.dense(count):
            conditions = " AND ".join(
                [*self.where, "+p.pk IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"]
            )
            sql = (
                f"SELECT p.pk, p.title_words FROM papers p INDEXED BY {_ORDER_INDEX[order]} "
                f"WHERE {conditions} ORDER BY {order} LIMIT ?"
            )
            return self.db.execute(sql, [*self.args, match, limit]).fetchall()
        conditions = " AND ".join(["papers_fts MATCH ?", *self.where])
        sql = (
            "SELECT p.pk, p.title_words FROM papers_fts JOIN papers p "
            f"ON p.pk = papers_fts.rowid WHERE {conditions} ORDER BY {order} LIMIT ?"
        )
        return self.db.execute(sql, [match, *self.args, limit]).fetchall()

    def title_scores(
        self, rows: list[tuple[int, int]], term_count: int, matching: int
    ) -> list[tuple[int, float]]:
        """bm25 of the title alone, as FTS5 would give it when every word occurs once."""
        total, average = self.stats()
        idf = max(1e-6, math.log((total - matching + 0.5) / (matching + 0.5)))
        average = average or 1.0
        scored = []
        for pk, size in rows:
            norm = _K1 * (1 - _B + _B * (size or 0) / average)
            scored.append((pk, WEIGHTS[0] * term_count * idf * (_K1 + 1) / (1 + norm)))
        return scored


def _search_fts(
    db: sqlite3.Connection,
    query: LibraryQuery,
    limit: int,
    stats: Callable[[], tuple[int, float]],
) -> tuple[list[tuple[int, float]], int]:
    """Rank in two tiers: papers whose title holds every word first, then the others.

    Tier one is ordered by bm25 over the title, tier two by bm25 over every field (title
    weighted highest), ties by upvotes. bm25 costs a few microseconds a row and a common
    word matches most of a large library, so when more than `EXACT_RANK_LIMIT` papers
    match the tiers are ordered without it: tier one by title length (shorter first,
    which is bm25's order when each word occurs once in the title; its scores are that
    bm25, estimated), tier two by upvotes (score 0). Either way a paper whose title holds
    every word ranks above one that only mentions them elsewhere.
    """
    names = []
    for column, terms in (("fts_authors", query.authors), ("fts_org", query.orgs)):
        names += [f"{column} : {_fts_string(replace(t, prefix=True))}" for t in terms]
    where, args = _filter_sql(query, like_names=False)
    if not query.terms and not names:
        return _search_plain(db, where, args, limit)
    plan = _Planner(db, where, args, stats, indexed=query.upvotes_min is not None)
    words_ = [_fts_string(t) for t in query.terms]
    everywhere = " AND ".join(words_ + names)
    matches = plan.fts_count(everywhere)
    total = plan.count(everywhere, matches) if matches else 0
    if not total:
        return [], 0
    if not query.terms:  # only author/org filters: newest first
        return [(pk, 0.0) for pk, _ in plan.ordered(everywhere, _NEWEST, limit, total)], total
    in_titles = " AND ".join([f"fts_title : {w}" for w in words_] + names)
    if matches <= EXACT_RANK_LIMIT:  # small: bm25 exactly, title tier then the rest
        hits = plan.ranked(in_titles, limit)
    else:  # the title tier is at most `matches` big: walk it in title-length order
        rows = plan.ordered(in_titles, _BY_TITLE, limit, total)
        hits = plan.title_scores(rows, len(words_), matches)
    if len(hits) < limit and len(hits) < total:
        seen = {pk for pk, _ in hits}
        need = limit + len(hits)
        if matches <= EXACT_RANK_LIMIT:
            rest = plan.ranked(everywhere, need)
        else:
            rest = [(pk, 0.0) for pk, _ in plan.ordered(everywhere, _BY_UPVOTES, need, total)]
        hits += [(pk, score) for pk, score in rest if pk not in seen][: limit - len(hits)]
    return hits, total


def _search_plain(
    db: sqlite3.Connection,
    where: list[str],
    args: list[Any],
    limit: int,
    source: str = "papers p",
) -> tuple[list[tuple[int, float]], int]:
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = db.execute(f"SELECT count(*) FROM {source} {clause}", args).fetchone()[0]
    rows = db.execute(
        f"SELECT p.pk, 0.0 FROM {source} {clause} ORDER BY {_NEWEST} LIMIT ?", [*args, limit]
    ).fetchall()
    return [(pk, float(score)) for pk, score in rows], total


_WITH_TEXT = "papers p JOIN paper_text t ON t.pk = p.pk"


def _search_like(
    db: sqlite3.Connection, query: LibraryQuery, limit: int
) -> tuple[list[tuple[int, float]], int]:
    """The fallback without FTS5: every word a substring of some folded field."""
    where, args = _filter_sql(query, like_names=True)
    if not query.terms:
        return _search_plain(db, where, args, limit, _WITH_TEXT)
    score_parts: list[str] = []
    score_args: list[Any] = []
    for term in query.terms:
        pattern = _like_pattern(term)
        where.append("(" + " OR ".join(f"t.{c} LIKE ? ESCAPE '\\'" for c in _FTS_COLUMNS) + ")")
        args += [pattern] * len(_FTS_COLUMNS)
        for column, weight in zip(_FTS_COLUMNS, WEIGHTS, strict=True):
            score_parts.append(
                f"(CASE WHEN t.{column} LIKE ? ESCAPE '\\' THEN {weight} ELSE 0 END)"
            )
            score_args.append(pattern)
    clause = " AND ".join(where)
    total = db.execute(f"SELECT count(*) FROM {_WITH_TEXT} WHERE {clause}", args).fetchone()[0]
    rows = db.execute(
        f"SELECT p.pk, {' + '.join(score_parts)} AS score FROM {_WITH_TEXT} WHERE {clause} "
        "ORDER BY score DESC, p.upvotes DESC, p.pk DESC LIMIT ?",
        [*score_args, *args, limit],
    ).fetchall()
    return [(pk, float(score)) for pk, score in rows], total
