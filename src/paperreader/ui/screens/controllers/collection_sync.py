"""Syncing the bookmarks with the user's Hugging Face collection from the main screen.

A key or the palette starts it (and, with `sync_collection_on_start`, the screen does once);
a worker asks the session, the status line says how it went ("Collection synced: 3 up,
1 down, 1 removed."), a notification names the collection, and the bookmarks are posted
again so the stars and the Bookmarks tab follow.
A failure is one sentence: bookmarking goes on locally and the next sync catches up.
"""

from __future__ import annotations

from textual.widget import Widget

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.service.session import Session
from paperreader.ui.messages import BookmarksChanged
from paperreader.ui.widgets.status_line import StatusLine
from paperreader.ui.workers import start_worker


class CollectionSyncer:
    """Runs one sync at a time and reports it in the status line."""

    def __init__(self, host: Widget, session: Session, status: StatusLine) -> None:
        self._host = host
        self._session = session
        self._status = status
        self.last_result: str | None = None
        """What the last sync said, done or failed (one sentence)."""
        self._reshow = False
        """The Bookmarks tab is being reloaded after a sync: say the result again after it."""

    def sync(self) -> None:
        """Sync now, in a worker; a sync already under way is left to finish."""
        start_worker(
            self._host,
            self._sync,
            name="collection-sync",
            group="collection-sync",
            description="sync bookmarks with the collection",
        )

    async def _sync(self) -> None:
        self._status.show_message("Syncing the bookmarks with your collection…")
        try:
            report = await self._session.collections.sync()
        except PaperReaderError as error:
            self.last_result = f"Not synced: {error.message}"
            self._status.show_message(self.last_result, error=True)
            self._host.notify(error.message, title="Not synced", severity="warning", markup=False)
            return
        self.last_result = report.short
        told = report.summary
        if report.merged:
            told += f" Both notes kept for {', '.join(report.merged)}."
        counts = report.counts
        if counts.down or counts.removed or counts.merged:  # the bookmarks here changed
            self._reshow = True
            self._host.post_message(BookmarksChanged(await self._session.user_data.bookmarks()))
        self._status.show_message(self.last_result)
        self._host.notify(told, title="Collection", markup=False, timeout=6)

    def listing_settled(self, query: ListingQuery) -> None:
        """A listing finished loading: after a sync's reload of the Bookmarks tab, the result
        is said again, as the listing's own description replaced it."""
        reshow, self._reshow = self._reshow, False
        if reshow and query.kind is ListingKind.BOOKMARKS and self.last_result is not None:
            self._status.show_message(self.last_result)
