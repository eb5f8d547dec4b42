"""The main screen: tabs of listings, the paper list beside the detail, a filter, a status line.

It owns the main view and its state: where each tab stands (`Navigation`), the user's marks
(`PaperMarks`), the widgets, and the controllers that run each concern: the listing on
screen, the detail following the cursor, the user's data, more of a paper, copying. The
controllers never import this screen; they are given what they need when they are built.
Keys call the actions here (those on a paper come from `PaperActions`); workers post messages, and
the handlers here pass them on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker

from paperreader.domain.filtering import SortOrder
from paperreader.domain.models import ListingKind, ListingQuery, Paper
from paperreader.service.session import Session
from paperreader.ui.bindings import bindings
from paperreader.ui.marks import PaperMarks
from paperreader.ui.messages import (
    BookmarksChanged,
    Copied,
    ExtrasLoaded,
    ForYouCounted,
    LinksReady,
    ListingFailed,
    ListingLoaded,
    ListingProgress,
    ListingSettled,
    ReadChanged,
    TextsLoaded,
    UserDataLoaded,
    VisitRecorded,
    WatchAdded,
)
from paperreader.ui.screens.controllers.collection_sync import CollectionSyncer
from paperreader.ui.screens.controllers.copying import Copier
from paperreader.ui.screens.controllers.detail import DetailFollower
from paperreader.ui.screens.controllers.exporting import BookmarkExporter
from paperreader.ui.screens.controllers.filtering import FilterController
from paperreader.ui.screens.controllers.for_you import ForYouController
from paperreader.ui.screens.controllers.handoff import Handoff
from paperreader.ui.screens.controllers.list_density import ListDensity
from paperreader.ui.screens.controllers.listings import ListingController
from paperreader.ui.screens.controllers.navigation import Navigation
from paperreader.ui.screens.controllers.paper_actions import PaperActions
from paperreader.ui.screens.controllers.paper_views import PaperViews
from paperreader.ui.screens.controllers.problems import ProblemReporter
from paperreader.ui.screens.controllers.tabs import TabController
from paperreader.ui.screens.controllers.user_data import UserDataController
from paperreader.ui.widgets.paper_detail import PaperDetail
from paperreader.ui.widgets.paper_list import PaperList
from paperreader.ui.widgets.status_line import StatusLine
from paperreader.ui.widgets.tab_bar import TabBar
from paperreader.ui.workers import report_worker_error

if TYPE_CHECKING:
    from paperreader.ui.widgets.filter_input import FilterInput

NARROW_WIDTH = 100
"""Below this many columns the detail moves behind the list instead of beside it."""


class MainScreen(PaperActions, Screen[None]):
    """The listings, the list and the detail: where the app is used."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("main")]

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, without a repaint of the whole screen at every change of focus (~8 ms
    on a tab): the widgets that gain and lose the focus repaint what their styles change."""

    def __init__(self, session: Session, initial: ListingQuery | None = None) -> None:
        super().__init__()
        self.session = session
        settings = session.settings
        start = initial or ListingQuery(ListingKind(settings.default_tab))
        self.navigation = Navigation(session, start, SortOrder(settings.sort))
        # Before the screen is built: its first frame shows it.
        self._preloaded = session.papers.preload_listing(start)
        self.marks = PaperMarks()
        self._first_listing = False
        """True once the first listing has arrived (the work it waits for has begun)."""
        self.tabs = TabBar(
            [(kind.value, kind.title) for kind in ListingKind],  # keys added on mount
            active=self.navigation.kind.value,
            id="tabs",
        )
        self.paper_list = PaperList(self.marks, id="papers")
        self.detail = PaperDetail(id="detail")
        self.status = StatusLine(id="status")
        problems = ProblemReporter(self)
        self.copier = Copier(self, session)
        self.collection_sync = CollectionSyncer(self, session, self.status)
        self.exporter = BookmarkExporter(self, session)
        self.handoff = Handoff(self, session, self.status)
        self.user_data = UserDataController(
            self, session, self.marks, problems, self._current_paper
        )
        self.paper_views = PaperViews(self, session, self.copier, self._current_paper)
        self.detail_follower = DetailFollower(
            self, session, self.marks, self.detail, self.paper_views, self.user_data
        )
        self.listings = ListingController(
            self,
            session,
            self.navigation,
            self.marks,
            self.paper_list,
            self.status,
            self.detail_follower,
            problems,
            self.user_data,
        )
        self.filtering = FilterController(self, self.navigation, self.paper_list, self.listings)
        self.tab_control = TabController(
            self,
            session,
            self.navigation,
            self.tabs,
            self.listings,
            self.filtering,
            self.detail_follower,
            self.status,
        )
        self.density = ListDensity(self, session, self.paper_list)
        self._narrow: bool | None = None
        self._resumed = False
        self.for_you = ForYouController(
            self, session, self.tab_control.go, lambda: self.navigation.query
        )

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield self.tabs
        yield self.paper_list  # the filter box joins the screen when first opened
        yield self.detail
        yield self.status  # and the keys under it

    @property
    def filter_input(self) -> FilterInput:
        """The filter box (made, not mounted, if it never opened)."""
        return self.filtering.box

    def _current_paper(self) -> Paper | None:
        return self.paper_list.current

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        self.paper_list.focus()
        self.density.start()
        if self.session.settings.hide_read:
            self.paper_list.set_hide_read(True)
        self.tab_control.label()
        self.tab_control.show(self.navigation.kind)
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None:  # in the first frame, not in the one after the worker's
            self._listing_loaded(ListingLoaded(preloaded))
            # and the detail with it, not "No paper selected." beside the list's cursor
            self.detail_follower.show(self.paper_list.current)
        if self.navigation.query is None:
            self._first_listing_arrived()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Run before Textual's own handler, which restyles every node on a resume: the
        first one follows the mount, which has just styled them all (5 ms of the first
        frame). Later ones restyle, as the theme may have changed behind another screen."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def _first_listing_arrived(self) -> None:
        """Once the first listing (or why there is none) is drawn, start what it does not
        show: the marks, the collection sync and For you's count. Their work and their
        modules would otherwise delay the first frame."""
        if not self._first_listing:
            self._first_listing = True
            self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.user_data.load()
        if self.session.settings.sync_collection_on_start:
            self.collection_sync.sync()
        self.for_you.count_new()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        if narrow is not self._narrow:  # the tabs are named once per change, not per resize
            self._narrow = narrow
            self.set_class(narrow, "-narrow")
            self.tab_control.label(short=narrow)

    # ----------------------------------------------------------------- the listing

    @on(ListingLoaded)
    def _listing_loaded(self, message: ListingLoaded) -> None:
        self.listings.loaded(message)
        self._first_listing_arrived()

    @on(ListingFailed)
    def _listing_failed(self, message: ListingFailed) -> None:
        self.listings.failed(message)
        self._first_listing_arrived()

    @on(ListingProgress)
    def _listing_progress(self, message: ListingProgress) -> None:
        self.listings.progress(message)

    @on(ListingSettled)
    def _listing_settled(self, message: ListingSettled) -> None:
        self._first_listing_arrived()
        self.listings.settled(message)
        self.collection_sync.listing_settled(message.query)
        if message.query.kind is ListingKind.FOR_YOU:
            self.for_you.count_new()  # what it showed is no longer new

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if report_worker_error(self, event):
            self.listings.busy = ""

    # ----------------------------------------------------------------- list and detail

    @on(PaperList.Counted)
    def _filter_counted(self) -> None:
        self.listings.update_status()

    @on(PaperList.Highlighted)
    def _paper_highlighted(self, message: PaperList.Highlighted) -> None:
        self.detail_follower.highlighted(message.paper)

    @on(PaperList.Selected)
    def _paper_selected(self, message: PaperList.Selected) -> None:
        self.add_class("-show-detail")
        self.detail.focus()

    def action_back(self) -> None:
        """Leave the detail, or clear the filter."""
        if self.has_class("-show-detail") or self.focused is self.detail:
            self.remove_class("-show-detail")
            self.paper_list.focus()
        elif self.filtering.in_use:
            self.filtering.clear()
        else:
            self.for_you.back()

    def action_focus_next(self) -> None:
        """Focus the next pane."""
        self.focus_next()

    def action_focus_previous(self) -> None:
        """Focus the previous pane."""
        self.focus_previous()

    # ----------------------------------------------------------------- tabs and periods

    def action_show_tab(self, kind_value: str) -> None:
        """Switch to a listing tab."""
        self.tab_control.switch(ListingKind(kind_value))

    @on(TabBar.Activated)
    def _tab_activated(self, event: TabBar.Activated) -> None:
        kind = ListingKind(event.tab_id)
        if kind is not self.navigation.kind:
            self.tab_control.show(kind)

    def action_step(self, delta: int) -> None:
        """Show the previous (-1) or next (+1) day, week or month."""
        self.tab_control.step(delta)

    def action_latest(self) -> None:
        """Back to the latest day, week or month."""
        self.tab_control.latest()

    def action_goto(self) -> None:
        """Ask for a date, week or month and show it."""
        self.tab_control.goto()

    def action_search(self) -> None:
        """Ask what to search Hugging Face Papers for."""
        self.tab_control.search()

    def action_refresh(self) -> None:
        """Fetch the listing again, bypassing the cache."""
        self.tab_control.refresh()

    # ----------------------------------------------------------------- filter and sort

    def action_filter(self) -> None:
        """Filter the list as you type (a narrow terminal shows the list again: the detail in
        its place would hide what the filter finds)."""
        self.remove_class("-show-detail")
        self.filtering.show()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filtering.changed(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.filtering.submitted(event.value)

    def action_cycle_sort(self) -> None:
        """Sort by the next order (upvotes, newest, title, comments)."""
        self.filtering.cycle_sort()

    def action_hide_read(self) -> None:
        """Hide the papers already read, or show them again."""
        self.filtering.toggle_hide_read()

    # ----------------------------------------------------------------- what the workers found

    @on(UserDataLoaded)
    def _user_data_loaded(self, message: UserDataLoaded) -> None:
        self.user_data.loaded(message)
        self.paper_list.marks_changed()
        if self.paper_list.hide_read:  # `hide_read = true`: the listing may have come first
            self.paper_list.set_hide_read(True)
            self.listings.update_status()
        self.detail_follower.show(self.paper_list.current)

    @on(BookmarksChanged)
    def _bookmarks_changed(self, message: BookmarksChanged) -> None:
        self.user_data.bookmarks_changed(message.bookmarks)
        self.paper_list.marks_changed()
        self.detail_follower.show(self.paper_list.current)
        query = self.navigation.query
        if self.navigation.kind is ListingKind.BOOKMARKS and query is not None:
            self.listings.load(query)

    @on(ReadChanged)
    def _read_changed(self, message: ReadChanged) -> None:
        self.user_data.read_changed(message)
        self.paper_list.marks_changed()

    @on(VisitRecorded)
    def _visit_recorded(self, message: VisitRecorded) -> None:
        self.user_data.visit_recorded(message)
        if message.query == self.navigation.query:
            self.paper_list.marks_changed()
            self.listings.update_status()

    @on(WatchAdded)
    def _watch_added(self, message: WatchAdded) -> None:
        self.for_you.watch_added(message)

    @on(ForYouCounted)
    def _for_you_counted(self, message: ForYouCounted) -> None:
        self.tab_control.label(for_you_new=message.new)

    @on(Copied)
    def _copied(self, message: Copied) -> None:
        self.copier.copied(message)

    @on(TextsLoaded)
    def _texts_loaded(self, message: TextsLoaded) -> None:
        self.detail_follower.texts_loaded(message)

    @on(ExtrasLoaded)
    def _extras_loaded(self, message: ExtrasLoaded) -> None:
        self.listings.report_storage()  # fetching them may have found the cache unwritable
        self.paper_views.extras_loaded(message)
        self.detail_follower.refresh_if_shown(message.extras.paper_id)

    @on(LinksReady)
    def _links_ready(self, message: LinksReady) -> None:
        self.paper_views.links_ready(message)

    # ----------------------------------------------------------------- help and leaving

    def action_help(self) -> None:
        """Show every key that works here."""
        from paperreader.ui.key_help import general_bindings, key_rows, our_bindings
        from paperreader.ui.screens.help import HelpScreen

        app = self.app
        sections = (
            ("General", general_bindings(app, self)),
            ("List", our_bindings(app, self.paper_list)),
            ("Detail", our_bindings(app, self.detail)),
            ("Filter box", our_bindings(app, self.filter_input)),
        )
        app.push_screen(HelpScreen(key_rows(app, sections)))

    async def action_quit(self) -> None:
        """Leave the app."""
        await self.app.action_quit()
