"""Listings and papers, cache then network: what the paper list and `list`/`show` ask for.

A listing comes from the cache at once when there is a copy, then from the source when that
copy is stale or missing. A failed refresh keeps the older copy and says why. What the hub
sends is cached only once it parsed, and added to the library behind the listing.

The library is the durable copy behind the cache: offline, or when the hub fails, a dated
Daily listing the library holds whole, or a paper it holds, is read from it (origin
LIBRARY) when the cache has no copy. The cache wins when it has one: it is the fresher.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from paperreader.domain import periods
from paperreader.domain.errors import BadResponseError, OfflineError, PaperReaderError, UsageError
from paperreader.domain.ids import normalise_paper_id, paper_id_in
from paperreader.domain.links import PaperLinks, links_for, menu_links
from paperreader.domain.models import Listing, ListingKind, ListingQuery, Origin, Paper
from paperreader.formats.hub_json import parse_items, parse_paper
from paperreader.service import paper_texts
from paperreader.service.cached import CacheAccess
from paperreader.service.context import SessionContext
from paperreader.service.library import LibraryService
from paperreader.service.paper_texts import PaperTexts
from paperreader.service.upstream import Upstream
from paperreader.service.user_data import UserDataService
from paperreader.sources.base import ProgressCallback
from paperreader.storage.cache import CachedEntry, freshness_ttl
from paperreader.storage.cache_items import CorruptEntry

if TYPE_CHECKING:
    from paperreader.domain.details import PaperExtras

PAPER_FRESH_SECONDS = 3600
"""How long a cached paper detail is shown without asking the hub again."""


class PaperService:
    """Listings of every kind and single papers, for the UI and the CLI alike."""

    def __init__(
        self,
        context: SessionContext,
        upstream: Upstream,
        cache: CacheAccess,
        user_data: UserDataService,
        library: LibraryService,
        texts: PaperTexts,
    ) -> None:
        self._context = context
        self._upstream = upstream
        self._cache = cache
        self._user_data = user_data
        self._library = library
        self.texts = texts
        """A large listing's abstracts and AI summaries, kept in the library and read back."""
        self._preloaded: tuple[ListingQuery, Listing | None] | None = None

    def cache_problem(self) -> str | None:
        """One sentence when the cache had to be moved aside, or cannot be used or written."""
        return self._cache.problem()

    async def stream_listing(
        self,
        query: ListingQuery,
        *,
        force: bool = False,
        progress: ProgressCallback | None = None,
        slim: bool = False,
    ) -> AsyncIterator[Listing]:
        """Yield what the cache has now, then a fresh copy when one is due.

        The last listing yielded is the best available; it carries `error` when a refresh
        failed. With no cached copy, a dated Daily listing the library holds whole stands in
        (offline, or when the hub fails). Raises a PaperReaderError only when there is
        nothing at all to show. `slim`: a large listing keeps the texts of the papers the
        library holds there (`PaperTexts`), as the app shows it; the CLI prints them all.
        """
        self._check_query(query)
        if query.kind is ListingKind.LIBRARY:
            yield await self._library.listing(query)
            return
        if query.kind is ListingKind.BOOKMARKS:
            yield await self._user_data.listing()
            return
        context = self._context
        cached = await self._cached_listing(query, slim)
        if cached is not None and not force:
            yield cached
            if not cached.stale:
                return
        if context.offline:
            if cached is not None:
                if force:
                    yield cached.with_error("Offline: showing the cached copy.")
                return
            kept = await self._library_copy(query)
            if kept is None:
                raise OfflineError(
                    f"Offline, and nothing is cached for {query.label}"
                    f"{self._cache.problem_clause()}. Go online, or try paperreader --demo."
                )
            yield kept.with_error("Offline: showing the library's copy.") if force else kept
            return
        fallback = cached
        try:
            items = await self._fetch_listing(query, progress)
            fetched_at = time.time()
            fresh = _listing(query, items, context.origin, fetched_at, stale=False)
            if fresh.unreadable:
                fallback = fallback or await self._library_copy(query)
                if fallback is not None:
                    raise BadResponseError(fresh.unreadable)
        except PaperReaderError as error:
            fallback = fallback or await self._library_copy(query)
            if fallback is None:
                raise
            yield fallback.with_error(error.message)
            return
        if fresh.unreadable:  # shown (it says so), never cached: the next look asks again
            yield fresh
            return
        if not context.demo:  # cached only once it parsed: a bad answer must not poison the cache
            await self._cache.put_listing(query, items, fetched_at)
            self._library.add_later(fresh.papers, query)  # whole: the library keeps the texts
        if slim and len(fresh.papers) >= paper_texts.SLIM_FROM:
            fresh = fresh._replace(papers=await asyncio.to_thread(self.texts.slimmed, fresh.papers))
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
        """One paper's detail, from the cache when fresh enough, else from the hub; the
        library's copy when neither can answer (offline, or the hub failed)."""
        paper_id = normalise_paper_id(paper_id)
        offline = self._context.offline
        entry = await self._cache.paper(paper_id)
        cached = _paper_from(entry)  # None too for a copy that no longer reads: not cached
        fresh = entry is not None and not force and entry.age() < PAPER_FRESH_SECONDS
        if cached is not None and (offline or fresh):
            return await self._with_known(cached), Origin.CACHE
        if offline:
            kept = await self._library.paper(paper_id)
            if kept is not None:
                return kept, Origin.LIBRARY
            why = self._cache.problem_clause()
            raise OfflineError(f"Offline, and paper {paper_id} is not cached{why}.")
        try:
            data = await self._upstream.source().fetch_paper(paper_id)
            paper = _fresh_paper(data)
        except PaperReaderError:  # as for listings: a failure keeps the older copy
            if cached is not None:
                return await self._with_known(cached), Origin.CACHE
            kept = await self._library.paper(paper_id)
            if kept is None:
                raise
            return kept, Origin.LIBRARY
        paper = await self._with_known(paper)
        if not self._context.demo:
            await self._cache.put_paper(paper_id, data)
            self._library.add_later((paper,))
        return paper, self._context.origin

    async def _with_known(self, paper: Paper) -> Paper:
        """The paper endpoint's copy with what a listing knew and it lacks (the submitter,
        the organisation, the comment count, ...) filled in from the library, by the rule
        the library itself stores papers with (`writing.merge`): `show` and the app alike."""
        from paperreader.storage.library.writing import merge  # the library's: not at start-up

        known = await self._library.paper(paper.id)
        return paper if known is None else merge(known, paper)

    def preload_listing(self, query: ListingQuery) -> Listing | None:
        """Read `query`'s cached copy now, before the UI runs, so its first frame shows it.

        Returns that copy (None when there is none), and the first `stream_listing(query)`
        yields the same object first, so the UI can tell it already shows it. Blocking on
        purpose: it is called before the event loop starts, and costs one SQLite read. A
        thread doing it while the UI starts fought the start-up for the interpreter lock and
        took longer than the start-up itself. A failed read is left to the normal path,
        which reads again and says what is wrong.
        """
        if self._cache.cache is None or query.kind.is_local:
            return None
        try:
            entry = self._cache.listing_now(query)
            listing = None if entry is None else self._cached_copy(query, entry, slim=True)
        except Exception:  # read again, and reported, by stream_listing
            return None
        self._preloaded = (query, listing)
        return listing

    # ------------------------------------------------------------------ periods and links

    def latest_period(self, kind: ListingKind) -> str | None:
        """The period 'latest' names for `kind` right now (None: the hub decides)."""
        return periods.latest_period(kind, self._context.clock())

    def is_future(self, kind: ListingKind, period: str) -> bool:
        """True when `period` lies after today, so nothing can be listed for it yet."""
        return periods.is_future(kind, period, self._context.clock())

    def links(self, paper: Paper) -> PaperLinks:
        """The named links of a paper, on the Hugging Face site this session uses."""
        return links_for(paper, self._context.web_url)

    def repo_links(self, paper: Paper, extras: PaperExtras | None = None) -> list[tuple[str, str]]:
        """(label, url) for the links menu: Hugging Face, arXiv, PDF, GitHub, project page,
        then each linked model, dataset and Space ("Model: owner/name"). http(s) only."""
        return menu_links(paper, extras, self._context.web_url)

    # ------------------------------------------------------------------ helpers

    def _check_query(self, query: ListingQuery) -> None:
        if query.kind is ListingKind.SEARCH and not (query.text or "").strip():
            raise UsageError("Type something to search for.")
        if query.period and self.is_future(query.kind, query.period):
            raise UsageError(f"{query.period} is in the future: nothing has been published yet.")

    async def _fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None
    ) -> list[Any]:
        paper_id = paper_id_in(query.text or "") if query.kind is ListingKind.SEARCH else None
        if paper_id is not None:  # a search for one paper by its id or link: that paper
            return [await self._upstream.source().fetch_paper(paper_id)]
        if query.period is None and query.kind in (ListingKind.WEEKLY, ListingKind.MONTHLY):
            # The hub has no 'latest week/month': without a period it sends the latest day.
            query = ListingQuery(query.kind, self.latest_period(query.kind))
        return await self._upstream.source().fetch_listing(query, progress)

    async def _library_copy(self, query: ListingQuery) -> Listing | None:
        """A dated Daily listing as the library holds it (whole), or None."""
        if query.kind is not ListingKind.DAILY or query.period is None:
            return None
        stored = await self._library.stored_day(query.period)
        if stored is None:
            return None
        now = self._context.clock()
        age = (now - stored.fetched_at).total_seconds()
        return Listing(
            query=query,
            papers=stored.papers,
            origin=Origin.LIBRARY,
            fetched_at=stored.fetched_at,
            stale=age > freshness_ttl(query, now, self._context.settings.ttl),
            effective_period=query.period,
        )

    async def _cached_listing(self, query: ListingQuery, slim: bool) -> Listing | None:
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None and preloaded[0] == query:
            return preloaded[1]
        entry = await self._cache.listing(query)
        if entry is None:
            return None
        # Decoded and read in a thread: a long listing takes a while, and asks the library.
        return await asyncio.to_thread(self._cached_copy, query, entry, slim)

    def _cached_copy(self, query: ListingQuery, entry: CachedEntry, slim: bool) -> Listing | None:
        """The listing a cached copy holds, stale once older than `query`'s lifetime; None
        when the stored JSON breaks off part-way (as good as missing). Its items are decoded
        one at a time and each paper is kept as `slim` says as it is read, so the decoded
        items, the stored bytes and the whole papers are never all alive at once."""
        context = self._context
        stale = entry.age() > freshness_ttl(query, context.clock(), context.settings.ttl)
        hold = self.texts.slimmed if slim else tuple
        try:
            return _listing(query, entry.data, Origin.CACHE, entry.fetched_at, stale, hold)
        except CorruptEntry:
            return None


def _listing(
    query: ListingQuery,
    data: Any,
    origin: Origin,
    fetched_at: float,
    stale: bool,
    hold: Callable[[Iterable[Paper]], tuple[Paper, ...]] = tuple,
) -> Listing:
    """A listing from the hub's raw items; BadResponseError when they are not a list."""
    try:
        parsed = parse_items(data, hold)
    except CorruptEntry:  # the cache's, not the hub's: the caller takes it as not cached
        raise
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


def _fresh_paper(data: dict[str, Any]) -> Paper:
    """The paper the hub sent; BadResponseError when it does not read."""
    try:
        return parse_paper(data)
    except ValueError as error:
        raise BadResponseError(f"Hugging Face sent an unreadable paper: {error}.") from None


def _paper_from(entry: CachedEntry | None) -> Paper | None:
    """The paper a cached detail holds; None when nothing is cached or it does not read."""
    if entry is None:
        return None
    try:
        return parse_paper(entry.data)
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
