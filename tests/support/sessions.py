"""Sessions for tests: the demo's, one over a fake source, one on the fake hub.

The demo session is the one `paperreader --demo` runs (`paperreader.service.compose`); the
others put a `Session` together the way `compose` does, with what a test needs in place of
the network, the disk or the clock. Tests of the `Session` itself build it by hand.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from paperreader.config.settings import Settings
from paperreader.domain.models import Listing, ListingQuery
from paperreader.platform import paths
from paperreader.service.compose import build_session
from paperreader.service.session import Session
from paperreader.sources.base import ListingSource
from paperreader.sources.demo import DEMO_NOW
from paperreader.sources.hub import HubClient, make_client
from paperreader.storage.cache import ListingCache
from paperreader.storage.library import Library
from paperreader.storage.user_data import UserDataStore
from support import fakehub


def demo_session(settings: Settings | None = None) -> Session:
    """The demo's session (with `settings`, which the app reads there)."""
    return build_session(endpoint="x", token=None, demo=True, settings=settings)


def fake_service(
    source: ListingSource | None,
    cache: ListingCache | None,
    *,
    offline: bool = False,
    user_data: UserDataStore | None = None,
    library: Library | None = None,
    settings: Settings | None = None,
) -> Session:
    """A session over `source` (None: no network at all), on the demo's fixed clock."""
    return Session(
        source_factory=(lambda: source) if source is not None else None,
        cache=cache,
        offline=offline,
        clock=lambda: DEMO_NOW,
        user_data=user_data,
        library=library,
        settings=settings,
    )


def library_service(
    directory: Path, source: ListingSource | None, *, library: UserDataStore | None = None
) -> Session:
    """A session over `source` (None: offline, nothing cached) keeping user data in `directory`.

    Its store's clock moves one second per reading, so bookmarks have an order.
    """
    if library is None:
        ticks = itertools.count()
        library = UserDataStore(directory, clock=lambda: DEMO_NOW + timedelta(seconds=next(ticks)))
    return fake_service(source, None, user_data=library)


def hub_client(
    url: str,
    *,
    token: str | None = None,
    timeout: float = 2.0,
    retry_delays: tuple[float, ...] = (0, 0),
) -> HubClient:
    """A hub client on `url`: a short timeout and no waiting between retries, so failure
    tests stay fast."""
    return HubClient(make_client(url, token, timeout=timeout), retry_delays=retry_delays)


def hub_session(
    url: str,
    *,
    token: str | None = None,
    timeout: float = 2.0,
    retry_delays: tuple[float, ...] = (0, 0),
    offline: bool = False,
    now: datetime = fakehub.NOW,
    before_request: Callable[[], Awaitable[None]] | None = None,
) -> Session:
    """A session on the hub at `url` with a cache in the test's cache dir.

    The clock defaults to `fakehub.NOW` (the afternoon of the fake hub's latest day) so
    'today', 'latest' and freshness are deterministic. `before_request` runs before each
    request its hub client sends.
    """

    def source_factory() -> HubClient:
        client = hub_client(url, token=token, timeout=timeout, retry_delays=retry_delays)
        client.before_request = before_request
        return client

    return Session(
        source_factory=source_factory,
        cache=ListingCache(paths.cache_dir(), url),
        offline=offline,
        web_url=url,
        clock=lambda: now,
    )


async def collect(session: Session, query: ListingQuery, **kwargs: Any) -> list[Listing]:
    """Every listing `session.papers.stream_listing(query)` yields, in order."""
    return [listing async for listing in session.papers.stream_listing(query, **kwargs)]
