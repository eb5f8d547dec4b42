"""A large listing's papers come without their abstracts: the detail says they are loading,
never that there is none, and shows them once they are read back from the library."""

from __future__ import annotations

import asyncio
import time

from support.demo_data import latest_daily_items
from support.pilot import SIZE, settle
from support.sessions import fake_service

from paperreader.config.keymap import effective_keys
from paperreader.domain.links import links_for
from paperreader.domain.models import ListingKind, ListingQuery, Paper, without_texts
from paperreader.formats.hub_json import parse_items
from paperreader.service import paper_texts
from paperreader.storage.cache import ListingCache
from paperreader.storage.library import Library
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.widgets.paper_detail import describe
from paperreader.ui.widgets.rich_pane import plain_text

DAY = ListingQuery(ListingKind.DAILY, "2026-03-13")
WHOLE = Paper(id="2603.01234", title="Tiny Models", summary="We read papers.", ai_summary="Short.")


def detail_of(paper: Paper, problem: str | None = None) -> str:
    shown = describe(paper, links_for(paper), key_map=effective_keys(), texts_problem=problem)
    return plain_text(shown)


def test_a_paper_whose_texts_are_elsewhere_says_they_are_loading():
    text = detail_of(without_texts(WHOLE))
    assert "Abstract" in text and "Loading the abstract…" in text
    assert "We read papers." not in text and "AI summary" not in text
    assert "Loading" not in detail_of(WHOLE) and "We read papers." in detail_of(WHOLE)
    failed = detail_of(without_texts(WHOLE), "Offline, and paper 2603.01234 is not cached.")
    assert "The abstract could not be read: Offline, and paper 2603.01234" in failed
    assert "Loading" not in failed


def test_a_paper_without_an_abstract_shows_none_and_no_loading():
    text = detail_of(WHOLE._replace(summary="", ai_summary=None))
    assert "Abstract" not in text and "Loading" not in text


async def test_the_detail_shows_the_abstract_once_it_is_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(paper_texts, "SLIM_FROM", 4)  # the demo day (14 papers) counts as large
    whole = parse_items(latest_daily_items()).papers
    cache = ListingCache(tmp_path / "cache", "https://huggingface.co")
    cache.put_listing(DAY, latest_daily_items(), fetched_at=time.time() - 60)
    session = fake_service(None, cache, offline=True, library=Library(tmp_path / "lib.sqlite3"))
    session.library.store.add_papers(whole)
    gate = asyncio.Event()
    complete_one = session.texts.complete_one
    asked: list[str] = []

    async def held_back(paper: Paper) -> Paper:
        asked.append(paper.id)
        await gate.wait()
        return await complete_one(paper)

    monkeypatch.setattr(session.texts, "complete_one", held_back)
    app = PaperReaderApp(session, DAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        for _ in range(50):  # the listing arrives, then the detail follows the cursor
            if screen.detail.paper is not None:
                break
            await pilot.pause(0.02)
        current = screen.paper_list.current
        assert current is not None and current.texts_elsewhere  # held slim by the list
        first = next(paper for paper in whole if paper.id == current.id)
        assert "Loading the abstract…" in screen.detail.text
        assert first.summary[:40] not in screen.detail.text
        gate.set()
        await settle(app, pilot)
        text = " ".join(screen.detail.text.split())
        assert "Loading" not in text
        assert " ".join(first.summary.split())[:60] in text
        assert screen.paper_list.current is current  # the list keeps its slim paper
        # Described three times while its texts were read (the first frame, its highlight,
        # the bookmarks arriving): read once.
        assert asked == [current.id]
