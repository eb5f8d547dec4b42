"""Building sessions: the one place that picks the source, the cache and the stores.

The CLI, the UI launcher and the tests all start here: `open_session` for what the command
line asks, `build_session` for an explicit endpoint and mode.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from paperreader.config.settings import Settings
from paperreader.domain.endpoints import Transport, checked_endpoint, transport_of
from paperreader.domain.links import web_site
from paperreader.service.options import AppOptions
from paperreader.service.session import Session

if TYPE_CHECKING:
    from paperreader.platform.paths import TokenLookup
    from paperreader.sources.base import ListingSource
    from paperreader.storage.library import Library
    from paperreader.storage.user_data import UserDataStore
    from paperreader.storage.watches import WatchStore


def open_session(options: AppOptions, settings: Settings) -> Session:
    """The session the command line asks for: its endpoint, the user's token, its mode; its
    `upstream.notices` say what the user should know about the token on the way."""
    from paperreader.platform import paths

    endpoint = checked_endpoint(settings.hub_endpoint(options.endpoint), "The endpoint")
    found = paths.find_token()
    session = build_session(
        endpoint=endpoint,
        token=found.token,
        offline=options.offline,
        demo=options.demo,
        settings=settings,
    )
    if session.upstream.available and not options.demo:  # a token may be sent
        session.upstream.notices = token_notices(endpoint, found)
    return session


def token_notices(endpoint: str, found: TokenLookup) -> tuple[str, ...]:
    """One sentence per thing to know about the token on its way to `endpoint`."""
    if found.problem:
        return (found.problem,)
    if found.token and transport_of(endpoint) is Transport.PLAIN:
        host = urlsplit(endpoint).hostname
        return (
            f"The Hugging Face token (from {found.source}) goes unencrypted to {host} over "
            "plain http; use an https:// endpoint.",
        )
    return ()


def build_session(
    *,
    endpoint: str,
    token: str | None,
    offline: bool = False,
    demo: bool = False,
    settings: Settings | None = None,
) -> Session:
    """A session on demo data, or on the hub behind the disk cache and the user's stores."""
    if demo:
        return _demo_session(settings)
    from paperreader.platform import paths
    from paperreader.storage.cache import ListingCache
    from paperreader.storage.library import FILE_NAME, Library

    def hub_factory() -> ListingSource:
        from paperreader.sources.hub import HubClient, make_client

        return HubClient(make_client(endpoint, token))

    return Session(
        source_factory=None if offline else hub_factory,
        cache=ListingCache(paths.cache_dir(), endpoint),
        offline=offline,
        web_url=web_site(endpoint),
        user_data=partial(_user_data_store, paths.data_dir()),
        library=Library(paths.data_dir() / FILE_NAME),  # opened on first use, not here
        settings=settings,
        watches=_watch_store,
    )


def _user_data_store(directory: Path) -> UserDataStore:
    """The bookmarks and read marks in `directory`, made (and their modules imported) when
    first used: a command that never reads them never pays for them."""
    from paperreader.storage.user_data import UserDataStore

    return UserDataStore(directory)


def _watch_store() -> WatchStore:
    """The user's watch list, made (and its module imported) when first used."""
    from paperreader.platform import paths
    from paperreader.storage.watches import WatchStore

    return WatchStore(paths.data_dir())


def _demo_session(settings: Settings | None) -> Session:
    """The demo: bundled papers, no cache, and stores in a throwaway directory, so trying it
    out never mixes demo papers into the user's real bookmarks or library."""
    import atexit
    import itertools
    import shutil
    import tempfile

    from paperreader.sources.demo import DEMO_NOW, DemoSource
    from paperreader.storage.library import FILE_NAME, Library
    from paperreader.storage.user_data import UserDataStore
    from paperreader.storage.watches import WatchStore

    scratch = Path(tempfile.mkdtemp(prefix="paperreader-demo-"))
    atexit.register(shutil.rmtree, scratch, True)
    ticks = itertools.count()  # a fixed clock that still orders the demo's bookmarks
    return Session(
        source_factory=DemoSource,
        cache=None,
        demo=True,
        clock=lambda: DEMO_NOW,
        user_data=UserDataStore(scratch, clock=lambda: DEMO_NOW + timedelta(seconds=next(ticks))),
        library=Library(scratch / FILE_NAME, seed=_seed_demo_library),
        settings=settings,
        watches=WatchStore(scratch, clock=lambda: DEMO_NOW),
    )


def _seed_demo_library(library: Library) -> None:
    """Fill the demo's (throwaway) library with the demo papers, day by day."""
    from itertools import groupby

    from paperreader.formats.hub_json import parse_items
    from paperreader.sources.demo import DEMO_NOW, demo_items

    papers = sorted(parse_items(list(demo_items())).papers, key=lambda p: str(p.daily_date))
    for day, group in groupby(papers, key=lambda p: p.daily_date):
        if day is not None:
            library.add_papers(list(group), day=day, complete=True, fetched_at=DEMO_NOW)
