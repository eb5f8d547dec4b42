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
from dataclasses import replace as _replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperreader.config.settings import Settings
from paperreader.domain import periods
from paperreader.domain.errors import (
    BadResponseError,
    OfflineError,
    PaperReaderError,
    StorageError,
    UsageError,
)
from paperreader.domain.links import HF_WEB, PaperLinks, links_for, menu_links
from paperreader.domain.models import (
    Bookmark,
    Discussion,
    FullText,
    Listing,
    ListingKind,
    ListingQuery,
    Origin,
    Paper,
    PaperExtras,
)
from paperreader.domain.tags import has_tag
from paperreader.formats.hub_discussion import parse_discussion
from paperreader.formats.hub_extras import parse_extras
from paperreader.formats.hub_full_text import parse_full_text
from paperreader.formats.hub_json import PAPER_ID, parse_items, parse_paper
from paperreader.service.options import AppOptions
from paperreader.sources.base import ListingSource, ProgressCallback
from paperreader.storage.cache import (
    DISCUSSION_TTL,
    EXTRAS_TTL,
    FULL_TEXT_TTL,
    NO_FULL_TEXT_TTL,
    CachedEntry,
    ListingCache,
    freshness_ttl,
)

if TYPE_CHECKING:
    from datetime import date

    from paperreader.service.sync import SyncProgress, SyncReport
    from paperreader.storage.library import Library, LibraryInfo, SearchResult
    from paperreader.storage.user_data import UserDataStore


LIBRARY_RECENT = 2000
"""Papers the Library tab lists before anything is typed: the newest ones."""


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
        library: UserDataStore | None = None,
        archive: Library | None = None,
        settings: Settings | None = None,
    ) -> None:
        self._source_factory = source_factory
        self.library = library
        """Bookmarks and read state; None when the session keeps no user data."""
        self.archive = archive
        """The paper library (every paper fetched, searchable offline); None: not kept.
        Opened lazily by its first use, in a worker thread."""
        self.settings = settings or Settings()
        """The user's configuration (cache lifetimes, browser, clipboard, theme)."""
        self._preloaded: tuple[ListingQuery, Any] | None = None
        self._archive_tasks: set[asyncio.Future[None]] = set()
        self._archive_write_problem: str | None = None
        """Why fetched papers could not be added to the library (a full disk, say)."""
        self._source: ListingSource | None = None
        self.cache = cache
        self.offline = offline or source_factory is None
        self.demo = demo
        self.web_url = web_url
        self.clock = clock or (lambda: datetime.now(UTC))
        """The time 'today' and 'latest' are measured against (fixed in demo mode)."""
        self._detail_tasks: dict[str, asyncio.Future[dict[str, Any]]] = {}

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
        if query.kind is ListingKind.LIBRARY:
            yield await self.library_listing(query)
            return
        if query.kind is ListingKind.BOOKMARKS:
            yield await self.bookmarks_listing()
            return
        entry = await self._cached_listing(query)
        cached: Listing | None = None
        if entry is not None:
            stale = entry.age() > freshness_ttl(query, self.clock(), self.settings.ttl)
            cached = self._listing(query, entry.data, Origin.CACHE, entry.fetched_at, stale)
            if not force:
                yield cached
                if not stale:
                    return
        if self.offline:
            if cached is None:
                raise OfflineError(
                    f"Offline, and nothing is cached for {query.label}{self._cache_clause()}. "
                    "Go online, or try paperreader --demo."
                )
            if force:
                yield cached.with_error("Offline: showing the cached copy.")
            return
        try:
            items = await self._fetch_listing(query, progress)
            fetched_at = time.time()
            fresh = self._listing(query, items, self.origin, fetched_at, stale=False)
            if fresh.unreadable and cached is not None:
                raise BadResponseError(fresh.unreadable)
        except PaperReaderError as error:
            if cached is None:
                raise
            yield cached.with_error(error.message)
            return
        if fresh.unreadable:  # shown (it says so), never cached: the next look asks again
            yield fresh
            return
        if not self.demo:  # cached only once it parsed: a bad answer must not poison the cache
            await self._cache_call("put_listing", query, items, fetched_at)
            self._archive_later(fresh.papers, query)
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
        cached = _paper_from(entry)  # None too for a copy that no longer reads: not cached
        fresh = entry is not None and not force and entry.age() < 3600
        if cached is not None and (self.offline or fresh):
            return cached, Origin.CACHE
        if self.offline:
            why = self._cache_clause()
            raise OfflineError(f"Offline, and paper {paper_id} is not cached{why}.")
        try:
            data = await self._require_source().fetch_paper(paper_id)
        except PaperReaderError:
            if cached is None:
                raise
            return cached, Origin.CACHE
        try:
            paper = parse_paper(data)
        except ValueError as error:
            if cached is not None:  # as for listings: an unreadable answer keeps the older copy
                return cached, Origin.CACHE
            raise BadResponseError(f"Hugging Face sent an unreadable paper: {error}.") from None
        if not self.demo:
            await self._cache_call("put_paper", paper_id, data)
            self._archive_later((paper,))
        return paper, self.origin

    # ------------------------------------------------------------------ linked repos, comments

    async def get_extras(self, paper_id: str, *, force: bool = False) -> PaperExtras:
        """A paper's linked models, datasets and Spaces and its comment count.

        From the cache when fetched within the hour (EXTRAS_TTL), else from the hub (one
        request that also brings the comments, cached for `get_discussion`). Offline or when
        the hub fails: the cached copy of any age, else the error (OfflineError offline).
        """
        pid = _normalise_paper_id(paper_id)
        entry = await self._cache_call("get_discussion", pid)
        if entry is not None and (self.offline or (not force and entry.age() < EXTRAS_TTL)):
            cached = _extras_from(entry.data, pid, Origin.CACHE)
            if cached is not None:
                return cached
        if self.offline:
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
        extras = _extras_from(data, pid, self.origin)
        if extras is None:  # not reachable with a valid id, but never return a wrong paper
            raise BadResponseError(f"Hugging Face sent an unreadable paper {pid}.")
        return extras

    async def get_discussion(self, paper_id: str, *, force: bool = False) -> Discussion:
        """A paper's comments, replies nested; fresh for ten minutes (DISCUSSION_TTL).

        Offline or when the hub fails: the cached copy of any age, else the error.
        """
        pid = _normalise_paper_id(paper_id)
        entry = await self._cache_call("get_discussion", pid)
        cached = _discussion_from(entry, pid)
        fresh = entry is not None and not force and entry.age() < DISCUSSION_TTL
        if cached is not None and (self.offline or fresh):
            return cached
        if self.offline:
            raise OfflineError(f"Offline, and the comments of paper {pid} are not cached.")
        try:
            data = await self._detail_with_comments(pid)
        except PaperReaderError:
            if cached is None:
                raise
            return cached
        return _replace(parse_discussion(pid, data), origin=self.origin)

    async def get_full_text(self, paper_id: str, *, force: bool = False) -> FullText:
        """A paper's full text as Markdown (`markdown` None when the hub has none).

        Once read it is kept for a month (FULL_TEXT_TTL) and opens offline; that the hub has
        none is remembered for a day (NO_FULL_TEXT_TTL). A text once read is kept even if
        the hub later answers 404. Offline with nothing cached: OfflineError.
        """
        pid = _normalise_paper_id(paper_id)
        entry: CachedEntry | None = await self._cache_call("get_full_text", pid)
        if entry is not None:
            ttl = NO_FULL_TEXT_TTL if entry.data is None else FULL_TEXT_TTL
            if self.offline or (not force and entry.age() < ttl):
                return _replace(parse_full_text(pid, entry.data), origin=Origin.CACHE)
        if self.offline:
            raise OfflineError(f"Offline, and the full text of paper {pid} was never opened.")
        try:
            text = await self._require_source().fetch_full_text(pid)
        except PaperReaderError:
            if entry is None:
                raise
            return _replace(parse_full_text(pid, entry.data), origin=Origin.CACHE)
        full = parse_full_text(pid, text)
        if not full.available and entry is not None and entry.data is not None:
            return _replace(parse_full_text(pid, entry.data), origin=Origin.CACHE)
        if not self.demo:
            await self._cache_call("put_full_text", pid, text if full.available else None)
        return _replace(full, origin=self.origin)

    async def _cached_extras(self, pid: str, entry: CachedEntry | None) -> PaperExtras | None:
        """The best cached extras: from the copy with comments, else the plain detail."""
        if entry is not None:
            extras = _extras_from(entry.data, pid, Origin.CACHE)
            if extras is not None:
                return extras
        detail = await self._cache_call("get_paper", pid)
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
        data = await self._require_source().fetch_paper(pid, comments=True)
        if not isinstance(data, dict):
            raise BadResponseError("Hugging Face sent a paper that is not a JSON object.")
        if not self.demo:
            await self._cache_call("put_discussion", pid, data)
        return data

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
        from paperreader.formats.export.bookmark_json import parse_bookmarks_json

        result = parse_bookmarks_json(text)
        added = await self._library_call("import_bookmarks", result.bookmarks, write=True)
        return added, result.skipped

    async def export_bookmarks(self, fmt: str, tag: str | None = None) -> tuple[str, int]:
        """The bookmarks in an export format, and how many were exported."""
        from paperreader.formats.export.bookmarks import export_bookmarks

        bookmarks = await self.bookmarks()
        count = sum(1 for b in bookmarks if has_tag(b, tag))
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

    def cache_problem(self) -> str | None:
        """One sentence when the cache had to be moved aside, or cannot be used or written."""
        return self.cache.problem if self.cache is not None else None

    def _cache_clause(self) -> str:
        """': <the cache problem>' for a sentence about what is not cached, or ''."""
        problem = (self.cache_problem() or "").strip().removesuffix(".")
        return f": {problem[:1].lower()}{problem[1:]}" if problem else ""

    def library_problem(self) -> str | None:
        """One sentence when the bookmark store had to be moved aside or cannot be written."""
        return self.library.problem if self.library is not None else None

    async def copy_text(self, text: str) -> bool:
        """Put text on the system clipboard; False when there is none (SSH, bare consoles).

        With `clipboard = "osc52"` in the config the system clipboard is left alone.
        """
        from paperreader.platform.clipboard import copy_to_system_clipboard

        if self.settings.clipboard == "osc52":
            return False
        return await asyncio.to_thread(copy_to_system_clipboard, text)

    async def _library_call(
        self, method: str, *args: Any, default: Any = None, write: bool = False
    ) -> Any:
        from paperreader.domain.errors import StorageError

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

    # ------------------------------------------------------------------ the paper library

    async def library_listing(self, query: ListingQuery, limit: int = 500) -> Listing:
        """The library as a listing: search results for `query.text`, else the newest papers."""
        text = (query.text or "").strip()
        if text:
            result = await self.search_library(text, limit=limit)
            papers, total = result.papers, result.total
        else:
            papers = await self.library_recent(LIBRARY_RECENT)
            total = (await self.library_info()).papers
        return Listing(
            query=query,
            papers=tuple(papers),
            origin=Origin.LOCAL,
            fetched_at=self.clock(),
            total=total,
        )

    async def search_library(self, query: str, limit: int = 200) -> SearchResult:
        """Search every paper in the library (no network); see `archive.parse_query`."""
        return await self._archive_call("search", query, limit=limit)

    async def library_recent(self, limit: int = 2000) -> tuple[Paper, ...]:
        """The newest papers in the library, latest Daily Papers date first."""
        return await self._archive_call("recent", limit)

    async def library_info(self) -> LibraryInfo:
        """How many papers and days the library holds, its date range and size on disk."""
        return await self._archive_call("info")

    async def sync_library(
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

        if self.archive is None:
            raise StorageError("The paper library is not available in this session.")
        if self.offline and not self.demo:
            raise OfflineError("Offline: syncing needs the network.")
        today = periods.today(self.clock())
        return await syncing.sync(
            self._require_source(),
            self.archive,
            since or periods.FIRST_DAY,
            until or today,
            progress=progress,
            now=self.clock,
            min_interval=0.0 if self.demo else syncing.MIN_INTERVAL,
        )

    async def save_theme(self, name: str) -> None:
        """Remember the theme in the user's config file (only its `theme` line changes)."""
        from paperreader.config.theme_saving import save_theme

        await asyncio.to_thread(save_theme, name)
        self.settings = _replace(self.settings, theme=name)

    def archive_problem(self) -> str | None:
        """One sentence when the library file had to be moved aside or cannot be written."""
        if self.archive is None:
            return None
        return self.archive.problem or self._archive_write_problem

    async def _archive_call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.archive is None:
            raise StorageError("The paper library is not available in this session.")
        await self._archive_settle()  # what this session fetched is found by what it asks
        return await asyncio.to_thread(getattr(self.archive, method), *args, **kwargs)

    def _archive_later(self, papers: tuple[Paper, ...], query: ListingQuery | None = None) -> None:
        """Store fetched papers in the library behind the listing, not before it is shown."""
        if self.archive is None:
            return
        task = asyncio.ensure_future(self._archive_papers(papers, query))
        self._archive_tasks.add(task)
        task.add_done_callback(self._archive_tasks.discard)

    async def _archive_settle(self) -> None:
        """Wait for the library writes started so far (they never raise)."""
        if self._archive_tasks:
            await asyncio.gather(*list(self._archive_tasks), return_exceptions=True)

    async def _archive_papers(
        self, papers: tuple[Paper, ...], query: ListingQuery | None = None
    ) -> None:
        """Keep fetched papers in the library; a failure is logged, never raised: a listing
        must not fail because the library could not be written."""
        if self.archive is None:
            return
        day = query.period if query and query.kind is ListingKind.DAILY else None
        if not papers and day is None:
            return
        try:
            await asyncio.to_thread(
                self.archive.add_papers,
                papers,
                day=day,
                complete=day is not None,
                fetched_at=self.clock(),
            )
        except Exception as error:  # the library is a bonus here, never a reason to fail
            import logging

            logging.getLogger(__name__).warning("could not store papers in the library: %s", error)
            self._archive_write_problem = (
                error.message
                if isinstance(error, PaperReaderError)
                else f"Papers could not be added to the library {self.archive.path}: {error!r}."
            )
        else:
            self._archive_write_problem = None

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

    def repo_links(self, paper: Paper, extras: PaperExtras | None = None) -> list[tuple[str, str]]:
        """(label, url) for the links menu: Hugging Face, arXiv, PDF, GitHub, project page,
        then each linked model, dataset and Space ("Model: owner/name"). http(s) only."""
        return menu_links(paper, extras, self.web_url)

    async def open_url(self, url: str) -> None:
        """Open a web link in the browser (http(s) only); raises when none can be started."""
        from paperreader.platform.opener import open_url

        await asyncio.to_thread(open_url, url, self.settings.browser)

    async def aclose(self) -> None:
        """Close the network client and the cache."""
        if self._source is not None:
            await self._source.aclose()
            self._source = None
        if self.cache is not None:
            self.cache.close()
        if self.archive is not None:
            await self._archive_settle()
            await asyncio.to_thread(self.archive.close)

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

    def preload_listing(self, query: ListingQuery) -> None:
        """Read `query`'s cached copy now, before the UI runs, so its first frame shows it.

        Blocking on purpose: it is called before the event loop starts, and costs one SQLite
        read. A thread doing it while the UI starts fought the start-up for the interpreter
        lock and took longer than the start-up itself. A failed read is left to the normal
        path, which reads again and says what is wrong.
        """
        if self.cache is None or query.kind.is_local:
            return
        try:
            entry = self.cache.get_listing(query)
        except Exception:  # read again, and reported, by stream_listing
            return
        self._preloaded = (query, entry)

    async def _cached_listing(self, query: ListingQuery) -> Any:
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None and preloaded[0] == query:
            return preloaded[1]
        return await self._cache_call("get_listing", query)

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


def _normalise_paper_id(paper_id: str) -> str:
    """An arXiv id as the hub wants it (`arxiv:` prefix and spaces dropped); UsageError if bad."""
    pid = paper_id.strip()
    if pid.lower().startswith("arxiv:"):
        pid = pid[6:]
    if not PAPER_ID.match(pid):
        raise UsageError(f"'{pid}' is not an arXiv id such as 2603.01234.")
    return pid


def _paper_from(entry: CachedEntry | None) -> Paper | None:
    """The paper a cached detail holds; None when nothing is cached or it does not read."""
    if entry is None:
        return None
    try:
        return parse_paper(entry.data)
    except ValueError:
        return None


def _extras_from(data: Any, pid: str, origin: Origin) -> PaperExtras | None:
    try:
        return _replace(parse_extras(data, pid), origin=origin)
    except ValueError:
        return None


def _discussion_from(entry: CachedEntry | None, pid: str) -> Discussion | None:
    if entry is None:
        return None
    try:
        return _replace(parse_discussion(pid, entry.data), origin=Origin.CACHE)
    except ValueError:
        return None


def _effective_period(kind: ListingKind, papers: tuple[Paper, ...]) -> str | None:
    """For the latest daily listing: the feed date most of its papers carry."""
    if kind is not ListingKind.DAILY:
        return None
    dates = Counter(p.daily_date for p in papers if p.daily_date)
    if not dates:
        return None
    return max(dates.most_common(3), key=lambda pair: pair[0])[0].isoformat()


def open_for(options: AppOptions, settings: Settings) -> ReaderService:
    """The service the command line asks for: its endpoint, the user's token, its mode."""
    from paperreader.platform import paths

    return open_service(
        endpoint=settings.hub_endpoint(options.endpoint),
        token=paths.token(),
        offline=options.offline,
        demo=options.demo,
        settings=settings,
    )


def open_service(
    *,
    endpoint: str,
    token: str | None,
    offline: bool = False,
    demo: bool = False,
    settings: Settings | None = None,
) -> ReaderService:
    """Build the service a session uses: demo data, or the hub behind the disk cache."""
    from paperreader.platform import paths
    from paperreader.storage.library import FILE_NAME, Library
    from paperreader.storage.user_data import UserDataStore

    if demo:
        import atexit
        import itertools
        import shutil
        import tempfile

        from paperreader.sources.demo import DEMO_NOW, DemoSource

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
            library=UserDataStore(
                Path(scratch), clock=lambda: DEMO_NOW + timedelta(seconds=next(ticks))
            ),
            archive=Library(Path(scratch) / FILE_NAME, seed=_seed_demo_library),
            settings=settings,
        )
    cache = ListingCache(paths.cache_dir(), endpoint)

    def hub_factory() -> ListingSource:
        from paperreader.sources.hub import HubClient, make_client

        return HubClient(make_client(endpoint, token))

    web = HF_WEB if endpoint.rstrip("/") == "https://huggingface.co" else endpoint
    return ReaderService(
        source_factory=None if offline else hub_factory,
        cache=cache,
        offline=offline,
        web_url=web,
        library=UserDataStore(paths.data_dir()),
        archive=Library(paths.data_dir() / FILE_NAME),  # opened on first use, not here
        settings=settings,
    )


def _seed_demo_library(archive: Library) -> None:
    """Fill the demo's (throwaway) library with the demo papers, day by day."""
    from itertools import groupby

    from paperreader.sources.demo import DEMO_NOW, demo_items

    papers = sorted(parse_items(list(demo_items())).papers, key=lambda p: str(p.daily_date))
    for day, group in groupby(papers, key=lambda p: p.daily_date):
        if day is not None:
            archive.add_papers(list(group), day=day, complete=True, fetched_at=DEMO_NOW)
