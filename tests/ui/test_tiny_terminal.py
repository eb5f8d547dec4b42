"""Every screen in a terminal shrunk to almost nothing (down to 1x1): nothing may crash, and
each frame is still drawn whole, then the screen works again at a usable size."""

from __future__ import annotations

import pytest
from support.apps import demo_app
from support.frames import frame
from support.pilot import SIZE, open_modal, resize, settle

from paperreader.ui.screens.main import MainScreen

TINY = [(6, 10), (1, 1), (3, 2), (20, 1), (12, 5)]


@pytest.mark.parametrize(
    "key",
    ["Y", "L", "v"]
    + [pytest.param(key, marks=pytest.mark.slow) for key in (None, "?", "c", "n", "t", "d")],
)
async def test_every_screen_survives_a_tiny_terminal(key):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        if key is not None:
            await open_modal(app, pilot, "question_mark" if key == "?" else key)
            await settle(app, pilot)
        screen = app.screen
        for width, height in TINY:
            await resize(app, pilot, width, height)
            await settle(app, pilot)
            assert app.is_running, f"{key} at {width}x{height}"
            assert app.screen is screen
            frame(app)
            await pilot.press("j", "k")  # keys still go somewhere harmless
            await settle(app, pilot)
            frame(app)
        await resize(app, pilot, *SIZE)
        await settle(app, pilot)
        frame(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
