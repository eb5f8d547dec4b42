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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import periods
from .cache import ListingCache, freshness_ttl
from .errors import BadResponseError, OfflineError, PaperReaderError, UsageError
from .links import HF_WEB, PaperLinks, links_for
from .models import Bookmark, Listing, ListingKind, ListingQuery, Origin, Paper
from .parsing import PAPER_ID, parse_items, parse_paper

if TYPE_CHECKING:
    from .library import Library

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
        library: Library | None = None,
    ) -> None:
        self._source_factory = source_factory
        self.library = library
        """Bookmarks and read state; None when the session keeps no user data."""
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
        if query.kind is ListingKind.BOOKMARKS:
            yield await self.bookmarks_listing()
            return
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

    # ------------------------------------------------------------------ the user's data

    async def bookmarks_listing(self) -> Listing:
        """The bookmarks as a listing, newest first, read from the paper snapshots."""
        bookmarks = await self.bookmarks()
        return Listing(
            query=ListingQuery(ListingKind.BOOKMARKS),
            papers=tuple(b.paper for b in bookmarks),
            origin=Origin.LOCAL,
            fetched_at=self.clock(),
        )

    async def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        return await self._library_call("bookmarks", default=[])

    async def read_ids(self) -> frozenset[str]:
        """The ids of the papers marked read."""
        return await self._library_call("read_ids", default=frozenset())

    async def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark a paper, or remove its bookmark; True when it is now bookmarked."""
        return await self._library_call("toggle_bookmark", paper, write=True)

    async def set_tags(self, paper_id: str, tags: list[str]) -> Bookmark:
        """Replace a bookmark's tags."""
        return await self._library_call("set_tags", paper_id, tags, write=True)

    async def set_note(self, paper_id: str, note: str) -> Bookmark:
        """Replace a bookmark's note."""
        return await self._library_call("set_note", paper_id, note, write=True)

    async def set_read(self, paper_id: str, read: bool = True) -> None:
        """Mark a paper read or unread."""
        await self._library_call("set_read", paper_id, read, write=True)

    async def visit(self, listing_key: str, paper_ids: list[str]) -> frozenset[str]:
        """Record a visit to a listing; returns the ids that are new since the previous one.

        The first visit of a listing reports nothing new: it is not news that everything on
        it was never seen before.
        """
        if self.library is None:
            return frozenset()
        try:
            seen = await self._library_call("seen_ids", listing_key)
            await self._library_call("record_visit", listing_key, paper_ids, write=True)
        except PaperReaderError:
            return frozenset()  # a count of new papers is not worth an error message
        return frozenset() if seen is None else frozenset(paper_ids) - seen

    async def import_bookmarks(self, text: str) -> tuple[int, int]:
        """Merge a JSON export into the bookmarks; returns (added, skipped)."""
        from .export import parse_bookmarks_json

        result = parse_bookmarks_json(text)
        added = await self._library_call("import_bookmarks", result.bookmarks, write=True)
        return added, result.skipped

    async def export_bookmarks(self, fmt: str, tag: str | None = None) -> tuple[str, int]:
        """The bookmarks in an export format, and how many were exported."""
        from .export import export_bookmarks
        from .library import normalise_tags

        bookmarks = await self.bookmarks()
        wanted = normalise_tags(tag)[0] if tag and normalise_tags(tag) else None
        count = sum(1 for b in bookmarks if wanted is None or wanted in b.tags)
        return export_bookmarks(bookmarks, fmt, tag=tag, web=self.web_url), count

    async def write_file(self, path: str, text: str) -> str:
        """Write an export to a new file; never replaces an existing one. Returns the path."""
        from pathlib import Path

        target = Path(path).expanduser()

        def write() -> None:
            try:
                with open(target, "x", encoding="utf-8", newline="") as handle:
                    handle.write(text)
            except FileExistsError:
                raise UsageError(f"{target} already exists; choose another name.") from None
            except OSError as error:
                raise UsageError(f"Cannot write {target}: {error.strerror or error}.") from None

        await asyncio.to_thread(write)
        return str(target)

    def library_problem(self) -> str | None:
        """One sentence when the bookmark store had to be moved aside or cannot be written."""
        return self.library.problem if self.library is not None else None

    async def copy_text(self, text: str) -> bool:
        """Put text on the system clipboard; False when there is none (SSH, bare consoles)."""
        from .clipboard import copy_to_system_clipboard

        return await asyncio.to_thread(copy_to_system_clipboard, text)

    async def _library_call(
        self, method: str, *args: Any, default: Any = None, write: bool = False
    ) -> Any:
        from .errors import StorageError

        if self.library is None:
            if write:
                raise StorageError("Bookmarks are not available in this session.")
            return default
        try:
            return await asyncio.to_thread(getattr(self.library, method), *args)
        except KeyError:
            raise UsageError("That paper is not bookmarked.") from None
        except ValueError as error:
            raise UsageError(f"That cannot be saved: {error}.") from None

    # ------------------------------------------------------------------ periods and links

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
    from . import paths
    from .library import Library

    if demo:
        import atexit
        import itertools
        import shutil
        import tempfile

        from .demo import DEMO_NOW, DemoSource

        # The demo keeps its bookmarks in a throwaway directory: trying it out must not
        # mix demo papers into the user's real bookmarks.
        scratch = tempfile.mkdtemp(prefix="paperreader-demo-")
        ticks = itertools.count()  # a fixed clock that still orders the demo's bookmarks
        atexit.register(shutil.rmtree, scratch, True)
        return ReaderService(
            source_factory=DemoSource,
            cache=None,
            demo=True,
            clock=lambda: DEMO_NOW,
            library=Library(Path(scratch), clock=lambda: DEMO_NOW + timedelta(seconds=next(ticks))),
        )
    cache = ListingCache(paths.cache_dir(), endpoint)

    def hub_factory() -> ListingSource:
        from .hub import HubClient, make_client

        return HubClient(make_client(endpoint, token))

    web = HF_WEB if endpoint.rstrip("/") == "https://huggingface.co" else endpoint
    return ReaderService(
        source_factory=None if offline else hub_factory,
        cache=cache,
        offline=offline,
        web_url=web,
        library=Library(paths.data_dir()),
    )
