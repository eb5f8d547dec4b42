"""What a paper has beyond its listing entry: linked repos, the discussion, the full text.

Each comes from the cache while fresh enough, else from the hub; offline or when the hub
fails, the cached copy of any age, else the error. The links and the comments come in one
request (the paper with its comments), shared by every caller that asks at the same time.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from paperreader.domain.details import Discussion, FullText, PaperExtras
from paperreader.domain.errors import BadResponseError, OfflineError, PaperReaderError
from paperreader.domain.ids import normalise_paper_id
from paperreader.domain.models import Origin
from paperreader.formats.hub_discussion import parse_discussion
from paperreader.formats.hub_extras import parse_extras
from paperreader.formats.hub_full_text import parse_full_text
from paperreader.service.cached import CacheAccess
from paperreader.service.context import SessionContext
from paperreader.service.upstream import Upstream
from paperreader.storage.cache import (
    DISCUSSION_TTL,
    EXTRAS_TTL,
    FULL_TEXT_TTL,
    NO_FULL_TEXT_TTL,
    CachedEntry,
)


class DetailService:
    """A paper's extras, discussion and full text, cache first."""

    def __init__(self, context: SessionContext, upstream: Upstream, cache: CacheAccess) -> None:
        self._context = context
        self._upstream = upstream
        self._cache = cache
        self._detail_tasks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        """The requests for a paper with its comments now in flight, by paper id."""

    async def get_extras(self, paper_id: str, *, force: bool = False) -> PaperExtras:
        """A paper's linked models, datasets and Spaces and its comment count.

        From the cache when fetched within the hour (EXTRAS_TTL), else from the hub (one
        request that also brings the comments, cached for `get_discussion`). Offline or when
        the hub fails: the cached copy of any age, else the error (OfflineError offline).
        """
        pid = normalise_paper_id(paper_id)
        offline = self._context.offline
        entry = await self._cache.discussion(pid)
        if entry is not None and (offline or (not force and entry.age() < EXTRAS_TTL)):
            cached = _extras_from(entry.data, pid, Origin.CACHE)
            if cached is not None:
                return cached
        if offline:
            cached = await self._cached_extras(pid, entry)
            if cached is None:
                raise OfflineError(f"Offline, and the links of paper {pid} are not cached.")
            return cached
        try:
            data = await self._detail_with_comments(pid)
        except PaperReaderError:
            cached = await self._cached_extras(pid, entry)
            if cached is None:
                raise
            return cached
        extras = _extras_from(data, pid, self._context.origin)
        if extras is None:  # not reachable with a valid id, but never return a wrong paper
            raise BadResponseError(f"Hugging Face sent an unreadable paper {pid}.")
        return extras

    async def get_discussion(self, paper_id: str, *, force: bool = False) -> Discussion:
        """A paper's comments, replies nested; fresh for ten minutes (DISCUSSION_TTL).

        Offline or when the hub fails: the cached copy of any age, else the error.
        """
        pid = normalise_paper_id(paper_id)
        offline = self._context.offline
        entry = await self._cache.discussion(pid)
        cached = _discussion_from(entry, pid)
        fresh = entry is not None and not force and entry.age() < DISCUSSION_TTL
        if cached is not None and (offline or fresh):
            return cached
        if offline:
            raise OfflineError(f"Offline, and the comments of paper {pid} are not cached.")
        try:
            data = await self._detail_with_comments(pid)
        except PaperReaderError:
            if cached is None:
                raise
            return cached
        return replace(parse_discussion(pid, data), origin=self._context.origin)

    async def get_full_text(self, paper_id: str, *, force: bool = False) -> FullText:
        """A paper's full text as Markdown (`markdown` None when the hub has none).

        Once read it is kept for a month (FULL_TEXT_TTL) and opens offline; that the hub has
        none is remembered for a day (NO_FULL_TEXT_TTL). A text once read is kept even if
        the hub later answers 404. Offline with nothing cached: OfflineError.
        """
        pid = normalise_paper_id(paper_id)
        offline = self._context.offline
        entry = await self._cache.full_text(pid)
        if entry is not None:
            ttl = NO_FULL_TEXT_TTL if entry.data is None else FULL_TEXT_TTL
            if offline or (not force and entry.age() < ttl):
                return replace(parse_full_text(pid, entry.data), origin=Origin.CACHE)
        if offline:
            raise OfflineError(f"Offline, and the full text of paper {pid} was never opened.")
        try:
            text = await self._upstream.source().fetch_full_text(pid)
        except PaperReaderError:
            if entry is None:
                raise
            return replace(parse_full_text(pid, entry.data), origin=Origin.CACHE)
        full = parse_full_text(pid, text)
        if not full.available and entry is not None and entry.data is not None:
            return replace(parse_full_text(pid, entry.data), origin=Origin.CACHE)
        if not self._context.demo:
            await self._cache.put_full_text(pid, text if full.available else None)
        return replace(full, origin=self._context.origin)

    async def _cached_extras(self, pid: str, entry: CachedEntry | None) -> PaperExtras | None:
        """The best cached extras: from the copy with comments, else the plain detail."""
        if entry is not None:
            extras = _extras_from(entry.data, pid, Origin.CACHE)
            if extras is not None:
                return extras
        detail = await self._cache.paper(pid)
        if detail is None or not isinstance(detail.data, dict):
            return None
        if not any(
            key in detail.data for key in ("linkedModels", "linkedDatasets", "linkedSpaces")
        ):
            return None  # a copy from before the hub sent linked repos says nothing about them
        return _extras_from(detail.data, pid, Origin.CACHE)

    async def _detail_with_comments(self, pid: str) -> dict[str, Any]:
        """The detail with comments from the hub, cached; one request per paper at a time.

        Callers share the request, and a caller that is cancelled (the selection moved on)
        does not cancel it for the others: the answer is still cached for next time.
        """
        task = self._detail_tasks.get(pid)
        if task is None:
            task = asyncio.ensure_future(self._fetch_detail_with_comments(pid))
            self._detail_tasks[pid] = task

            def done(finished: asyncio.Future[dict[str, Any]]) -> None:
                if self._detail_tasks.get(pid) is finished:
                    del self._detail_tasks[pid]
                if not finished.cancelled():
                    finished.exception()  # retrieved: no "never retrieved" warning

            task.add_done_callback(done)
        return await asyncio.shield(task)

    async def _fetch_detail_with_comments(self, pid: str) -> dict[str, Any]:
        data = await self._upstream.source().fetch_paper(pid, comments=True)
        if not isinstance(data, dict):
            raise BadResponseError("Hugging Face sent a paper that is not a JSON object.")
        if not self._context.demo:
            await self._cache.put_discussion(pid, data)
        return data


def _extras_from(data: Any, pid: str, origin: Origin) -> PaperExtras | None:
    try:
        return replace(parse_extras(data, pid), origin=origin)
    except ValueError:
        return None


def _discussion_from(entry: CachedEntry | None, pid: str) -> Discussion | None:
    if entry is None:
        return None
    try:
        return replace(parse_discussion(pid, entry.data), origin=Origin.CACHE)
    except ValueError:
        return None
