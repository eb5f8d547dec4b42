"""Moving between listings: the tabs, the periods of a dated tab, a search, a refresh.

`Navigation` says where each tab stands and which moves are allowed; this controller makes
the moves on screen: it switches the tab, empties the list for the listing to come, and asks
for it to be loaded.
"""

from __future__ import annotations

from textual.widget import Widget

from paperreader.config.keymap import hint
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.service.session import Session
from paperreader.ui.bindings import keys_in_force
from paperreader.ui.screens.controllers.detail import DetailFollower
from paperreader.ui.screens.controllers.filtering import FilterController
from paperreader.ui.screens.controllers.listings import ListingController
from paperreader.ui.screens.controllers.navigation import Navigation, Refusal
from paperreader.ui.widgets.status_line import StatusLine
from paperreader.ui.widgets.tab_bar import TabBar

SHORT_TITLES = {
    "daily": "Day",
    "weekly": "Week",
    "monthly": "Month",
    "trending": "Trend",
    "bookmarks": "Marks",
    "library": "Lib",
    "for_you": "You",
}
"""The tabs' names in a narrow terminal, where the full ones push the last tabs off screen."""


class TabController:
    """Shows the listing the user moves to, in its tab."""

    def __init__(
        self,
        host: Widget,
        session: Session,
        navigation: Navigation,
        tabs: TabBar,
        listings: ListingController,
        filtering: FilterController,
        detail: DetailFollower,
        status: StatusLine,
    ) -> None:
        self._host = host
        self._session = session
        self._navigation = navigation
        self._tabs = tabs
        self._listings = listings
        self._filtering = filtering
        self._detail = detail
        self._status = status
        self._short = False
        self._for_you_new = 0

    def label(self, *, short: bool | None = None, for_you_new: int | None = None) -> None:
        """Name each tab with the key that shows it, as remapped, and the For you tab with
        how many papers are new there; `short` names fit every tab in a narrow terminal.
        What is not given stays as it was."""
        if short is not None:
            self._short = short
        if for_you_new is not None:
            self._for_you_new = for_you_new
        key_map = keys_in_force(self._host.app)
        labels = []
        for kind in ListingKind:
            title = SHORT_TITLES.get(kind.value, kind.title) if self._short else kind.title
            label = f"{hint(f'{{tab.{kind.value}}}', key_map)} {title}"
            new = self._for_you_new if kind is ListingKind.FOR_YOU else 0
            labels.append(f"{label} ({new})" if new else label)
        self._tabs.set_labels(labels, tight=self._short)

    def switch(self, kind: ListingKind) -> None:
        """Make `kind` the active tab (its listing is shown once the tab is activated)."""
        if kind is not self._navigation.kind:
            self._tabs.active = kind.value

    def show(self, kind: ListingKind) -> None:
        """Show tab `kind` as it was left: its listing, sort and (library) search."""
        self._navigation.kind = kind
        query = self._navigation.query
        self._filtering.switch_tab(kind, query)
        if query is None:
            # Nothing is asked until the user asks: a prompt opened by the tab would take
            # the next key (the search key the list names, another tab's number) as text.
            self.show_no_search()
            return
        self._listings.show_empty(f"Loading {query.label}…")
        self._detail.show(None)
        self._listings.load(query)

    def show_no_search(self) -> None:
        """The Search tab before a search: it says which key asks for one."""
        key_map = keys_in_force(self._host.app)
        self._listings.show_empty(hint("Press {search} to search Hugging Face Papers.", key_map))
        self._detail.show(None)
        self._status.show_message(
            hint("Search: press {search} and type what to look for.", key_map)
        )

    def go(self, query: ListingQuery | Refusal) -> None:
        """Show `query` in its tab, or say why there is nothing to go to."""
        if isinstance(query, Refusal):
            self._host.notify(query.message, severity=query.severity, markup=False)
            return
        self._navigation.land(query)
        if query.kind is self._navigation.kind:
            self._listings.show_empty(f"Loading {query.label}…")
            self._listings.load(query)
        else:
            self._tabs.active = query.kind.value

    def step(self, delta: int) -> None:
        """Show the previous (-1) or next (+1) day, week or month."""
        self.go(self._navigation.step(delta, self._listings.listing))

    def latest(self) -> None:
        """Back to the latest day, week or month."""
        self.go(self._navigation.latest())

    def goto(self) -> None:
        """Ask for a date, week or month and show it (the prompt stays open on a mistake)."""
        from paperreader.ui.screens.prompt import PromptScreen

        query = self._navigation.query

        async def accept(answer: str) -> None:
            self.go(self._navigation.goto(answer))

        self._host.app.push_screen(
            PromptScreen(
                "Go to a date (YYYY-MM-DD), week (YYYY-Www), month (YYYY-MM) or paper (id or link)",
                placeholder="2026-03-06, 2026-W10, 2026-03 or 2603.01234",
                value=query.period or "" if query else "",
                accept=accept,
            )
        )

    def search(self) -> None:
        """Ask what to search Hugging Face Papers for."""
        from paperreader.ui.screens.prompt import PromptScreen

        query = self._navigation.queries[ListingKind.SEARCH]

        async def accept(answer: str) -> None:
            self.go(ListingQuery(ListingKind.SEARCH, text=answer[:250]))

        self._host.app.push_screen(
            PromptScreen(
                "Search Hugging Face Papers",
                placeholder="for example: mixture of experts",
                value=query.text or "" if query else "",
                accept=accept,
            )
        )

    def refresh(self) -> None:
        """Fetch the listing again, bypassing the cache."""
        query = self._navigation.query
        if query is None:
            key_map = keys_in_force(self._host.app)
            self._host.notify(hint("Nothing to refresh: press {search} to search.", key_map))
            return
        if self._session.offline:
            self._host.notify(
                "Offline mode: nothing is fetched; reading what is on this machine again.",
                severity="warning",
            )
        self._listings.load(query, force=True)
