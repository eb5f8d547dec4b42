"""The links dialog at any width: wide terminals show whole URLs, narrow ones put each URL
on its own line under its label, cut with an ellipsis, never wrapped mid-token; the tabs
all fit a 60-column terminal."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from support.apps import demo_app
from support.pilot import open_modal, screen_text, settle
from textual.widgets import OptionList

from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.menu import MenuScreen


def option_lines(app) -> list[list[str]]:
    """Each choice's lines as the dialog draws them."""
    options = app.screen.query_one(OptionList)
    count = options.option_count
    return [str(options.get_option_at_index(n).prompt).split("\n") for n in range(count)]


@asynccontextmanager
async def links_dialog(size: tuple[int, int]) -> AsyncIterator[PaperReaderApp]:
    """The demo app at `size`, its links dialog open on the first paper."""
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "L")
        await settle(app, pilot)
        assert isinstance(app.screen, MenuScreen)
        yield app


def dialog_rows(app: PaperReaderApp) -> list[str]:
    """The dialog's lines between its borders, as the screen shows them."""
    return [line.split("│")[1] for line in screen_text(app).splitlines() if line.count("│") >= 2]


async def test_a_wide_terminal_shows_every_url_whole():
    async with links_dialog((140, 35)) as app:
        urls = [url for _, _, url in app.screen.choices]
        assert len(urls) >= 8
        shown = screen_text(app)
        for url in urls:
            assert url.removeprefix("https://") in shown, url


async def test_a_narrow_terminal_gives_labels_and_urls_a_line_each():
    for width in (60, 40):
        async with links_dialog((width, 30)) as app:
            for lines in option_lines(app):
                assert len(lines) == 2, lines
            first = option_lines(app)[0]
            assert first[0].startswith("1  Hugging Face")
            assert first[1].strip().startswith("huggingface.co/papers/")
            rows = dialog_rows(app)
            choices = rows[: next(n for n, row in enumerate(rows) if row.startswith(" enter"))]
            for row in choices:  # nothing wrapped onto a line of its own
                assert re.match(r"^(  \d  \S|     \S)", row), row
            titles = [line for line in screen_text(app).splitlines() if "Links:" in line]
            assert titles and len(titles[0].strip()) >= width - 6


async def test_every_tab_fits_sixty_columns():
    app = demo_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(app, pilot)
        for span in app.main_screen.tabs.spans():
            assert span.start >= 0 and span.end <= 60, span


async def test_a_short_menu_in_a_wide_terminal_keeps_one_line_per_choice():
    app = demo_app()
    choices = [("a", "arXiv", "https://arxiv.org/abs/2603.08522"), ("b", "PDF", "https://x.y/z")]
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        app.push_screen(MenuScreen("Links: short", choices, primary="open", hint="esc closes"))
        await settle(app, pilot)
        assert [lines for lines in option_lines(app)] == [
            ["1  arXiv  arxiv.org/abs/2603.08522"],
            ["2  PDF    x.y/z"],
        ]
