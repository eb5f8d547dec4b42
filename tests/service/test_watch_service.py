"""`session.watches` and `session.recommend`: the digest and its mark, bringing the last days
in when online, and the For-you listing."""

from __future__ import annotations

from datetime import date

import pytest
from support import fakehub
from support.library_papers import make
from support.sessions import hub_client
from support.watch_sessions import morning_papers, watch_session

from paperreader.domain.errors import StorageError, UsageError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.service.session import Session


@pytest.fixture
async def session(tmp_path):
    session = watch_session(tmp_path, morning_papers())
    yield session
    await session.aclose()


async def titles(session, **options):
    digest, problem = await session.watches.digest(**options)
    assert problem is None
    return {g.watch.label: [p.title for p in g.papers] for g in digest.groups}


async def test_the_digest_groups_the_last_week_by_watch(session):
    await session.watches.add("author", "Jane Doe")
    await session.watches.add("query", "agents")
    assert await titles(session) == {
        "author: Jane Doe": ["Jane's planning agents", "Routing experts"],
        "query: agents": ["Jane's planning agents", "Agents that browse [bold]the web[/bold]"],
    }


async def test_after_mark_seen_only_what_came_since_is_new(session):
    await session.watches.add("author", "Jane Doe")
    assert await titles(session, mark_seen=True)
    assert await titles(session) == {}  # nothing new: an empty digest
    late = make("Jane's late paper", authors=("Jane Doe",), day="2026-03-08")
    await session.library.settle()
    session.library.require().add_papers([late], day=late.daily_date)
    assert await titles(session, mark_seen=True) == {"author: Jane Doe": ["Jane's late paper"]}
    assert await titles(session) == {}
    assert await titles(session, since=date(2026, 2, 1)) == {
        "author: Jane Doe": [
            "Jane's planning agents",
            "Jane's late paper",
            "Routing experts",
            "Jane's old paper",
        ]
    }


async def test_watches_are_checked_and_counted(session):
    with pytest.raises(UsageError, match="no word or filter"):
        await session.watches.add("query", "?!")
    with pytest.raises(UsageError, match="There is no watch 3"):
        await session.watches.remove(3)
    await session.watches.add("org", "Ai2")
    assert (await session.watches.remove(1)).label == "org: Ai2"
    assert await session.watches.watches() == ()


async def test_a_session_without_a_watch_list_has_none_and_refuses_to_add():
    session = Session(source_factory=None, cache=None)
    assert await session.watches.watches() == ()
    with pytest.raises(StorageError, match="not kept"):
        await session.watches.add("author", "Jane Doe")


async def test_online_the_digest_first_brings_the_last_days_in(tmp_path, fake_hub, monkeypatch):
    monkeypatch.setattr("paperreader.service.sync.MIN_INTERVAL", 0.0)
    item = fake_hub.data.days["2026-10-01"][0]["paper"]
    author = item["authors"][0]["name"]
    session = watch_session(tmp_path, source=hub_client(fake_hub.url), now=fakehub.NOW)
    try:
        await session.watches.add("author", author)
        digest, problem = await session.watches.digest()
    finally:
        await session.aclose()
    assert problem is None
    assert item["id"] in {w.paper.id for w in digest.found}
    fetched = {r.params.get("date") for r in fake_hub.requests_to("/api/daily_papers")}
    assert fetched == {"2026-09-30", "2026-10-01", "2026-10-02"}  # the last three days only


async def test_offline_nothing_is_fetched(tmp_path, fake_hub):
    session = watch_session(tmp_path, morning_papers())
    try:
        assert await session.watches.bring_in() is None
    finally:
        await session.aclose()
    assert fake_hub.requests == []


async def test_for_you_lists_watched_papers_then_papers_like_the_bookmarks(tmp_path):
    papers = [
        *morning_papers(),
        make("Diffusion video synthesis", summary="Temporal diffusion for video frames.",
             day="2026-01-05"),
        make("Video diffusion with motion", summary="Diffusion of video frames, temporal.",
             day="2026-03-09"),
    ]  # fmt: skip
    session = watch_session(tmp_path, papers)
    try:
        await session.user_data.toggle_bookmark(papers[-2])
        await session.watches.add("author", "Jane Doe")
        assert await session.recommend.new_count() == 2
        listings = [
            x async for x in session.recommend.stream_listing(ListingQuery(ListingKind.FOR_YOU))
        ]
        assert await session.recommend.new_count() == 0  # shown: no longer new
    finally:
        await session.aclose()
    assert len(listings) == 1  # offline: nothing to bring in, so shown once
    reasons = dict(listings[0].reasons)
    assert [p.title for p in listings[0].papers] == [
        "Jane's planning agents",
        "Routing experts",
        "Video diffusion with motion",
    ]
    assert reasons[papers[0].id] == "new · watch author: Jane Doe"
    assert reasons[papers[-1].id].startswith("like your bookmarks: ")
    again = watch_session(tmp_path)
    try:
        listing = await again.recommend.for_you()
    finally:
        await again.aclose()
    assert dict(listing.reasons)[papers[0].id] == "watch author: Jane Doe"  # seen last time


async def test_papers_like_one_need_it_in_the_library(session):
    with pytest.raises(UsageError, match=r"does not hold 2601\.99999"):
        await session.recommend.similar("2601.99999")
    with pytest.raises(UsageError):
        await session.recommend.similar("not an id")
