"""Pilot tests of the config file's effect on the app: keys, start-up choices, the theme,
the clipboard and the browser.

Apps are built the way `paperreader --demo` builds them (`ui.launch.run_app` reading the
config named by PAPERREADER_CONFIG, which conftest points into tmp_path), or directly from
`Settings`.
"""

from __future__ import annotations

import re
import types

import pytest
from support.apps import demo_app, launch, write_config
from support.demo_data import latest_daily_items
from support.fakes import Clipboard, FakeSource
from support.pilot import (
    SIZE,
    filter_box_shown,
    line_of,
    list_words,
    notes,
    notes_of,
    open_modal,
    press,
    screen_text,
    select,
    settle,
    shown_papers,
    status,
    wait_until,
)
from support.sessions import fake_service
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList, TextArea

from paperreader.config.loading import load_settings
from paperreader.config.settings import Settings
from paperreader.domain.errors import OfflineError
from paperreader.domain.models import ListingKind
from paperreader.platform import opener
from paperreader.sources.demo import SHOWCASE_ID
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.discussion import DiscussionScreen
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.menu import MenuScreen
from paperreader.ui.screens.note import NoteScreen
from paperreader.ui.screens.prompt import PromptScreen
from paperreader.ui.screens.reader import ReaderScreen

# ---------------------------------------------------------------------- helpers


def config_notes(app: PaperReaderApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Config"]


# ---------------------------------------------------------------------- keys


async def test_a_remapped_key_works_and_the_help_and_footer_show_it(monkeypatch):
    write_config('[keys]\nfilter = "ctrl+f"\n')
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert config_notes(app) == []
        # The footer offers the new key (a remapped binding moves to the end of the row,
        # where 120 columns cut its label short).
        footer = screen_text(app).splitlines()[-1]
        assert "^f Filt" in footer
        assert "/ Filter" not in footer
        shown = {key: b.binding.action for key, b in app.active_bindings.items()}
        assert shown["ctrl+f"] == "filter"
        assert "slash" not in shown

        await press(app, pilot, "slash")  # no longer the filter key
        assert app.focused is app.main_screen.paper_list
        assert not filter_box_shown(app)
        await press(app, pilot, "ctrl+f")
        assert app.focused is app.main_screen.filter_input
        assert filter_box_shown(app)
        await press(app, pilot, "l", "u", "m", "e", "n")
        assert app.main_screen.paper_list.visible_count == 1
        await press(app, pilot, "escape")
        assert app.main_screen.paper_list.visible_count == 14

        await open_modal(app, pilot, "question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen._rows
        assert ("General", "^f", "Filter this list as you type") in rows
        assert not any(keys == "/" for _section, keys, _text in rows)
        # A remapped binding is listed last in its section: scroll down to it.
        row = re.compile(r"│ \^f +Filter this list as you type")
        for _ in range(30):
            if row.search(screen_text(app)):
                break
            await press(app, pilot, "j")
        assert row.search(screen_text(app))
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_remapped_reader_keys_work_and_its_help_and_status_name_them(monkeypatch):
    write_config(
        '[keys]\n"reader.contents" = "T"\n"reader.back" = "x"\n"reader.down" = "J"\n'
        '"reader.help" = "f1"\n'
    )
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert config_notes(app) == []
        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.has_text
        # The footer names the keys as they are now (the status line names none).
        footer = screen_text(app).splitlines()[-1]
        assert "T Contents" in footer and "x Back" in footer and "f1 Help" in footer
        body = screen.query_one("#reader-body")
        await press(app, pilot, "t")  # no longer the contents key
        assert not body.has_class("-contents")
        await press(app, pilot, "T")
        assert body.has_class("-contents")
        await press(app, pilot, "j")  # no longer a scrolling key
        assert screen.scroll.scroll_y == 0
        await press(app, pilot, "J")
        assert screen.scroll.scroll_y > 0

        # Its help lists the reader's keys as they are now.
        await press(app, pilot, "question_mark")
        assert app.screen is screen
        await open_modal(app, pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen._rows
        assert {section for section, _keys, _text in rows} == {"Reader"}
        for row in (
            ("Reader", "T", "Show / hide the table of contents"),
            ("Reader", "x", "Leave the reader"),
            ("Reader", "J", "Scroll the text down"),
        ):
            assert row in rows
        assert ("Reader", "/", "Find in the text") in rows
        assert not any(keys in ("t", "esc / q", "j") for _section, keys, _text in rows)
        await press(app, pilot, "escape")
        assert app.screen is screen

        await press(app, pilot, "q", "escape")  # neither leaves the reader now
        assert app.screen is screen
        await press(app, pilot, "x")
        assert not isinstance(app.screen, ReaderScreen)
        assert app.is_running


async def test_remapped_menu_keys_work(monkeypatch):
    write_config('[keys]\n"menu.down" = "n"\n"menu.up" = "e"\n"menu.cancel" = "x"\n')
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert config_notes(app) == []
        await open_modal(app, pilot, "Y")
        assert isinstance(app.screen, MenuScreen)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0
        await press(app, pilot, "j")  # no longer a menu key
        assert options.highlighted == 0
        await press(app, pilot, "n", "n", "e")
        assert options.highlighted == 1
        assert str(app.screen.query_one(Label).content) == "enter or 1-9 copies · x closes"
        await press(app, pilot, "escape", "q")  # no longer close it
        assert isinstance(app.screen, MenuScreen)
        await press(app, pilot, "x")
        assert not isinstance(app.screen, MenuScreen)
        assert app.is_running


async def test_the_links_menu_copies_with_the_remapped_copy_key(monkeypatch):
    clipboard = Clipboard(monkeypatch)
    write_config('[keys]\ncopy = "C"\n"menu.cancel" = "x"\n')
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert config_notes(app) == []
        await open_modal(app, pilot, "L")
        await settle(app, pilot)
        assert isinstance(app.screen, MenuScreen)
        assert str(app.screen.query_one(Label).content) == (
            "enter or 1-9 opens in the browser · C copies · x closes"
        )
        await press(app, pilot, "y")  # no longer the copy key
        assert isinstance(app.screen, MenuScreen)
        assert clipboard.texts == []
        await press(app, pilot, "C")
        assert not isinstance(app.screen, MenuScreen)
        assert clipboard.texts == [f"https://huggingface.co/papers/{SHOWCASE_ID}"]


async def test_the_hints_of_screens_and_panes_name_the_remapped_keys(monkeypatch):
    write_config(
        '[keys]\nlinks = "ctrl+l"\n"note.save" = "f2"\n"discussion.refresh" = "R"\n'
        '"pane.down" = "J"\n"help.close" = "x,escape"\n'
    )
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert config_notes(app) == []
        await select(app, pilot, SHOWCASE_ID)
        assert "ctrl+l lists them with links, and the hub's" in app.main_screen.detail.text
        assert "L lists them" not in app.main_screen.detail.text

        await open_modal(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert str(app.screen.query_one(VerticalScroll).border_title) == "Keys  (x to close)"
        await press(app, pilot, "x")
        assert not isinstance(app.screen, HelpScreen)

        await press(app, pilot, "b")
        await open_modal(app, pilot, "n")
        assert isinstance(app.screen, NoteScreen)
        assert str(app.screen.query_one(Label).content) == "f2 saves · esc cancels"
        app.screen.query_one(TextArea).insert("Read again.")
        await press(app, pilot, "f2")
        assert not isinstance(app.screen, NoteScreen)
        assert app.main_screen.marks.bookmarks[SHOWCASE_ID].note == "Read again."

        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiscussionScreen)
        assert line_of(app, "#discussion-status") == "16 comments"
        assert "R Refresh" in screen_text(app).splitlines()[-1]
        await press(app, pilot, "j")  # the comments scroll with the text panes' keys
        assert screen.body.scroll_y == 0
        await press(app, pilot, "J")
        assert screen.body.scroll_y == 1
        await open_modal(app, pilot, "question_mark")
        rows = app.screen._rows
        assert ("Discussion", "R", "Fetch the comments again") in rows
        assert ("Comments", "J", "Scroll a text pane down") in rows
        await press(app, pilot, "escape")
        assert app.screen is screen


async def test_the_main_screen_names_the_remapped_refresh_and_search_keys():
    write_config('[keys]\nrefresh = "f5"\nsearch = "ctrl+f"\n')
    settings, problems = load_settings()
    assert problems == []
    source = FakeSource(error=OfflineError("Could not reach http://fake."))
    app = PaperReaderApp(fake_service(source, None, settings=settings))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # A listing that failed names the refresh key in force, and that key retries.
        assert "Could not reach http://fake." in status(app)
        assert "Press f5 to try again. Or try paperreader --demo" in list_words(app)
        assert "Press r" not in list_words(app)
        source.error = None
        source.items = latest_daily_items()
        await press(app, pilot, "r")  # no longer the refresh key
        assert app.main_screen.paper_list.visible_count == 0
        await press(app, pilot, "f5")
        assert app.main_screen.paper_list.visible_count == 14

        # The Search tab, empty until asked, names the search key in force.
        await press(app, pilot, "5")
        assert app.main_screen.navigation.kind is ListingKind.SEARCH
        assert status(app) == "Search: press ctrl+f and type what to look for."
        assert "Press ctrl+f to search Hugging Face Papers." in list_words(app)
        await open_modal(app, pilot, "ctrl+f")
        assert isinstance(app.screen, PromptScreen)


# ---------------------------------------------------------------------- start-up choices


async def test_a_bad_value_falls_back_with_a_warning_naming_the_file_line_and_key(monkeypatch):
    path = write_config('# mine\ndefault_tab = "weekly"\nsort = "popular"\n')
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        [warning] = config_notes(app)
        assert warning.startswith(f"{path} line 3: ")
        assert 'sort = "popular" is not one of upvotes, newest, title, comments' in warning
        assert warning.endswith('using "upvotes".')
        assert [n.severity for n in app._notifications if n.title == "Config"] == ["warning"]
        # The good value is used; the bad one is the default.
        assert app.main_screen.navigation.kind is ListingKind.WEEKLY
        assert app.query_one("#tabs").active == "weekly"
        assert status(app).startswith("Weekly (latest) · 44 papers · by upvotes · ")
        votes = [p.upvotes for p in shown_papers(app)]
        assert votes == sorted(votes, reverse=True)


async def test_sort_and_hide_read_set_how_the_lists_start(monkeypatch):
    write_config('sort = "newest"\nhide_read = true\n')
    app = launch(monkeypatch)
    read_id = "2603.08522"  # the top paper of the latest day
    app.session.user_data.store.set_read(read_id, True)  # read in an earlier session
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert config_notes(app) == []
        assert app.main_screen.navigation.kind is ListingKind.DAILY
        assert " · 13 of 14 papers · 1 read hidden · by newest · " in status(app)
        shown = shown_papers(app)
        assert len(shown) == 13
        assert read_id not in [p.id for p in shown]
        dates = [p.published_at for p in shown]
        assert dates == sorted(dates, reverse=True)

        await press(app, pilot, "2")  # every dated tab starts by newest
        assert " read hidden · by newest · " in status(app)
        await press(app, pilot, "4")  # trending keeps its own rank
        assert " read hidden · by trending rank · " in status(app)

        await press(app, pilot, "1", "h")  # h shows them again
        assert "read hidden" not in status(app)
        assert read_id in [p.id for p in shown_papers(app)]


# ---------------------------------------------------------------------- the theme

THEMED_CONFIG = """\
# paperreader settings, by hand
default_tab = "daily"   # where I start
theme = "gruvbox"       # the palette rewrites only this value

# faster refreshes
[ttl]
today_minutes = 5

[keys]
filter = "ctrl+f"  # muscle memory
"""


def record_saves(monkeypatch: pytest.MonkeyPatch, app: PaperReaderApp) -> list[str]:
    """The themes the app asks the service to save, in order (they are still saved)."""
    saves: list[str] = []
    save = app.session.desktop.save_theme

    async def recording(name: str) -> None:
        saves.append(name)
        await save(name)

    monkeypatch.setattr(app.session.desktop, "save_theme", recording)
    return saves


async def test_a_theme_chosen_in_the_palette_is_saved_in_the_config(monkeypatch):
    monkeypatch.setattr(PaperReaderApp, "THEME_SETTLES", 0.3)
    path = write_config(THEMED_CONFIG)
    app = launch(monkeypatch, demo=False)
    saves = record_saves(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "gruvbox"

        # Themes tried in quick succession (no turn of the event loop between them, so a
        # busy machine cannot let the first one settle): only the one settled on is saved.
        app.theme = "dracula"
        app.theme = "nord"
        assert saves == []
        await wait_until(pilot, lambda: bool(saves), "the theme saved")
        await settle(app, pilot)
        assert saves == ["nord"]
        saved = THEMED_CONFIG.replace('theme = "gruvbox"', 'theme = "nord"')
        assert path.read_text(encoding="utf-8") == saved  # only the theme's value changed
        assert not notes_of(app, "warning")

    # The next start uses it.
    app = launch(monkeypatch, demo=False)
    saves = record_saves(monkeypatch, app)
    assert app.session.settings.theme == "nord"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "nord"
        assert config_notes(app) == []

        # Going back to the theme the session began with is a choice to save too.
        app.theme = "gruvbox"
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert path.read_text(encoding="utf-8") == THEMED_CONFIG
        app.theme = "nord"
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert saves == ["gruvbox", "nord"]
        assert path.read_text(encoding="utf-8") == saved


async def test_the_demo_keeps_a_theme_for_the_session_and_leaves_the_config_alone(monkeypatch):
    monkeypatch.setattr(PaperReaderApp, "THEME_SETTLES", 0.3)
    path = write_config(THEMED_CONFIG)
    app = launch(monkeypatch)
    saves = record_saves(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.theme = "nord"
        await wait_until(pilot, lambda: bool(saves), "the theme settled")
        await settle(app, pilot)
        assert app.session.settings.theme == "nord"
        assert not notes_of(app, "warning")
    assert path.read_text(encoding="utf-8") == THEMED_CONFIG


# ---------------------------------------------------------------------- the clipboard


async def test_clipboard_osc52_leaves_the_system_clipboard_alone(monkeypatch):
    clipboard = Clipboard(monkeypatch)
    app = demo_app(settings=Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        url = f"https://huggingface.co/papers/{app.main_screen.paper_list.current.id}"
        await press(app, pilot, "y")
        assert clipboard.texts == []  # pyperclip was never asked
        assert app.clipboard == url  # the terminal's clipboard has it
        [note] = app._notifications
        assert note.message == f"Sent Hugging Face link to the terminal clipboard (OSC 52)\n{url}"
        assert note.title == "Copy it by hand if it did not arrive"


async def test_clipboard_system_without_one_says_it_was_not_copied(monkeypatch):
    clipboard = Clipboard(monkeypatch, works=False)
    write_config('clipboard = "system"\n')
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        url = f"https://huggingface.co/papers/{app.main_screen.paper_list.current.id}"
        await press(app, pilot, "y")
        assert clipboard.texts == [url]
        assert app.clipboard == ""  # nothing went to the terminal either
        [warning] = [n for n in app._notifications if n.severity == "warning"]
        assert warning.title == "Not copied"
        assert "copy Hugging Face link by hand" in warning.message
        assert warning.message.endswith(f"\n{url}")


# ---------------------------------------------------------------------- the browser


class RecordingPopen:
    """Stands in for subprocess.Popen in paperreader.platform.opener: records, starts nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict]] = []

    def __call__(self, argv: list[str], **kwargs: object) -> None:
        self.calls.append((argv, kwargs))


async def test_the_configured_browser_command_opens_links(monkeypatch):
    popen = RecordingPopen()
    fake_subprocess = types.SimpleNamespace(Popen=popen, DEVNULL=-3)
    monkeypatch.setattr(opener, "subprocess", fake_subprocess)
    monkeypatch.setattr(opener.webbrowser, "open", lambda *a, **k: pytest.fail("webbrowser"))
    write_config('browser = "mybrowser --new-tab %s"\n')
    app = launch(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper_id = app.main_screen.paper_list.current.id
        await press(app, pilot, "o")
        url = f"https://huggingface.co/papers/{paper_id}"
        [(argv, options)] = popen.calls
        assert argv == ["mybrowser", "--new-tab", url]
        assert options["start_new_session"] is True
        assert f"Opened {url}" in notes(app)
        await press(app, pilot, "p")
        assert popen.calls[-1][0] == ["mybrowser", "--new-tab", f"https://arxiv.org/pdf/{paper_id}"]
