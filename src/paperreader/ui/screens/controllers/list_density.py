"""Compact rows: one line per paper instead of two, switched by a key and remembered.

The choice is saved as the theme is, through the session (`desktop.save_compact` rewrites
the `compact` line of the config), so the next start opens the list as it was left.
"""

from __future__ import annotations

from functools import partial

from textual.widget import Widget

from paperreader.domain.errors import PaperReaderError
from paperreader.service.session import Session
from paperreader.ui.widgets.paper_list import PaperList
from paperreader.ui.workers import start_worker


class ListDensity:
    """Starts the list as the `compact` setting says; switches it and saves the choice."""

    def __init__(self, host: Widget, session: Session, paper_list: PaperList) -> None:
        self._host = host
        self._session = session
        self._list = paper_list

    def start(self) -> None:
        """Open compact if the settings say so."""
        if self._session.settings.compact:
            self._list.set_compact(True)

    def toggle(self) -> None:
        """Switch between one and two lines per paper, and remember it."""
        compact = not self._list.compact
        self._list.set_compact(compact)
        start_worker(
            self._host,
            partial(self._save, compact),
            name="save-compact",
            group="settings",
            description="save compact",
        )

    async def _save(self, compact: bool) -> None:
        if compact != self._list.compact:
            return  # switched back meanwhile: that switch saves
        try:
            await self._session.desktop.save_compact(compact)
        except PaperReaderError as error:
            self._host.notify(error.message, severity="warning", markup=False)
