"""Keys on a reader or a discussion that is still loading, and `?` on every page: nothing
may crash before the text is in, and help lists the keys of the screen in front."""

from __future__ import annotations

from support.apps import demo_app
from support.gated import GatedSource, gated_session
from support.pilot import SIZE, open_modal, press, screen_text, settle, type_text, wait_until
from support.sessions import fake_service
from textual.pilot import Pilot

from paperreader.service.session import Session
from paperreader.storage.user_data import UserDataStore
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.discussion import DiscussionScreen
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.reader import ReaderScreen

READER_KEYS = ("j", "k", "g", "G", "space", "ctrl+d", "ctrl+u", "t", "n", "N", "slash")
"""The reader's keys but the browser's and esc (which leaves)."""
DISCUSSION_KEYS = ("j", "k", "g", "G", "ctrl+d", "ctrl+u", "r")


async def started(pilot: Pilot, app: PaperReaderApp) -> None:
    """The listing is shown (the gate holds the paper details, so no `settle` yet)."""
    await wait_until(pilot, lambda: app.main_screen.paper_list.current is not None)


async def help_lists(app: PaperReaderApp, pilot: Pilot, section: str, keys: list[str]) -> None:
    """`?` opens the help of the screen in front, listing its keys; `?` closes it again."""
    before = app.screen
    await open_modal(app, pilot, "question_mark")
    assert isinstance(app.screen, HelpScreen)
    text = screen_text(app)
    assert section in text
    for words in keys:
        assert words in text, words
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: app.screen is before, "help to close")


async def test_every_key_on_a_loading_reader_is_safe():
    source = GatedSource()
    app = PaperReaderApp(gated_session(source))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await open_modal(app, pilot, "v")
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and not screen.has_text
        for key in READER_KEYS:
            await pilot.press(key, key)
            await pilot.pause()
            assert app.is_running and app.screen is screen, key
        source.gate.set()
        await settle(app, pilot)
        assert screen.has_text
        await press(app, pilot, "j", "G", "g")
        assert app.is_running and app.screen is screen


async def test_help_on_a_loading_reader_lists_the_readers_keys_then_the_text_comes():
    source = GatedSource()
    app = PaperReaderApp(gated_session(source))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await open_modal(app, pilot, "v")
        screen = app.screen
        await help_lists(
            app, pilot, "Reader", ["Find in the text", "table of contents", "Page down"]
        )
        source.gate.set()
        await settle(app, pilot)
        assert screen.has_text
        await help_lists(app, pilot, "Reader", ["next match", "Leave the reader"])
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, ReaderScreen)


async def test_every_key_on_a_loading_discussion_is_safe():
    source = GatedSource()
    app = PaperReaderApp(gated_session(source))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, app)
        await open_modal(app, pilot, "c")
        screen = app.screen
        assert isinstance(screen, DiscussionScreen) and screen.discussion is None
        for key in DISCUSSION_KEYS:
            await pilot.press(key, key)
            await pilot.pause()
            assert app.is_running and app.screen is screen, key
        await help_lists(
            app, pilot, "Discussion", ["Fetch the comments again", "Leave the discussion"]
        )
        source.gate.set()
        await settle(app, pilot)
        assert screen.discussion is not None
        await help_lists(app, pilot, "Comments", ["Scroll a text pane down"])
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, DiscussionScreen)


# ---------------------------------------------------------------------- the place, kept


async def test_the_reading_place_is_kept_in_the_data_dir_for_the_next_run(tmp_path):
    async def read_to_somewhere(session: Session, *, scroll: bool) -> float:
        app = PaperReaderApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await open_modal(app, pilot, "v")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, ReaderScreen) and screen.has_text
            if scroll:
                await press(app, pilot, "space", "j", "j")
            place = screen.scroll.scroll_y
            await press(app, pilot, "escape")
            assert not isinstance(app.screen, ReaderScreen)
        return place

    def session() -> Session:
        source = GatedSource()
        source.gate.set()
        return fake_service(source, None, user_data=UserDataStore(tmp_path / "data"))

    place = await read_to_somewhere(session(), scroll=True)
    assert place > 0
    assert (tmp_path / "data" / "reading.json").is_file()
    assert await read_to_somewhere(session(), scroll=False) == place  # a new run, same place


async def test_the_palette_offers_the_keys_of_the_screen_in_front_and_help_is_its_help():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main_titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Search" in main_titles and "Find" not in main_titles
        for key, section, own, not_here in (
            ("v", "Reader", "Find", "Search"),
            ("c", "Discussion", "Refresh", "Bookmark"),
        ):
            await open_modal(app, pilot, key)
            await settle(app, pilot)
            page = app.screen
            commands = {c.title: c for c in app.get_system_commands(page)}
            assert own in commands and not_here not in commands
            await open_modal(app, pilot, "ctrl+p")
            await type_text(app, pilot, "Help")
            await settle(app, pilot)
            await press(app, pilot, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
            assert section in screen_text(app)
            await press(app, pilot, "escape")
            assert app.screen is page
            await press(app, pilot, "escape")
            assert app.screen is app.main_screen
