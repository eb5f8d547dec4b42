"""The main screen says what is so: what is new as soon as it arrives, progress while a
listing comes, and counts of what the list shows (and of what it hides)."""

from __future__ import annotations

from datetime import UTC, datetime

from support.apps import demo_app
from support.demo_data import latest_daily_items
from support.fakes import FakeSource
from support.pilot import SIZE, list_words, press, settle, status, type_text
from support.sessions import library_service

from paperreader.config.settings import Settings
from paperreader.domain.models import Listing, ListingKind, ListingQuery, Origin
from paperreader.formats.hub_json import parse_items
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.widgets.status_line import StatusLine

DAILY = ListingQuery(ListingKind.DAILY)


async def visit(data, items) -> PaperReaderApp:
    """Open the latest day once on `items`, as a launch would, and leave."""
    app = PaperReaderApp(library_service(data, FakeSource(items)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    return app


async def test_papers_a_refresh_brings_are_new_at_once_and_not_again_next_time(tmp_path):
    data = tmp_path / "data"
    items = latest_daily_items()
    ids = [item["paper"]["id"] for item in items]
    await visit(data, items[:10])

    source = FakeSource(items[:12])
    app = PaperReaderApp(library_service(data, source))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.marks.new_in(DAILY.key) == set(ids[10:12])
        assert "· 2 new" in status(app)
        source.items = items  # two more papers are out
        await press(app, pilot, "r")
        assert app.main_screen.paper_list.visible_count == 14
        assert app.main_screen.marks.new_in(DAILY.key) == set(ids[10:])
        assert "· 4 new" in status(app)
        await press(app, pilot, "slash")
        await type_text(app, pilot, ids[13])  # the count is of the new papers shown
        assert "· 1 of 14 match" in status(app) and "· 1 new" in status(app)

    again = PaperReaderApp(library_service(data, FakeSource(items)))
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert again.main_screen.marks.new_in(DAILY.key) == frozenset()
        assert " new" not in status(again)


def test_while_a_listing_is_fetched_the_status_shows_progress_not_an_age():
    line = StatusLine()
    listing = Listing(DAILY, (), Origin.NETWORK, datetime.now(UTC), effective_period="2026-03-13")
    line.show_listing(
        listing, shown=0, sort="upvotes", filter_text="", offline=False, busy="fetched page 7…"
    )
    assert "updated" not in line.text
    assert line.text.endswith(" · fetched page 7…")
    cached = Listing(DAILY, (), Origin.CACHE, datetime.now(UTC), stale=True)
    line.show_listing(
        cached, shown=0, sort="upvotes", filter_text="", offline=False, busy="refreshing…"
    )
    assert "cached" not in line.text and line.text.endswith(" · refreshing…")
    line.show_listing(listing, shown=0, sort="upvotes", filter_text="", offline=False)
    assert line.text.endswith(" · updated just now")


async def test_counts_are_of_the_papers_shown_and_say_how_many_read_are_hidden(tmp_path):
    app = PaperReaderApp(library_service(tmp_path / "data", FakeSource(latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "x", "j", "x", "j")  # the first two papers read
        assert "· 14 papers ·" in status(app)
        await press(app, pilot, "h")
        assert app.main_screen.paper_list.visible_count == 12
        assert "· 12 of 14 papers · 2 read hidden ·" in status(app)
        plist = app.main_screen.paper_list
        wanted = plist.current.id  # an unread paper, found by its id
        await press(app, pilot, "slash")
        await type_text(app, pilot, wanted)
        assert plist.visible_count == 1
        assert f"· 1 of 12 match “{wanted}” · 2 read hidden ·" in status(app)
        await press(app, pilot, "escape", "escape", "h")
        assert "· 14 papers ·" in status(app) and "hidden" not in status(app)


async def test_tab_labels_and_the_empty_list_name_the_keys_in_force():
    settings = Settings(keys={"tab.daily": "F", "tab.library": "ctrl+l", "hide": "H"})
    app = demo_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        labels = list(app.main_screen.tabs.labels)
        assert labels == [
            "F Daily",
            "2 Weekly",
            "3 Monthly",
            "4 Trending",
            "5 Search",
            "6 Bookmarks",
            "ctrl+l Library",
            "8 For you",
        ]
        plist = app.main_screen.paper_list
        app.main_screen.marks.read = frozenset(p.id for p in plist.papers)
        await press(app, pilot, "H")
        assert plist.visible_count == 0
        assert "Every paper here is read, and read papers are hidden: press H to show them." in (
            list_words(app)
        )


def test_a_listing_cut_short_says_how_many_in_all_beside_what_is_hidden():
    papers = parse_items(latest_daily_items()).papers
    listing = Listing(ListingQuery(ListingKind.LIBRARY), papers, Origin.LOCAL, datetime.now(UTC))
    listing = listing._replace(total=900)
    line = StatusLine()
    line.show_listing(listing, shown=14, sort="newest", filter_text="", offline=False)
    assert "· 14 of 900 papers · by newest ·" in line.text
    line.show_listing(listing, shown=11, sort="newest", filter_text="", offline=False, hidden=3)
    assert "· 11 of 14 papers (900 in all) · 3 read hidden · by newest ·" in line.text
