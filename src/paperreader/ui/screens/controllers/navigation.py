"""Where each listing tab stands: the listing it shows and the order it is sorted in.

Held here once for the main screen: switching tabs comes back to the same day, search and
sort. The rules for moving between periods live here too, so the screen only shows the result
(a listing to load, or one sentence saying why not).
"""

from __future__ import annotations

from typing import NamedTuple

from textual.notifications import SeverityLevel

from paperreader.domain import periods
from paperreader.domain.errors import UsageError
from paperreader.domain.filtering import SortOrder
from paperreader.domain.ids import paper_id_in
from paperreader.domain.models import Listing, ListingKind, ListingQuery
from paperreader.service.session import Session

_HUB_FIRST = (SortOrder.HUB, SortOrder.UPVOTES, SortOrder.NEWEST, SortOrder.TITLE)

SORT_CYCLES = {
    ListingKind.SEARCH: _HUB_FIRST,
    ListingKind.TRENDING: _HUB_FIRST,
    ListingKind.BOOKMARKS: _HUB_FIRST,
    ListingKind.LIBRARY: _HUB_FIRST,
    ListingKind.FOR_YOU: _HUB_FIRST,
}
"""The orders `s` steps through on tabs whose listing has an order of its own."""

DEFAULT_SORT_CYCLE = (SortOrder.UPVOTES, SortOrder.NEWEST, SortOrder.TITLE, SortOrder.COMMENTS)
"""The orders `s` steps through on the dated tabs."""

FIRST_DAY_MESSAGE = f"Daily Papers begins on {periods.FIRST_DAY.isoformat()}."


def sort_label(kind: ListingKind, order: SortOrder) -> str:
    """How a sort order is named on a given tab."""
    if order is SortOrder.HUB:
        return {
            ListingKind.SEARCH: "relevance",
            ListingKind.BOOKMARKS: "date added",
            ListingKind.LIBRARY: "relevance, then newest",
            ListingKind.FOR_YOU: "watches, then likeness",
        }.get(kind, "trending rank")
    return str(order.value)


class Refusal(NamedTuple):
    """Why a move between periods was not made, to tell the user."""

    message: str
    severity: SeverityLevel = "information"


class Navigation:
    """The active tab, and each tab's listing and sort order."""

    def __init__(self, session: Session, start: ListingQuery, first_sort: SortOrder) -> None:
        self._session = session
        self.kind = start.kind
        """The tab on screen."""
        self.queries: dict[ListingKind, ListingQuery | None] = {
            kind: ListingQuery(kind, session.papers.latest_period(kind))
            if kind is not ListingKind.SEARCH
            else None
            for kind in ListingKind
        }
        """Each tab's listing; None for a search not yet asked for."""
        self.land(start)
        self.sorts = {
            kind: SORT_CYCLES[kind][0] if kind in SORT_CYCLES else first_sort
            for kind in ListingKind
        }
        """Each tab's sort order."""

    @property
    def query(self) -> ListingQuery | None:
        """The listing the active tab shows."""
        return self.queries[self.kind]

    @property
    def sort(self) -> SortOrder:
        """The active tab's sort order."""
        return self.sorts[self.kind]

    @property
    def sort_label(self) -> str:
        """The active tab's sort order, as the tab names it."""
        return sort_label(self.kind, self.sort)

    def next_sort(self) -> SortOrder:
        """Sort the active tab by the next order of its cycle."""
        cycle = SORT_CYCLES.get(self.kind, DEFAULT_SORT_CYCLE)
        current = self.sort
        order = cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else cycle[0]
        self.sorts[self.kind] = order
        return order

    def land(self, query: ListingQuery) -> None:
        """Make `query` its tab's listing; a day also sets the week and month tabs to the
        ones holding it, so `2` and `3` widen the day in view (and `1` comes back to it)."""
        self.queries[query.kind] = query
        if query.kind is not ListingKind.DAILY:
            return
        for kind, period in periods.periods_of_day(query.period, self._session.clock()).items():
            self.queries[kind] = ListingQuery(kind, period)

    def step(self, delta: int, listing: Listing | None) -> ListingQuery | Refusal:
        """The previous (-1) or next (+1) day, week or month of the active tab."""
        query = self.query
        if query is None or not self.kind.is_dated:
            return Refusal(f"{self.kind.title} has no days to step through.", "warning")
        current = query.period or (listing.effective_period if listing else None)
        current = current or periods.today(self._session.clock()).isoformat()
        target = periods.step(self.kind, current, delta)
        if self._session.papers.is_future(self.kind, target):
            return Refusal("Already at the latest.")
        if self.kind is ListingKind.DAILY and target < periods.FIRST_DAY.isoformat():
            return Refusal(FIRST_DAY_MESSAGE)
        return ListingQuery(self.kind, target)

    def latest(self) -> ListingQuery | Refusal:
        """The active tab's latest period."""
        if not self.kind.is_dated:
            return Refusal(f"{self.kind.title} has no days to step through.", "warning")
        return ListingQuery(self.kind, self._session.papers.latest_period(self.kind))

    def goto(self, answer: str) -> ListingQuery:
        """The date, week or month the user typed, or the paper (its id or link) as a search
        for it; UsageError saying why it cannot be shown."""
        paper_id = paper_id_in(answer)
        if paper_id is not None:
            return ListingQuery(ListingKind.SEARCH, text=paper_id)
        kind, period = periods.guess_period(answer, self._session.clock())
        if self._session.papers.is_future(kind, period):
            raise UsageError(f"{period} is in the future: nothing has been published yet.")
        if kind is ListingKind.DAILY and period < periods.FIRST_DAY.isoformat():
            raise UsageError(FIRST_DAY_MESSAGE)
        return ListingQuery(kind, period)
