"""`session.sync`: the session's way into `sync.sync`, with its source, library and clock.

The algorithm (pacing, retries, resuming) lives in `sync`; this says when a session may sync
(it keeps a library, and it is online or the demo) and what it syncs with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from paperreader.domain import periods
from paperreader.domain.errors import OfflineError
from paperreader.service.context import SessionContext
from paperreader.service.library import LibraryService
from paperreader.service.upstream import Upstream

if TYPE_CHECKING:
    from paperreader.service.sync import SyncProgress, SyncReport


class LibrarySync:
    """Fetches Daily Papers days into the session's library."""

    def __init__(
        self, context: SessionContext, upstream: Upstream, library: LibraryService
    ) -> None:
        self._context = context
        self._upstream = upstream
        self._library = library

    async def run(
        self,
        since: date | None = None,
        until: date | None = None,
        progress: Callable[[SyncProgress], None] | None = None,
    ) -> SyncReport:
        """Fetch every Daily Papers day in [since, until] into the library (see `sync`).

        Defaults: from the first day of Daily Papers to today. Resumable: days already
        stored are skipped, except the last few, which can still change.
        """
        from paperreader.service import sync as syncing

        library = self._library.require()
        context = self._context
        if context.offline and not context.demo:
            raise OfflineError("Offline: syncing needs the network.")
        return await syncing.sync(
            self._upstream.source(),
            library,
            since or periods.FIRST_DAY,
            until or periods.today(context.clock()),
            progress=progress,
            now=context.clock,
            min_interval=0.0 if context.demo else syncing.MIN_INTERVAL,
        )
