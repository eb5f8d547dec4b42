"""The scrollbars of the help, the reader and the discussion are the theme's: a thumb that
stands out from its track, on the background of the pane it scrolls."""

from __future__ import annotations

import pytest
from support.apps import demo_app
from support.pilot import SIZE, open_modal, press, settle
from textual.widget import Widget

from paperreader.config.settings import Settings

MIN_CONTRAST = 0.2
"""Brightness (0-1) between the thumb and its track: black on dark grey was 0.12."""


def scrolling_panes(app) -> list[Widget]:
    return [
        widget
        for widget in app.screen.query("*")
        if widget.styles.overflow_y in ("auto", "scroll") and widget.show_vertical_scrollbar
    ]


def assert_themed(app, where: str) -> None:
    panes = scrolling_panes(app)
    assert panes, f"{where}: nothing scrolls"
    for pane in panes:
        styles = pane.styles
        thumb, track = styles.scrollbar_color, styles.scrollbar_background
        assert abs(thumb.brightness - track.brightness) >= MIN_CONTRAST, (
            f"{where}: {pane!r} thumb {thumb.hex} on {track.hex}"
        )
        assert track == pane.background_colors[1], f"{where}: {pane!r} track {track.hex}"
        assert styles.scrollbar_size_vertical == 1, f"{where}: {pane!r}"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_help_reader_and_discussion_scrollbars_follow_the_theme(theme):
    app = demo_app(settings=Settings(theme=theme))
    async with app.run_test(size=(SIZE[0], 20)) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "question_mark")
        assert_themed(app, "help")
        await press(app, pilot, "escape")
        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        assert_themed(app, "reader")
        await press(app, pilot, "t")  # the contents scroll too
        assert_themed(app, "reader contents")
        await press(app, pilot, "q")
        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        assert_themed(app, "discussion")
