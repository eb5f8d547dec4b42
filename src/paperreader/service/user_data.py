"""The user's own data as the front ends ask for it: bookmarks, tags, notes, read marks, visits.

Every call runs the blocking `UserDataStore` in a worker thread. A session without a store
reads as empty and refuses to write; a store's refusal (no such bookmark, a value that cannot
be saved) becomes a `UsageError` sentence.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from paperreader.domain.errors import PaperReaderError, StorageError, UsageError
from paperreader.domain.models import Bookmark, Listing, ListingKind, ListingQuery, Origin, Paper
from paperreader.domain.tags import has_tag
from paperreader.service.context import SessionContext

if TYPE_CHECKING:
    from paperreader.storage.user_data import UserDataStore

T = TypeVar("T")


class UserDataService:
    """Bookmarks and read state, kept in the session's `UserDataStore`."""

    def __init__(self, context: SessionContext, store: UserDataStore | None) -> None:
        self._context = context
        self.store = store
        """The bookmark store; None when the session keeps no user data."""

    def problem(self) -> str | None:
        """One sentence when the bookmark store had to be moved aside or cannot be written."""
        return self.store.problem if self.store is not None else None

    async def listing(self) -> Listing:
        """The bookmarks as a listing, newest first, read from the paper snapshots."""
        bookmarks = await self.bookmarks()
        return Listing(
            query=ListingQuery(ListingKind.BOOKMARKS),
            papers=tuple(b.paper for b in bookmarks),
            origin=Origin.LOCAL,
            fetched_at=self._context.clock(),
        )

    async def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        return await self._read(lambda store: store.bookmarks(), [])

    async def read_ids(self) -> frozenset[str]:
        """The ids of the papers marked read."""
        return await self._read(lambda store: store.read_ids(), frozenset())

    async def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark a paper, or remove its bookmark; True when it is now bookmarked."""
        return await self._write(lambda store: store.toggle_bookmark(paper))

    async def set_tags(self, paper_id: str, tags: list[str]) -> Bookmark:
        """Replace a bookmark's tags."""
        return await self._write(lambda store: store.set_tags(paper_id, tags))

    async def set_note(self, paper_id: str, note: str) -> Bookmark:
        """Replace a bookmark's note."""
        return await self._write(lambda store: store.set_note(paper_id, note))

    async def set_read(self, paper_id: str, read: bool = True) -> None:
        """Mark a paper read or unread."""
        await self._write(lambda store: store.set_read(paper_id, read))

    async def visit(self, listing_key: str, paper_ids: list[str]) -> frozenset[str]:
        """Record a visit to a listing; returns the ids that are new since the previous one.

        The first visit of a listing reports nothing new: it is not news that everything on
        it was never seen before.
        """
        if self.store is None:
            return frozenset()
        try:
            seen = await self._read(lambda store: store.seen_ids(listing_key), None)
            await self._write(lambda store: store.record_visit(listing_key, paper_ids))
        except PaperReaderError:
            return frozenset()  # a count of new papers is not worth an error message
        return frozenset() if seen is None else frozenset(paper_ids) - seen

    async def import_bookmarks(self, text: str) -> tuple[int, int]:
        """Merge a JSON export into the bookmarks; returns (added, skipped)."""
        from paperreader.formats.export.bookmark_json import parse_bookmarks_json

        result = parse_bookmarks_json(text)
        added = await self._write(lambda store: store.import_bookmarks(result.bookmarks))
        return added, result.skipped

    async def export_bookmarks(self, fmt: str, tag: str | None = None) -> tuple[str, int]:
        """The bookmarks in an export format, and how many were exported."""
        from paperreader.formats.export.bookmarks import export_bookmarks

        bookmarks = await self.bookmarks()
        count = sum(1 for b in bookmarks if has_tag(b, tag))
        return export_bookmarks(bookmarks, fmt, tag=tag, web=self._context.web_url), count

    async def _read(self, read: Callable[[UserDataStore], T], default: T) -> T:
        """`read` on the store off the event loop; `default` when there is no store."""
        if self.store is None:
            return default
        return await self._call(self.store, read)

    async def _write(self, write: Callable[[UserDataStore], T]) -> T:
        """`write` on the store off the event loop; StorageError when there is no store."""
        if self.store is None:
            raise StorageError("Bookmarks are not available in this session.")
        return await self._call(self.store, write)

    @staticmethod
    async def _call(store: UserDataStore, action: Callable[[UserDataStore], T]) -> T:
        try:
            return await asyncio.to_thread(action, store)
        except KeyError:
            raise UsageError("That paper is not bookmarked.") from None
        except ValueError as error:
            raise UsageError(f"That cannot be saved: {error}.") from None
