"""Watches: the authors, organisations and queries a reader follows, and the digest of what
is new from them.

A watch is a query in the library's search language (see `storage.library.query`): an author
watch is `author:"NAME"`, an organisation watch `org:"NAME"`, a query watch the query as
typed. So a watch finds exactly the papers `paperreader search-local` finds for its query:
one rule for both, run by the library. Pure: no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from paperreader.domain.errors import UsageError
from paperreader.domain.models import Paper
from paperreader.domain.text import one_line, reflow, shorten

MAX_TEXT = 200
"""The longest name or query a watch keeps (characters)."""
OFFERED_AUTHORS = 8
"""Authors of a paper `w` offers to watch, in the paper's order."""
DIGEST_DAYS = 7
"""Days a digest looks back when neither `--since` nor an earlier `--mark-seen` says."""
LATE_DAYS = 3
"""Days before the last mark a digest looks at again: a day's papers keep arriving for a few
days (and a sync may bring a missed day in late); the ids seen then are left out."""


class WatchKind(enum.StrEnum):
    """What a watch follows."""

    AUTHOR = "author"
    ORG = "org"
    QUERY = "query"


@dataclass(frozen=True, slots=True)
class Watch:
    """One thing the reader follows."""

    kind: WatchKind
    text: str
    """The name or the query, cleaned to one line."""
    added_at: datetime | None = None

    @property
    def label(self) -> str:
        """How lists name it: `author: Jane Doe`."""
        return f"{self.kind.value}: {self.text}"

    @property
    def query(self) -> str:
        """The watch as a library query."""
        if self.kind is WatchKind.QUERY:
            return self.text
        return f'{self.kind.value}:"{self.text}"'

    @property
    def key(self) -> tuple[str, str]:
        """What makes two watches the same: the kind and the text, case and spacing aside."""
        return self.kind.value, " ".join(self.text.casefold().split())


def make_watch(kind: str, text: str, added_at: datetime | None = None) -> Watch:
    """A watch from what a person typed; UsageError with one sentence when it is not one."""
    try:
        watch_kind = WatchKind(kind.strip().lower())
    except ValueError:
        raise UsageError(
            f"A watch is an author, an org or a query, not {shorten(one_line(kind), 40)!r}."
        ) from None
    cleaned = one_line(text)
    if watch_kind is not WatchKind.QUERY:
        cleaned = " ".join(cleaned.replace('"', " ").split())  # a quoted name holds no quote
    if not cleaned:
        raise UsageError(f"Say which {_noun(watch_kind)} to watch.")
    if len(cleaned) > MAX_TEXT:
        raise UsageError(f"A watch is at most {MAX_TEXT} characters long.")
    return Watch(watch_kind, cleaned, added_at)


def _noun(kind: WatchKind) -> str:
    return {WatchKind.AUTHOR: "author", WatchKind.ORG: "organisation"}.get(kind, "query")


def offered_watches(paper: Paper) -> tuple[Watch, ...]:
    """What `w` offers for a paper: its authors, then its organisation (empty names left out)."""
    offered: dict[tuple[str, str], Watch] = {}
    names = [(WatchKind.AUTHOR, a.name) for a in paper.authors[:OFFERED_AUTHORS]]
    if paper.organization is not None:
        names.append((WatchKind.ORG, paper.organization.label))
    for kind, name in names:
        try:
            watch = make_watch(kind.value, name)
        except UsageError:
            continue
        offered.setdefault(watch.key, watch)
    return tuple(offered.values())


# ------------------------------------------------------------------------- what watches found


@dataclass(frozen=True, slots=True)
class WatchedPaper:
    """A paper some watches found, and which."""

    paper: Paper
    watches: tuple[Watch, ...]

    @property
    def reason(self) -> str:
        """Which watches found it, as the For-you tab says: `watch author: Jane Doe`."""
        return "watch " + ", ".join(w.label for w in self.watches)


def newest_first(found: Iterable[WatchedPaper]) -> list[WatchedPaper]:
    """Newest Daily Papers day first, then most upvoted, then by id (a stable order)."""
    ordered = sorted(found, key=lambda w: w.paper.id)
    ordered.sort(key=lambda w: w.paper.upvotes, reverse=True)
    ordered.sort(key=lambda w: w.paper.daily_date or date.min, reverse=True)
    return ordered


def watched_papers(
    watches: Iterable[Watch], found: Mapping[Watch, Iterable[Paper]]
) -> list[WatchedPaper]:
    """Each paper once, with every watch that found it (in the watches' order), newest first."""
    papers: dict[str, Paper] = {}
    by_paper: dict[str, list[Watch]] = {}
    for watch in watches:
        for paper in found.get(watch, ()):
            papers.setdefault(paper.id, paper)
            by_paper.setdefault(paper.id, []).append(watch)
    return newest_first(WatchedPaper(papers[i], tuple(w)) for i, w in by_paper.items())


# ------------------------------------------------------------------------- the digest


@dataclass(frozen=True, slots=True)
class SeenMark:
    """What the last `digest --mark-seen` had seen: when, and the papers it had found."""

    at: datetime
    ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class DigestWindow:
    """Which papers a digest reports: those from `start` on, but for the ids in `seen`."""

    start: date
    seen: frozenset[str] = frozenset()


def digest_window(today: date, since: date | None, mark: SeenMark | None) -> DigestWindow:
    """`--since DATE` wins; else since the last mark (a few days back, its papers left out);
    else the last `DIGEST_DAYS` days."""
    if since is not None:
        return DigestWindow(since)
    if mark is not None:
        return DigestWindow(mark.at.date() - timedelta(days=LATE_DAYS), mark.ids)
    return DigestWindow(today - timedelta(days=DIGEST_DAYS - 1))


@dataclass(frozen=True, slots=True)
class DigestGroup:
    """The papers one watch found, newest day first."""

    watch: Watch
    papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """What is new from the watches since `since`, grouped by watch."""

    since: date
    groups: tuple[DigestGroup, ...] = ()
    found: tuple[WatchedPaper, ...] = field(default=(), repr=False)
    """Every paper once, newest first, with the watches that found it."""

    @property
    def empty(self) -> bool:
        return not self.found


def make_digest(since: date, found: list[WatchedPaper], watches: Iterable[Watch]) -> Digest:
    """Group what the watches found by watch, in the watches' order; a paper two watches
    found is under both."""
    groups = []
    for watch in watches:
        papers = tuple(w.paper for w in found if watch in w.watches)
        if papers:
            groups.append(DigestGroup(watch, papers))
    return Digest(since, tuple(groups), tuple(found))


def excerpt(paper: Paper, limit: int = 280) -> str:
    """The first lines of the AI summary, else of the abstract, as plain text."""
    text = " ".join(reflow(paper.ai_summary or paper.summary).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= limit // 2:
        return cut[: end + 1]
    return shorten(text, limit)
