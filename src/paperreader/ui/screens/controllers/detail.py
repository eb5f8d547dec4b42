"""The detail pane follows the cursor, without holding the cursor back.

The detail costs far more to draw than a list row, so while the cursor moves quickly (a held
key) only the list follows, and the detail catches up once the cursor rests. A paper the
detail has shown a moment counts as read, and its linked repos are asked for once the cursor
has rested on it a while longer.
"""

from __future__ import annotations

from functools import partial

from textual.cache import LRUCache
from textual.timer import Timer
from textual.widget import Widget

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Paper
from paperreader.service.session import Session
from paperreader.ui.marks import PaperMarks
from paperreader.ui.messages import TextsLoaded
from paperreader.ui.screens.controllers.paper_views import PaperViews
from paperreader.ui.screens.controllers.user_data import UserDataController
from paperreader.ui.widgets.paper_detail import PaperDetail
from paperreader.ui.workers import start_worker


class DetailFollower:
    """Shows the paper under the cursor in the detail pane, once the cursor rests."""

    DETAIL_DELAY = 0.05
    """Seconds the cursor must rest before the detail pane follows it (0: at once)."""

    EXTRAS_AFTER = 10
    """The linked repos are asked for once the cursor has rested on a paper this many times
    DETAIL_DELAY (half a second as shipped; at once when that is 0). A held key lets the
    detail catch up with paper after paper whenever drawing falls behind the key's repeat;
    asking the hub about each would spend its rate limit on papers nobody stopped at."""

    TEXTS_KEPT = 64
    """Papers of a large listing kept with their texts read back, the latest shown: going
    back to one shows it at once."""

    def __init__(
        self,
        host: Widget,
        session: Session,
        marks: PaperMarks,
        detail: PaperDetail,
        paper_views: PaperViews,
        user_data: UserDataController,
    ) -> None:
        self._host = host
        self._session = session
        self._marks = marks
        self._detail = detail
        self._paper_views = paper_views
        self._user_data = user_data
        self._pending: Paper | None = None
        self.timer: Timer | None = None
        """Counts down to showing the paper the cursor rests on."""
        self._whole: LRUCache[str, Paper] = LRUCache(self.TEXTS_KEPT)
        """Paper id -> the paper with its texts read back (a large listing's)."""
        self._texts_problems: dict[str, str] = {}
        """Paper id -> why its texts could not be read back."""
        self._reading: str | None = None
        """The id of the paper whose texts are being read back: described again meanwhile
        (its highlight, the bookmarks arriving), it waits for that read, not a new one."""

    def highlighted(self, paper: Paper | None) -> None:
        """The cursor moved to `paper` (or to none): follow it once it rests."""
        self._pending = paper
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if self.DETAIL_DELAY <= 0:
            self._catch_up()
        else:
            self.timer = self._host.set_timer(self.DETAIL_DELAY, self._catch_up)

    def _catch_up(self) -> None:
        self.timer = None
        if not self._host.is_running or not self._host.is_attached:
            return  # the timer outlived the app
        paper = self._pending
        # A paper rested on again tries again to read its texts; one the pane describes
        # already (the first, drawn with the first frame) is not described twice.
        retry = paper is not None and self._texts_problems.pop(paper.id, None) is not None
        if retry or paper is None or paper is not self._detail.paper:
            self.show(paper)
        self._user_data.paper_shown(paper)
        self._paper_views.fill_in(paper, self.EXTRAS_AFTER * self.DETAIL_DELAY)

    def show(self, paper: Paper | None) -> None:
        """Describe `paper` now, with the user's bookmark and what is known of its repos; a
        paper of a large listing says its texts are loading until they are read back."""
        if paper is None:
            self._detail.show(None, hint="No paper selected.")
            return
        if paper.texts_elsewhere:
            whole = self._whole.get(paper.id)
            if whole is not None:
                paper = whole
            elif paper.id not in self._texts_problems and paper.id != self._reading:
                self._load_texts(paper)
        self._detail.show(
            paper,
            self._session.papers.links(paper),
            bookmark=self._marks.bookmarks.get(paper.id),
            extras=self._paper_views.extras.get(paper.id),
            texts_problem=self._texts_problems.get(paper.id),
        )

    def _load_texts(self, paper: Paper) -> None:
        self._reading = paper.id
        start_worker(
            self._host,
            partial(self._read_texts, paper),
            name="load_texts",
            group="texts",
            description="paper texts",
            exclusive=True,  # only the paper the cursor rests on now is worth reading
        )

    async def _read_texts(self, paper: Paper) -> None:
        try:
            whole = await self._session.texts.complete_one(paper)
        except PaperReaderError as error:
            self._host.post_message(TextsLoaded(paper, error.message))
            return
        finally:
            if self._reading == paper.id:  # not when a read for another paper replaced it
                self._reading = None
        self._host.post_message(TextsLoaded(whole))

    def texts_loaded(self, message: TextsLoaded) -> None:
        """Keep a paper's texts that were read back, and show them if it is still shown."""
        paper = message.paper
        if message.problem is not None:
            self._texts_problems[paper.id] = message.problem
        else:
            self._whole[paper.id] = paper
        self.refresh_if_shown(paper.id)

    def refresh_if_shown(self, paper_id: str) -> None:
        """Describe the paper again if the pane shows it (its extras arrived)."""
        shown = self._detail.paper
        if shown is not None and shown.id == paper_id:
            self.show(shown)
