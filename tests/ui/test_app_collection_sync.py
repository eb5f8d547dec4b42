"""Syncing with the collection from the app: the key, the palette, the setting, the status
line, and a failure that leaves bookmarking working."""

from __future__ import annotations

import pytest
from support.collection_sessions import bookmark, machine, notes
from support.fake_collections import TOKEN
from support.pilot import notes_of, press, settle, status

from paperreader.config.settings import Settings
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.ui.app import PaperReaderApp

A, B = "2610.00001", "2610.00002"
BOOKMARKS = ListingQuery(ListingKind.BOOKMARKS)


@pytest.fixture
async def linked(fake_hub, tmp_path, monkeypatch):
    """A session with one bookmark, linked to a collection that also holds B (web-added)."""
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    session = machine(fake_hub.url, tmp_path / "laptop")
    bookmark(session, A, "here")
    slug = (await session.collections.sync(create="List")).slug
    fake_hub.collections.web_add(slug, B, "from the web")
    yield session
    await session.aclose()


@pytest.mark.parametrize("tab", [ListingKind.BOOKMARKS, ListingKind.DAILY])
async def test_the_key_syncs_and_the_status_line_says_how_it_went(linked, tab):
    app = PaperReaderApp(linked, ListingQuery(tab))
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await press(app, pilot, "S")
        assert status(app) == "Collection synced: 0 up, 1 down, 0 removed."
        assert B in app.main_screen.marks.bookmarks  # the star follows
    assert notes(linked) == {A: "here", B: "from the web"}


async def test_the_palette_offers_it(linked):
    app = PaperReaderApp(linked, BOOKMARKS)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.main_screen)]
        assert "Sync collection" in titles


async def test_the_setting_syncs_at_start(linked):
    linked.settings = Settings(sync_collection_on_start=True)
    app = PaperReaderApp(linked, BOOKMARKS)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert B in app.main_screen.marks.bookmarks
        assert any("1 down" in note for note in notes_of(app, "information"))


async def test_a_failed_sync_is_one_sentence_and_bookmarking_goes_on(linked, fake_hub):
    fake_hub.fail("/api/collections", "status", status=403)
    app = PaperReaderApp(linked, BOOKMARKS)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await press(app, pilot, "S")
        assert status(app).startswith("Not synced: ") and "write access" in status(app)
        assert any("write access" in note for note in notes_of(app, "warning"))
        await press(app, pilot, "b")  # the bookmark under the cursor (A) goes, locally
    assert notes(linked) == {}
