"""PaperReaderApp: tabs of listings, the paper list beside the detail, a status line.

The app owns the state (which listing, which period, which sort); actions start workers,
workers call the service and post messages, handlers update the widgets.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import replace

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingsMap
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.filter import Monochrome, NoColor
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Footer, Input, Tab, Tabs
from textual.worker import Worker, WorkerState

from paperreader.config.settings import Settings
from paperreader.domain import periods
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.filtering import SortOrder
from paperreader.domain.models import Listing, ListingKind, ListingQuery, Paper
from paperreader.service.session import Session
from paperreader.ui.bindings import bindings
from paperreader.ui.messages import ListingFailed, ListingLoaded, ListingProgress, ListingSettled
from paperreader.ui.paper_views import PaperViewsMixin
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.prompt import PromptScreen
from paperreader.ui.user_data import UserDataMixin
from paperreader.ui.widgets.filter_input import FilterInput
from paperreader.ui.widgets.paper_detail import PaperDetail
from paperreader.ui.widgets.paper_list import PaperList
from paperreader.ui.widgets.status_line import StatusLine

LARGE_LISTING = 2000
"""From this many papers on, a loaded listing is moved out of the garbage collector's way."""

NARROW_WIDTH = 100
"""Below this many columns the detail moves behind the list instead of beside it."""

SORT_CYCLES = {
    ListingKind.SEARCH: (SortOrder.HUB, SortOrder.UPVOTES, SortOrder.NEWEST, SortOrder.TITLE),
    ListingKind.TRENDING: (SortOrder.HUB, SortOrder.UPVOTES, SortOrder.NEWEST, SortOrder.TITLE),
    ListingKind.BOOKMARKS: (SortOrder.HUB, SortOrder.UPVOTES, SortOrder.NEWEST, SortOrder.TITLE),
    ListingKind.LIBRARY: (SortOrder.HUB, SortOrder.UPVOTES, SortOrder.NEWEST, SortOrder.TITLE),
}
DEFAULT_SORT_CYCLE = (SortOrder.UPVOTES, SortOrder.NEWEST, SortOrder.TITLE, SortOrder.COMMENTS)


def sort_label(kind: ListingKind, order: SortOrder) -> str:
    """How a sort order is named on a given tab."""
    if order is SortOrder.HUB:
        return {
            ListingKind.SEARCH: "relevance",
            ListingKind.BOOKMARKS: "date added",
            ListingKind.LIBRARY: "relevance, then newest",
        }.get(kind, "trending rank")
    return str(order.value)


class PaperReaderApp(UserDataMixin, PaperViewsMixin, App[None]):
    """The terminal reader for Hugging Face Papers."""

    CSS_PATH = "app.tcss"
    TITLE = "paperreader"

    DETAIL_DELAY = 0.05
    """Seconds the cursor must rest before the detail pane follows it (0: at once)."""

    BINDINGS = bindings("app")

    def __init__(
        self,
        session: Session,
        initial: ListingQuery | None = None,
        *,
        settings: Settings | None = None,
        problems: Sequence[str] = (),
    ) -> None:
        self._current_theme: tuple[str, Theme] | None = None
        super().__init__()
        self.session = session
        self.settings = settings or Settings()
        self._problems = list(problems)
        """Config problems to show once the app is up (the terminal hides stderr)."""
        self._reported: set[str] = set()
        """Storage problems already shown: each is said once, not on every listing."""
        start = initial or ListingQuery(ListingKind(self.settings.default_tab))
        self.kind = start.kind
        self.queries: dict[ListingKind, ListingQuery | None] = {
            kind: ListingQuery(kind, session.papers.latest_period(kind))
            if kind is not ListingKind.SEARCH
            else None
            for kind in ListingKind
        }
        self.queries[start.kind] = start
        # Before the screen is built: its first frame shows it.
        session.papers.preload_listing(start)
        first_sort = SortOrder(self.settings.sort)
        self.sorts = {
            kind: SORT_CYCLES[kind][0] if kind in SORT_CYCLES else first_sort
            for kind in ListingKind
        }
        self.listing: Listing | None = None
        self.busy = ""
        self._init_user_data()
        self._init_paper_views()
        self._pending_detail: Paper | None = None
        self._detail_timer: Timer | None = None
        self._theme_timer: Timer | None = None
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        if self.settings.theme:
            self.theme = self.settings.theme

    @property
    def current_theme(self) -> Theme:
        """The active theme, looked up once per theme name.

        Textual copies its theme table on every lookup, and styling asks for the current
        theme once per widget and pseudo-class: hundreds of copies before the first frame.
        """
        cached = self._current_theme
        if cached is None or cached[0] != self.theme:
            cached = (self.theme, super().current_theme)
            self._current_theme = cached
        return cached[1]

    def register_theme(self, theme: Theme) -> None:
        self._current_theme = None
        super().register_theme(theme)

    def unregister_theme(self, theme_name: str) -> None:
        self._current_theme = None
        super().unregister_theme(theme_name)

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        tabs = Tabs(
            *(Tab(f"{n} {kind.title}", id=kind.value) for n, kind in enumerate(ListingKind, 1)),
            active=self.kind.value,
            id="tabs",
        )
        tabs.can_focus = False
        yield tabs
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield PaperList(id="papers")
                yield FilterInput(
                    placeholder="filter: words in title, authors, org, keywords", id="filter"
                )
            yield PaperDetail(id="detail")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def paper_list(self) -> PaperList:
        """The list pane."""
        return self.query_one("#papers", PaperList)

    @property
    def detail(self) -> PaperDetail:
        """The detail pane."""
        return self.query_one("#detail", PaperDetail)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one("#status", StatusLine)

    @property
    def filter_input(self) -> Input:
        """The filter box under the list."""
        return self.query_one("#filter", Input)

    @property
    def current_query(self) -> ListingQuery | None:
        """The listing the active tab shows."""
        return self.queries[self.kind]

    def on_mount(self) -> None:
        self._apply_width(self.size.width)
        self.paper_list.focus()
        if self.settings.hide_read:
            self.paper_list.set_hide_read(True)
        self._load_user_data()
        self._show_tab(self.kind)
        for problem in self._problems:
            self.notify(problem, title="Config", severity="warning", timeout=20, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        """Remember the theme chosen in the palette, once the choice settles."""
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = self.set_timer(1.0, lambda: self._save_theme(theme.name))

    @work(group="settings", exit_on_error=False, description="save theme")
    async def _save_theme(self, name: str) -> None:
        self._theme_timer = None
        if name == self.settings.theme:
            return
        try:
            await self.session.desktop.save_theme(name)
        except PaperReaderError as error:
            self.notify(error.message, title="Theme not saved", severity="warning", markup=False)
            return
        # The file now says `name`: going back to the theme this session began with must
        # be saved too, not mistaken for the one already there.
        self.settings = replace(self.settings, theme=name)

    def watch_theme(self, theme_name: str) -> None:
        """Under NO_COLOR, choose Textual's colour filter again for the new theme.

        Textual chooses it once, for the theme an app starts with: greys for a theme of
        exact colours, or no colours at all for one of the terminal's own (ANSI) colours.
        The greys turn an ANSI theme such as ansi-dark black on black.
        """
        filters = getattr(self, "_filters", None)
        if not getattr(self, "no_color", False) or filters is None:
            return
        wanted = NoColor if self.native_ansi_color else Monochrome
        self._filters = [
            wanted() if isinstance(f, NoColor | Monochrome) and type(f) is not wanted else f
            for f in filters
        ]

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width < NARROW_WIDTH, "-narrow")

    # ----------------------------------------------------------------- loading

    def _load(self, query: ListingQuery, *, force: bool = False) -> None:
        self.busy = "refreshing…" if force else "loading…"
        if self.listing is None or self.listing.query != query:
            self.status.show_message(f"Loading {query.label}…")
        else:
            self._update_status()
        self._load_worker(query, force)

    @work(exclusive=True, group="listing", exit_on_error=False, description="load listing")
    async def _load_worker(self, query: ListingQuery, force: bool) -> None:
        def progress(pages: int, papers: int) -> None:
            self.post_message(ListingProgress(query, pages, papers))

        try:
            async for listing in self.session.papers.stream_listing(
                query, force=force, progress=progress
            ):
                self.post_message(ListingLoaded(listing))
        except PaperReaderError as error:
            self.post_message(ListingFailed(query, error.message))
        finally:
            self.post_message(ListingSettled(query))

    @on(ListingLoaded)
    def _listing_loaded(self, message: ListingLoaded) -> None:
        listing = message.listing
        if listing.query != self.current_query:
            return  # a reply for a tab or period the user has already left
        same = self.listing is not None and self.listing.query == listing.query
        keep = self.paper_list.current.id if same and self.paper_list.current else None
        self.listing = listing
        if len(listing.papers) >= LARGE_LISTING:
            # Tens of thousands of papers make every cyclic GC pass long enough to drop a
            # frame; they hold no cycles, so take them (and what exists now) out of its way.
            gc.freeze()
        self.paper_list.empty_message = _empty_message(listing)
        self.paper_list.set_papers(listing.papers, keep=keep, tags=self.bookmark_tags())
        self.paper_list.set_marks(new=self.new_ids.get(listing.query.key, frozenset()))
        if not listing.papers:
            self._show_detail(None)
        if listing.error and same:
            self.notify(listing.error, title="Could not refresh", severity="warning", markup=False)
        self._update_status()

    @on(ListingFailed)
    def _listing_failed(self, message: ListingFailed) -> None:
        if message.query != self.current_query:
            return
        if self.listing is not None and self.listing.query == message.query:
            self.listing = self.listing.with_error(message.message)
            self._update_status()
            return
        self.listing = None
        hint = "Press r to try again."
        if "--demo" not in message.message and not message.query.kind.is_local:
            hint += " Or try paperreader --demo, which needs no network."
        self.paper_list.empty_message = f"{message.message}  {hint}"
        self.paper_list.set_papers(())
        self._show_detail(None)
        self.status.show_message(message.message, error=True)

    @on(ListingProgress)
    def _listing_progress(self, message: ListingProgress) -> None:
        if message.query != self.current_query:
            return
        self.busy = f"fetched page {message.pages} ({message.papers} papers)…"
        if self.listing is not None and self.listing.query == message.query:
            self._update_status()
        else:
            self.status.show_message(f"Loading {message.query.label}: {self.busy}")

    @on(ListingSettled)
    def _listing_settled(self, message: ListingSettled) -> None:
        self._report_storage()
        if message.query != self.current_query:
            return
        self.busy = ""
        if self.listing is not None and self.listing.query == message.query:
            self._update_status()
            self._visit(self.listing)

    def report_problem(self, title: str, problem: str | None) -> None:
        """Show a problem with the user's files once per session (not on every listing)."""
        if problem and problem not in self._reported:
            self._reported.add(problem)
            self.notify(problem, title=title, severity="warning", timeout=15, markup=False)

    def _report_storage(self) -> None:
        """Say once when the cache or the paper library stopped working or was moved aside."""
        self.report_problem("Cache", self.session.papers.cache_problem())
        self.report_problem("Library", self.session.library.problem())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker must not take the app down: report it in one sentence."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.busy = ""
            self.notify(
                f"Something went wrong: {error!r}", title="Error", severity="error", markup=False
            )

    def _update_status(self) -> None:
        if self.listing is None:
            return
        plist = self.paper_list
        self.status.show_listing(
            self.listing,
            shown=None if plist.counting else plist.visible_count,
            sort=sort_label(self.kind, plist.sorting),
            filter_text=plist.filter_text,
            offline=self.session.offline,
            busy=self.busy,
            new=len(self.new_ids.get(self.listing.query.key, ())),
            hide_read=plist.hide_read,
        )

    # ----------------------------------------------------------------- list and detail

    @on(PaperList.Counted)
    def _filter_counted(self) -> None:
        self._update_status()

    @on(PaperList.Highlighted)
    def _paper_highlighted(self, message: PaperList.Highlighted) -> None:
        # The detail costs far more to draw than a list row, so while the cursor moves
        # quickly (a held key) only the list follows, and the detail catches up once the
        # cursor rests for DETAIL_DELAY.
        self._pending_detail = message.paper
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if self.DETAIL_DELAY <= 0:
            self._flush_detail()
        else:
            self._detail_timer = self.set_timer(self.DETAIL_DELAY, self._flush_detail)

    def _flush_detail(self) -> None:
        self._detail_timer = None
        if not self.is_running or not self.screen.is_attached:
            return  # the timer outlived the app
        self._show_detail(self._pending_detail)
        self._paper_shown(self._pending_detail)
        self._fill_in(self._pending_detail)

    def _show_detail(self, paper: Paper | None) -> None:
        if paper is None:
            self.detail.show(None, hint="No paper selected.")
        else:
            self.detail.show(
                paper,
                self.session.papers.links(paper),
                bookmark=self.bookmarks.get(paper.id),
                extras=self.extras.get(paper.id),
            )

    @on(PaperList.Selected)
    def _paper_selected(self, message: PaperList.Selected) -> None:
        self.screen.add_class("-show-detail")
        self.detail.focus()

    def action_back(self) -> None:
        """Leave the detail, or clear the filter."""
        if self.screen.has_class("-show-detail") or self.focused is self.detail:
            self.screen.remove_class("-show-detail")
            self.paper_list.focus()
        elif self.paper_list.filter_text or self.filter_input.has_class("-visible"):
            self._clear_filter()

    # ----------------------------------------------------------------- tabs and periods

    def action_show_tab(self, kind_value: str) -> None:
        """Switch to a listing tab."""
        kind = ListingKind(kind_value)
        if kind is self.kind:
            return
        self.query_one(Tabs).active = kind.value

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        kind = ListingKind(event.tab.id)
        if kind is not self.kind:
            self._show_tab(kind)

    def _show_tab(self, kind: ListingKind) -> None:
        self.kind = kind
        self._clear_filter(refocus=False)
        self.filter_input.placeholder = (
            "search the library: words, author:, org:, year:, upvotes:>N, has:code"
            if kind is ListingKind.LIBRARY
            else "filter: title, authors, org, keywords, tag:"
        )
        self.paper_list.set_sort(self.sorts[kind])
        query = self.queries[kind]
        if kind is ListingKind.LIBRARY and query is not None and query.text:
            # The library's search is kept while other tabs are shown: back here it is in
            # its box again, where esc clears it (not hidden with no way to clear it).
            self.filter_input.value = query.text
            self.filter_input.add_class("-visible")
        self.listing = None
        if query is None:
            self.paper_list.empty_message = "Press f to search Hugging Face Papers."
            self.paper_list.set_papers(())
            self._show_detail(None)
            self.status.show_message("Search: press f and type what to look for.")
            self.action_search()
            return
        self.paper_list.empty_message = f"Loading {query.label}…"
        self.paper_list.set_papers(())
        self._show_detail(None)
        self._load(query)

    def _go(self, query: ListingQuery) -> None:
        self.queries[query.kind] = query
        if query.kind is self.kind:
            self.listing = None
            self.paper_list.empty_message = f"Loading {query.label}…"
            self.paper_list.set_papers(())
            self._load(query)
        else:
            self.query_one(Tabs).active = query.kind.value

    def action_step(self, delta: int) -> None:
        """Show the previous (-1) or next (+1) day, week or month."""
        query = self.current_query
        if query is None or self.kind in (ListingKind.TRENDING, ListingKind.SEARCH):
            self.notify(f"{self.kind.title} has no days to step through.", severity="warning")
            return
        current = query.period or (self.listing.effective_period if self.listing else None)
        current = current or periods.today(self.session.clock()).isoformat()
        target = periods.step(self.kind, current, delta)
        if self.session.papers.is_future(self.kind, target):
            self.notify("Already at the latest.", severity="information")
            return
        if self.kind is ListingKind.DAILY and target < periods.FIRST_DAY.isoformat():
            self.notify("Daily Papers begins on 2023-05-04.", severity="information")
            return
        self._go(ListingQuery(self.kind, target))

    def action_latest(self) -> None:
        """Back to the latest day, week or month."""
        if self.kind in (ListingKind.TRENDING, ListingKind.SEARCH):
            return
        self._go(ListingQuery(self.kind, self.session.papers.latest_period(self.kind)))

    def action_goto(self) -> None:
        """Ask for a date, week or month and show it."""
        query = self.current_query
        value = query.period if query and query.period else ""
        self.push_screen(
            PromptScreen(
                "Go to a date (YYYY-MM-DD), week (YYYY-Www) or month (YYYY-MM)",
                placeholder="2026-03-06, 2026-W10 or 2026-03",
                value=value or "",
            ),
            self._goto_answered,
        )

    def _goto_answered(self, answer: str | None) -> None:
        if not answer:
            return
        try:
            kind, period = periods.guess_period(answer)
        except PaperReaderError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        if self.session.papers.is_future(kind, period):
            self.notify(f"{period} is in the future.", severity="warning", markup=False)
            return
        self._go(ListingQuery(kind, period))

    def action_search(self) -> None:
        """Ask what to search Hugging Face Papers for."""
        query = self.queries[ListingKind.SEARCH]
        self.push_screen(
            PromptScreen(
                "Search Hugging Face Papers",
                placeholder="for example: mixture of experts",
                value=query.text or "" if query else "",
            ),
            self._search_answered,
        )

    def _search_answered(self, answer: str | None) -> None:
        if answer:
            self._go(ListingQuery(ListingKind.SEARCH, text=answer[:250]))

    def action_refresh(self) -> None:
        """Fetch the listing again, bypassing the cache."""
        query = self.current_query
        if query is None:
            self.action_search()
            return
        if self.session.offline:
            self.notify("Offline mode: showing what is cached.", severity="warning")
        self._load(query, force=True)

    # ----------------------------------------------------------------- filter and sort

    def action_filter(self) -> None:
        """Filter the list as you type."""
        self.filter_input.add_class("-visible")
        self.filter_input.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.kind is ListingKind.LIBRARY:
            self._search_library(event.value)
            return
        self.paper_list.set_filter(event.value)
        self._update_status()

    def _search_library(self, text: str) -> None:
        """In the Library tab the filter box searches the whole library, as you type."""
        text = " ".join(text.split())
        current = self.queries[ListingKind.LIBRARY]
        if current is not None and (current.text or "") == text:
            return
        query = ListingQuery(ListingKind.LIBRARY, text=text or None)
        self.queries[ListingKind.LIBRARY] = query
        self.busy = "searching…"
        self._load_worker(query, False)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.filter_input.remove_class("-visible")
        self.paper_list.focus()

    def _clear_filter(self, refocus: bool = True) -> None:
        self.filter_input.value = ""
        self.filter_input.remove_class("-visible")
        self.paper_list.set_filter("")
        if refocus:
            self.paper_list.focus()
        self._update_status()

    def action_cycle_sort(self) -> None:
        """Sort by the next order (upvotes, newest, title, comments)."""
        cycle = SORT_CYCLES.get(self.kind, DEFAULT_SORT_CYCLE)
        current = self.paper_list.sorting
        order = cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else cycle[0]
        self.sorts[self.kind] = order
        self.paper_list.set_sort(order)
        self._update_status()
        self.notify(f"Sorted by {sort_label(self.kind, order)}", timeout=2)

    # ----------------------------------------------------------------- links

    def action_open_page(self) -> None:
        """Open the paper's Hugging Face page in the browser."""
        paper = self.paper_list.current
        if paper is not None:
            self._open(self.session.papers.links(paper).hf)

    def action_open_pdf(self) -> None:
        """Open the paper's PDF in the browser."""
        paper = self.paper_list.current
        if paper is not None:
            self._open(self.session.papers.links(paper).pdf)

    @work(group="open", exit_on_error=False, description="open link")
    async def _open(self, url: str) -> None:
        try:
            await self.session.desktop.open_url(url)
        except PaperReaderError as error:
            self.notify(error.message, title="Not opened", severity="warning", markup=False)
        else:
            self.notify(f"Opened {url}", markup=False, timeout=3)

    # ----------------------------------------------------------------- help and palette

    def action_help(self) -> None:
        """Show every key that works here."""
        self.push_screen(HelpScreen(self.key_rows()))

    def key_rows(self) -> list[tuple[str, str, str]]:
        """(section, keys, description) for every live binding, remapped keys included."""
        sections = (("General", self), ("List", self.paper_list), ("Detail", self.detail))
        rows: list[tuple[str, str, str]] = []
        for section, node in sections:
            grouped: dict[tuple[str, str], list[str]] = {}
            for key, binding in self._live_bindings(node):
                # Textual's own scrolling bindings have no id; ours all do (and the app's
                # built-in quit and palette keys are worth listing too).
                if not binding.description or (binding.id is None and node is not self):
                    continue
                shown = self.get_key_display(binding.with_key(key))
                text = binding.tooltip or binding.description
                grouped.setdefault((binding.action, text), []).append(shown)
            for (_action, description), keys in grouped.items():
                rows.append((section, " / ".join(dict.fromkeys(keys)), description))
        return rows

    def _live_bindings(self, node: DOMNode) -> BindingsMap:
        """`node`'s bindings with the keymap applied: the keys that actually work."""
        bindings = node._bindings.copy()
        if self._keymap:
            bindings.apply_keymap(self._keymap)
        return bindings

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for _key, binding in self._live_bindings(self):
            if binding.action in seen or binding.action in {"quit", "back"}:
                continue
            seen.add(binding.action)
            if binding.action.startswith(("focus_", "show_tab")):
                continue
            yield SystemCommand(
                binding.description,
                f"{binding.description} (key: {self.get_key_display(binding)})",
                lambda action=binding.action: self.run_action(action),
            )
        yield SystemCommand(
            "Export bookmarks",
            "Write your bookmarks to a .bib, .md, .json or .csv file",
            self.action_export_bookmarks,
        )
        for kind in ListingKind:
            yield SystemCommand(
                f"Show {kind.title}",
                f"Switch to the {kind.title} tab",
                lambda kind=kind: self.action_show_tab(kind.value),
            )

    async def action_quit(self) -> None:
        """Leave the app."""
        await self.session.aclose()
        self.exit()


def _empty_message(listing: Listing) -> str:
    if listing.query.kind is ListingKind.LIBRARY:
        if listing.query.text:
            return f"Nothing in the library matches “{listing.query.text}”."
        return (
            "The library is empty. It keeps every listing you open; "
            "`paperreader sync` fetches the whole archive."
        )
    if listing.query.kind is ListingKind.BOOKMARKS:
        return "No bookmarks yet: press b on a paper to keep it here, readable offline."
    if listing.unreadable:
        return f"{listing.unreadable} Press r to try again."
    if listing.query.kind is ListingKind.SEARCH:
        return f"No papers match “{listing.query.text}”."
    period = listing.query.period or listing.effective_period or "this period"
    return f"No papers for {period}. Press [ for the one before."
