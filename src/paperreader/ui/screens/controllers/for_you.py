"""The For-you tab and the keys that feed it: `w` to watch, `m` for papers like this one.

The tab is a listing like the Bookmarks and Library tabs (`session.recommend` makes it); its
label counts the papers the watches found that it has not shown yet. `m` shows papers like
the one under the cursor in the same tab, and `esc` goes back to For you.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.widget import Widget

from paperreader.config.keymap import hint
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import ListingKind, ListingQuery, Paper
from paperreader.domain.text import shorten
from paperreader.service.session import Session
from paperreader.ui.bindings import keys_in_force
from paperreader.ui.messages import ForYouCounted, WatchAdded
from paperreader.ui.workers import start_worker

QUERY_CHOICE = "query"
"""The menu's last choice: type a query to watch."""


class ForYouController:
    """Counts what is new for the tab's label, adds watches, shows papers alike."""

    def __init__(
        self,
        host: Widget,
        session: Session,
        go: Callable[[ListingQuery], None],
        current_query: Callable[[], ListingQuery | None],
    ) -> None:
        """`go` shows a listing in its tab; `current_query` is the active tab's listing."""
        self._host = host
        self._session = session
        self._go = go
        self._current_query = current_query

    # -- the tab's label ------------------------------------------------------------------

    def count_new(self) -> None:
        """Count, in a worker, what the tab has not shown yet (its label then says so)."""
        start_worker(
            self._host,
            self._count,
            name="for_you_count",
            group="for_you_count",
            description="count new papers for you",
            exclusive=True,
        )

    async def _count(self) -> None:
        try:
            new = await self._session.recommend.new_count()
        except PaperReaderError:
            return  # no library, no watches: a count is not worth a message
        self._host.post_message(ForYouCounted(new))

    # -- papers alike ---------------------------------------------------------------------

    def similar(self, paper: Paper) -> None:
        """Show the papers like `paper` in the For-you tab."""
        self._go(ListingQuery(ListingKind.FOR_YOU, text=paper.id))

    def back(self) -> bool:
        """From papers alike back to For you; False when there is nothing to go back from."""
        query = self._current_query()
        if query is None or query.kind is not ListingKind.FOR_YOU or not query.text:
            return False
        self._go(ListingQuery(ListingKind.FOR_YOU))
        return True

    # -- watching -------------------------------------------------------------------------

    def watch(self, paper: Paper) -> None:
        """Offer to watch the paper's authors, its organisation, or a typed query."""
        from paperreader.domain.watches import offered_watches
        from paperreader.ui.screens.menu import MenuScreen

        offered = {f"w{n}": w for n, w in enumerate(offered_watches(paper))}
        choices = [(key, w.kind.value.capitalize(), w.text) for key, w in offered.items()]
        choices.append((QUERY_CHOICE, "Query", "type a query in the library's search language"))

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            if answer[0] == QUERY_CHOICE:
                self._ask_query()
            elif answer[0] in offered:
                watch = offered[answer[0]]
                self._add(watch.kind.value, watch.text)

        keys = hint("enter or 1-9 watches · {menu.cancel} closes", keys_in_force(self._host.app))
        title = f"Watch — {shorten(paper.title, 60)}"
        self._host.app.push_screen(MenuScreen(title, choices, primary="watch", hint=keys), chosen)

    def _ask_query(self) -> None:
        from paperreader.ui.screens.prompt import PromptScreen

        def answered(answer: str | None) -> None:
            if answer and answer.strip():
                self._add("query", answer)

        self._host.app.push_screen(
            PromptScreen(
                'Watch a query (library search: words, "phrases", author:, org:, has:code)',
                placeholder='for example: "mixture of experts" has:code',
            ),
            answered,
        )

    def _add(self, kind: str, text: str) -> None:
        start_worker(
            self._host,
            partial(self._add_watch, kind, text),
            name="add_watch",
            group="watches",
            description="add a watch",
        )

    async def _add_watch(self, kind: str, text: str) -> None:
        try:
            watch, added = await self._session.watches.add(kind, text)
        except PaperReaderError as error:
            self._host.notify(error.message, severity="error", markup=False)
            return
        self._host.post_message(WatchAdded(watch.label, added))

    def watch_added(self, message: WatchAdded) -> None:
        """Say so, and count again what the watches bring."""
        said = "Watching" if message.added else "Already watching"
        self._host.notify(f"{said} {message.label}", markup=False, timeout=3)
        self.count_new()
