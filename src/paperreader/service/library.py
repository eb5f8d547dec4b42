"""The paper library as the front ends ask for it: listing, search, recent papers, info.

Every paper a listing or a detail brings is added to the library behind it (`add_later`),
never before it is shown and never at the price of a failed listing; reads wait for those
writes first, so what this session fetched is found by what it asks next.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from paperreader.domain.errors import PaperReaderError, StorageError
from paperreader.domain.models import Listing, ListingKind, ListingQuery, Origin, Paper
from paperreader.service.context import SessionContext

if TYPE_CHECKING:
    from paperreader.storage.library import Library, LibraryInfo, SearchResult

T = TypeVar("T")

LIBRARY_RECENT = 2000
"""Papers the Library tab lists before anything is typed: the newest ones."""

log = logging.getLogger(__name__)


class StoredDay(NamedTuple):
    """A Daily Papers day the library holds whole, and when it was fetched."""

    papers: tuple[Paper, ...]
    fetched_at: datetime


class LibraryService:
    """The session's paper library (every paper fetched, searchable offline)."""

    def __init__(self, context: SessionContext, store: Library | None) -> None:
        self._context = context
        self.store = store
        """The library; None: not kept. Opened lazily by its first use, in a worker thread."""
        self._writes: set[asyncio.Future[None]] = set()
        self._write_problem: str | None = None
        """Why fetched papers could not be added to the library (a full disk, say)."""

    def problem(self) -> str | None:
        """One sentence when the library file had to be moved aside or cannot be written."""
        if self.store is None:
            return None
        return self.store.problem or self._write_problem

    async def listing(self, query: ListingQuery, limit: int = 500) -> Listing:
        """The library as a listing: search results for `query.text`, else the newest papers."""
        text = (query.text or "").strip()
        if text:
            result = await self.search(text, limit=limit)
            papers, total = result.papers, result.total
        else:
            papers = await self.recent(LIBRARY_RECENT)
            total = (await self.info()).papers
        return Listing(
            query=query,
            papers=tuple(papers),
            origin=Origin.LOCAL,
            fetched_at=self._context.clock(),
            total=total,
        )

    async def search(self, query: str, limit: int = 200) -> SearchResult:
        """Search every paper in the library (no network); see `storage.library.parse_query`."""
        return await self._read(lambda store: store.search(query, limit=limit))

    async def recent(self, limit: int = LIBRARY_RECENT) -> tuple[Paper, ...]:
        """The newest papers in the library, latest Daily Papers date first."""
        return await self._read(lambda store: store.recent(limit))

    async def info(self) -> LibraryInfo:
        """How many papers and days the library holds, its date range and size on disk."""
        return await self._read(lambda store: store.info())

    async def stored_day(self, day: str) -> StoredDay | None:
        """A Daily Papers day the library holds whole; None when it is not kept whole (or
        the library cannot be read: the caller then says what it would have said without)."""
        if self.store is None:
            return None
        try:
            return await self._read(lambda store: _stored_day(store, day))
        except PaperReaderError:
            return None

    async def paper(self, paper_id: str) -> Paper | None:
        """One paper the library holds; None when it holds none (or cannot be read)."""
        if self.store is None:
            return None
        try:
            return await self._read(lambda store: store.get(paper_id))
        except PaperReaderError:
            return None

    def held_now(self, paper_ids: Sequence[str]) -> set[str]:
        """Those of `paper_ids` the library holds, read on the calling thread (a large
        listing being read asks); none when there is no library or it cannot be read, so
        nothing is then left to it."""
        if self.store is None:
            return set()
        try:
            return self.store.held(paper_ids)
        except Exception as error:  # the texts then stay in memory: nothing is lost
            log.warning("could not ask the library which papers it holds: %s", error)
            return set()

    async def papers(self, paper_ids: Sequence[str]) -> dict[str, Paper]:
        """The papers the library holds among `paper_ids`, by id (none when it cannot be
        read: the caller then asks elsewhere)."""
        if self.store is None or not paper_ids:
            return {}
        try:
            return await self._read(lambda store: store.get_many(paper_ids))
        except PaperReaderError:
            return {}

    def require(self) -> Library:
        """The library; StorageError when the session keeps none."""
        if self.store is None:
            raise StorageError("The paper library is not available in this session.")
        return self.store

    async def _read(self, read: Callable[[Library], T]) -> T:
        store = self.require()
        await self.settle()  # what this session fetched is found by what it asks
        return await asyncio.to_thread(read, store)

    def add_later(self, papers: Iterable[Paper], query: ListingQuery | None = None) -> None:
        """Store fetched papers in the library behind the listing, not before it is shown.

        With a dated Daily query the papers are that day, recorded as fetched whole.
        """
        if self.store is None:
            return
        task = asyncio.ensure_future(self._add(self.store, tuple(papers), query))
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def settle(self) -> None:
        """Wait for the library writes started so far (they never raise)."""
        if self._writes:
            await asyncio.gather(*list(self._writes), return_exceptions=True)

    async def _add(
        self, store: Library, papers: tuple[Paper, ...], query: ListingQuery | None
    ) -> None:
        """Keep fetched papers in the library; a failure is logged, never raised: a listing
        must not fail because the library could not be written."""
        day = query.period if query and query.kind is ListingKind.DAILY else None
        if not papers and day is None:
            return
        try:
            await asyncio.to_thread(
                store.add_papers,
                papers,
                day=day,
                complete=day is not None,
                fetched_at=self._context.clock(),
            )
        except Exception as error:  # the library is a bonus here, never a reason to fail
            log.warning("could not store papers in the library: %s", error)
            self._write_problem = (
                error.message
                if isinstance(error, PaperReaderError)
                else f"Papers could not be added to the library {store.path}: {error!r}."
            )
        else:
            self._write_problem = None

    async def aclose(self) -> None:
        """Finish the pending writes, then close the library file."""
        if self.store is not None:
            await self.settle()
            await asyncio.to_thread(self.store.close)


def _stored_day(store: Library, day: str) -> StoredDay | None:
    record = store.day_records(day, day).get(day)
    if record is None or not record.complete:
        return None  # a day seen only in part (papers from a search) is not that day's list
    fetched_at = record.fetched_at or datetime.fromtimestamp(0, UTC)  # unreadable: very old
    return StoredDay(store.day_papers(day), fetched_at)
