"""Reliability: random keys and a storm of terminal sizes over every screen (docs/reliability.md,
area "terminal"): the main tabs, the local tabs, a reader still loading and one with its text,
the discussion, help and both menus. After each key and each size the app still runs and the
screen renders a whole frame.

Keys that leave the app (q, ctrl+q, ctrl+c) or reach outside it (the palette, which can write
an export) are left out; the browser and the clipboard are stand-ins. Counts come from
PAPERREADER_FUZZ_EXAMPLES (keys per screen).
"""

from __future__ import annotations

import os
import random

import pytest
from support.apps import demo_app
from support.fakes import Clipboard, RecordingOpener
from support.frames import frame
from support.gated import GatedSource, gated_session
from support.pilot import SIZE, open_modal, resize, settle, wait_until
from textual.pilot import Pilot

from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.main import MainScreen

pytestmark = [pytest.mark.reliability("terminal"), pytest.mark.slow]

KEYS = [
    *"jkgGJKnNtbxhyYLvcdrsfp0123456789[]./?",
    "enter", "escape", "tab", "shift+tab", "space", "backspace", "up", "down", "left", "right",
    "home", "end", "pageup", "pagedown", "ctrl+d", "ctrl+u", "ctrl+s", "question_mark",
    "slash", "left_square_bracket", "right_square_bracket",
]  # fmt: skip
"""What a user might press anywhere; no key that quits or opens the palette."""

SCREENS = {
    "daily": ("1",),
    "weekly": ("2", "j"),
    "trending": ("4",),
    "bookmarks": ("b", "6"),
    "library": ("7", "G"),
    "help": ("question_mark",),
    "copy menu": ("Y",),
    "links menu": ("L",),
    "reader": ("v",),
    "discussion": ("c",),
}
"""How to reach each screen from the daily listing."""

STORM = [(1, 1), (300, 100), (6, 10), (40, 12), (2, 30), (120, 35), (80, 3), (3, 80), (60, 20)]


def examples() -> int:
    return int(os.environ.get("PAPERREADER_FUZZ_EXAMPLES", "40"))


def stand_ins(app: PaperReaderApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """No browser and no system clipboard is touched."""
    Clipboard(monkeypatch)
    monkeypatch.setattr(app.session.desktop, "open_url", RecordingOpener())


async def reach(app: PaperReaderApp, pilot: Pilot, keys: tuple[str, ...]) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await settle(app, pilot)


async def fuzz(app: PaperReaderApp, pilot: Pilot, rng: random.Random, where: str) -> int:
    """Random keys, each checked; returns how many were pressed."""
    pressed = 0
    for _ in range(examples()):
        key = rng.choice(KEYS)
        await pilot.press(key)
        await pilot.pause()
        pressed += 1
        assert app.is_running, f"{where}: stopped after {key}"
        frame(app)
    return pressed


async def storm(app: PaperReaderApp, pilot: Pilot, where: str) -> None:
    """Sizes one after another without waiting, then each settled; back to the usual."""
    for width, height in STORM:
        await pilot.resize_terminal(width, height)
    await pilot.pause()
    for width, height in STORM:
        await resize(app, pilot, width, height)
        await pilot.pause()
        assert app.is_running, f"{where} at {width}x{height}"
        frame(app)
    await resize(app, pilot, *SIZE)
    await pilot.pause()
    frame(app)


@pytest.mark.parametrize("name", list(SCREENS))
async def test_random_keys_and_a_resize_storm_on_every_screen(name, monkeypatch, record_property):
    rng = random.Random(f"fuzz {name}")
    app = demo_app()
    stand_ins(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await reach(app, pilot, SCREENS[name])
        await storm(app, pilot, name)
        pressed = await fuzz(app, pilot, rng, name)
        await storm(app, pilot, f"{name} after the keys")
        await settle(app, pilot)
        for _ in range(len(app.screen_stack)):  # back to the main screen, whatever is open
            if isinstance(app.screen, MainScreen):
                break
            await pilot.press("escape")
            await settle(app, pilot)
        assert app.is_running
        frame(app)
    record_property("iterations", pressed)


async def test_random_keys_and_a_resize_storm_on_a_reader_still_loading(monkeypatch):
    rng = random.Random("fuzz loading")
    source = GatedSource()
    app = PaperReaderApp(gated_session(source))
    stand_ins(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main_screen.paper_list.current is not None)
        await open_modal(app, pilot, "v")
        await storm(app, pilot, "loading reader")
        await fuzz(app, pilot, rng, "loading reader")
        await storm(app, pilot, "loading reader after the keys")
        source.gate.set()
        await settle(app, pilot)
        assert app.is_running
        frame(app)
