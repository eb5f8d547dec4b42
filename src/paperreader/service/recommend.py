"""`session.recommend`: papers like a paper, papers like the bookmarks, and the For-you tab.

All of it is read from the paper library (`storage.library.similar`, `watching`), so it works
offline; the For-you tab, online, then brings the last few days in and shows itself again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from paperreader.domain.errors import StorageError, UsageError
from paperreader.domain.ids import normalise_paper_id
from paperreader.domain.models import Bookmark, Listing, ListingKind, ListingQuery, Origin
from paperreader.domain.watches import SeenMark
from paperreader.service.context import SessionContext
from paperreader.service.library import LibraryService
from paperreader.service.user_data import UserDataService
from paperreader.service.watches import WatchService

if TYPE_CHECKING:
    from paperreader.storage.library.similar import SimilarPaper

FOR_YOU = ListingQuery(ListingKind.FOR_YOU)
"""The For-you listing (papers like one paper are `ListingQuery(FOR_YOU, text=id)`)."""
WATCH_DAYS = 14
"""Days of papers the For-you tab shows from the watches (those new since the last visit
are marked new)."""
LIKE_DAYS = 14
"""Days of papers ranked against the bookmarks."""
LIKE_BOOKMARKS = 20
"""Papers "like your bookmarks" the For-you tab shows."""
FOR_YOU_MARK = "for_you"
"""The mark of the papers the For-you tab has shown."""
SIMILAR = 30
"""Papers like one paper, listed by `m`."""


def bookmark_weight(bookmark: Bookmark) -> float:
    """How much a bookmark counts in the profile: more when the reader tagged it or wrote a
    note on it (one more for each)."""
    return 1.0 + bool(bookmark.tags) + bool(bookmark.note.strip())


class Recommender:
    """Finds what the reader may want to read next, in the library."""

    def __init__(
        self,
        context: SessionContext,
        library: LibraryService,
        user_data: UserDataService,
        watches: WatchService,
    ) -> None:
        self._context = context
        self._library = library
        self._user_data = user_data
        self._watches = watches
        self._brought_in = False
        self._seen_before: SeenMark | None = None
        """The For-you mark as this session found it: what it had shown before."""
        self._watched: list[str] = []
        """The watched papers of the last For-you listing."""

    async def similar(self, paper_id: str, limit: int = 10) -> list[SimilarPaper]:
        """The papers of the library most like `paper_id`, best first, each with the word
        they share most."""
        from paperreader.storage.library.similar import like_paper

        paper_id = normalise_paper_id(paper_id)
        library = self._library.require()
        await self._library.settle()
        try:
            return await asyncio.to_thread(like_paper, library, paper_id, max(1, limit))
        except KeyError:
            raise UsageError(
                f"The library does not hold {paper_id}: open it or sync its day first."
            ) from None

    async def like_bookmarks(self, limit: int = LIKE_BOOKMARKS) -> list[SimilarPaper]:
        """The papers of the last `LIKE_DAYS` days closest to the bookmarks, best first."""
        from paperreader.storage.library.similar import like_profile

        bookmarks = await self._user_data.bookmarks()
        if not bookmarks:
            return []
        library = self._library.require()
        await self._library.settle()
        since = (self._watches.today() - timedelta(days=LIKE_DAYS - 1)).isoformat()
        profile = [(b.paper, bookmark_weight(b)) for b in bookmarks]
        return await asyncio.to_thread(like_profile, library, profile, since, limit)

    async def new_count(self) -> int:
        """How many papers the watches found that the For-you tab has not shown yet."""
        found = await self._watches.found(self._watch_start())
        mark = await self._watches.mark(FOR_YOU_MARK)
        return sum(1 for w in found if mark is None or w.paper.id not in mark.ids)

    def _watch_start(self) -> date:
        return self._watches.today() - timedelta(days=WATCH_DAYS - 1)

    # -- as listings ----------------------------------------------------------------------

    async def stream_listing(
        self, query: ListingQuery, force: bool = False
    ) -> AsyncIterator[Listing]:
        """The For-you tab's listing (or papers like one paper): from the library at once,
        then, online, again once the last days are brought in (once a session, or on `force`)."""
        if query.text:
            yield await self.similar_listing(query)
            return
        listing = await self.for_you()
        yield listing
        await self._shown()
        if self._brought_in and not force:
            return
        self._brought_in = True
        problem = await self._watches.bring_in()
        if self._context.offline and not self._context.demo:
            return
        listing = await self.for_you()
        yield listing.with_error(problem) if problem else listing
        await self._shown()

    async def _shown(self) -> None:
        """Remember the watched papers the last For-you listing showed: new no more."""
        await self._watches.remember(FOR_YOU_MARK, self._watched)

    async def for_you(self) -> Listing:
        """New papers from the watches, newest day first, then papers like the bookmarks."""
        found = await self._watches.found(self._watch_start())
        if self._seen_before is None:  # what was new stays new for the whole session
            self._seen_before = await self._watches.mark(FOR_YOU_MARK) or SeenMark(
                self._context.clock()
            )
        seen = self._seen_before.ids
        self._watched = [w.paper.id for w in found]
        reasons = [
            (w.paper.id, ("new · " if w.paper.id not in seen else "") + w.reason) for w in found
        ]
        papers = [w.paper for w in found]
        shown = {p.id for p in papers}
        for hit in await self._like_bookmarks_or_none():
            if hit.paper.id not in shown:
                shown.add(hit.paper.id)
                papers.append(hit.paper)
                reasons.append((hit.paper.id, f"like your bookmarks: {hit.reason}"))
        return Listing(
            query=FOR_YOU,
            papers=tuple(papers),
            origin=Origin.LOCAL,
            fetched_at=self._context.clock(),
            reasons=tuple(reasons),
        )

    async def _like_bookmarks_or_none(self) -> list[SimilarPaper]:
        try:
            return await self.like_bookmarks()
        except StorageError:  # no FTS5: the watches still work
            return []

    async def similar_listing(self, query: ListingQuery) -> Listing:
        """Papers like the paper `query.text`, best first, each with the word they share."""
        hits = await self.similar(query.text or "", SIMILAR)
        return Listing(
            query=query,
            papers=tuple(h.paper for h in hits),
            origin=Origin.LOCAL,
            fetched_at=self._context.clock(),
            reasons=tuple((h.paper.id, h.reason) for h in hits),
        )
