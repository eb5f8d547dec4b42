"""Plain data the whole program shares: papers, listings and the queries that name them.

Pure on purpose: no I/O, no Textual, no httpx, so the CLI, the UI and the tests all see the
same frozen values. They are named tuples: defined at every start, before the first frame, in
a fifth of a frozen dataclass's time (Python writes and compiles a dataclass's methods each
time it defines one). A changed copy is `value._replace(field=...)`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import NamedTuple


class Author(NamedTuple):
    """One author of a paper, as Hugging Face lists them."""

    name: str
    username: str | None = None
    """The claimed Hugging Face account, when the author linked one."""


class Organization(NamedTuple):
    """The organisation a paper was submitted under."""

    name: str
    """The slug, as in huggingface.co/<name>."""
    fullname: str | None = None

    @property
    def label(self) -> str:
        """The name a person reads."""
        return self.fullname or self.name


class TextSpan(NamedTuple):
    """A run of a highlighted string: search results mark the words that matched."""

    text: str
    highlight: bool = False


class Paper(NamedTuple):
    """One paper with everything the list and the detail pane show."""

    id: str
    title: str
    summary: str = ""
    authors: tuple[Author, ...] = ()
    published_at: datetime | None = None
    """arXiv publication time (UTC)."""
    submitted_on_daily_at: datetime | None = None
    """When it reached Hugging Face Daily Papers."""
    upvotes: int = 0
    num_comments: int | None = None
    organization: Organization | None = None
    submitted_by: str | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    withdrawn: bool = False
    highlighted_title: tuple[TextSpan, ...] = ()
    """Search match highlighting for the title; empty outside search results."""
    texts_elsewhere: bool = False
    """True when `summary` and `ai_summary` are not held here but in the library (a large
    listing holds its papers without them): empty then means "not loaded", never "none".
    The service's `PaperTexts.complete` brings them back."""

    @property
    def daily_date(self) -> date | None:
        """The Daily Papers date this paper belongs to."""
        return self.submitted_on_daily_at.date() if self.submitted_on_daily_at else None

    @property
    def first_author(self) -> str | None:
        """The first listed author, if any."""
        return self.authors[0].name if self.authors else None


def without_texts(paper: Paper) -> Paper:
    """`paper` without its abstract and AI summary, marked as holding them elsewhere."""
    return paper._replace(summary="", ai_summary=None, texts_elsewhere=True)


def with_texts(paper: Paper, summary: str, ai_summary: str | None) -> Paper:
    """`paper` holding its abstract and AI summary again."""
    return paper._replace(summary=summary, ai_summary=ai_summary, texts_elsewhere=False)


class Bookmark(NamedTuple):
    """A saved paper, with the snapshot that lets it be read offline."""

    paper: Paper
    """The paper as it was when bookmarked (refreshed when it is bookmarked again)."""
    added_at: datetime
    """When it was first bookmarked (UTC)."""
    tags: tuple[str, ...] = ()
    """Normalised by `normalise_tags`: lower-case, no spaces, unique, sorted."""
    note: str = ""
    """Free text; may span several lines."""


class ListingKind(enum.StrEnum):
    """The listings Hugging Face Papers offers, in tab order."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    TRENDING = "trending"
    SEARCH = "search"
    BOOKMARKS = "bookmarks"
    LIBRARY = "library"
    FOR_YOU = "for_you"
    """New papers from the watches, and papers like the bookmarks (or like one paper)."""

    # Shadows str.title on purpose: a kind's title is its tab label, and str's title-casing
    # method is never wanted on a kind.
    @property
    def title(self) -> str:  # type: ignore[override]
        """The tab label."""
        return self.value.replace("_", " ").capitalize()

    @property
    def is_local(self) -> bool:
        """True for listings of the user's own data, which never come from the hub."""
        return self in (ListingKind.BOOKMARKS, ListingKind.LIBRARY, ListingKind.FOR_YOU)

    @property
    def is_dated(self) -> bool:
        """True for listings that step through days, weeks or months."""
        return self in (ListingKind.DAILY, ListingKind.WEEKLY, ListingKind.MONTHLY)


class ListingQuery(NamedTuple):
    """Names one listing: a kind plus its period (None = the latest) or search text."""

    kind: ListingKind
    period: str | None = None
    """ISO date (daily), ISO week `YYYY-Www` (weekly) or `YYYY-MM` (monthly); None is the latest."""
    text: str | None = None
    """The search query, for SEARCH only."""

    @property
    def key(self) -> str:
        """A stable string that identifies the listing (cache keys, the status line)."""
        if self.kind is ListingKind.SEARCH:
            return f"search:{(self.text or '').strip().lower()}"
        if self.kind is ListingKind.FOR_YOU and self.text:
            return f"like:{self.text}"
        return f"{self.kind.value}:{self.period or 'latest'}"

    @property
    def label(self) -> str:
        """How the status line names this listing."""
        if self.kind is ListingKind.SEARCH:
            return f'Search "{self.text or ""}"'
        if self.kind in (ListingKind.TRENDING, ListingKind.BOOKMARKS):
            return self.kind.title
        if self.kind is ListingKind.LIBRARY:
            return f'Library "{self.text}"' if self.text else "Library"
        if self.kind is ListingKind.FOR_YOU:
            return f"Papers like {self.text}" if self.text else "For you"
        return f"{self.kind.title} {self.period or '(latest)'}"


class Origin(enum.StrEnum):
    """Where the papers on screen came from."""

    NETWORK = "network"
    CACHE = "cache"
    DEMO = "demo"
    LOCAL = "local"
    """The user's own data (bookmarks)."""
    LIBRARY = "library"
    """The paper library: a day or a paper it holds, read offline or when the hub failed."""


class Listing(NamedTuple):
    """A listing as shown: the papers plus where they came from and how old they are."""

    query: ListingQuery
    papers: tuple[Paper, ...]
    origin: Origin
    fetched_at: datetime
    stale: bool = False
    """True when a newer copy may exist (old cache); a refresh is under way or failed."""
    skipped: int = 0
    """Items in the response that could not be parsed and were left out."""
    error: str | None = None
    """Set when a refresh failed and this is the best older copy."""
    effective_period: str | None = None
    """The period the papers belong to, when the query asked for the latest."""
    total: int | None = None
    """How many papers match in all, when the listing shows only the first of them."""
    reasons: tuple[tuple[str, str], ...] = ()
    """(paper id, why it is listed), for listings chosen for the reader (For you)."""

    def with_error(self, message: str) -> Listing:
        """The same listing, marked as an older copy kept after a failed refresh."""
        return self._replace(error=message, stale=True)

    @property
    def unreadable(self) -> str | None:
        """One sentence when the hub sent items but none could be read; else None."""
        return unreadable_answer(self.papers, self.skipped)


def unreadable_answer(papers: tuple[Paper, ...], skipped: int) -> str | None:
    """One sentence when an answer held items but not one could be read; else None.

    An empty answer is a day without papers; an answer of nothing but unreadable items is a
    broken one, and must neither replace a good copy nor be stored as the day's papers.
    """
    if papers or not skipped:
        return None
    items = "item" if skipped == 1 else "items"
    return f"Hugging Face sent nothing readable ({skipped} unreadable {items})."
