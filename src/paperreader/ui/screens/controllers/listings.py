"""The listing on the main screen: loading it, putting it in the list, describing it below.

A worker streams the listing from the session (the cached copy first, then the fresh one)
and posts messages; the screen's handlers hand them here. A reply for a tab or period the
user has already left is dropped.
"""

from __future__ import annotations

import gc
from functools import partial

from textual.widget import Widget

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Listing, ListingKind, ListingQuery
from paperreader.domain.text import counted
from paperreader.service.session import Session
from paperreader.ui.bindings import keys_in_force
from paperreader.ui.marks import PaperMarks
from paperreader.ui.messages import ListingFailed, ListingLoaded, ListingProgress, ListingSettled
from paperreader.ui.screens.controllers.detail import DetailFollower
from paperreader.ui.screens.controllers.listing_text import empty_message, failure_message
from paperreader.ui.screens.controllers.navigation import Navigation
from paperreader.ui.screens.controllers.problems import ProblemReporter
from paperreader.ui.screens.controllers.user_data import UserDataController
from paperreader.ui.widgets.paper_list import PaperList
from paperreader.ui.widgets.status_line import StatusLine
from paperreader.ui.workers import start_worker

LARGE_LISTING = 2000
"""From this many papers on, a loaded listing is moved out of the garbage collector's way."""


class ListingController:
    """Loads the active tab's listing into the list and keeps the status line about it."""

    def __init__(
        self,
        host: Widget,
        session: Session,
        navigation: Navigation,
        marks: PaperMarks,
        paper_list: PaperList,
        status: StatusLine,
        detail: DetailFollower,
        problems: ProblemReporter,
        user_data: UserDataController,
    ) -> None:
        self._host = host
        self._session = session
        self._navigation = navigation
        self._marks = marks
        self._list = paper_list
        self._status = status
        self._detail = detail
        self._problems = problems
        self._user_data = user_data
        self.listing: Listing | None = None
        """The listing on screen; None while the tab's listing loads, or when it failed."""
        self.busy = ""
        """What the shown listing is waiting for, said in the status line."""
        self._grew = False
        """True once the load under way replaced the listing on screen by one with papers it
        did not have: they are counted as new when it settles, not at the next launch."""

    def show_empty(self, message: str) -> None:
        """Show no listing, the list saying `message`."""
        self.listing = None
        self._list.empty_message = message
        self._list.set_papers(())

    def load(self, query: ListingQuery, *, force: bool = False) -> None:
        """Load `query` (bypassing the cache if `force`), saying so in the status line."""
        self.busy = "refreshing…" if force else "loading…"
        if self.listing is None or self.listing.query != query:
            self._status.show_message(f"Loading {query.label}…")
        else:
            self.update_status()
        self._stream(query, force)

    def search(self, query: ListingQuery) -> None:
        """Load a search typed letter by letter, keeping the list until the answer comes."""
        self.busy = "searching…"
        self._stream(query, False)

    def _stream(self, query: ListingQuery, force: bool) -> None:
        self._grew = False
        start_worker(
            self._host,
            partial(self._load, query, force),
            name="load_listing",
            group="listing",
            description="load listing",
            exclusive=True,
        )

    async def _load(self, query: ListingQuery, force: bool) -> None:
        def progress(pages: int, papers: int) -> None:
            self._host.post_message(ListingProgress(query, pages, papers))

        # Not settled when cancelled: the load that replaced this one settles instead.
        session = self._session
        try:
            if query.kind is ListingKind.FOR_YOU:
                stream = session.recommend.stream_listing(query, force=force)
            else:
                stream = session.papers.stream_listing(
                    query, force=force, progress=progress, slim=True
                )
            async for listing in stream:
                self._host.post_message(ListingLoaded(listing))
        except PaperReaderError as error:
            self._host.post_message(ListingFailed(query, error.message))
        self._host.post_message(ListingSettled(query))

    def loaded(self, message: ListingLoaded) -> None:
        """Show a listing that arrived, keeping the cursor's paper when it is an update."""
        listing = message.listing
        if listing.query != self._navigation.query:
            return  # a reply for a tab or period the user has already left
        if listing is self.listing:
            return  # the copy read before the first frame, which shows it already
        same = self.listing is not None and self.listing.query == listing.query
        keep = self._list.current.id if same and self._list.current else None
        if same and self.listing is not None and not self._grew:
            before = {paper.id for paper in self.listing.papers}
            self._grew = any(paper.id not in before for paper in listing.papers)
        self.listing = listing
        if len(listing.papers) >= LARGE_LISTING:
            # Tens of thousands of papers make every cyclic GC pass long enough to drop a
            # frame; they hold no cycles, so take them (and what exists now) out of its way.
            gc.freeze()
        self._list.empty_message = empty_message(listing, keys_in_force(self._host.app))
        self._list.set_papers(
            listing.papers, keep=keep, listing_key=listing.query.key, notes=dict(listing.reasons)
        )
        if not listing.papers:
            self._detail.show(None)
        if listing.error and same:
            self._host.notify(
                listing.error, title="Could not refresh", severity="warning", markup=False
            )
        self.update_status()

    def failed(self, message: ListingFailed) -> None:
        """Say why nothing could be shown (the listing on screen stays, marked as old)."""
        if message.query != self._navigation.query:
            return
        if self.listing is not None and self.listing.query == message.query:
            self.listing = self.listing.with_error(message.message)
            self.update_status()
            return
        key_map = keys_in_force(self._host.app)
        self.show_empty(failure_message(message.query, message.message, key_map))
        self._detail.show(None)
        self._status.show_message(message.message, error=True)

    def progress(self, message: ListingProgress) -> None:
        """Count the pages of a long listing as they arrive."""
        if message.query != self._navigation.query:
            return
        self.busy = f"fetched page {message.pages} ({counted(message.papers, 'paper')})…"
        if self.listing is not None and self.listing.query == message.query:
            self.update_status()
        else:
            self._status.show_message(f"Loading {message.query.label}: {self.busy}")

    def settled(self, message: ListingSettled) -> None:
        """Nothing more is coming for a listing: count what is new in it since last time."""
        self.report_storage()
        if message.query != self._navigation.query:
            return
        self.busy = ""
        if self.listing is not None and self.listing.query == message.query:
            self.update_status()
            self._user_data.visit(self.listing, again=self._grew)

    def report_storage(self) -> None:
        """Say once when the cache or the paper library stopped working or was moved aside."""
        self._problems.report("Cache", self._session.papers.cache_problem())
        self._problems.report("Library", self._session.library.problem())

    def update_status(self) -> None:
        """Describe the listing on screen, as the list now shows it."""
        if self.listing is None:
            return
        plist = self._list
        self._status.show_listing(
            self.listing,
            shown=None if plist.counting else plist.visible_count,
            sort=self._navigation.sort_label,
            filter_text=plist.filter_text,
            offline=self._session.offline,
            busy=self.busy,
            new=plist.shown_among(self._marks.new_in(self.listing.query.key)),
            hidden=plist.hidden_count,
        )
