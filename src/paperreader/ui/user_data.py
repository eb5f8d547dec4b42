"""The user's own data in the app: bookmarks, tags, notes, read state, copying and export.

A mixin of PaperReaderApp, kept apart so the app module stays about listings. As everywhere
in the UI, actions start workers, workers call the service and post messages, and the
handlers here update the widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Bookmark, Listing, ListingKind, Origin, Paper
from paperreader.ui.messages import (
    BookmarksChanged,
    Copied,
    ReadChanged,
    UserDataLoaded,
    VisitRecorded,
)
from paperreader.ui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from paperreader.ui.app import PaperReaderApp


class UserDataMixin:
    """Bookmark, read-state, copy and export actions for PaperReaderApp."""

    READ_AFTER_SECONDS = 1.5
    """A paper shown in the detail pane this long counts as read."""

    bookmarks: dict[str, Bookmark]
    read_ids: frozenset[str]
    new_ids: dict[str, frozenset[str]]
    _visited: set[str]
    _read_timer: Timer | None
    _read_problem: str | None
    """The last failure of an automatic read mark, reported once rather than per paper."""

    def _init_user_data(self: PaperReaderApp) -> None:
        self.bookmarks = {}
        self.read_ids = frozenset()
        self.new_ids = {}
        self._visited = set()
        self._read_timer = None
        self._read_problem = None

    # ------------------------------------------------------------------ loading

    @work(group="user-data", exit_on_error=False, description="load bookmarks")
    async def _load_user_data(self: PaperReaderApp) -> None:
        bookmarks = await self.session.user_data.bookmarks()
        read_ids = await self.session.user_data.read_ids()
        self.post_message(UserDataLoaded(bookmarks, read_ids, self.session.user_data.problem()))

    def on_user_data_loaded(self: PaperReaderApp, message: UserDataLoaded) -> None:
        self.read_ids = message.read_ids
        self.paper_list.set_marks(read=message.read_ids)
        if self.paper_list.hide_read:  # `hide_read = true`: the listing may have come first
            self.paper_list.set_hide_read(True)
            self._update_status()
        self._bookmarks_changed(message.bookmarks)
        self.report_problem("Bookmarks", message.problem)

    def on_bookmarks_changed(self: PaperReaderApp, message: BookmarksChanged) -> None:
        self._bookmarks_changed(message.bookmarks)
        if message.notice:
            self.notify(message.notice, markup=False, timeout=3)
        if self.kind is ListingKind.BOOKMARKS and self.current_query is not None:
            self._load(self.current_query)

    def _bookmarks_changed(self: PaperReaderApp, bookmarks: list[Bookmark]) -> None:
        self.bookmarks = {b.paper.id: b for b in bookmarks}
        self.paper_list.set_marks(bookmarked=frozenset(self.bookmarks))
        self._show_detail(self.paper_list.current)

    def bookmark_tags(self: PaperReaderApp) -> dict[str, tuple[str, ...]]:
        """Paper id to tags, for the `tag:` filter."""
        return {paper_id: b.tags for paper_id, b in self.bookmarks.items()}

    # ------------------------------------------------------------------ bookmarks

    def action_bookmark(self: PaperReaderApp) -> None:
        """Bookmark the paper, or remove its bookmark."""
        paper = self.paper_list.current
        if paper is not None:
            self._toggle_bookmark(paper)

    @work(group="user-data", exit_on_error=False, description="toggle bookmark")
    async def _toggle_bookmark(self: PaperReaderApp, paper: Paper) -> None:
        try:
            added = await self.session.user_data.toggle_bookmark(paper)
            bookmarks = await self.session.user_data.bookmarks()
        except PaperReaderError as error:
            self.notify(error.message, title="Not saved", severity="error", markup=False)
            return
        notice = f"Bookmarked: {paper.title}" if added else f"Bookmark removed: {paper.title}"
        self.post_message(BookmarksChanged(bookmarks, notice))
        self.report_problem("Bookmarks", self.session.user_data.problem())

    def action_tags(self: PaperReaderApp) -> None:
        """Edit the tags of the paper's bookmark (bookmarking it if needed)."""
        paper = self.paper_list.current
        if paper is None:
            return
        bookmark = self.bookmarks.get(paper.id)
        current = " ".join(bookmark.tags) if bookmark else ""

        def answered(answer: str | None) -> None:
            if answer is not None:
                self._save_bookmark(paper, tags=answer.replace(",", " ").split())

        self.push_screen(
            PromptScreen(
                f"Tags for “{paper.title}” (space-separated; empty clears)",
                placeholder="reading-group to-read",
                value=current,
                allow_empty=True,
            ),
            answered,
        )

    def action_note(self: PaperReaderApp) -> None:
        """Edit the note of the paper's bookmark (bookmarking it if needed)."""
        from paperreader.ui.screens.note import NoteScreen

        paper = self.paper_list.current
        if paper is None:
            return
        bookmark = self.bookmarks.get(paper.id)

        def answered(answer: str | None) -> None:
            if answer is not None:
                self._save_bookmark(paper, note=answer)

        self.push_screen(
            NoteScreen(f"Note on “{paper.title}”", bookmark.note if bookmark else ""), answered
        )

    @work(group="user-data", exit_on_error=False, description="save bookmark")
    async def _save_bookmark(
        self: PaperReaderApp,
        paper: Paper,
        *,
        tags: list[str] | None = None,
        note: str | None = None,
    ) -> None:
        try:
            if paper.id not in self.bookmarks:
                await self.session.user_data.toggle_bookmark(paper)
            if tags is not None:
                saved = await self.session.user_data.set_tags(paper.id, tags)
                notice = "Tags saved: " + (" ".join(saved.tags) or "none")
            else:
                await self.session.user_data.set_note(paper.id, note or "")
                notice = "Note saved."
            bookmarks = await self.session.user_data.bookmarks()
        except PaperReaderError as error:
            self.notify(error.message, title="Not saved", severity="error", markup=False)
            # The bookmark itself may have been saved before the tags or note failed: show
            # what is on disk, so the star and the Bookmarks tab never claim otherwise.
            self.post_message(BookmarksChanged(await self.session.user_data.bookmarks()))
            return
        self.post_message(BookmarksChanged(bookmarks, notice))
        self.report_problem("Bookmarks", self.session.user_data.problem())

    # ------------------------------------------------------------------ read state

    def _paper_shown(self: PaperReaderApp, paper: Paper | None) -> None:
        """Start the clock that marks a paper read once it has been on screen a moment."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if paper is None or paper.id in self.read_ids:
            return

        def still_shown() -> None:
            if not self.is_running:
                return  # due while the app closes: its screens are already gone
            current = self.paper_list.current
            if current is not None and current.id == paper.id and paper.id not in self.read_ids:
                self._set_read(paper.id, True)

        self._read_timer = self.set_timer(self.READ_AFTER_SECONDS, still_shown)

    def action_toggle_read(self: PaperReaderApp) -> None:
        """Mark the paper read, or unread again."""
        paper = self.paper_list.current
        if paper is not None:
            if self._read_timer is not None:
                self._read_timer.stop()
            self._set_read(paper.id, paper.id not in self.read_ids, announce=True)

    @work(group="read-state", exit_on_error=False, description="mark read")
    async def _set_read(
        self: PaperReaderApp, paper_id: str, read: bool, announce: bool = False
    ) -> None:
        try:
            await self.session.user_data.set_read(paper_id, read)
            read_ids = await self.session.user_data.read_ids()
        except PaperReaderError as error:
            # Marking by dwelling happens on every paper the cursor rests on: a store that
            # cannot be written is reported once, not once per paper.
            if announce or error.message != self._read_problem:
                self.notify(error.message, title="Not saved", severity="error", markup=False)
            if not announce:
                self._read_problem = error.message
            return
        self._read_problem = None
        self.post_message(ReadChanged(read_ids))
        if announce:
            self.notify("Marked read." if read else "Marked unread.", timeout=2)

    def on_read_changed(self: PaperReaderApp, message: ReadChanged) -> None:
        self.read_ids = message.read_ids
        self.paper_list.set_marks(read=message.read_ids)

    def action_hide_read(self: PaperReaderApp) -> None:
        """Hide the papers already read, or show them again."""
        hide = not self.paper_list.hide_read
        self.paper_list.set_hide_read(hide)
        self._update_status()
        self.notify("Hiding read papers." if hide else "Showing read papers.", timeout=2)

    def _visit(self: PaperReaderApp, listing: Listing) -> None:
        """Once per listing and session: count what is new since the previous visit."""
        if listing.origin is Origin.LOCAL or not listing.papers:
            return
        if listing.query.key in self._visited:
            return
        self._visited.add(listing.query.key)
        self._record_visit(listing)

    @work(group="visits", exit_on_error=False, description="record visit")
    async def _record_visit(self: PaperReaderApp, listing: Listing) -> None:
        new_ids = await self.session.user_data.visit(
            listing.query.key, [p.id for p in listing.papers]
        )
        self.post_message(VisitRecorded(listing.query, new_ids))

    def on_visit_recorded(self: PaperReaderApp, message: VisitRecorded) -> None:
        self.new_ids[message.query.key] = message.new_ids
        if message.query == self.current_query:
            self.paper_list.set_marks(new=message.new_ids)
            self._update_status()

    # ------------------------------------------------------------------ copying

    def action_copy_link(self: PaperReaderApp) -> None:
        """Copy the Hugging Face link of the paper."""
        paper = self.paper_list.current
        if paper is not None:
            self._copy("Hugging Face link", self.session.papers.links(paper).hf)

    def copy_choices(self: PaperReaderApp, paper: Paper) -> list[tuple[str, str, str]]:
        """(id, label, text) for every form of the paper the copy menu offers."""
        from paperreader.formats.export import bibtex_entry, markdown_link

        links = self.session.papers.links(paper)
        return [
            ("hf", "Hugging Face", links.hf),
            ("arxiv", "arXiv link", links.arxiv),
            ("pdf", "PDF link", links.pdf),
            ("bibtex", "BibTeX", bibtex_entry(paper)),
            ("markdown", "Markdown link", markdown_link(paper, self.session.web_url)),
            ("id", "Paper id", paper.id),
        ]

    def action_copy_menu(self: PaperReaderApp) -> None:
        """Choose what to copy: arXiv, PDF, BibTeX, Markdown or the id."""
        from paperreader.ui.screens.menu import MenuScreen

        paper = self.paper_list.current
        if paper is None:
            return
        choices = self.copy_choices(paper)
        texts = {choice_id: (label, text) for choice_id, label, text in choices}
        menu = [(choice_id, label, text.splitlines()[0]) for choice_id, label, text in choices]

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None and answer[0] in texts:
                label, text = texts[answer[0]]
                self._copy(label, text)

        self.push_screen(
            MenuScreen("Copy", menu, primary="copy", hint="enter or 1-9 copies · esc closes"),
            chosen,
        )

    @work(group="clipboard", exit_on_error=False, description="copy")
    async def _copy(self: PaperReaderApp, label: str, text: str) -> None:
        system = await self.session.desktop.copy_text(text)
        self.post_message(Copied(label, text, system))

    def on_copied(self: PaperReaderApp, message: Copied) -> None:
        # The terminal's clipboard (OSC 52) reaches the user's own machine over SSH; it is
        # always sent, but a terminal cannot confirm it, hence the text for copying by hand.
        if self.settings.clipboard != "system":
            self.copy_to_clipboard(message.text)
        preview = message.text if len(message.text) <= 300 else message.text[:300] + "…"
        if message.system:
            self.notify(f"Copied {message.label}: {preview}", markup=False, timeout=4)
        elif self.settings.clipboard == "system":
            self.notify(
                f"No system clipboard here, and the config turns the terminal's off: "
                f"copy {message.label} by hand:\n{preview}",
                title="Not copied",
                severity="warning",
                markup=False,
                timeout=12,
            )
        else:
            why = (
                "the config leaves the system clipboard alone"
                if self.settings.clipboard == "osc52"
                else "no system clipboard here to confirm it"
            )
            self.notify(
                f"Sent {message.label} to the terminal clipboard (OSC 52); {why}. "
                f"If it did not arrive, copy it by hand:\n{preview}",
                title="Copy",
                severity="warning",
                markup=False,
                timeout=12,
            )

    # ------------------------------------------------------------------ export

    def action_export_bookmarks(self: PaperReaderApp) -> None:
        """Write the bookmarks to a file (.bib, .md, .json or .csv)."""

        def answered(path: str | None) -> None:
            if path:
                self._export_bookmarks(path)

        self.push_screen(
            PromptScreen(
                "Export bookmarks to a new file: .bib, .md, .json or .csv",
                placeholder="~/paperreader-bookmarks.bib",
                value="~/paperreader-bookmarks.bib",
            ),
            answered,
        )

    @work(group="export", exit_on_error=False, description="export bookmarks")
    async def _export_bookmarks(self: PaperReaderApp, path: str) -> None:
        from paperreader.formats.export import EXPORT_SUFFIXES

        suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        fmt = next((f for f, s in EXPORT_SUFFIXES.items() if s.lstrip(".") == suffix), None)
        if fmt is None:
            self.notify(
                "Name the file .bib, .md, .json or .csv to choose the format.",
                severity="error",
                markup=False,
            )
            return
        try:
            text, count = await self.session.user_data.export_bookmarks(fmt)
            written = await self.session.desktop.write_file(path, text)
        except PaperReaderError as error:
            self.notify(error.message, title="Not exported", severity="error", markup=False)
            return
        self.notify(f"Exported {count} bookmarks to {written}", markup=False)
