"""The footer at every width from 80 columns keeps the keys to leave and to get help whole.

Each key the footer shows is drawn whole (never cut at the right edge), the lowest-ranked
keys are the ones left out, and the palette key stays docked at the right.
"""

from __future__ import annotations

import pytest
from support.apps import demo_app
from support.pilot import (
    answer_prompt,
    open_modal,
    press,
    screen_text,
    settle,
    type_text,
    wait_until,
)

from paperreader.ui.widgets.key_footer import KeyFooter, fitting

WIDTHS = (80, 100, 120)
TABS = "12345678"


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def shown_keys(app) -> list[str]:
    """'key description' of every key the footer of the active screen draws."""
    return [key.text for key in app.screen.query_one(KeyFooter).shown]


def assert_whole(app, *wanted: str) -> None:
    """Every key the footer draws is on the line whole, and so is each of `wanted`."""
    line = footer_line(app)
    keys = shown_keys(app)
    for text in wanted:
        assert text in keys, f"{text!r} not in the footer: {line!r}"
    for text in keys:
        assert text in line, f"{text!r} cut in the footer: {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
async def test_quit_and_help_stay_whole_on_every_tab_the_reader_and_the_discussion(width):
    app = demo_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        for tab in TABS:
            await press(app, pilot, tab)
            assert_whole(app, "q Quit", "? Help", "^p palette")
        await press(app, pilot, "1")
        await open_modal(app, pilot, "v")
        await wait_until(pilot, lambda: app.screen.has_text, "the full text")
        await settle(app, pilot)
        assert_whole(app, "q Back", "? Help", "/ Find")
        await press(app, pilot, "q")
        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        assert_whole(app, "q Back", "? Help", "r Refresh")


async def test_undo_joins_the_footer_at_80_columns_without_pushing_quit_out():
    app = demo_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await answer_prompt(app, pilot, "t", "mine")  # a bookmark with tags
        await press(app, pilot, "b")  # removed: undo is offered for a few seconds
        assert app.main_screen.user_data.undoable is not None
        assert_whole(app, "u Undo", "q Quit", "? Help")


async def test_while_typing_a_filter_the_footer_says_how_to_keep_or_clear_it():
    app = demo_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "attention")
        assert_whole(app, "⏎ Keep filter", "esc Clear filter")
        await press(app, pilot, "escape")
        assert not app.main_screen.filtering.in_use
        assert_whole(app, "q Quit", "? Help")


async def test_the_footer_fits_again_after_the_terminal_narrows():
    app = demo_app()
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        wide = shown_keys(app)
        await pilot.resize_terminal(80, 30)
        await settle(app, pilot)
        narrow = shown_keys(app)
        assert len(narrow) < len(wide)
        assert_whole(app, "q Quit", "? Help")


def test_the_lowest_ranks_go_first_and_the_order_stays():
    widths = [10, 10, 10, 10]
    ranks = [5, 1, 9, 1]
    assert fitting(widths, ranks, 40) == [0, 1, 2, 3]
    assert fitting(widths, ranks, 39) == [0, 1, 2]  # a tie: the rightmost goes first
    assert fitting(widths, ranks, 25) == [0, 2]
    assert fitting(widths, ranks, 10) == [2]
    assert fitting(widths, ranks, 5) == []


async def test_a_press_of_the_mouse_on_a_key_presses_it_and_the_key_under_the_pointer_is_lit():
    app = demo_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyFooter)
        sort = next(key for key in footer.shown if key.text == "s Sort")
        row = footer.KEYS_ROW  # the main screen's status line draws the keys under it
        before = footer.render_line(row)
        await pilot.hover(KeyFooter, offset=(sort.start + 1, row - 1))  # over the status
        assert str(footer.render_line(row)) == str(before) and footer.tooltip is None
        await pilot.hover(KeyFooter, offset=(sort.start + 1, row))
        lit = footer.render_line(row)
        assert lit.text == before.text
        assert footer.tooltip == sort.tooltip
        # That key's cells alone change: lit on the hover colour.
        assert str(lit.crop(sort.start, sort.end)) != str(before.crop(sort.start, sort.end))
        assert str(lit.crop(0, sort.start)) == str(before.crop(0, sort.start))
        assert str(lit.crop(sort.end, 120)) == str(before.crop(sort.end, 120))
        sorted_before = app.main_screen.navigation.sort
        await pilot.click(KeyFooter, offset=(sort.start + 1, row))
        await settle(app, pilot)
        assert app.main_screen.navigation.sort != sorted_before  # `s` was pressed
        helps = next(key for key in footer.shown if key.text == "? Help")
        await pilot.click(KeyFooter, offset=(helps.start, row))
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HelpScreen"
