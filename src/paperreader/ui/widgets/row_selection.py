"""Which of a listing's papers the paper list shows, and in which order.

A sort, a filter and the papers left out (the read ones, while hidden) pick rows from the
listing's `PaperView`. Scanning many rows takes longer than a frame, so a pick that must
scan a large list returns its first screenful at once, and the list has the rest found in a
thread; every new pick makes the previous one's late results worthless.
"""

from __future__ import annotations

from collections.abc import Callable

from paperreader.domain.filtering import PaperView, SortOrder

LARGE_LIST = 10_000
"""From this many papers on, the filter's index is built in a thread after the list shows,
and a filter that must scan this many shows its first screenful at once while a thread
finds the rest."""


class RowSelection:
    """The papers, the order, the filter and the papers left out, and the rows they give."""

    def __init__(self) -> None:
        self.view = PaperView(())
        """The listing's papers, with their sort orders and filter index."""
        self.sort = SortOrder.HUB
        """The order the rows are in; the screen keeps each tab's choice."""
        self.filter = ""
        """The text the rows must match."""
        self.hidden: frozenset[str] = frozenset()
        """Ids of the papers left out."""
        self.generation = 0
        """Bumped by every pick: a thread's results for an older one are dropped."""

    def pick(self, limit: int) -> tuple[list[int], bool]:
        """The rows (indices into the view), only the first `limit` of them when finding
        them all means a large scan; and whether these are all the rows."""
        self.generation += 1
        large = self.view.scan_size(self.sort, self.filter, self.hidden) >= LARGE_LIST
        rows = self.view.select(self.sort, self.filter, self.hidden, limit=limit if large else None)
        return rows, not (large and len(rows) >= limit)

    def rest(self) -> Callable[[], list[int] | None]:
        """Finding every row of the current pick, to run in a thread; it gives up (None)
        once another pick replaces this one."""
        generation = self.generation
        view, order, text, hidden = self.view, self.sort, self.filter, self.hidden

        def find() -> list[int] | None:
            return view.select_all(order, text, hidden, stop=lambda: generation != self.generation)

        return find

    def count_shown(self, ids: frozenset[str], rows: list[int]) -> int:
        """How many of `rows` (this selection's) have one of `ids` (a few: the new papers)."""
        view = self.view
        indices = {index for paper_id in ids if (index := view.index_of(paper_id)) is not None}
        if not indices:
            return 0
        if not self.filter.strip() and not self.hidden:
            return len(indices)  # every paper is shown
        return sum(1 for row in rows if row in indices)
