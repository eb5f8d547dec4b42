"""The user's own data on the main screen: bookmarks, tags, notes, read marks, visits.

Actions start workers on the screen; the workers ask the session and post messages, and the
screen's handlers hand them back here to update the `PaperMarks` before redrawing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.timer import Timer
from textual.widget import Widget

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Bookmark, Listing, Origin, Paper
from paperreader.service.session import Session
from paperreader.ui.marks import PaperMarks
from paperreader.ui.messages import (
    BookmarksChanged,
    ReadChanged,
    UserDataLoaded,
    VisitRecorded,
)
from paperreader.ui.screens.controllers.problems import ProblemReporter
from paperreader.ui.screens.prompt import PromptScreen
from paperreader.ui.workers import start_worker


class UserDataController:
    """Keeps the screen's `PaperMarks` in step with the session's user data."""

    READ_AFTER_SECONDS = 1.5
    """A paper shown in the detail pane this long counts as read."""

    def __init__(
        self,
        host: Widget,
        session: Session,
        marks: PaperMarks,
        problems: ProblemReporter,
        current: Callable[[], Paper | None],
    ) -> None:
        self._host = host
        self._session = session
        self._marks = marks
        self._problems = problems
        self._current = current
        """The paper under the cursor now (a timer checks it is still the same)."""
        self._visited: set[str] = set()
        self.read_timer: Timer | None = None
        """Counts down to marking the paper on screen read."""
        self._read_problem: str | None = None
        """The last failure of an automatic read mark, reported once rather than per paper."""

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """Read the bookmarks and read marks (once, at start-up)."""
        start_worker(
            self._host, self._load, name="load", group="user-data", description="load bookmarks"
        )

    async def _load(self) -> None:
        bookmarks = await self._session.user_data.bookmarks()
        read_ids = await self._session.user_data.read_ids()
        self._host.post_message(
            UserDataLoaded(bookmarks, read_ids, self._session.user_data.problem())
        )

    def loaded(self, message: UserDataLoaded) -> None:
        """Take the marks read at start-up."""
        self._marks.read = message.read_ids
        self.bookmarks_changed(message.bookmarks)
        self._problems.report("Bookmarks", message.problem)

    def bookmarks_changed(self, bookmarks: list[Bookmark]) -> None:
        """Take the bookmarks as the session has them now."""
        self._marks.bookmarks = {b.paper.id: b for b in bookmarks}

    # ------------------------------------------------------------------ bookmarks

    def toggle_bookmark(self, paper: Paper) -> None:
        """Bookmark the paper, or remove its bookmark."""
        start_worker(
            self._host,
            partial(self._toggle_bookmark, paper),
            name="toggle",
            group="user-data",
            description="toggle bookmark",
        )

    async def _toggle_bookmark(self, paper: Paper) -> None:
        try:
            added = await self._session.user_data.toggle_bookmark(paper)
            bookmarks = await self._session.user_data.bookmarks()
        except PaperReaderError as error:
            self._host.notify(error.message, title="Not saved", severity="error", markup=False)
            return
        notice = f"Bookmarked: {paper.title}" if added else f"Bookmark removed: {paper.title}"
        self._host.post_message(BookmarksChanged(bookmarks, notice))
        self._problems.report("Bookmarks", self._session.user_data.problem())

    def edit_tags(self, paper: Paper) -> None:
        """Ask for the tags of the paper's bookmark (bookmarking it if needed)."""
        bookmark = self._marks.bookmarks.get(paper.id)
        current = " ".join(bookmark.tags) if bookmark else ""

        def answered(answer: str | None) -> None:
            if answer is not None:
                self._save(paper, tags=answer.replace(",", " ").split())

        self._host.app.push_screen(
            PromptScreen(
                f"Tags for “{paper.title}” (space-separated; empty clears)",
                placeholder="reading-group to-read",
                value=current,
                allow_empty=True,
            ),
            answered,
        )

    def edit_note(self, paper: Paper) -> None:
        """Open the note of the paper's bookmark (bookmarking it if needed)."""
        from paperreader.ui.screens.note import NoteScreen

        bookmark = self._marks.bookmarks.get(paper.id)

        def answered(answer: str | None) -> None:
            if answer is not None:
                self._save(paper, note=answer)

        self._host.app.push_screen(
            NoteScreen(f"Note on “{paper.title}”", bookmark.note if bookmark else ""), answered
        )

    def _save(
        self, paper: Paper, *, tags: list[str] | None = None, note: str | None = None
    ) -> None:
        work = partial(self._save_bookmark, paper, tags=tags, note=note)
        start_worker(self._host, work, name="save", group="user-data", description="save bookmark")

    async def _save_bookmark(
        self, paper: Paper, *, tags: list[str] | None = None, note: str | None = None
    ) -> None:
        try:
            if paper.id not in self._marks.bookmarks:
                await self._session.user_data.toggle_bookmark(paper)
            if tags is not None:
                saved = await self._session.user_data.set_tags(paper.id, tags)
                notice = "Tags saved: " + (" ".join(saved.tags) or "none")
            else:
                await self._session.user_data.set_note(paper.id, note or "")
                notice = "Note saved."
            bookmarks = await self._session.user_data.bookmarks()
        except PaperReaderError as error:
            self._host.notify(error.message, title="Not saved", severity="error", markup=False)
            # The bookmark itself may have been saved before the tags or note failed: show
            # what is on disk, so the star and the Bookmarks tab never claim otherwise.
            self._host.post_message(BookmarksChanged(await self._session.user_data.bookmarks()))
            return
        self._host.post_message(BookmarksChanged(bookmarks, notice))
        self._problems.report("Bookmarks", self._session.user_data.problem())

    # ------------------------------------------------------------------ read state

    def paper_shown(self, paper: Paper | None) -> None:
        """Start the clock that marks a paper read once it has been on screen a moment."""
        if self.read_timer is not None:
            self.read_timer.stop()
            self.read_timer = None
        if paper is None or paper.id in self._marks.read:
            return

        def still_shown() -> None:
            if not self._host.is_running:
                return  # due while the app closes: its screens are already gone
            current = self._current()
            if current is not None and current.id == paper.id and paper.id not in self._marks.read:
                self._set_read(paper.id, True)

        self.read_timer = self._host.set_timer(self.READ_AFTER_SECONDS, still_shown)

    def toggle_read(self, paper: Paper) -> None:
        """Mark the paper read, or unread again."""
        if self.read_timer is not None:
            self.read_timer.stop()
        self._set_read(paper.id, paper.id not in self._marks.read, announce=True)

    def _set_read(self, paper_id: str, read: bool, announce: bool = False) -> None:
        work = partial(self._save_read, paper_id, read, announce)
        start_worker(self._host, work, name="set_read", group="read-state", description="mark read")

    async def _save_read(self, paper_id: str, read: bool, announce: bool) -> None:
        try:
            await self._session.user_data.set_read(paper_id, read)
            read_ids = await self._session.user_data.read_ids()
        except PaperReaderError as error:
            # Marking by dwelling happens on every paper the cursor rests on: a store that
            # cannot be written is reported once, not once per paper.
            if announce or error.message != self._read_problem:
                self._host.notify(error.message, title="Not saved", severity="error", markup=False)
            if not announce:
                self._read_problem = error.message
            return
        self._read_problem = None
        self._host.post_message(ReadChanged(read_ids))
        if announce:
            self._host.notify("Marked read." if read else "Marked unread.", timeout=2)

    def read_changed(self, message: ReadChanged) -> None:
        """Take the read marks as the session has them now."""
        self._marks.read = message.read_ids

    # ------------------------------------------------------------------ visits

    def visit(self, listing: Listing, *, again: bool = False) -> None:
        """Once per listing and session, and `again` when papers arrived while it was on
        screen: count what is new since the previous visit."""
        if listing.origin is Origin.LOCAL or not listing.papers:
            return
        if listing.query.key in self._visited and not again:
            return
        self._visited.add(listing.query.key)
        start_worker(
            self._host,
            partial(self._record_visit, listing),
            name="visit",
            group="visits",
            description="record visit",
        )

    async def _record_visit(self, listing: Listing) -> None:
        new_ids = await self._session.user_data.visit(
            listing.query.key, [p.id for p in listing.papers]
        )
        self._host.post_message(VisitRecorded(listing.query, new_ids))

    def visit_recorded(self, message: VisitRecorded) -> None:
        """Take what is new in a listing since the previous visit (still new: what was)."""
        key = message.query.key
        self._marks.new[key] = self._marks.new_in(key) | message.new_ids
