"""Sorting and as-you-type filtering of a list of papers, fast enough for 50k rows.

Works on indices into an immutable tuple of papers: the haystacks are lower-cased once, each
sort order is computed once, and a filter that extends the previous text narrows the
previous result instead of scanning everything again.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from paperreader.domain.models import Paper
from paperreader.domain.tags import has_tag_starting


class _LazyHaystacks:
    """Searchable text made paper by paper, for a partial scan before the index is built."""

    def __init__(self, papers: tuple[Paper, ...]) -> None:
        self._papers = papers

    def __getitem__(self, index: int) -> str:
        return _haystack(self._papers[index])


class SortOrder(enum.StrEnum):
    """How a list is ordered; HUB keeps the order the hub sent (relevance, trending)."""

    HUB = "hub"
    UPVOTES = "upvotes"
    NEWEST = "newest"
    TITLE = "title"
    COMMENTS = "comments"


def _haystack(paper: Paper) -> str:
    parts = [paper.id, paper.title, *(a.name for a in paper.authors), *paper.ai_keywords]
    if paper.organization:
        parts.append(paper.organization.label)
    return " ".join(parts).lower()


def _needle(text: str) -> str:
    """Filter text as matched: lower case, words separated by single spaces."""
    return " ".join(text.lower().split())


def _newest_first(paper: Paper) -> float:
    moment = paper.published_at or paper.submitted_on_daily_at
    return -moment.timestamp() if moment else float("inf")


SORT_KEYS: dict[SortOrder, Callable[[Paper], Any] | None] = {
    SortOrder.HUB: None,
    SortOrder.UPVOTES: lambda p: -p.upvotes,
    SortOrder.NEWEST: _newest_first,
    SortOrder.TITLE: lambda p: p.title.casefold(),
    SortOrder.COMMENTS: lambda p: -(p.num_comments or 0),
}


SCAN_CHUNK = 4096
"""Rows a thread scans between checks that its result is still wanted."""

TAG_PREFIX = "tag:"
"""A filter word like `tag:reading` matches bookmarks with a tag starting with `reading`."""


class PaperView:
    """The papers of one listing, sortable and filterable by index."""

    def __init__(
        self, papers: tuple[Paper, ...], tags: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        self.papers = papers
        self._tags = tags or {}
        self._haystacks: list[str] | None = None
        self._orders: dict[SortOrder, list[int]] = {}
        self._last: tuple[SortOrder, str, frozenset[str], list[int]] | None = None
        self._positions: dict[str, int] | None = None
        self._index_lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.papers)

    def index_of(self, paper_id: str) -> int | None:
        """The index of the paper with this id (a dict built on first use)."""
        return self._id_positions().get(paper_id)

    def count_of(self, ids: frozenset[str]) -> int:
        """How many of the papers have one of `ids`."""
        if not ids:
            return 0
        if len(ids) < len(self.papers):
            return sum(1 for paper_id in ids if self.index_of(paper_id) is not None)
        return sum(1 for paper in self.papers if paper.id in ids)

    def build_index(self) -> None:
        """Lower-case every paper's searchable text once (safe to call from a thread).

        A large list builds this in the background right after it is shown, so the first
        filter keystroke only scans; a call that finds the work under way waits for it.
        """
        self._index()

    def _index(self) -> list[str]:
        """The lower-cased searchable texts (built on first use), and the id-to-index table a
        filter keystroke keeps the cursor by."""
        with self._index_lock:
            if self._haystacks is None:
                self._haystacks = [_haystack(p) for p in self.papers]
            self._id_positions()
            return self._haystacks

    def _id_positions(self) -> dict[str, int]:
        """Each paper's index by id, sharing the index numbers of the hub order."""
        if self._positions is None:
            ids = (paper.id for paper in self.papers)
            self._positions = dict(zip(ids, self.ordered(SortOrder.HUB), strict=True))
        return self._positions

    def ordered(self, order: SortOrder) -> list[int]:
        """All indices in `order` (stable: ties keep the hub's order)."""
        indices = self._orders.get(order)
        if indices is None:
            key = SORT_KEYS[order]
            if key is None:
                indices = list(range(len(self.papers)))
            else:
                # Sorted from the hub order so every order (and the id table) shares its int
                # objects: 50k rows would otherwise make 50k new ints (32 bytes each) per order.
                papers = self.papers
                indices = sorted(self.ordered(SortOrder.HUB), key=lambda i: key(papers[i]))
            self._orders[order] = indices
        return indices

    def select(
        self,
        order: SortOrder,
        text: str,
        hidden: frozenset[str] = frozenset(),
        limit: int | None = None,
    ) -> list[int]:
        """Indices of the papers matching every word of `text`, in `order`, minus `hidden` ids.

        With `limit`, only the first `limit` matches: what a screen needs while the rest is
        counted (the full result is remembered for narrowing; a partial one is not).
        """
        needle = _needle(text)
        if not needle:
            base = self.ordered(order)
            papers = self.papers
            return [i for i in base if papers[i].id not in hidden] if hidden else base
        haystacks: Sequence[str] | _LazyHaystacks | None = self._haystacks
        if haystacks is None:  # a screenful needs only its own rows' text
            haystacks = _LazyHaystacks(self.papers) if limit is not None else self._index()
        matches = self._matches(self._base(order, needle, hidden), needle, hidden, haystacks)
        if limit is not None:
            return list(islice(matches, limit))
        result = list(matches)
        self._last = (order, needle, hidden, result)
        return result

    def select_all(
        self,
        order: SortOrder,
        text: str,
        hidden: frozenset[str],
        stop: Callable[[], bool],
    ) -> list[int] | None:
        """`select` for a thread: scans in chunks and gives up (None) once `stop()` is true.

        Between chunks the thread lets the UI thread run, so a scan of 50k rows never holds
        up a key press; a scan for text the user has already typed past ends early.
        """
        needle = _needle(text)
        if not needle:
            return self.select(order, text, hidden)
        haystacks = self._index()
        base = self._base(order, needle, hidden)
        result: list[int] = []
        for start in range(0, len(base), SCAN_CHUNK):
            if stop():
                return None
            result.extend(
                self._matches(base[start : start + SCAN_CHUNK], needle, hidden, haystacks)
            )
            time.sleep(0)  # hand the interpreter to the UI thread if it is waiting
        self._last = (order, needle, hidden, result)
        return result

    def _matches(
        self,
        base: Sequence[int],
        needle: str,
        hidden: frozenset[str],
        haystacks: Sequence[str] | _LazyHaystacks,
    ) -> Iterator[int]:
        """The indices of `base` (in its order) whose text holds every word of `needle`."""
        papers = self.papers
        words = [w for w in needle.split() if not w.startswith(TAG_PREFIX)]
        tags = [w[len(TAG_PREFIX) :] for w in needle.split() if w.startswith(TAG_PREFIX)]
        if len(words) == 1 and not tags and not hidden:
            word = words[0]
            return (i for i in base if word in haystacks[i])
        return (
            i
            for i in base
            if papers[i].id not in hidden
            and all(w in haystacks[i] for w in words)
            and all(has_tag_starting(self._tags.get(papers[i].id, ()), t) for t in tags)
        )

    def scan_size(self, order: SortOrder, text: str, hidden: frozenset[str] = frozenset()) -> int:
        """How many papers `select` must search for `text`: all, fewer when narrowing, none
        for no text."""
        needle = _needle(text)
        return len(self._base(order, needle, hidden)) if needle else 0

    def _base(self, order: SortOrder, needle: str, hidden: frozenset[str]) -> list[int]:
        """The rows a search for `needle` must scan, in `order`."""
        last = self._last
        if (
            last is not None
            and last[0] is order
            and last[2] == hidden
            and last[1]
            and needle.startswith(last[1])
            and last[1].count(TAG_PREFIX) == needle.count(TAG_PREFIX)  # "ta" -> "tag:" is not
        ):
            return last[3]  # narrowing: only what matched the shorter text can match now
        return self.ordered(order)
