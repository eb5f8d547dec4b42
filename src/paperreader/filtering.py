"""Sorting and as-you-type filtering of a list of papers, fast enough for 50k rows.

Works on indices into an immutable tuple of papers: the haystacks are lower-cased once, each
sort order is computed once, and a filter that extends the previous text narrows the
previous result instead of scanning everything again.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from .models import Paper


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


class PaperView:
    """The papers of one listing, sortable and filterable by index."""

    def __init__(self, papers: tuple[Paper, ...]) -> None:
        self.papers = papers
        self._haystacks: list[str] | None = None
        self._orders: dict[SortOrder, list[int]] = {}
        self._last: tuple[SortOrder, str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.papers)

    def ordered(self, order: SortOrder) -> list[int]:
        """All indices in `order` (stable: ties keep the hub's order)."""
        indices = self._orders.get(order)
        if indices is None:
            key = SORT_KEYS[order]
            indices = list(range(len(self.papers)))
            if key is not None:
                papers = self.papers
                indices.sort(key=lambda i: key(papers[i]))
            self._orders[order] = indices
        return indices

    def select(self, order: SortOrder, text: str) -> list[int]:
        """Indices of the papers matching every word of `text`, in `order`."""
        needle = " ".join(text.lower().split())
        if not needle:
            return self.ordered(order)
        if self._haystacks is None:
            self._haystacks = [_haystack(p) for p in self.papers]
        haystacks = self._haystacks
        base = self.ordered(order)
        last = self._last
        if last is not None and last[0] is order and last[1] and needle.startswith(last[1]):
            base = last[2]  # narrowing: only what matched the shorter text can match now
        words = needle.split()
        if len(words) == 1:
            result = [i for i in base if needle in haystacks[i]]
        else:
            result = [i for i in base if all(w in haystacks[i] for w in words)]
        self._last = (order, needle, result)
        return result
