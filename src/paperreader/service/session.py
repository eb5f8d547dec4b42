"""`Session`: one run of the app or of a command, and the services the front ends call.

    session.papers     listings and single papers (cache, then the hub or the demo)
    session.details    a paper's linked repos, discussion and full text
    session.user_data  bookmarks, tags, notes, read marks, visits
    session.library    the paper library: search, recent papers, info
    session.sync       fetching Daily Papers days into the library
    session.desktop    the browser, the clipboard, files, the saved theme
    session.collections  the bookmarks kept in step with a Hugging Face collection
    session.reading    where the reader was left in each full text
    session.downloads  PDFs saved into the downloads folder and opened locally
    session.pipe       the selected paper handed to the user's pipe command
    session.watches    the watch list, what it finds, the digest
    session.recommend  papers like a paper or like the bookmarks, the For-you tab

The session owns what they share (settings, clock, mode, web site, the source, the cache)
and closes it all in `aclose`. `compose` builds sessions; tests build them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from paperreader.config.settings import Settings
from paperreader.domain.links import HF_WEB
from paperreader.domain.models import Paper
from paperreader.service.cached import CacheAccess
from paperreader.service.context import SessionContext
from paperreader.service.library import LibraryService
from paperreader.service.paper_texts import PaperTexts
from paperreader.service.papers import PaperService
from paperreader.service.upstream import Upstream
from paperreader.service.user_data import UserDataService
from paperreader.sources.base import ListingSource
from paperreader.storage.cache import ListingCache

if TYPE_CHECKING:
    from paperreader.service.collections import CollectionSync
    from paperreader.service.desktop import Desktop
    from paperreader.service.details import DetailService
    from paperreader.service.downloads import Downloads
    from paperreader.service.library_sync import LibrarySync
    from paperreader.service.pipe import Pipe
    from paperreader.service.reading import ReadingService
    from paperreader.service.recommend import Recommender
    from paperreader.service.watches import WatchService
    from paperreader.storage.library import Library
    from paperreader.storage.user_data import UserDataStore
    from paperreader.storage.watches import WatchStore


class Session(SessionContext):
    """The parts of one session, composed; each service is one typed attribute."""

    def __init__(
        self,
        *,
        source_factory: Callable[[], ListingSource] | None,
        cache: ListingCache | None,
        offline: bool = False,
        demo: bool = False,
        web_url: str = HF_WEB,
        clock: Callable[[], datetime] | None = None,
        user_data: UserDataStore | Callable[[], UserDataStore] | None = None,
        library: Library | None = None,
        settings: Settings | None = None,
        watches: WatchStore | Callable[[], WatchStore] | None = None,
    ) -> None:
        """`source_factory` None means offline; `user_data`, `library`, `watches` None: not
        kept. `user_data` and `watches` may be functions that make the stores, on first use."""
        super().__init__(
            settings=settings or Settings(),
            clock=clock or (lambda: datetime.now(UTC)),
            offline=offline or source_factory is None,
            demo=demo,
            web_url=web_url,
        )
        self.cache = cache
        """The listing cache (None in the demo); `paperreader cache` reports and clears it."""
        self.upstream = Upstream(source_factory)
        self._cached = CacheAccess(cache)
        self.library = LibraryService(self, library)
        self.texts = PaperTexts(self.library, self._paper_for_texts)
        """A large listing's abstracts and AI summaries, read back from the library."""
        self.user_data = UserDataService(self, user_data, self.texts)
        self.papers = PaperService(
            self, self.upstream, self._cached, self.user_data, self.library, self.texts
        )
        self._watch_store = watches

    # The services no first frame needs are made, and their modules imported, on first use:
    # start-up imports only what it shows.

    @cached_property
    def details(self) -> DetailService:
        """A paper's linked repos, discussion and full text."""
        from paperreader.service.details import DetailService

        return DetailService(self, self.upstream, self._cached)

    @cached_property
    def sync(self) -> LibrarySync:
        """Fetching Daily Papers days into the library."""
        from paperreader.service.library_sync import LibrarySync

        return LibrarySync(self, self.upstream, self.library)

    @cached_property
    def desktop(self) -> Desktop:
        """The browser, the clipboard, files, the saved theme."""
        from paperreader.service.desktop import Desktop

        return Desktop(self)

    @cached_property
    def collections(self) -> CollectionSync:
        """The bookmarks kept in step with a Hugging Face collection."""
        from paperreader.service.collections import CollectionSync

        return CollectionSync(self, self.user_data, self.papers)

    @cached_property
    def reading(self) -> ReadingService:
        """Where the reader was left in each full text, kept beside the user's data."""
        from paperreader.service.reading import ReadingService
        from paperreader.storage.reading_positions import ReadingPositions

        store = self.user_data.store
        return ReadingService(ReadingPositions(store.directory) if store is not None else None)

    @cached_property
    def downloads(self) -> Downloads:
        """PDFs saved into the downloads folder and opened locally."""
        from paperreader.service.downloads import Downloads

        return Downloads(self)

    @cached_property
    def pipe(self) -> Pipe:
        """The selected paper handed to the user's pipe command."""
        from paperreader.service.pipe import Pipe

        return Pipe(self, self.texts)

    @cached_property
    def watches(self) -> WatchService:
        """The watch list, what it finds, the digest."""
        from paperreader.service.watches import WatchService

        store = self._watch_store
        if callable(store):  # made on first use: start-up does not import it
            store = store()
        return WatchService(self, store, self.library, lambda: self.sync)

    @cached_property
    def recommend(self) -> Recommender:
        """Papers like a paper or like the bookmarks, and the For-you tab."""
        from paperreader.service.recommend import Recommender

        return Recommender(self, self.library, self.user_data, self.watches)

    async def _paper_for_texts(self, paper_id: str) -> Paper:
        """One paper from the cache or the hub, for texts the library no longer holds."""
        paper, _origin = await self.papers.get_paper(paper_id)
        return paper

    async def aclose(self) -> None:
        """Close the network client and the cache, and finish and close the library."""
        await self.upstream.aclose()
        if "downloads" in self.__dict__:  # made on first use: close its client if it was
            await self.downloads.aclose()
        if self.cache is not None:
            self.cache.close()
        await self.library.aclose()
