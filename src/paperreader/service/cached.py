"""The listing cache as the services use it: off the event loop, and absent as a plain miss.

Every call runs the blocking `ListingCache` method in a worker thread; a session without a
cache (the demo) reads None and writes nothing, so the services need no special case.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from paperreader.domain.models import ListingQuery
from paperreader.storage.cache import CachedEntry, ListingCache

T = TypeVar("T")


class CacheAccess:
    """Typed, non-blocking access to the session's `ListingCache` (or to none)."""

    def __init__(self, cache: ListingCache | None) -> None:
        self.cache = cache

    def problem(self) -> str | None:
        """One sentence when the cache had to be moved aside, or cannot be used or written."""
        return self.cache.problem if self.cache is not None else None

    def problem_clause(self) -> str:
        """': <the cache problem>' for a sentence about what is not cached, or ''."""
        problem = (self.problem() or "").strip().removesuffix(".")
        return f": {problem[:1].lower()}{problem[1:]}" if problem else ""

    def listing_now(self, query: ListingQuery) -> CachedEntry | None:
        """A listing's cached copy, read on the calling thread (before the event loop runs);
        its items are decoded as `data` is iterated (`ListingCache.get_listing_items`)."""
        return self.cache.get_listing_items(query) if self.cache is not None else None

    async def listing(self, query: ListingQuery) -> CachedEntry | None:
        """As `listing_now`, the stored bytes read in a worker thread."""
        return await self._call(lambda cache: cache.get_listing_items(query))

    async def put_listing(self, query: ListingQuery, items: list[Any], fetched_at: float) -> None:
        await self._call(lambda cache: cache.put_listing(query, items, fetched_at))

    async def paper(self, paper_id: str) -> CachedEntry | None:
        return await self._call(lambda cache: cache.get_paper(paper_id))

    async def put_paper(self, paper_id: str, data: dict[str, Any]) -> None:
        await self._call(lambda cache: cache.put_paper(paper_id, data))

    async def discussion(self, paper_id: str) -> CachedEntry | None:
        return await self._call(lambda cache: cache.get_discussion(paper_id))

    async def put_discussion(self, paper_id: str, data: dict[str, Any]) -> None:
        await self._call(lambda cache: cache.put_discussion(paper_id, data))

    async def full_text(self, paper_id: str) -> CachedEntry | None:
        return await self._call(lambda cache: cache.get_full_text(paper_id))

    async def put_full_text(self, paper_id: str, markdown: str | None) -> None:
        await self._call(lambda cache: cache.put_full_text(paper_id, markdown))

    async def _call(self, call: Callable[[ListingCache], T]) -> T | None:
        """`call` on the cache in a worker thread; None when the session keeps no cache."""
        if self.cache is None:
            return None
        return await asyncio.to_thread(call, self.cache)
