"""`session.watches`: the watch list, what the watches find in the library, and the digest.

Watches are kept in the data dir (`storage.watches`); what they find is read from the paper
library, offline. Online, the last few days are first brought into the library the way
`paperreader sync` brings them (one request at a time, paced, resumable), so a digest in
cron sees this morning's papers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from paperreader.domain import periods
from paperreader.domain.errors import PaperReaderError, StorageError, UsageError
from paperreader.domain.watches import (
    Digest,
    SeenMark,
    Watch,
    WatchedPaper,
    WatchKind,
    digest_window,
    make_digest,
    make_watch,
    watched_papers,
)
from paperreader.service.context import SessionContext
from paperreader.service.library import LibraryService

if TYPE_CHECKING:
    from paperreader.service.library_sync import LibrarySync
    from paperreader.storage.watches import WatchStore

T = TypeVar("T")

BRING_IN_DAYS = 3
"""Days a digest or the For-you tab fetches into the library first, when online."""
DIGEST_MARK = "digest"


class WatchService:
    """The reader's watches and what they find."""

    def __init__(
        self,
        context: SessionContext,
        store: WatchStore | None,
        library: LibraryService,
        sync: Callable[[], LibrarySync],
    ) -> None:
        """`store` None: no watches are kept (they read as none and cannot be added)."""
        self._context = context
        self.store = store
        self._library = library
        self._sync = sync

    def problem(self) -> str | None:
        """One sentence when the watch list was moved aside or a change could not be saved."""
        return self.store.problem if self.store is not None else None

    def today(self) -> date:
        return periods.today(self._context.clock())

    # -- the list -------------------------------------------------------------------------

    async def watches(self) -> tuple[Watch, ...]:
        """Every watch, in the order they were added."""
        if self.store is None:
            return ()
        return await asyncio.to_thread(self.store.watches)

    async def add(self, kind: str, text: str) -> tuple[Watch, bool]:
        """Watch an author, an organisation or a query; the watch and whether it is new."""
        watch = make_watch(kind, text)
        if watch.kind is WatchKind.QUERY:
            from paperreader.storage.library.watching import searchable

            if not searchable(watch.query):
                raise UsageError(f"The query {watch.text!r} has no word or filter to look for.")
        return await self._write(lambda store: store.add(watch))

    async def remove(self, number: int) -> Watch:
        """Stop watching watch `number` (as `watch list` counts, from 1)."""
        try:
            return await self._write(lambda store: store.remove(number))
        except IndexError:
            raise UsageError(
                f"There is no watch {number}; `paperreader watch list` numbers them."
            ) from None

    async def mark(self, name: str) -> SeenMark | None:
        """What was seen at mark `name` (`digest`, `for_you`); None if never marked."""
        if self.store is None:
            return None
        return await asyncio.to_thread(self.store.mark, name)

    async def remember(self, name: str, ids: Iterable[str]) -> None:
        """Add `ids` to mark `name`, stamped now; a failure is left to `problem`, since a
        count of new papers is not worth an error message."""
        if self.store is None:
            return
        previous = await self.mark(name)
        kept = [*sorted(previous.ids if previous else ()), *ids]
        with contextlib.suppress(StorageError):
            await self._write(lambda store: store.set_mark(name, kept))

    async def _write(self, change: Callable[[WatchStore], T]) -> T:
        if self.store is None:
            raise StorageError("Watches are not kept in this session.")
        return await asyncio.to_thread(change, self.store)

    # -- what they find -------------------------------------------------------------------

    async def found(self, since: date) -> list[WatchedPaper]:
        """The papers of days from `since` on that the watches find, newest first, each with
        the watches that found it; read from the library, no network."""
        watches = await self.watches()
        if not watches:
            return []
        library = self._library.require()
        await self._library.settle()
        from paperreader.storage.library.watching import papers_since

        def read() -> dict[Watch, tuple]:
            return {w: papers_since(library, w.query, since.isoformat()) for w in watches}

        return watched_papers(watches, await asyncio.to_thread(read))

    async def bring_in(self, days: int = BRING_IN_DAYS) -> str | None:
        """Fetch the last `days` days into the library, politely, as `sync` does; offline (or
        with no library) nothing. Returns why it could not, in one sentence, or None."""
        context = self._context
        if (context.offline and not context.demo) or self._library.store is None:
            return None
        try:
            report = await self._sync().run(since=self.today() - timedelta(days=days - 1))
        except PaperReaderError as error:
            return error.message
        if report.stopped:
            return report.stopped
        if report.failed_days:
            return "Some days could not be fetched: " + "; ".join(report.problems[:3])
        return None

    async def digest(
        self, since: date | None = None, *, mark_seen: bool = False, refresh: bool = True
    ) -> tuple[Digest, str | None]:
        """What the watches found since `since`, else since the last `mark_seen`, else in the
        last week; with `refresh`, the last days brought in first. `mark_seen` remembers
        now and what was found, for the next digest. Also returns why the fetch failed."""
        problem = await self.bring_in() if refresh else None
        mark = await self.mark(DIGEST_MARK) if since is None else None
        window = digest_window(self.today(), since, mark)
        found = await self.found(window.start)
        new = [w for w in found if w.paper.id not in window.seen]
        digest = make_digest(window.start, new, await self.watches())
        if mark_seen:
            seen = [*sorted(window.seen), *(w.paper.id for w in found)]
            await self._write(lambda store: store.set_mark(DIGEST_MARK, seen))
        return digest, problem
