"""The user's own data on the main screen: bookmarks, tags, notes, read marks, visits.

Actions start workers on the screen; the workers ask the session and post messages, and the
screen's handlers hand them back here to update the `PaperMarks` before redrawing.

This window's marks can be stale: another window or the CLI may change the files. So every
change says what the user saw (the bookmark as shown, the tags or note the editor opened
with) and the session applies it to the file as it is on disk now; the files are checked for
changes on a timer, when the terminal gets the focus back, and after every change. Changes
run one at a time, each seeing the marks the one before left, so `b b` adds then removes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial

from textual.timer import Timer
from textual.widget import Widget

from paperreader.config.keymap import hint
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Bookmark, Listing, Origin, Paper
from paperreader.service.session import Session
from paperreader.service.user_data import Saved, UserDataService
from paperreader.ui.bindings import keys_in_force
from paperreader.ui.marks import PaperMarks
from paperreader.ui.messages import (
    BookmarksChanged,
    ReadChanged,
    UserDataLoaded,
    VisitRecorded,
)
from paperreader.ui.screens.controllers.problems import ProblemReporter
from paperreader.ui.workers import start_worker

_Change = Callable[[UserDataService], Awaitable[Saved]]


class UserDataController:
    """Keeps the screen's `PaperMarks` in step with the session's user data."""

    READ_AFTER_SECONDS = 1.5
    """A paper shown in the detail pane this long counts as read."""
    UNDO_SECONDS = 8.0
    """How long the removal of a bookmark with a note or tags can be undone."""
    CHECK_SECONDS = 2.0
    """How often the files are checked for changes made elsewhere (a stat, off the loop)."""

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
        self._one_at_a_time = asyncio.Lock()
        """Held by each change and check: the next one sees the marks this one left."""
        self.undoable: Bookmark | None = None
        """The bookmark just removed with its note or tags, whole, until the undo expires."""
        self._undo_timer: Timer | None = None
        self._revision: object = None
        """The files' revision when the marks were last read from them."""
        self._checking = False

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """Read the bookmarks and read marks, then watch the files for changes elsewhere."""
        start_worker(
            self._host, self._load, name="load", group="user-data", description="load bookmarks"
        )
        self._host.set_interval(self.CHECK_SECONDS, self.check_disk)
        self._host.watch(self._host.app, "app_focus", self._focus_changed, init=False)

    async def _load(self) -> None:
        async with self._one_at_a_time:
            self._revision = await self._session.user_data.revision()
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

    def _focus_changed(self, focused: bool) -> None:
        if focused:
            self.check_disk()

    def check_disk(self) -> None:
        """Read the files again if another window or the CLI changed them (a cheap stat)."""
        if self._checking or not self._host.is_running:
            return
        self._checking = True
        start_worker(
            self._host,
            self._check_disk,
            name="check",
            group="user-data-check",
            description="check the bookmarks on disk",
        )

    async def _check_disk(self) -> None:
        try:
            async with self._one_at_a_time:
                revision = await self._session.user_data.revision()
                if revision is None or revision == self._revision:
                    return  # unchanged, or unseen (an absent data dir is not "no bookmarks")
                self._revision = revision
                bookmarks = await self._session.user_data.bookmarks()
                read_ids = await self._session.user_data.read_ids()
                if {b.paper.id: b for b in bookmarks} != self._marks.bookmarks:
                    self.bookmarks_changed(bookmarks)
                    self._host.post_message(BookmarksChanged(bookmarks))
                if read_ids != self._marks.read:
                    self._marks.read = read_ids
                    self._host.post_message(ReadChanged(read_ids))
        finally:
            self._checking = False

    # ------------------------------------------------------------------ bookmarks

    def toggle_bookmark(self, paper: Paper) -> None:
        """Bookmark the paper, or remove its bookmark, as this window shows it."""
        start_worker(
            self._host,
            partial(self._toggle_bookmark, paper),
            name="toggle",
            group="user-data",
            description="toggle bookmark",
        )

    async def _toggle_bookmark(self, paper: Paper) -> None:
        async with self._one_at_a_time:
            seen = self._marks.bookmarks.get(paper.id)
            if seen is None:
                await self._change(lambda user_data: user_data.bookmark(paper))
            else:
                await self._change(lambda user_data: user_data.unbookmark(seen))

    def undo(self) -> None:
        """Put back the bookmark just removed, with its note, tags and time added."""
        bookmark = self.undoable
        if bookmark is None:
            return
        self._end_undo()
        start_worker(
            self._host,
            partial(self._restore, bookmark),
            name="restore",
            group="user-data",
            description="restore bookmark",
        )

    async def _restore(self, bookmark: Bookmark) -> None:
        async with self._one_at_a_time:
            if await self._change(lambda user_data: user_data.restore(bookmark)) is None:
                self._offer_undo(bookmark)  # not saved: it can still be put back

    def _offer_undo(self, bookmark: Bookmark) -> None:
        self._end_undo()
        self.undoable = bookmark
        self._undo_timer = self._host.set_timer(self.UNDO_SECONDS, self._end_undo)
        self._host.refresh_bindings()

    def _end_undo(self) -> None:
        if self._undo_timer is not None:
            self._undo_timer.stop()
        self._undo_timer = None
        self.undoable = None
        if self._host.is_running:
            self._host.refresh_bindings()

    def edit_tags(self, paper: Paper) -> None:
        """Ask for the tags of the paper's bookmark (bookmarking it if needed). The prompt
        closes once they are saved; when they cannot be, it stays open with the reason and
        the tags typed, as the note editor does."""
        from paperreader.ui.screens.prompt import PromptScreen

        bookmark = self._marks.bookmarks.get(paper.id)
        seen = bookmark.tags if bookmark else None

        async def save(answer: str) -> None:
            tags = answer.replace(",", " ").split()
            async with self._one_at_a_time:
                saved = await self._session.user_data.edit_tags(paper, tags, seen)
            self._show(saved)

        self._host.app.push_screen(
            PromptScreen(
                f"Tags for “{paper.title}” (space-separated; empty clears)",
                placeholder="reading-group to-read",
                value=" ".join(seen or ()),
                allow_empty=True,
                accept=save,
            )
        )

    def edit_note(self, paper: Paper) -> None:
        """Open the note of the paper's bookmark (bookmarking it if needed). The editor
        closes once the note is saved; when it cannot be, it stays open with the text."""
        from paperreader.ui.screens.note import NoteScreen

        bookmark = self._marks.bookmarks.get(paper.id)
        seen = bookmark.note if bookmark else None

        async def save(text: str) -> str | None:
            async with self._one_at_a_time:
                try:
                    saved = await self._session.user_data.edit_note(paper, text, seen)
                except PaperReaderError as error:
                    return error.message
                self._show(saved)
                return None

        self._host.app.push_screen(NoteScreen(f"Note on “{paper.title}”", seen or "", save))

    async def _change(self, change: _Change) -> Saved | None:
        """Run one change (the caller holds the lock) and show what came of it; on failure
        say why. A change is one atomic write, so a failed
        one changed nothing and the marks stay as they are."""
        try:
            saved = await change(self._session.user_data)
        except PaperReaderError as error:
            self._host.notify(error.message, title="Not saved", severity="error", markup=False)
            return None
        self._show(saved)
        return saved

    def _show(self, saved: Saved) -> None:
        """Take the bookmarks a change left, offer its undo, and say what happened."""
        self.bookmarks_changed(saved.bookmarks)
        notice, timeout = saved.notice, 3.0
        if saved.undo is not None:
            self._offer_undo(saved.undo)
            notice += " · " + hint("{undo} undo", keys_in_force(self._host.app))
            timeout = self.UNDO_SECONDS
        self._host.notify(
            notice,
            severity="warning" if saved.warning else "information",
            timeout=timeout,
            markup=False,
        )
        self._host.post_message(BookmarksChanged(saved.bookmarks))
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
            notice = self._session.user_data.notice("Marked read." if read else "Marked unread.")
            self._host.notify(notice, timeout=2, markup=False)

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
