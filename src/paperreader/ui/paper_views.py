"""More of a paper than the listing has: linked repos in the detail, the full text, the
discussion and the links menu. A mixin of PaperReaderApp; workers call the service and
post messages, handlers update the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.timer import Timer

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Paper, PaperExtras

if TYPE_CHECKING:
    from paperreader.ui.app import PaperReaderApp


@dataclass
class ExtrasLoaded(Message):
    """What only the paper endpoint knows (linked repos, comment count) arrived."""

    extras: PaperExtras


@dataclass
class LinksReady(Message):
    """The links menu can open: (label, url) pairs for `paper`."""

    paper: Paper
    links: list[tuple[str, str]]


class PaperViewsMixin:
    """Full text (v), discussion (c), links menu (L) and the detail's linked repos."""

    EXTRAS_AFTER = 10
    """The linked repos are asked for once the cursor has rested on a paper this many times
    the detail's DETAIL_DELAY (half a second as shipped; at once when that is 0). A held key
    lets the detail catch up with paper after paper whenever drawing falls behind the key's
    repeat; asking the hub about each would spend its rate limit on papers nobody stopped at."""

    extras: dict[str, PaperExtras]
    reading_positions: dict[str, float]
    _extras_timer: Timer | None

    def _init_paper_views(self: PaperReaderApp) -> None:
        self.extras = {}
        self.reading_positions = {}
        self._extras_timer = None

    # ------------------------------------------------------------------ the detail fills in

    def _fill_in(self: PaperReaderApp, paper: Paper | None) -> None:
        """Ask for the paper's linked repos once the cursor rests on it (never blocks keys)."""
        if self._extras_timer is not None:
            self._extras_timer.stop()
            self._extras_timer = None
        if paper is None or paper.id in self.extras or self.session.offline:
            return
        delay = self.EXTRAS_AFTER * self.DETAIL_DELAY
        if delay <= 0:
            self._load_extras(paper.id)
            return

        def rested() -> None:
            self._extras_timer = None
            if not self.is_running:
                return  # due while the app closes
            current = self.paper_list.current
            if current is not None and current.id == paper.id and paper.id not in self.extras:
                self._load_extras(paper.id)

        self._extras_timer = self.set_timer(delay, rested)

    @work(exclusive=True, group="extras", exit_on_error=False, description="paper extras")
    async def _load_extras(self: PaperReaderApp, paper_id: str) -> None:
        try:
            extras = await self.session.details.get_extras(paper_id)
        except Exception as error:  # background enrichment: the listing's facts stay
            self.log.warning(f"extras for {paper_id} unavailable: {error!r}")
            return
        self.post_message(ExtrasLoaded(extras))

    def on_extras_loaded(self: PaperReaderApp, message: ExtrasLoaded) -> None:
        self._report_storage()  # fetching them may have found the cache unwritable
        self.extras[message.extras.paper_id] = message.extras
        current = self.detail.paper
        if current is not None and current.id == message.extras.paper_id:
            self._show_detail(current)

    # ------------------------------------------------------------------ full text

    def action_read_full_text(self: PaperReaderApp) -> None:
        """Read the paper's full text."""
        from paperreader.ui.screens.reader import ReaderScreen

        paper = self.paper_list.current
        if paper is None:
            return

        def closed(position: float | None) -> None:
            if position is not None:
                self.reading_positions[paper.id] = position

        self.push_screen(
            ReaderScreen(
                paper, self.session.papers.links(paper), self.reading_positions.get(paper.id, 0)
            ),
            closed,
        )

    # ------------------------------------------------------------------ discussion

    def action_discussion(self: PaperReaderApp) -> None:
        """Read the paper's discussion."""
        from paperreader.ui.screens.discussion import DiscussionScreen

        paper = self.paper_list.current
        if paper is not None:
            self.push_screen(DiscussionScreen(paper))

    # ------------------------------------------------------------------ links

    def action_links_menu(self: PaperReaderApp) -> None:
        """Choose a link to open (or copy with y): paper, code, linked repos."""
        paper = self.paper_list.current
        if paper is not None:
            self._gather_links(paper)

    @work(exclusive=True, group="links", exit_on_error=False, description="links")
    async def _gather_links(self: PaperReaderApp, paper: Paper) -> None:
        extras = self.extras.get(paper.id)
        if extras is None and not self.session.offline:
            try:
                extras = await self.session.details.get_extras(paper.id)
            except PaperReaderError as error:
                self.notify(
                    f"Linked repos unavailable: {error.message}",
                    severity="warning",
                    markup=False,
                )
        if extras is not None:
            self.post_message(ExtrasLoaded(extras))
        self.post_message(LinksReady(paper, self.session.papers.repo_links(paper, extras)))

    def on_links_ready(self: PaperReaderApp, message: LinksReady) -> None:
        from paperreader.ui.screens.menu import MenuScreen

        urls = {f"link{n}": (label, url) for n, (label, url) in enumerate(message.links)}
        choices = [(key, label, url) for key, (label, url) in urls.items()]

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None or answer[0] not in urls:
                return
            label, url = urls[answer[0]]
            if answer[1] == "copy":
                self._copy(f"{label} link", url)
            else:
                self.open_link(url)

        self.push_screen(
            MenuScreen(
                f"Links: {message.paper.title}",
                choices,
                primary="open",
                other_keys={"y": "copy"},
                hint="enter or 1-9 opens in the browser · y copies · esc closes",
            ),
            chosen,
        )

    def open_link(self: PaperReaderApp, url: str) -> None:
        """Open a web link in the browser (the service refuses anything but http(s))."""
        self._open(url)
