"""A closed terminal (SIGHUP) ends the app as `q` does: the note being typed is saved, the
reader's place is remembered, and the demo's scratch folder is removed on the way out."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from support.apps import demo_app
from support.pilot import SIZE, open_modal, press, settle, type_text
from textual.widgets import TextArea

from paperreader.sources.demo import SHOWCASE_ID
from paperreader.storage.reading_positions import ReadingPositions
from paperreader.ui.hangup import HANGUP_EXIT_CODE, hang_up
from paperreader.ui.screens.note import NoteScreen
from paperreader.ui.screens.reader import ReaderScreen


def _user_data_directory(app) -> Path:
    store = app.session.user_data.store
    assert store is not None
    return store.directory


async def test_a_hangup_saves_the_note_being_typed_and_leaves():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        await open_modal(app, pilot, "n")
        assert isinstance(app.screen, NoteScreen)
        await type_text(app, pilot, "half a thought")
        assert app.screen.query_one(TextArea).text == "half a thought"
        await hang_up(app, app.session.aclose)
        directory = _user_data_directory(app)
    assert app.return_code == HANGUP_EXIT_CODE
    from paperreader.storage.user_data import UserDataStore

    [saved] = [b for b in UserDataStore(directory).bookmarks() if b.paper.id == paper.id]
    assert saved.note == "half a thought"


async def test_a_hangup_remembers_where_the_reader_was():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.current.id == SHOWCASE_ID
        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await press(app, pilot, "space", "space")
        place = screen.view.scroll_y
        assert place > 0
        await hang_up(app, app.session.aclose)
        directory = _user_data_directory(app)
    assert ReadingPositions(directory).get(SHOWCASE_ID) == place


def _read_until(fd: int, wanted: bytes, seconds: float = 30.0) -> bytes:
    """What the app wrote to its terminal, up to `wanted` (a guard against hangs)."""
    seen, deadline = b"", time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_closing_the_terminal_of_the_demo_leaves_no_scratch_folder(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path), "TERM": "xterm-256color"}
    env.pop("PAPERREADER_DEBUG", None)
    main, child = pty.openpty()
    os.set_blocking(main, False)
    process = subprocess.Popen(
        [sys.executable, "-m", "paperreader", "--demo"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    try:
        drawn = _read_until(main, b"Daily")
        assert b"Daily" in drawn, drawn[-500:]
        assert list(tmp_path.glob("paperreader-demo-*")), "the demo made no scratch folder"
        os.close(main)  # the terminal goes away ...
        main = -1
        process.send_signal(signal.SIGHUP)  # ... and the kernel tells its process so
        code = process.wait(timeout=30)
    finally:
        if main >= 0:
            os.close(main)
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == HANGUP_EXIT_CODE
    assert not list(tmp_path.glob("paperreader-demo-*"))
