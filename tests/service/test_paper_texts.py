"""A large listing holds its papers without the abstracts and AI summaries the library holds,
and every reader of those texts gets them back first."""

from __future__ import annotations

import json
import sys
import time
import tracemalloc

import pytest
from support.demo_data import latest_daily_items
from support.sessions import fake_service

from paperreader.config.settings import Settings
from paperreader.domain.errors import OfflineError
from paperreader.domain.models import ListingKind, ListingQuery, Paper
from paperreader.formats.hub_json import parse_items
from paperreader.formats.records import paper_to_record
from paperreader.service import paper_texts
from paperreader.service.paper_texts import PaperTexts
from paperreader.storage.cache import CachedEntry, ListingCache
from paperreader.storage.cache_items import CorruptEntry
from paperreader.storage.library import Library
from paperreader.storage.user_data import UserDataStore

DAY = ListingQuery(ListingKind.DAILY, "2026-03-13")


@pytest.fixture
def whole() -> tuple[Paper, ...]:
    """The demo's latest day (14 papers, each with an abstract)."""
    papers = parse_items(latest_daily_items()).papers
    assert len(papers) == 14 and all(paper.summary for paper in papers)
    return papers


@pytest.fixture
def large(monkeypatch) -> None:
    """Listings of 4 papers and more count as large, read 3 at a time."""
    monkeypatch.setattr(paper_texts, "SLIM_FROM", 4)
    monkeypatch.setattr(paper_texts, "CHUNK", 3)


def session_with(tmp_path, *, library: bool = True, cache: bool = False):
    return fake_service(
        None,
        ListingCache(tmp_path / "cache", "https://huggingface.co") if cache else None,
        offline=True,
        library=Library(tmp_path / "library.sqlite3") if library else None,
        user_data=UserDataStore(tmp_path / "user"),
    )


async def test_a_listing_below_the_threshold_keeps_every_text(tmp_path, whole):
    session = session_with(tmp_path)
    session.library.store.add_papers(whole)
    assert session.texts.slimmed(iter(whole)) == whole  # 14 papers: far below 2000
    await session.aclose()


async def test_a_large_listing_leaves_to_the_library_only_the_texts_it_holds(
    tmp_path, whole, large
):
    session = session_with(tmp_path)
    session.library.store.add_papers(whole[:8])
    kept = session.texts.slimmed(iter(whole))
    assert [p.id for p in kept] == [p.id for p in whole]  # the order, every paper
    assert all(p.texts_elsewhere and p.summary == "" and p.ai_summary is None for p in kept[:8])
    assert kept[8:] == whole[8:]  # not in the library: whole, nothing is lost
    assert [p._replace(summary="", ai_summary=None) for p in whole[:8]] == [
        p._replace(texts_elsewhere=False) for p in kept[:8]
    ]  # every other field as the listing had it
    await session.aclose()


async def test_without_a_library_a_large_listing_keeps_its_texts(tmp_path, whole, large):
    session = session_with(tmp_path, library=False)
    assert session.texts.slimmed(iter(whole)) == whole
    await session.aclose()


async def test_the_texts_are_read_back_from_the_library(tmp_path, whole, large):
    session = session_with(tmp_path)
    session.library.store.add_papers(whole)
    kept = session.texts.slimmed(iter(whole))
    assert await session.texts.complete(kept) == whole
    assert await session.texts.complete_one(kept[3]) == whole[3]
    await session.aclose()


async def test_a_text_the_library_lost_is_fetched_and_none_is_ever_left_out(tmp_path, whole, large):
    session = session_with(tmp_path)
    session.library.store.add_papers(whole)
    kept = session.texts.slimmed(iter(whole))
    asked: list[str] = []

    async def fetch(paper_id: str) -> Paper:
        asked.append(paper_id)
        return next(p for p in whole if p.id == paper_id)

    empty = session_with(tmp_path / "other")  # a library that no longer holds them
    texts = PaperTexts(empty.library, fetch)
    assert await texts.complete(kept[:2]) == whole[:2]
    assert asked == [whole[0].id, whole[1].id]

    async def offline(paper_id: str) -> Paper:
        raise OfflineError(f"Offline, and paper {paper_id} is not cached.")

    with pytest.raises(OfflineError):
        await PaperTexts(empty.library, offline).complete(kept[:1])
    await session.aclose()
    await empty.aclose()


async def test_the_app_gets_a_large_cached_listing_slim_and_the_cli_gets_it_whole(
    tmp_path, whole, large
):
    session = session_with(tmp_path, cache=True)
    session.cache.put_listing(DAY, latest_daily_items(), fetched_at=time.time() - 60)
    session.library.store.add_papers(whole)
    (shown,) = [listing async for listing in session.papers.stream_listing(DAY, slim=True)]
    assert all(paper.texts_elsewhere for paper in shown.papers)
    printed = await session.papers.get_listing(DAY)
    assert printed.papers == whole
    await session.aclose()


async def test_a_paper_of_a_large_listing_is_bookmarked_and_exported_with_its_abstract(
    tmp_path, whole, large
):
    session = session_with(tmp_path)
    session.library.store.add_papers(whole)
    slim = session.texts.slimmed(iter(whole))[0]
    await session.user_data.bookmark(slim)
    (bookmark,) = await session.user_data.bookmarks()
    assert bookmark.paper == whole[0]
    text, count = await session.user_data.export_bookmarks("ris")
    assert count == 1 and f"AB  - {whole[0].summary[:60]}" in text
    await session.aclose()


def test_a_record_is_never_written_without_the_texts(whole):
    slim = whole[0]._replace(summary="", ai_summary=None, texts_elsewhere=True)
    with pytest.raises(ValueError, match="does not hold its abstract"):
        paper_to_record(slim)


async def test_a_large_cached_listing_is_read_without_holding_it_all_at_once(
    tmp_path, monkeypatch, whole
):
    """Measured in allocations, not time: the most Python holds while the listing is read
    stays under twice the stored JSON (which is alive while it is read); read whole, with
    every decoded item and whole paper on top of it, it was about four times."""
    monkeypatch.setattr(paper_texts, "SLIM_FROM", 100)
    template = latest_daily_items()
    items = []
    for n in range(3000):  # ~2 kB of abstract each, a distinct id
        item = json.loads(json.dumps(template[n % len(template)]))
        item["paper"]["id"] = f"2603.{n:05d}"
        item["paper"]["summary"] = f"Abstract {n}: " + "words of an abstract " * 100
        items.append(item)
    session = session_with(tmp_path, cache=True)
    session.cache.put_listing(DAY, items, fetched_at=time.time() - 60)
    session.library.store.add_papers(parse_items(items).papers)
    stored = len(json.dumps({"fetched_at": 0.0, "data": items}, separators=(",", ":")))
    del items

    tracemalloc.start()
    try:
        listing = session.papers.preload_listing(DAY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert listing is not None and len(listing.papers) == 3000
    assert all(paper.texts_elsewhere for paper in listing.papers)
    assert peak < 2 * stored, f"peak {peak / 1e6:.1f} MB for {stored / 1e6:.1f} MB of JSON"
    await session.aclose()


async def test_a_cached_listing_that_breaks_off_part_way_counts_as_not_cached(
    tmp_path, monkeypatch
):
    session = session_with(tmp_path, cache=True)

    def broken_items():
        yield latest_daily_items()[0]
        raise CorruptEntry("the cached listing breaks off")

    monkeypatch.setattr(
        session.cache, "get_listing_items", lambda query: CachedEntry(broken_items(), time.time())
    )
    with pytest.raises(OfflineError, match="nothing is cached"):
        await session.papers.get_listing(DAY)
    await session.aclose()


async def test_a_paper_of_a_large_listing_is_piped_with_its_abstract(tmp_path, whole, large):
    command = f"{sys.executable} -c 'import sys; print(sys.argv[1][:30])' {{summary}}"
    session = fake_service(
        None,
        None,
        offline=True,
        library=Library(tmp_path / "library.sqlite3"),
        settings=Settings(pipe_command=command),
    )
    session.library.store.add_papers(whole)
    slim = session.texts.slimmed(iter(whole))[0]
    assert slim.texts_elsewhere
    outcome = await session.pipe.run(slim)
    assert outcome.ok and outcome.summary.endswith(f"exited 0: {whole[0].summary[:30]}")
    await session.aclose()
