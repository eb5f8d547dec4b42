"""Pilot helpers: press the keys a user presses, then read back what the app shows."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, Static

from paperreader.domain.models import Paper
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.prompt import PromptScreen
from paperreader.ui.screens.reader import ReaderScreen

SIZE = (120, 35)
"""The terminal most Pilot tests run in: list and detail side by side."""
NARROW = (80, 30)
"""A terminal too narrow for both panes: the detail replaces the list."""
HANG = 60.0
"""Seconds after which waiting for the app counts as a hang (nothing should take 5)."""
SETTLE_ROUNDS = 20
"""Refreshes after which an app that keeps queueing work counts as never settling."""

# ---------------------------------------------------------------------- driving the app


async def settle(app: PaperReaderApp, pilot: Pilot) -> None:
    """Let every worker finish and every message be handled, and then what the refresh
    queued as well (a large list counts its filter's matches once its first rows are drawn).

    Settled means nothing is left: no worker running, no message waiting in any queue of the
    screen's nodes, no call waiting for a refresh and no list waiting to count. A message
    posted while the last pause ran (a worker's result, a call after the refresh) is seen
    here, not left for the test to race.
    """
    for _ in range(SETTLE_ROUNDS):
        await app.workers.wait_for_complete()
        await pilot.pause()  # ends with a refresh, which may queue calls for after it
        if not _busy(app):
            return
    raise AssertionError(f"the app still had work queued after {SETTLE_ROUNDS} refreshes")


def _busy(app: PaperReaderApp) -> bool:
    """True while the app has work queued that a settled test must not race."""
    screen = app.screen
    if screen._callbacks or any(worker.is_running for worker in app.workers):
        return True
    nodes = (app, *screen.walk_children(with_self=True))
    if any(not node._message_queue.empty() for node in nodes):
        return True
    main = getattr(app, "main_screen", None)  # other apps host a single widget or screen
    return main is not None and main.paper_list.counting


async def press(app: PaperReaderApp, pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)


async def type_text(app: PaperReaderApp, pilot: Pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


async def open_modal(app: PaperReaderApp, pilot: Pilot, key: str) -> None:
    """Press a key that pushes a screen; screen switches take 50 ms since Textual 8."""
    before = app.screen
    await pilot.press(key)
    await pilot.pause()
    assert app.screen is not before, f"{key} opened no screen"


async def open_reader(app: PaperReaderApp, pilot: Pilot) -> ReaderScreen:
    """Press `v` and let the full text come in: the reader in front, its text shown."""
    await open_modal(app, pilot, "v")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.has_text
    return screen


async def open_prompt(app: PaperReaderApp, pilot: Pilot, key: str) -> Input:
    await open_modal(app, pilot, key)
    assert isinstance(app.screen, PromptScreen)
    return app.screen.query_one("#prompt-input", Input)


async def answer_prompt(app: PaperReaderApp, pilot: Pilot, key: str, text: str) -> None:
    """Press `key`, type `text` into the prompt it opens (replacing any suggestion), enter."""
    box = await open_prompt(app, pilot, key)
    await type_text(app, pilot, text)
    assert box.value == text  # the suggestion was selected, so typing replaced it
    await press(app, pilot, "enter")
    assert not isinstance(app.screen, PromptScreen)


async def select(app: PaperReaderApp, pilot: Pilot, paper_id: str) -> None:
    """Move the cursor down (j) until it rests on `paper_id`."""
    for _ in range(app.main_screen.paper_list.visible_count):
        if app.main_screen.paper_list.current.id == paper_id:
            break
        await press(app, pilot, "j")
    assert app.main_screen.paper_list.current.id == paper_id
    assert app.main_screen.detail.paper.id == paper_id


async def wait_until(
    pilot: Pilot, ready: Callable[[], bool], what: str = "the app", limit: float = HANG
) -> None:
    """Let the app run until `ready()`; fail when it has not happened within `limit` seconds.

    A guard against hangs, not a timing test.
    """
    deadline = time.monotonic() + limit
    while not ready():
        assert time.monotonic() < deadline, f"hang: {what} after {limit:.0f} s"
        await pilot.pause(0.02)


async def resize(app: PaperReaderApp, pilot: Pilot, width: int, height: int) -> None:
    """Change the terminal's size and wait until the screen is laid out at it.

    Textual hands a resize to the screen on a timer (1/120 s), so a bare pause may return
    before the screen is laid out anew.
    """
    await pilot.resize_terminal(width, height)
    laid_out = (width, height)
    await wait_until(pilot, lambda: app.screen._compositor.size == laid_out, "the resize")
    await pilot.pause()


# ---------------------------------------------------------------------- reading the screen


def filter_box_shown(app: PaperReaderApp) -> bool:
    """True while the filter box is on screen (it joins the screen when first opened)."""
    box = app.main_screen.filter_input
    return box.is_attached and box.display


def status(app: PaperReaderApp) -> str:
    return app.main_screen.status.text


def screen_text(app: PaperReaderApp) -> str:
    """The characters on the active screen, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def line_of(app: PaperReaderApp, selector: str) -> str:
    """The text of a one-line Static on the active screen (a status or a title)."""
    return str(app.screen.query_one(selector, Static).content)


def notes(app: PaperReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


def notes_of(app: PaperReaderApp, severity: str) -> list[str]:
    return [n.message for n in app._notifications if n.severity == severity]


def in_menu(app: PaperReaderApp) -> bool:
    """True while a dialog (such as the copy menu) is open over the main screen."""
    return len(app.screen_stack) > 1


def list_lines(app: PaperReaderApp) -> list[str]:
    """The lines the list pane draws right now (its line API, as the compositor reads it)."""
    plist = app.main_screen.paper_list
    return [plist.render_line(y).text.rstrip() for y in range(plist.size.height)]


def list_words(app: PaperReaderApp) -> str:
    """The list pane's text with wrapping undone: for checking sentences."""
    return " ".join(" ".join(list_lines(app)).split())


def shown_papers(app: PaperReaderApp) -> list[Paper]:
    """The papers in the order the list shows them on screen, read from the rows' titles."""
    shown = []
    for line in list_lines(app):
        match = re.match(r"^.[★ ]▲ *-?\d+  (.+)$", line)
        if match:
            prefix = match[1].rstrip().removesuffix("…")
            candidates = [
                p for p in app.main_screen.paper_list.papers if p.title.startswith(prefix)
            ]
            assert len(candidates) == 1, f"no single paper for row {line!r}"
            shown.append(candidates[0])
    return shown


def row_of(app: PaperReaderApp, paper: Paper) -> tuple[str, str]:
    """The two lines of `paper`'s row in the list pane (it must be on screen)."""
    position = shown_papers(app).index(paper)
    lines = list_lines(app)
    return lines[2 * position], lines[2 * position + 1]


def starred(line: str) -> bool:
    """True when a row's first line carries the bookmark star (after the cursor marker)."""
    return line[1] == "★"
