"""The keys that act on the paper under the cursor (and the bookmarks as a whole).

A mixin of the main screen: Textual finds a key's action on the screen, so the actions
live on it, but each only hands the paper to the controller that owns the concern. Kept
apart so the screen stays the composition of its widgets and controllers.
"""

from __future__ import annotations

from collections.abc import Callable

from paperreader.domain.models import Paper
from paperreader.ui.screens.controllers.collection_sync import CollectionSyncer
from paperreader.ui.screens.controllers.copying import Copier
from paperreader.ui.screens.controllers.exporting import BookmarkExporter
from paperreader.ui.screens.controllers.for_you import ForYouController
from paperreader.ui.screens.controllers.handoff import Handoff
from paperreader.ui.screens.controllers.list_density import ListDensity
from paperreader.ui.screens.controllers.paper_views import PaperViews
from paperreader.ui.screens.controllers.user_data import UserDataController
from paperreader.ui.widgets.paper_list import PaperList


class PaperActions:
    """The main screen's actions on papers, each handed to its controller."""

    paper_list: PaperList
    paper_views: PaperViews
    handoff: Handoff
    user_data: UserDataController
    copier: Copier
    collection_sync: CollectionSyncer
    for_you: ForYouController
    exporter: BookmarkExporter
    density: ListDensity

    def _with_paper(self, act: Callable[[Paper], object]) -> None:
        """Act on the paper under the cursor, if there is one."""
        if (paper := self.paper_list.current) is not None:
            act(paper)

    def action_toggle_compact(self) -> None:
        """Show one line per paper, or two again (remembered)."""
        self.density.toggle()

    def action_open_page(self) -> None:
        """Open the paper's Hugging Face page in the browser."""
        self._with_paper(self.paper_views.open_page)

    def action_open_pdf(self) -> None:
        """Open the paper's PDF in the browser."""
        self._with_paper(self.paper_views.open_pdf)

    def action_download_pdf(self) -> None:
        """Download the paper's PDF (once) and open it with the system's viewer."""
        self._with_paper(self.handoff.download)

    def action_pipe_paper(self) -> None:
        """Hand the paper to the configured pipe command."""
        self._with_paper(self.handoff.pipe)

    def action_bookmark(self) -> None:
        """Bookmark the paper, or remove its bookmark."""
        self._with_paper(self.user_data.toggle_bookmark)

    def action_undo(self) -> None:
        """Put back the bookmark just removed, with its note and tags."""
        self.user_data.undo()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo works (and the footer shows it) only while there is a removal to undo."""
        return self.user_data.undoable is not None if action == "undo" else True

    def action_tags(self) -> None:
        """Edit the tags of the paper's bookmark (bookmarking it if needed)."""
        self._with_paper(self.user_data.edit_tags)

    def action_note(self) -> None:
        """Edit the note of the paper's bookmark (bookmarking it if needed)."""
        self._with_paper(self.user_data.edit_note)

    def action_toggle_read(self) -> None:
        """Mark the paper read, or unread again."""
        self._with_paper(self.user_data.toggle_read)

    def action_copy_link(self) -> None:
        """Copy the Hugging Face link of the paper."""
        self._with_paper(self.copier.copy_link)

    def action_copy_menu(self) -> None:
        """Choose what to copy: arXiv, PDF, BibTeX, Markdown or the id."""
        self._with_paper(self.copier.menu)

    def action_read_full_text(self) -> None:
        """Read the paper's full text."""
        self._with_paper(self.paper_views.read_full_text)

    def action_discussion(self) -> None:
        """Read the paper's discussion."""
        self._with_paper(self.paper_views.discussion)

    def action_links_menu(self) -> None:
        """Choose a link to open (or copy with y): paper, code, linked repos."""
        self._with_paper(self.paper_views.links_menu)

    def action_sync_collection(self) -> None:
        """Sync the bookmarks with the Hugging Face collection linked to them."""
        self.collection_sync.sync()

    def action_watch(self) -> None:
        """Watch the paper's authors, its organisation, or a query."""
        self._with_paper(self.for_you.watch)

    def action_similar(self) -> None:
        """Show the papers most like this one."""
        self._with_paper(self.for_you.similar)

    def action_export_bookmarks(self) -> None:
        """Write the bookmarks to a file (BibTeX, Markdown, JSON, CSV or RIS, by its suffix)."""
        self.exporter.ask()
