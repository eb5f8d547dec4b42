"""Exporting the bookmarks to a file the user names: asked in a prompt that stays open until
the file is written, so a name that is taken, or a suffix that names no format, is corrected
in place rather than typed again."""

from __future__ import annotations

from pathlib import PurePath

from textual.widget import Widget

from paperreader.domain.errors import UsageError
from paperreader.domain.text import counted
from paperreader.service.session import Session

SUGGESTED = "~/paperreader-bookmarks.bib"
"""The file the prompt offers."""


def export_format(path: str) -> str:
    """The export format a file name asks for by its suffix; UsageError when it names none."""
    from paperreader.formats.export.bookmarks import EXPORT_SUFFIXES, SUFFIX_CHOICES

    suffix = PurePath(path).suffix.lower()
    for fmt, fmt_suffix in EXPORT_SUFFIXES.items():
        if suffix == fmt_suffix:
            return fmt
    raise UsageError(f"Name the file {SUFFIX_CHOICES} to choose the format.")


class BookmarkExporter:
    """Asks where to write the bookmarks, and writes them there (through the session)."""

    def __init__(self, host: Widget, session: Session) -> None:
        self._host = host
        self._session = session

    def ask(self) -> None:
        """Open the prompt; it closes once the file is written."""
        from paperreader.formats.export.bookmarks import SUFFIX_CHOICES
        from paperreader.ui.screens.prompt import PromptScreen

        self._host.app.push_screen(
            PromptScreen(
                f"Export bookmarks to a new file: {SUFFIX_CHOICES} (missing folders are made)",
                placeholder=SUGGESTED,
                value=SUGGESTED,
                accept=self.write,
            )
        )

    async def write(self, path: str) -> None:
        """Write the bookmarks to `path` in the format its suffix names, and say so; raises
        a PaperReaderError (the prompt shows it) when the file cannot be written."""
        fmt = export_format(path)
        text, count = await self._session.user_data.export_bookmarks(fmt)
        written = await self._session.desktop.write_file(path, text)
        self._host.notify(f"Exported {counted(count, 'bookmark')} to {written}", markup=False)
