"""ReaderService: the one facade the UI and the CLI call.

Cache-then-network: a listing comes from the cache at once when there is a copy, then from
the hub when that copy is stale or missing. A failed refresh keeps the older copy and says
why. The HTTP stack is imported only when the network is first needed, which keeps start-up
light.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from . import periods
from .cache import ListingCache, freshness_ttl
from .errors import BadResponseError, OfflineError, PaperReaderError, UsageError
from .links import HF_WEB, PaperLinks, links_for
from .models import Listing, ListingKind, ListingQuery, Origin, Paper
from .parsing import PAPER_ID, parse_items, parse_paper

ProgressCallback = Callable[[int, int], None]


class ListingSource(Protocol):
    """Anything that answers like the hub: the real client or the bundled demo data."""

    async def fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None = None
    ) -> list[Any]: ...

    async def fetch_paper(self, paper_id: str) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


class ReaderService:
    """Listings and papers for the UI and the CLI, from the cache, the hub or the demo data."""

    def __init__(
        self,
        *,
        source_factory: Callable[[], ListingSource] | None,
        cache: ListingCache | None,
        offline: bool = False,
        demo: bool = False,
        web_url: str = HF_WEB,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._source_factory = source_factory
        self._source: ListingSource | None = None
        self.cache = cache
        self.offline = offline or source_factory is None
        self.demo = demo
        self.web_url = web_url
        self.clock = clock or (lambda: datetime.now(UTC))
        """The time 'today' and 'latest' are measured against (fixed in demo mode)."""

    @property
    def origin(self) -> Origin:
        """Where fresh data comes from in this session."""
        return Origin.DEMO if self.demo else Origin.NETWORK

    async def stream_listing(
        self,
        query: ListingQuery,
        *,
        force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> AsyncIterator[Listing]:
        """Yield what the cache has now, then a fresh copy when one is due.

        The last listing yielded is the best available; it carries `error` when a refresh
        failed. Raises a PaperReaderError only when there is nothing at all to show.
        """
        self._check_query(query)
        entry = await self._cache_call("get_listing", query)
        cached: Listing | None = None
        if entry is not None:
            stale = entry.age() > freshness_ttl(query, self.clock())
            cached = self._listing(query, entry.data, Origin.CACHE, entry.fetched_at, stale)
            if not force:
                yield cached
                if not stale:
                    return
        if self.offline:
            if cached is None:
                raise OfflineError(
                    f"Offline, and nothing is cached for {query.label}. "
                    "Go online, or try paperreader --demo."
                )
            if force:
                yield cached.with_error("Offline: showing the cached copy.")
            return
        try:
            items = await self._fetch_listing(query, progress)
            fetched_at = time.time()
            fresh = self._listing(query, items, self.origin, fetched_at, stale=False)
        except PaperReaderError as error:
            if cached is None:
                raise
            yield cached.with_error(error.message)
            return
        if not self.demo:  # cached only once it parsed: a bad answer must not poison the cache
            await self._cache_call("put_listing", query, items, fetched_at)
        yield fresh

    async def get_listing(
        self,
        query: ListingQuery,
        *,
        force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> Listing:
        """The best available listing (for the CLI): the last thing `stream_listing` yields."""
        last: Listing | None = None
        async for listing in self.stream_listing(query, force=force, progress=progress):
            last = listing
        assert last is not None  # stream_listing yields at least once or raises
        return last

    async def get_paper(self, paper_id: str, *, force: bool = False) -> tuple[Paper, Origin]:
        """One paper's detail, from the cache when fresh enough, else from the hub."""
        paper_id = paper_id.strip()
        if paper_id.lower().startswith("arxiv:"):
            paper_id = paper_id[6:]
        if not PAPER_ID.match(paper_id):
            raise UsageError(f"'{paper_id}' is not an arXiv id such as 2603.01234.")
        entry = await self._cache_call("get_paper", paper_id)
        if entry is not None and (self.offline or (not force and entry.age() < 3600)):
            return parse_paper(entry.data), Origin.CACHE
        if self.offline:
            raise OfflineError(f"Offline, and paper {paper_id} is not cached.")
        try:
            data = await self._require_source().fetch_paper(paper_id)
        except PaperReaderError:
            if entry is None:
                raise
            return parse_paper(entry.data), Origin.CACHE
        try:
            paper = parse_paper(data)
        except ValueError as error:
            if entry is not None:  # as for listings: an unreadable answer keeps the older copy
                return parse_paper(entry.data), Origin.CACHE
            raise BadResponseError(f"Hugging Face sent an unreadable paper: {error}.") from None
        if not self.demo:
            await self._cache_call("put_paper", paper_id, data)
        return paper, self.origin

    def latest_period(self, kind: ListingKind) -> str | None:
        """The period 'latest' names for `kind` right now (None: the hub decides)."""
        return periods.latest_period(kind, self.clock())

    def is_future(self, kind: ListingKind, period: str) -> bool:
        """True when `period` lies after today, so nothing can be listed for it yet."""
        return periods.is_future(kind, period, self.clock())

    def links(self, paper: Paper) -> PaperLinks:
        """The named links of a paper, on the Hugging Face site this session uses."""
        return links_for(paper, self.web_url)

    async def open_url(self, url: str) -> None:
        """Open a web link in the browser (http(s) only); raises when none can be started."""
        from .opener import open_url

        await asyncio.to_thread(open_url, url)

    async def aclose(self) -> None:
        """Close the network client and the cache."""
        if self._source is not None:
            await self._source.aclose()
            self._source = None
        if self.cache is not None:
            self.cache.close()

    def _check_query(self, query: ListingQuery) -> None:
        if query.kind is ListingKind.SEARCH and not (query.text or "").strip():
            raise UsageError("Type something to search for.")
        if query.period and self.is_future(query.kind, query.period):
            raise UsageError(f"{query.period} is in the future: nothing has been published yet.")

    async def _fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None
    ) -> list[Any]:
        if query.period is None and query.kind in (ListingKind.WEEKLY, ListingKind.MONTHLY):
            # The hub has no 'latest week/month': without a period it sends the latest day.
            query = ListingQuery(query.kind, self.latest_period(query.kind))
        return await self._require_source().fetch_listing(query, progress)

    def _require_source(self) -> ListingSource:
        if self._source is None:
            if self._source_factory is None:
                raise OfflineError("Offline mode: the network is not used.")
            self._source = self._source_factory()
        return self._source

    async def _cache_call(self, method: str, *args: Any) -> Any:
        """Run a blocking cache call off the event loop; no cache means a miss."""
        if self.cache is None:
            return None
        return await asyncio.to_thread(getattr(self.cache, method), *args)

    def _listing(
        self, query: ListingQuery, data: Any, origin: Origin, fetched_at: float, stale: bool
    ) -> Listing:
        try:
            parsed = parse_items(data)
        except ValueError:
            raise BadResponseError("Hugging Face sent something other than a list.") from None
        return Listing(
            query=query,
            papers=parsed.papers,
            origin=origin,
            fetched_at=datetime.fromtimestamp(fetched_at, UTC),
            stale=stale,
            skipped=parsed.skipped,
            effective_period=query.period or _effective_period(query.kind, parsed.papers),
        )


def _effective_period(kind: ListingKind, papers: tuple[Paper, ...]) -> str | None:
    """For the latest daily listing: the feed date most of its papers carry."""
    if kind is not ListingKind.DAILY:
        return None
    dates = Counter(p.daily_date for p in papers if p.daily_date)
    if not dates:
        return None
    return max(dates.most_common(3), key=lambda pair: pair[0])[0].isoformat()


def open_service(
    *,
    endpoint: str,
    token: str | None,
    offline: bool = False,
    demo: bool = False,
) -> ReaderService:
    """Build the service a session uses: demo data, or the hub behind the disk cache."""
    if demo:
        from .demo import DEMO_NOW, DemoSource

        return ReaderService(
            source_factory=DemoSource, cache=None, demo=True, clock=lambda: DEMO_NOW
        )
    from . import paths

    cache = ListingCache(paths.cache_dir(), endpoint)

    def hub_factory() -> ListingSource:
        from .hub import HubClient, make_client

        return HubClient(make_client(endpoint, token))

    web = HF_WEB if endpoint.rstrip("/") == "https://huggingface.co" else endpoint
    return ReaderService(
        source_factory=None if offline else hub_factory, cache=cache, offline=offline, web_url=web
    )
