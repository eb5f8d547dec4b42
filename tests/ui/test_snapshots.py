"""Snapshot tests: what the main views look like, as SVGs in __snapshots__/test_snapshots/.

Every app here runs on the demo data (fixed clock, no network) or an offline service with an
empty cache, so nothing on screen depends on the time of day. Regenerate after a deliberate
change with `pytest tests/ui/test_snapshots.py --snapshot-update` and review the report.
"""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import NARROW, SIZE
from textual.pilot import Pilot
from textual.widgets import Input

from paperreader.service.session import Session
from paperreader.sources.demo import DEMO_NOW
from paperreader.storage.cache import ListingCache
from paperreader.ui.app import PaperReaderApp


async def settle(pilot: Pilot) -> None:
    """Let the listing workers finish, and freeze text cursors so captures are stable."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


async def type_and_settle(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


class TestMainScreen:
    def test_daily_list_with_detail(self, snap_compare):
        """The latest demo day: list on the left, the first paper's detail on the right."""
        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=settle)

    def test_search_attention(self, snap_compare):
        """A search for "attention": matched words are highlighted in the titles."""

        async def search(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("f")
            await pilot.pause()
            await type_and_settle(pilot, *"attention", "enter")

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=search)

    def test_filter_in_use(self, snap_compare):
        """The filter box under the list, narrowing the day to papers about attention."""

        async def filter_list(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "slash", *"attention")

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=filter_list)

    def test_help_screen(self, snap_compare):
        """The help dialog, generated from the live bindings."""

        async def open_help(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=open_help)


class TestNarrowTerminal:
    def test_list_only(self, snap_compare):
        """Below 100 columns only the list is shown."""
        assert snap_compare(demo_app(), terminal_size=NARROW, run_before=settle)

    def test_detail_after_enter(self, snap_compare):
        """Enter on a narrow terminal swaps the list for the detail."""

        async def open_detail(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "j", "enter")

        assert snap_compare(demo_app(), terminal_size=NARROW, run_before=open_detail)


class TestEmptyStates:
    def test_offline_with_an_empty_cache(self, snap_compare, tmp_path):
        """Offline with nothing cached: an explanation and a way out, not a blank screen."""
        service = Session(
            source_factory=None,
            cache=ListingCache(tmp_path / "empty-cache", "http://fake"),
            offline=True,
            clock=lambda: DEMO_NOW,
        )
        app = PaperReaderApp(service)
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)


class TestBookmarks:
    def test_bookmarks_tab_with_tags_note_and_read_marks(self, snap_compare):
        """Three bookmarks (one read, one with tags and a note) in the Bookmarks tab."""

        async def bookmark(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "b", "j", "j", "b", "x", "j", "b", "t")
            await type_and_settle(pilot, *"reading-group survey", "enter")
            await type_and_settle(pilot, "n")
            await type_and_settle(pilot, *"Compare with section 4.", "ctrl+s")
            await type_and_settle(pilot, "6")
            # Each save says so in a toast that expires after a few seconds: how many are
            # still up at the capture depends on how fast this machine ran the steps.
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=bookmark)

    def test_copy_menu(self, snap_compare):
        """Y opens the copy menu: arXiv, PDF, BibTeX, Markdown, id."""

        async def open_menu(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "j", "Y")

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=open_menu)


class TestReading:
    def test_reader_with_contents_and_a_find(self, snap_compare):
        """v opens the full text; t shows the contents; a find marks the first match."""

        async def read(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "v")
            await type_and_settle(pilot, "t")
            await type_and_settle(pilot, "slash", *"method", "enter")

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=read)

    def test_discussion(self, snap_compare):
        """c opens the comments: replies nested, a hidden one collapsed."""

        async def discuss(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "c")

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=discuss)

    def test_links_menu(self, snap_compare):
        """L lists the paper's links and its linked models, datasets and Spaces."""

        async def links(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "L")

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=links)


class TestLibrary:
    def test_library_search(self, snap_compare):
        """Tab 7 searches every paper in the library as you type."""

        async def search(pilot: Pilot) -> None:
            await settle(pilot)
            await type_and_settle(pilot, "7")
            await type_and_settle(pilot, "slash", *"sparse attention")

        assert snap_compare(demo_app(), terminal_size=SIZE, run_before=search)
