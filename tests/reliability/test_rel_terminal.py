"""Reliability: the app in terminals of every size, resized mid-load, without colour, and
with no clipboard at all (docs/reliability.md, area "terminal").

Every screen a user reaches (the seven tabs, the detail, help, both menus, the reader, the
discussion, the note editor and the prompts) is drawn at sizes from 40x12 to 300x100, and
after each key the frame is checked the way a terminal would show it: exactly the screen's
size, every widget inside the screen (and inside the box that holds it, unless that box
scrolls), the cursor's paper and the status line on screen, and each list row exactly as wide
as the list.
"""

from __future__ import annotations

import shutil
from functools import partial

import pyperclip
import pytest
from rich.style import Style
from support import fakehub
from support.apps import demo_app
from support.frames import check_dialog, check_frame, check_main, check_status, frame
from support.pilot import open_modal, press, resize, settle, type_text
from support.sessions import demo_session
from textual.pilot import Pilot
from textual.strip import Strip
from textual.theme import BUILTIN_THEMES

from paperreader.config.settings import Settings
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.platform.clipboard import copy_to_system_clipboard
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.controllers.user_data import UserDataController
from paperreader.ui.screens.discussion import DiscussionScreen
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.main import MainScreen
from paperreader.ui.screens.menu import MenuScreen
from paperreader.ui.screens.note import NoteScreen
from paperreader.ui.screens.prompt import PromptScreen
from paperreader.ui.screens.reader import ReaderScreen
from paperreader.ui.widgets.paper_rows import ROW_HEIGHT

pytestmark = pytest.mark.reliability("terminal")

SIZES = [(40, 12), (60, 20), (80, 24), (120, 35), (200, 60), (300, 100)]
"""From a split pane on a laptop to a 4K monitor with a small font."""


# ---------------------------------------------------------------------- every screen, checked


async def leave(app: PaperReaderApp, pilot: Pilot, key: str = "escape") -> None:
    """Close the dialog on top; back on the main screen."""
    await pilot.press(key)
    await pilot.pause()
    await settle(app, pilot)
    assert type(app.screen) is MainScreen


async def visit_everything(app: PaperReaderApp, pilot: Pilot, label: str) -> None:
    """Every tab and every screen the keymap leads to, each checked, then back."""
    await settle(app, pilot)
    check_main(app, f"{label} daily")
    for key in "234":
        await press(app, pilot, key, "j")
        check_main(app, f"{label} tab {key}, second paper")
    await press(app, pilot, "5")  # no search yet: f asks for one
    await open_modal(app, pilot, "f")
    check_dialog(app, PromptScreen, f"{label} search prompt")
    await type_text(app, pilot, "attention")
    await press(app, pilot, "enter")
    assert (
        app.main_screen.navigation.kind is ListingKind.SEARCH
        and app.main_screen.paper_list.visible_count > 0
    )
    check_main(app, f"{label} search results")
    for key in "67":
        await press(app, pilot, key)
        check_main(app, f"{label} tab {key}")
    await press(app, pilot, "G")
    check_main(app, f"{label} library, last paper")

    await press(app, pilot, "1", "j", "j", "j")
    check_main(app, f"{label} daily, fourth paper")
    await press(app, pilot, "enter")  # the detail: beside the list, or instead of it
    check_main(app, f"{label} detail")
    await press(app, pilot, "j", "j")  # scrolls the detail
    check_main(app, f"{label} detail scrolled")
    await press(app, pilot, "escape")
    assert app.focused is app.main_screen.paper_list
    check_main(app, f"{label} back from the detail")

    for key, kind in (
        ("question_mark", HelpScreen),
        ("Y", MenuScreen),
        ("L", MenuScreen),
        ("v", ReaderScreen),
        ("c", DiscussionScreen),
        ("n", NoteScreen),
        ("t", PromptScreen),
        ("d", PromptScreen),
    ):
        await open_modal(app, pilot, key)
        await settle(app, pilot)
        check_dialog(app, kind, f"{label} {key}")
        if kind in (HelpScreen, ReaderScreen):
            await press(app, pilot, "j", "G")
            check_dialog(app, kind, f"{label} {key} scrolled")
        await leave(app, pilot)
        check_main(app, f"{label} after {key}")
    assert [n.message for n in app._notifications if n.severity == "error"] == []


# ---------------------------------------------------------------------- sizes


@pytest.mark.parametrize(
    "size",
    [size if size == SIZES[0] else pytest.param(size, marks=pytest.mark.slow) for size in SIZES],
    ids=[f"{w}x{h}" for w, h in SIZES],
)
async def test_every_screen_fits_the_terminal(size, record_property):
    """Every screen at every size: 15-40 s each, so the default run takes the smallest (where
    things break first) and `-m slow` the rest; the resizing tests below take the list
    through every size by default."""
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await visit_everything(app, pilot, f"{size[0]}x{size[1]}")
        assert app.export_screenshot()  # the screenshot path renders too
    record_property("size", f"{size[0]}x{size[1]}")


async def test_resizing_through_every_size_keeps_the_cursor_paper_and_status_on_screen(
    record_property,
):
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "7", "j", "j", "j", "j", "j", "j", "j", "j")
        paper = app.main_screen.paper_list.current
        sizes = [*SIZES, (99, 30), (100, 30), (41, 13), (40, 12)]
        for width, height in sizes:
            await resize(app, pilot, width, height)
            await settle(app, pilot)
            assert app.size == (width, height)
            check_main(app, f"list at {width}x{height}")
            assert app.main_screen.paper_list.current == paper
        record_property("iterations", len(sizes))


@pytest.mark.slow
async def test_the_reader_help_and_a_menu_stay_whole_while_the_terminal_resizes():
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j", "j")
        paper = app.main_screen.paper_list.current
        for key, kind in (("v", ReaderScreen), ("question_mark", HelpScreen), ("L", MenuScreen)):
            await open_modal(app, pilot, key)
            await settle(app, pilot)
            for width, height in SIZES:
                await resize(app, pilot, width, height)
                await settle(app, pilot)
                check_dialog(app, kind, f"{key} at {width}x{height}")
            await leave(app, pilot)
            check_main(app, f"back from {key} at {width}x{height}")
            assert app.main_screen.paper_list.current == paper


async def test_the_narrow_detail_survives_widening_and_narrowing():
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j", "enter")
        assert app.screen.has_class("-show-detail")
        check_main(app, "narrow detail")
        await resize(app, pilot, 160, 40)
        await settle(app, pilot)
        check_main(app, "wide with the detail focused")
        await resize(app, pilot, 50, 15)
        await settle(app, pilot)
        check_main(app, "narrow again")
        await press(app, pilot, "escape")
        check_main(app, "narrow list")
        assert app.main_screen.paper_list.cursor == 1


async def test_a_read_mark_due_while_the_app_closes_does_not_crash(monkeypatch):
    """The 1.5 s read timer can come due while the app is closing, after its screens have
    gone: it must give up quietly, not raise NoMatches into the exit (seen at 80x24)."""
    monkeypatch.setattr(UserDataController, "READ_AFTER_SECONDS", 30)
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j")
        timer = app.main_screen.user_data.read_timer
        assert timer is not None
        due = timer._callback  # Textual wraps it: partial(app.call_next, callback)
        due = due.args[0] if isinstance(due, partial) else due
    assert not app.is_running
    due()  # what the app calls when the timer fires during its shutdown


# ---------------------------------------------------------------------- resizing mid-load


async def test_resizing_while_a_listing_loads_then_it_is_shown_whole(
    make_service, fake_hub, record_property
):
    """Three pages of one day, the first answered seconds late; the terminal changes size
    again and again meanwhile, then the listing arrives and is shown whole."""
    fake_hub.fail("/api/daily_papers", "delay", seconds=3.0, times=1)
    fake_hub.fail("/api/daily_papers", "delay", seconds=0.3)
    expected = fakehub.build_data().day_ids(fakehub.BIG_DAY)
    service = make_service(timeout=15.0)  # the late page is late, not lost
    app = PaperReaderApp(service, ListingQuery(ListingKind.DAILY, fakehub.BIG_DAY))
    sizes = [(40, 12), (300, 100), (80, 24), (60, 20), (200, 60), (120, 35)]
    async with app.run_test(size=(120, 35)) as pilot:
        resized = 0
        for width, height in sizes * 10:  # until the listing is there
            if app.main_screen.listings.listing is not None:
                break
            await resize(app, pilot, width, height)
            resized += 1
            assert app.is_running
            strips = check_frame(app, f"loading at {width}x{height}")
            check_status(app, strips, f"loading at {width}x{height}")
            assert (
                "Loading" in app.main_screen.status.text
                or app.main_screen.listings.listing is not None
            )
        await settle(app, pilot)
        assert resized >= 3, "the listing came before the terminal could change size"
        record_property("resizes_while_loading", resized)
        assert fake_hub.pages() == [0, 1, 2]
        assert [p.id for p in app.main_screen.paper_list.papers] == expected
        assert app.main_screen.paper_list.visible_count == len(expected) == 230
        assert app.main_screen.status.text.startswith(f"Daily {fakehub.BIG_DAY} · 230 papers")
        assert (
            app.main_screen.paper_list.cursor == 0
            and app.main_screen.detail.paper == app.main_screen.paper_list.current
        )
        check_main(app, f"loaded, at {app.size.width}x{app.size.height}")
        for width, height in ((120, 35), (40, 12)):
            await resize(app, pilot, width, height)
            await settle(app, pilot)
            check_main(app, f"loaded at {width}x{height}")
        await press(app, pilot, "G")
        assert app.main_screen.paper_list.current.id == expected[-1]
        check_main(app, "the last of 230 at 40x12")


@pytest.mark.slow
async def test_a_resize_between_pages_does_not_lose_or_repeat_papers(make_service, fake_hub):
    """Each page answered late, the terminal resized all along: the progress is drawn whole
    and the listing has every paper once."""
    fake_hub.fail("/api/daily_papers", "delay", seconds=0.8)
    app = PaperReaderApp(make_service(), ListingQuery(ListingKind.DAILY, fakehub.BIG_DAY))
    async with app.run_test(size=(80, 24)) as pilot:
        progress = []
        widths = [*range(40, 301, 20), *range(300, 39, -20)] * 5
        for width in widths:
            if app.main_screen.listings.listing is not None:
                break
            await resize(app, pilot, width, 12 + width // 4)
            if "fetched page" in app.main_screen.status.text:
                progress.append(app.main_screen.status.text)
                check_status(app, frame(app), f"progress at {width}")
        await settle(app, pilot)
        assert progress, "no progress seen while the pages came"
        ids = [p.id for p in app.main_screen.paper_list.papers]
        assert len(ids) == len(set(ids)) == 230
        assert fake_hub.pages() == [0, 1, 2]
        check_main(app, "after the resizes")


# ---------------------------------------------------------------------- no colour


def _style_at(strip: Strip, x: int) -> Style:
    """The style of the cell at column x of a strip."""
    return strip.crop(x, x + 1)._segments[0].style or Style()


def check_no_color_rows(app: PaperReaderApp, where: str) -> None:
    """Greys only (or the terminal's defaults), text readable, the cursor row told apart."""
    plist = app.main_screen.paper_list
    strips = check_frame(app, where)
    region = plist.region
    top = region.y + plist.cursor * ROW_HEIGHT - int(plist.scroll_offset.y)
    other = top + ROW_HEIGHT if plist.cursor + 1 < plist.visible_count else top - ROW_HEIGHT
    for y in (top, top + 1, other, other + 1):
        for segment in strips[y].crop(region.x, region.x + region.width - 1)._segments:
            style = segment.style or Style()
            for color in (style.color, style.bgcolor):
                if color is not None and color.triplet is not None:
                    red, green, blue = color.triplet
                    assert red == green == blue, f"{where}: {color} under NO_COLOR"
            if segment.text.strip():
                same = style.color == style.bgcolor and style.color is not None
                assert not same or style.color.is_default, f"{where}: {segment!r} unreadable"
    selected = _style_at(strips[top], region.x + 4)
    plain = _style_at(strips[other], region.x + 4)
    # Told apart without colour: by an attribute and a mark, not only by a shade of grey.
    assert selected.reverse and not plain.reverse, f"{where}: {selected} vs {plain}"
    assert strips[top].text[region.x] == "▌" != strips[other].text[region.x], where


async def check_no_color_focus(app: PaperReaderApp, pilot: Pilot, where: str) -> None:
    """The rows as NO_COLOR draws them, with the list focused and then the detail."""
    for focus in (
        app.main_screen.paper_list,
        app.main_screen.detail,
        app.main_screen.paper_list,
    ):  # focus changes the cursor
        focus.focus()
        await pilot.pause()
        check_no_color_rows(app, f"{where}, {type(focus).__name__} focused")


async def test_no_color_shows_the_selected_row_in_every_kind_of_theme(monkeypatch):
    """Started in an ANSI theme (NO_COLOR used to make it black on black), then switched to
    a light theme whose cursor shade equals its background in grey, and on to others."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = PaperReaderApp(demo_session(Settings(theme="ansi-dark")))
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        assert app.no_color  # Textual 8 read NO_COLOR: its filter draws greys, or no colour
        assert app.theme == "ansi-dark"
        await check_no_color_focus(app, pilot, "NO_COLOR ansi-dark")
        for moves, theme in enumerate(("solarized-light", "ansi-light", "textual-dark"), 1):
            app.theme = theme
            await press(app, pilot, "j")
            assert app.main_screen.paper_list.cursor == moves
            await check_no_color_focus(app, pilot, f"NO_COLOR, switched to {theme}")
        check_main(app, "NO_COLOR after the switches")


@pytest.mark.slow
@pytest.mark.parametrize("theme", sorted(BUILTIN_THEMES))
async def test_no_color_shows_the_selected_row_in_each_builtin_theme(monkeypatch, theme):
    monkeypatch.setenv("NO_COLOR", "1")
    app = PaperReaderApp(demo_session(Settings(theme=theme)))
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        assert app.no_color and app.theme == theme
        await check_no_color_focus(app, pilot, f"NO_COLOR {theme}")
        await press(app, pilot, "j", "j")
        assert app.main_screen.paper_list.cursor == 2
        check_no_color_rows(app, f"NO_COLOR {theme} after j j")
        check_main(app, f"NO_COLOR {theme} after j j")


# ---------------------------------------------------------------------- no clipboard


@pytest.fixture
def dumb_terminal(monkeypatch, tmp_path):
    """A console with no display, no clipboard tools and TERM=dumb; pyperclip decides anew."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "dumb")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for tool in ("xclip", "xsel", "wl-copy", "wl-paste", "klipper", "qdbus"):
        assert shutil.which(tool) is None
    # pyperclip chooses its mechanism on first use and remembers it: make it choose here.
    monkeypatch.setattr(pyperclip, "copy", pyperclip.lazy_load_stub_copy)
    monkeypatch.setattr(pyperclip, "paste", pyperclip.lazy_load_stub_paste)


def test_pyperclip_raises_in_a_dumb_terminal_and_the_copy_says_false(dumb_terminal):
    with pytest.raises(pyperclip.PyperclipException):
        pyperclip.copy("x")
    assert copy_to_system_clipboard("2603.08522") is False


@pytest.mark.parametrize("clipboard", ["auto", pytest.param("system", marks=pytest.mark.slow)])
async def test_y_shows_the_text_when_there_is_no_clipboard(dumb_terminal, clipboard):
    app = PaperReaderApp(demo_session(Settings(clipboard=clipboard)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        link = app.session.papers.links(paper).hf
        await press(app, pilot, "y")
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1
        assert warnings[0].message.endswith(f"\n{link}")  # the text, to copy by hand
        assert "by hand" in warnings[0].title + warnings[0].message
        assert type(pyperclip.copy).__name__ == "ClipboardUnavailable"  # pyperclip's verdict
        assert not [n for n in app._notifications if n.severity == "error"]
        # The app goes on: the next paper, the copy menu, a BibTeX entry.
        await press(app, pilot, "j")
        assert app.main_screen.paper_list.cursor == 1
        await open_modal(app, pilot, "Y")
        await press(app, pilot, "4")
        assert type(app.screen) is MainScreen
        bibtex = [n.message for n in app._notifications if "@" in n.message]
        assert bibtex and "\n@misc{" in bibtex[-1]  # its first line: a toast is two lines
        check_main(app, "after copying with no clipboard")
