"""The session: cache-then-network, failures, offline mode and demo mode, without sockets."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any

import pytest
from support.fakes import no_sockets
from support.sessions import collect

from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    UsageError,
)
from paperreader.domain.links import HF_WEB
from paperreader.domain.models import Listing, ListingKind, ListingQuery, Origin, Paper
from paperreader.platform import paths
from paperreader.service.compose import build_session
from paperreader.service.session import Session
from paperreader.storage.cache import ListingCache

HF = "https://huggingface.co"
NOW = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # Friday 2026-03-06 in New York, week 2026-W10
DAY = ListingQuery(ListingKind.DAILY, "2026-03-02")  # a past day: fresh for 24 h
LATEST = ListingQuery(ListingKind.DAILY)
SEARCH = ListingQuery(ListingKind.SEARCH, text="tiny models")
LONG_AGO = 3 * 24 * 3600.0


def item(paper_id: str, title: str = "A Paper", daily: str = "2026-03-02", **extra: Any) -> dict:
    """A Daily Papers item shaped like hf-api.md section 4 (E1)."""
    return {
        "paper": {
            "id": paper_id,
            "title": title,
            "summary": "Hard\nwrapped.",
            "authors": [{"name": "Ada Lovelace", "hidden": False}],
            "publishedAt": "2026-02-27T17:00:00.000Z",
            "submittedOnDailyAt": f"{daily}T03:55:12.777Z",
            "upvotes": 1,
            **extra,
        },
        "publishedAt": "2026-02-27T12:00:00.000Z",
        "numComments": 0,
    }


OLD_ITEMS = [item("2603.00001", "Old One"), item("2603.00002", "Old Two")]
NEW_ITEMS = [item("2603.00003", "New One"), item("2603.00004", "New Two"), {"junk": True}]
DETAIL = {"id": "2603.01234", "title": "Tiny Models Read Papers", "upvotes": 42}


class FakeSource:
    """An in-memory ListingSource that records every call and can fail on demand."""

    def __init__(
        self,
        listings: dict[str, Any] | None = None,
        papers: dict[str, Any] | None = None,
        error: Exception | None = None,
    ) -> None:
        self.listings = listings or {}
        self.papers = papers or {}
        self.error = error
        self.calls: list[tuple[str, Any]] = []
        self.closed = False

    async def fetch_listing(self, query: ListingQuery, progress=None) -> list[Any]:
        self.calls.append(("listing", query))
        if self.error is not None:
            raise self.error
        items = self.listings.get(query.key, [])
        if progress:
            progress(1, len(items) if isinstance(items, list) else 0)
        return items

    async def fetch_paper(self, paper_id: str) -> dict[str, Any]:
        self.calls.append(("paper", paper_id))
        if self.error is not None:
            raise self.error
        if paper_id not in self.papers:
            raise NotFoundError(f"no paper {paper_id}")
        return self.papers[paper_id]

    async def aclose(self) -> None:
        self.closed = True


class Factory:
    """A source_factory that counts how often the session asks for a source."""

    def __init__(self, source: FakeSource) -> None:
        self.source = source
        self.made = 0

    def __call__(self) -> FakeSource:
        self.made += 1
        return self.source


@pytest.fixture
def cache(tmp_path):
    c = ListingCache(tmp_path / "svc-cache", HF)
    yield c
    c.close()


@pytest.fixture
def source():
    return FakeSource(listings={DAY.key: NEW_ITEMS}, papers={"2603.01234": DETAIL})


@pytest.fixture
def factory(source):
    return Factory(source)


@pytest.fixture
def session(factory, cache):
    return Session(source_factory=factory, cache=cache, clock=lambda: NOW)


def ids(listing: Listing) -> list[str]:
    return [p.id for p in listing.papers]


# --- cache then network ------------------------------------------------------------------


async def test_fresh_cache_yields_once_without_fetching(session, cache, source, factory):
    fetched_at = time.time() - 60
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=fetched_at)
    listings = await collect(session, DAY)
    assert len(listings) == 1
    only = listings[0]
    assert only.origin is Origin.CACHE
    assert only.stale is False
    assert only.error is None
    assert ids(only) == ["2603.00001", "2603.00002"]
    assert only.fetched_at == datetime.fromtimestamp(fetched_at, UTC)
    assert source.calls == []
    assert factory.made == 0  # the network stack is not even built


async def test_preloaded_listing_is_served_once_without_reading_the_cache_again(
    session, cache, monkeypatch
):
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time() - 60)
    session.papers.preload_listing(DAY)
    reads: list[ListingQuery] = []
    original = cache.get_listing_items
    monkeypatch.setattr(cache, "get_listing_items", lambda q: reads.append(q) or original(q))
    (first,) = await collect(session, DAY)
    assert ids(first) == ["2603.00001", "2603.00002"]
    assert reads == []  # the copy read before the UI started
    cache.put_listing(DAY, NEW_ITEMS[:1], fetched_at=time.time() - 60)
    (second,) = await collect(session, DAY)
    assert ids(second) == ["2603.00003"]  # used once: later loads read the cache afresh
    assert reads == [DAY]


async def test_preloading_another_query_or_a_failed_read_changes_nothing(
    session, cache, monkeypatch
):
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time() - 60)
    session.papers.preload_listing(ListingQuery(ListingKind.DAILY, "2026-03-03"))
    assert ids((await collect(session, DAY))[0]) == ["2603.00001", "2603.00002"]

    def broken(query: ListingQuery) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(cache, "get_listing_items", broken)
    session.papers.preload_listing(DAY)  # no exception here: the normal path reads again
    monkeypatch.undo()
    assert ids((await collect(session, DAY))[0]) == ["2603.00001", "2603.00002"]


async def test_stale_cache_yields_cache_then_network(session, cache, source):
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time() - LONG_AGO)
    first, second = await collect(session, DAY)
    assert first.origin is Origin.CACHE
    assert first.stale is True
    assert ids(first) == ["2603.00001", "2603.00002"]
    assert second.origin is Origin.NETWORK
    assert second.stale is False
    assert second.error is None
    assert ids(second) == ["2603.00003", "2603.00004"]
    assert second.skipped == 1
    assert source.calls == [("listing", DAY)]
    # The fresh copy replaced the old one in the cache.
    assert cache.get_listing(DAY).data == NEW_ITEMS
    assert cache.get_listing(DAY).age() < 60


async def test_stale_means_older_than_the_ttl(session, cache, source):
    latest_q = ListingQuery(ListingKind.TRENDING)  # 10 minutes
    source.listings[latest_q.key] = NEW_ITEMS
    cache.put_listing(latest_q, OLD_ITEMS, fetched_at=time.time() - 9 * 60)
    assert len(await collect(session, latest_q)) == 1
    cache.put_listing(latest_q, OLD_ITEMS, fetched_at=time.time() - 11 * 60)
    assert len(await collect(session, latest_q)) == 2


async def test_force_goes_to_the_network_only(session, cache, source):
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time())
    listings = await collect(session, DAY, force=True)
    assert len(listings) == 1
    assert listings[0].origin is Origin.NETWORK
    assert ids(listings[0]) == ["2603.00003", "2603.00004"]
    assert source.calls == [("listing", DAY)]


async def test_no_cache_fetches_and_stores(session, cache, source):
    listings = await collect(session, DAY)
    assert [listing.origin for listing in listings] == [Origin.NETWORK]
    assert cache.get_listing(DAY).data == NEW_ITEMS


async def test_session_without_a_cache(source, factory):
    session = Session(source_factory=factory, cache=None, clock=lambda: NOW)
    listings = await collect(session, DAY)
    assert [listing.origin for listing in listings] == [Origin.NETWORK]
    assert ids(listings[0]) == ["2603.00003", "2603.00004"]


async def test_progress_reaches_the_source(session, source):
    seen: list[tuple[int, int]] = []
    await session.papers.get_listing(DAY, progress=lambda pages, items: seen.append((pages, items)))
    assert seen == [(1, 3)]


async def test_source_is_built_once_and_closed(session, factory, source, cache):
    await session.papers.get_listing(DAY)
    await session.papers.get_listing(DAY, force=True)
    await session.papers.get_paper("2603.01234")
    assert factory.made == 1
    await session.aclose()
    assert source.closed is True


# --- failures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        OfflineError("Cannot reach https://huggingface.co: connection refused."),
        RateLimitedError(42),
        HubError(503, "unavailable"),
        BadResponseError("garbled"),
    ],
)
async def test_failed_refresh_keeps_the_cached_listing_with_error(session, cache, source, error):
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time() - LONG_AGO)
    source.error = error
    first, second = await collect(session, DAY)
    assert first.error is None
    assert second.origin is Origin.CACHE
    assert second.error == error.message
    assert second.stale is True
    assert ids(second) == ["2603.00001", "2603.00002"]
    assert cache.get_listing(DAY).data == OLD_ITEMS  # the old copy is not lost
    assert (await session.papers.get_listing(DAY)).error == error.message


async def test_failed_forced_refresh_yields_only_the_cached_copy_with_error(session, cache, source):
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time())
    source.error = RateLimitedError(42)
    listings = await collect(session, DAY, force=True)
    assert len(listings) == 1
    assert listings[0].origin is Origin.CACHE
    assert listings[0].error == "Hugging Face is rate-limiting requests. Try again in 42 s."


@pytest.mark.parametrize(
    "error", [OfflineError("no network"), RateLimitedError(None), NotFoundError("gone")]
)
async def test_failure_without_cache_raises(session, source, error):
    source.error = error
    with pytest.raises(type(error)) as info:
        await collect(session, DAY)
    assert info.value is error


async def test_unreadable_response_does_not_poison_the_cache(session, cache, source):
    source.listings[DAY.key] = {"papers": "not a list"}
    with pytest.raises(BadResponseError):
        await collect(session, DAY)
    assert cache.get_listing(DAY) is None
    # With an older copy, the bad answer becomes an error on that copy.
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time() - LONG_AGO)
    listings = await collect(session, DAY)
    assert listings[-1].origin is Origin.CACHE
    assert listings[-1].error
    assert cache.get_listing(DAY).data == OLD_ITEMS
    # Once the hub answers properly again, everything recovers.
    source.listings[DAY.key] = NEW_ITEMS
    assert ids(await session.papers.get_listing(DAY, force=True)) == ["2603.00003", "2603.00004"]


# --- offline -------------------------------------------------------------------------------


async def test_offline_flag_never_calls_the_source(cache, source, factory):
    session = Session(source_factory=factory, cache=cache, offline=True, clock=lambda: NOW)
    cache.put_listing(DAY, OLD_ITEMS, fetched_at=time.time() - LONG_AGO)
    listings = await collect(session, DAY)
    assert len(listings) == 1
    assert listings[0].origin is Origin.CACHE
    assert listings[0].stale is True
    forced = await collect(session, DAY, force=True)
    assert len(forced) == 1
    assert forced[0].error == "Offline: showing the cached copy."
    cache.put_paper("2603.01234", DETAIL, fetched_at=time.time() - LONG_AGO)
    paper, origin = await session.papers.get_paper("2603.01234", force=True)
    assert (paper.id, origin) == ("2603.01234", Origin.CACHE)
    assert factory.made == 0
    assert source.calls == []


@pytest.mark.parametrize("how", ["no factory", "offline flag"])
async def test_offline_with_nothing_cached_suggests_demo(cache, factory, source, how):
    if how == "no factory":
        session = Session(source_factory=None, cache=cache, clock=lambda: NOW)
    else:
        session = Session(source_factory=factory, cache=cache, offline=True, clock=lambda: NOW)
    assert session.offline is True
    with pytest.raises(OfflineError) as info:
        await collect(session, DAY)
    assert "--demo" in info.value.message
    assert DAY.label in info.value.message
    with pytest.raises(OfflineError, match="not cached"):
        await session.papers.get_paper("2603.01234")
    assert factory.made == 0
    assert source.calls == []


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        ListingQuery(ListingKind.DAILY, "2026-03-07"),
        ListingQuery(ListingKind.WEEKLY, "2026-W11"),
        ListingQuery(ListingKind.MONTHLY, "2026-04"),
    ],
)
async def test_future_period_is_a_usage_error(session, cache, source, query):
    cache.put_listing(query, OLD_ITEMS, fetched_at=time.time())
    with pytest.raises(UsageError, match="in the future"):
        await collect(session, query)
    assert source.calls == []


async def test_future_uses_the_session_clock(cache, factory):
    early = datetime(2026, 3, 6, 3, 0, tzinfo=UTC)  # still the 5th in New York
    session = Session(source_factory=factory, cache=cache, clock=lambda: early)
    assert session.papers.is_future(ListingKind.DAILY, "2026-03-06") is True
    with pytest.raises(UsageError, match="in the future"):
        await collect(session, ListingQuery(ListingKind.DAILY, "2026-03-06"))


@pytest.mark.parametrize("text", [None, "", "   ", "\n\t"])
async def test_empty_search_is_a_usage_error(session, source, text):
    with pytest.raises(UsageError, match="Type something to search for"):
        await collect(session, ListingQuery(ListingKind.SEARCH, text=text))
    assert source.calls == []


async def test_search_goes_through(session, source):
    source.listings[SEARCH.key] = OLD_ITEMS
    listing = await session.papers.get_listing(SEARCH)
    assert ids(listing) == ["2603.00001", "2603.00002"]
    assert listing.effective_period is None


# --- effective period --------------------------------------------------------------------


async def test_effective_period_for_the_latest_daily(session, source):
    source.listings[LATEST.key] = [
        item("2603.00011", daily="2026-03-05"),
        item("2603.00012", daily="2026-03-05"),
        item("2603.00013", daily="2026-03-05"),
        item("2603.00014", daily="2026-03-04"),
        item("2603.00015"),
    ]
    source.listings[LATEST.key][-1]["paper"]["submittedOnDailyAt"] = None
    listing = await session.papers.get_listing(LATEST)
    assert listing.query.period is None
    assert listing.effective_period == "2026-03-05"


async def test_effective_period_when_nothing_is_dated(session, source):
    undated = item("2603.00011")
    del undated["paper"]["submittedOnDailyAt"]
    source.listings[LATEST.key] = [undated]
    assert (await session.papers.get_listing(LATEST)).effective_period is None
    source.listings[LATEST.key] = []
    assert (await session.papers.get_listing(LATEST, force=True)).effective_period is None


async def test_effective_period_is_the_asked_period(session, source):
    source.listings[DAY.key] = [item("2603.00011", daily="2026-03-01")]
    assert (await session.papers.get_listing(DAY)).effective_period == "2026-03-02"


async def test_effective_period_only_for_daily(session, source):
    trending = ListingQuery(ListingKind.TRENDING)
    source.listings[trending.key] = [item("2603.00011", daily="2026-03-05")]
    assert (await session.papers.get_listing(trending)).effective_period is None


async def test_latest_period_from_the_clock(session):
    assert session.papers.latest_period(ListingKind.WEEKLY) == "2026-W10"
    assert session.papers.latest_period(ListingKind.MONTHLY) == "2026-03"
    assert session.papers.latest_period(ListingKind.DAILY) is None


async def test_latest_week_and_month_ask_the_hub_for_the_current_period(session, source):
    for kind, period in ((ListingKind.WEEKLY, "2026-W10"), (ListingKind.MONTHLY, "2026-03")):
        source.listings[f"{kind.value}:{period}"] = OLD_ITEMS
        listing = await session.papers.get_listing(ListingQuery(kind))
        assert ids(listing) == ["2603.00001", "2603.00002"]
        assert source.calls[-1] == ("listing", ListingQuery(kind, period))


# --- papers --------------------------------------------------------------------------------


async def test_get_paper_from_the_network_then_the_cache(session, cache, source):
    paper, origin = await session.papers.get_paper("2603.01234")
    assert (paper.id, paper.title, paper.upvotes, origin) == (
        "2603.01234",
        "Tiny Models Read Papers",
        42,
        Origin.NETWORK,
    )
    assert cache.get_paper("2603.01234").data == DETAIL
    again, origin = await session.papers.get_paper("2603.01234")
    assert (again, origin) == (paper, Origin.CACHE)
    assert source.calls == [("paper", "2603.01234")]


async def test_get_paper_refreshes_old_or_forced(session, cache, source):
    cache.put_paper("2603.01234", {**DETAIL, "upvotes": 1}, fetched_at=time.time() - 2 * 3600)
    paper, origin = await session.papers.get_paper("2603.01234")
    assert (paper.upvotes, origin) == (42, Origin.NETWORK)
    paper, origin = await session.papers.get_paper("2603.01234", force=True)
    assert origin is Origin.NETWORK
    assert len(source.calls) == 2


@pytest.mark.parametrize("error", [OfflineError("down"), NotFoundError("gone"), HubError(500)])
async def test_get_paper_falls_back_to_the_cache(session, cache, source, error):
    cache.put_paper("2603.01234", {**DETAIL, "upvotes": 7}, fetched_at=time.time() - LONG_AGO)
    source.error = error
    paper, origin = await session.papers.get_paper("2603.01234")
    assert (paper.upvotes, origin) == (7, Origin.CACHE)


async def test_get_paper_failure_without_cache_raises(session, source):
    with pytest.raises(NotFoundError):
        await session.papers.get_paper("2603.09999")
    source.error = OfflineError("down")
    with pytest.raises(OfflineError, match="down"):
        await session.papers.get_paper("2603.01234")


async def test_get_paper_unreadable_answer(session, cache, source):
    source.papers["2603.01234"] = {"id": "2603.01234"}  # no title
    with pytest.raises(BadResponseError, match="unreadable paper"):
        await session.papers.get_paper("2603.01234")
    assert cache.get_paper("2603.01234") is None
    cache.put_paper("2603.01234", DETAIL, fetched_at=time.time() - LONG_AGO)
    paper, origin = await session.papers.get_paper("2603.01234")
    assert (paper.title, origin) == ("Tiny Models Read Papers", Origin.CACHE)


@pytest.mark.parametrize("given", ["arXiv:2603.01234", " 2603.01234 ", "arxiv:2603.01234\n"])
async def test_get_paper_normalises_the_id(session, source, given):
    paper, _ = await session.papers.get_paper(given)
    assert paper.id == "2603.01234"
    assert source.calls == [("paper", "2603.01234")]


@pytest.mark.parametrize(
    "bad", ["", "2603", "2603.01234v", "../2603.01234", "2603.01234/comments", "٢٦٠٣.٠١٢٣٤"]
)
async def test_get_paper_invalid_id_is_a_usage_error(session, source, factory, bad):
    with pytest.raises(UsageError, match="is not an arXiv id"):
        await session.papers.get_paper(bad)
    assert source.calls == []
    assert factory.made == 0


def test_links_use_the_session_web_url(cache):
    session = Session(source_factory=None, cache=cache, web_url="http://127.0.0.1:1")
    links = session.papers.links(Paper(id="2603.01234", title="T"))
    assert links.hf == "http://127.0.0.1:1/papers/2603.01234"
    assert links.arxiv == "https://arxiv.org/abs/2603.01234"


# --- build_session ---------------------------------------------------------------------------


async def test_build_session_offline_uses_the_isolated_cache_dir():
    session = build_session(endpoint="http://127.0.0.1:9", token=None, offline=True)
    assert session.offline is True
    assert session.demo is False
    assert session.origin is Origin.NETWORK
    assert session.cache is not None
    assert session.cache.directory == paths.cache_dir()
    assert session.web_url == "http://127.0.0.1:9"
    with pytest.raises(OfflineError, match="--demo"):
        await session.papers.get_listing(DAY)
    await session.aclose()


async def test_build_session_online_builds_the_hub_lazily(monkeypatch):
    attempts = no_sockets(monkeypatch)
    session = build_session(endpoint="https://huggingface.co/", token="t")
    assert session.offline is False
    assert session.web_url == HF_WEB
    assert not session.upstream.started  # nothing built until the network is needed
    await session.aclose()
    assert attempts == []


async def test_demo_mode_works_without_network(monkeypatch):
    """--demo: bundled data (src/paperreader/data/demo.json), origin DEMO, no sockets, no cache."""
    attempts = no_sockets(monkeypatch)
    session = build_session(endpoint="http://127.0.0.1:9", token=None, demo=True)
    assert session.demo is True
    assert session.origin is Origin.DEMO
    assert session.cache is None

    listing = await session.papers.get_listing(LATEST)
    assert listing.origin is Origin.DEMO
    assert listing.papers, "the demo's latest day lists papers"
    assert listing.error is None
    assert listing.effective_period is not None
    assert date.fromisoformat(listing.effective_period) <= session.clock().date()

    trending = await session.papers.get_listing(ListingQuery(ListingKind.TRENDING))
    assert trending.origin is Origin.DEMO
    assert trending.papers

    paper, origin = await session.papers.get_paper(listing.papers[0].id)
    assert origin is Origin.DEMO
    assert paper.id == listing.papers[0].id
    assert paper.title == listing.papers[0].title

    with pytest.raises(NotFoundError):
        await session.papers.get_paper("0704.0001")
    await session.aclose()
    assert attempts == []
    assert not paths.cache_dir().exists()


# --- the library: the offline source behind the cache ---------------------------------------

LIBRARY_DAY_FETCHED = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def library(tmp_path):
    """A paper library holding DAY whole (OLD_ITEMS) and one more paper that is on no day."""
    from paperreader.formats.hub_json import parse_items, parse_paper
    from paperreader.storage.library import Library

    store = Library(tmp_path / "library.sqlite3")
    papers = parse_items(OLD_ITEMS).papers
    store.add_papers(papers, day=DAY.period, complete=True, fetched_at=LIBRARY_DAY_FETCHED)
    store.add_papers([parse_paper(DETAIL)])
    yield store
    store.close()


def library_session(factory, cache, library, *, offline: bool = False) -> Session:
    return Session(
        source_factory=factory, cache=cache, offline=offline, clock=lambda: NOW, library=library
    )


async def test_offline_a_day_the_library_holds_whole_is_read_from_it(factory, cache, library):
    session = library_session(factory, cache, library, offline=True)
    (listing,) = await collect(session, DAY)
    assert listing.origin is Origin.LIBRARY
    assert ids(listing) == ["2603.00001", "2603.00002"]
    assert listing.fetched_at == LIBRARY_DAY_FETCHED
    assert listing.effective_period == DAY.period
    assert listing.error is None
    forced = await collect(session, DAY, force=True)
    assert [(x.origin, x.error) for x in forced] == [
        (Origin.LIBRARY, "Offline: showing the library's copy.")
    ]
    assert factory.made == 0


async def test_offline_the_cache_wins_over_the_library(factory, cache, library):
    cache.put_listing(DAY, NEW_ITEMS, fetched_at=time.time() - LONG_AGO)
    session = library_session(factory, cache, library, offline=True)
    (listing,) = await collect(session, DAY)
    assert listing.origin is Origin.CACHE
    assert ids(listing) == ["2603.00003", "2603.00004"]


@pytest.mark.parametrize(
    "query",
    [
        ListingQuery(ListingKind.DAILY, "2026-03-03"),  # a day the library does not hold
        LATEST,  # not a dated listing
        ListingQuery(ListingKind.WEEKLY, "2026-W10"),  # the library stores days only
    ],
)
async def test_offline_without_the_day_in_the_library_nothing_is_cached(
    factory, cache, library, query
):
    session = library_session(factory, cache, library, offline=True)
    with pytest.raises(OfflineError, match="nothing is cached"):
        await collect(session, query)


async def test_offline_a_day_not_fetched_whole_is_not_listed(factory, cache, tmp_path):
    from paperreader.formats.hub_json import parse_items
    from paperreader.storage.library import Library

    with Library(tmp_path / "partial.sqlite3") as partial:
        partial.add_papers(parse_items(OLD_ITEMS).papers)  # dated DAY, but from a search
        session = library_session(factory, cache, partial, offline=True)
        with pytest.raises(OfflineError, match="nothing is cached"):
            await collect(session, DAY)


@pytest.mark.parametrize(
    "error", [OfflineError("Cannot reach the hub."), HubError(500, "boom"), RateLimitedError(9)]
)
async def test_when_the_hub_fails_the_library_answers(factory, cache, source, library, error):
    source.error = error
    session = library_session(factory, cache, library)
    (listing,) = await collect(session, DAY)
    assert listing.origin is Origin.LIBRARY
    assert listing.error == error.message
    assert ids(listing) == ["2603.00001", "2603.00002"]
    assert cache.get_listing(DAY) is None  # what the library holds is not copied back


async def test_an_unreadable_answer_falls_back_to_the_library(cache, source, factory, library):
    source.listings[DAY.key] = {"papers": "not a list"}
    session = library_session(factory, cache, library)
    (listing,) = await collect(session, DAY)
    assert listing.origin is Origin.LIBRARY
    assert listing.error == "Hugging Face sent something other than a list."


async def test_a_paper_the_library_holds_is_readable_offline(factory, cache, library):
    session = library_session(factory, cache, library, offline=True)
    paper, origin = await session.papers.get_paper("arXiv:2603.01234")
    assert (paper.id, paper.title, origin) == (
        "2603.01234",
        "Tiny Models Read Papers",
        Origin.LIBRARY,
    )
    with pytest.raises(OfflineError, match="not cached"):
        await session.papers.get_paper("2603.09999")
    cache.put_paper("2603.01234", {**DETAIL, "upvotes": 7}, fetched_at=time.time() - LONG_AGO)
    paper, origin = await session.papers.get_paper("2603.01234")
    assert (paper.upvotes, origin) == (7, Origin.CACHE)  # the cache wins when it has a copy
    assert factory.made == 0


@pytest.mark.parametrize("error", [OfflineError("down"), HubError(500)])
async def test_when_the_hub_fails_a_paper_comes_from_the_library(
    factory, cache, source, library, error
):
    source.error = error
    session = library_session(factory, cache, library)
    paper, origin = await session.papers.get_paper("2603.00001")
    assert (paper.title, origin) == ("Old One", Origin.LIBRARY)
    with pytest.raises(type(error)):
        await session.papers.get_paper("2603.09999")
