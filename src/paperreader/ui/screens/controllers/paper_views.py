"""More of a paper than the listing has: linked repos in the detail, the full text, the
discussion and the links menu.

Workers ask the session and post messages; the main screen's handlers hand them back here.
What was learnt (each paper's extras, the place reached in each full text) is kept here once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.widget import Widget

from paperreader.config.keymap import hint
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Paper
from paperreader.service.session import Session
from paperreader.ui.bindings import keys_in_force
from paperreader.ui.messages import ExtrasLoaded, LinksReady, OpenLink
from paperreader.ui.screens.controllers.copying import Copier
from paperreader.ui.workers import start_worker

if TYPE_CHECKING:
    from paperreader.domain.details import PaperExtras


class PaperViews:
    """Full text (v), discussion (c), links menu (L) and the detail's linked repos."""

    def __init__(
        self,
        host: Widget,
        session: Session,
        copier: Copier,
        current: Callable[[], Paper | None],
    ) -> None:
        self._host = host
        self._session = session
        self._copier = copier
        self._current = current
        """The paper under the cursor now (a timer checks it is still the same)."""
        self.extras: dict[str, PaperExtras] = {}
        """Paper id -> what only the paper endpoint knows (linked repos, comment count)."""
        self.reading_positions: dict[str, float] = {}
        """Paper id -> where the reader was left in its full text."""
        self.extras_timer: Timer | None = None
        """Counts down to asking for the linked repos of the paper the cursor rests on."""

    # ------------------------------------------------------------------ the detail fills in

    def fill_in(self, paper: Paper | None, delay: float) -> None:
        """Ask for the paper's linked repos once the cursor has rested on it for `delay`
        seconds (never blocks keys)."""
        if self.extras_timer is not None:
            self.extras_timer.stop()
            self.extras_timer = None
        if paper is None or paper.id in self.extras or self._session.offline:
            return
        if delay <= 0:
            self._load_extras(paper.id)
            return

        def rested() -> None:
            self.extras_timer = None
            if not self._host.is_running:
                return  # due while the app closes
            current = self._current()
            if current is not None and current.id == paper.id and paper.id not in self.extras:
                self._load_extras(paper.id)

        self.extras_timer = self._host.set_timer(delay, rested)

    def _load_extras(self, paper_id: str) -> None:
        start_worker(
            self._host,
            partial(self._fetch_extras, paper_id),
            name="load_extras",
            group="extras",
            description="paper extras",
            exclusive=True,
        )

    async def _fetch_extras(self, paper_id: str) -> None:
        try:
            extras = await self._session.details.get_extras(paper_id)
        except Exception as error:  # background enrichment: the listing's facts stay
            self._host.log.warning(f"extras for {paper_id} unavailable: {error!r}")
            return
        self._host.post_message(ExtrasLoaded(extras))

    def extras_loaded(self, message: ExtrasLoaded) -> None:
        """Keep the extras that arrived."""
        self.extras[message.extras.paper_id] = message.extras

    # ------------------------------------------------------------------ the browser

    def open_page(self, paper: Paper) -> None:
        """Open the paper's Hugging Face page in the browser."""
        self._host.post_message(OpenLink(self._session.papers.links(paper).hf))

    def open_pdf(self, paper: Paper) -> None:
        """Open the paper's PDF in the browser."""
        self._host.post_message(OpenLink(self._session.papers.links(paper).pdf))

    # ------------------------------------------------------------------ full text

    def read_full_text(self, paper: Paper) -> None:
        """Open the reader on the paper's full text, where it was left."""
        from paperreader.ui.screens.reader import ReaderScreen

        def closed(position: float | None) -> None:
            if position is not None:
                self.reading_positions[paper.id] = position

        self._host.app.push_screen(
            ReaderScreen(
                self._session,
                paper,
                self._session.papers.links(paper),
                self.reading_positions.get(paper.id, 0),
            ),
            closed,
        )

    # ------------------------------------------------------------------ discussion

    def discussion(self, paper: Paper) -> None:
        """Open the paper's discussion."""
        from paperreader.ui.screens.discussion import DiscussionScreen

        self._host.app.push_screen(DiscussionScreen(self._session, paper))

    # ------------------------------------------------------------------ links

    def links_menu(self, paper: Paper) -> None:
        """Gather the paper's links (linked repos included) for the links menu."""
        start_worker(
            self._host,
            partial(self._gather_links, paper),
            name="gather_links",
            group="links",
            description="links",
            exclusive=True,
        )

    async def _gather_links(self, paper: Paper) -> None:
        extras = self.extras.get(paper.id)
        if extras is None and not self._session.offline:
            try:
                extras = await self._session.details.get_extras(paper.id)
            except PaperReaderError as error:
                self._host.notify(
                    f"Linked repos unavailable: {error.message}",
                    severity="warning",
                    markup=False,
                )
        if extras is not None:
            self._host.post_message(ExtrasLoaded(extras))
        self._host.post_message(LinksReady(paper, self._session.papers.repo_links(paper, extras)))

    def links_ready(self, message: LinksReady) -> None:
        """Open the links menu: enter opens a link in the browser, the copy key copies it."""
        from paperreader.ui.screens.menu import MenuScreen

        urls = {f"link{n}": (label, url) for n, (label, url) in enumerate(message.links)}
        choices = [(key, label, url) for key, (label, url) in urls.items()]

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None or answer[0] not in urls:
                return
            label, url = urls[answer[0]]
            if answer[1] == "copy":
                self._copier.copy(f"{label} link", url)
            else:
                self._host.post_message(OpenLink(url))

        keys = keys_in_force(self._host.app)
        self._host.app.push_screen(
            MenuScreen(
                f"Links: {message.paper.title}",
                choices,
                primary="open",
                other_keys=dict.fromkeys(keys["copy"].split(","), "copy"),
                hint=hint(
                    "enter or 1-9 opens in the browser · {copy} copies · {menu.cancel} closes",
                    keys,
                ),
            ),
            chosen,
        )
