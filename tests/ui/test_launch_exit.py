"""How the app ends for the shell: a crash exits 1 with one line naming a log file that holds
the traceback; without a terminal the app refuses at once, pointing at `paperreader list`."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from support.apps import launch

from paperreader.__main__ import main
from paperreader.service.options import AppOptions
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.launch import finish, run_app


@pytest.mark.parametrize("argv", [[], ["--demo"], ["--offline"]])
def test_without_a_terminal_the_app_refuses_in_one_line_and_exits_2(argv, capsys):
    assert main(argv) == 2  # under pytest, stdin and stdout are no terminal
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("paperreader: ") and "paperreader list" in line


def test_piped_into_another_program_the_real_command_refuses_too(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "paperreader", "--demo"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "paperreader list" in done.stderr


async def test_a_crash_exits_1_with_one_line_naming_the_log_of_its_traceback(
    monkeypatch, isolated_dirs, capsys
):
    app = launch(monkeypatch)

    def broken() -> None:
        raise RuntimeError("a bug in a key handler")

    monkeypatch.setattr(app.main_screen, "action_cycle_sort", broken)
    with pytest.raises(RuntimeError):  # under Pilot the crash reaches the test too
        async with app.run_test() as pilot:
            await pilot.press("s")
    assert isinstance(app, PaperReaderApp) and app.return_code == 1
    capsys.readouterr()
    assert finish(app) == 1
    err = capsys.readouterr().err
    [line] = err.splitlines()
    assert line.startswith("paperreader: ") and "unexpected error" in line
    log = line.rsplit(" ", 1)[-1].rstrip(".")
    assert log.startswith(str(isolated_dirs["PAPERREADER_CACHE_DIR"]))
    with open(log, encoding="utf-8") as file:
        text = file.read()
    assert "Traceback" in text and "RuntimeError: a bug in a key handler" in text


async def test_leaving_normally_exits_0(monkeypatch, capsys):
    app = launch(monkeypatch)
    async with app.run_test() as pilot:
        await pilot.press("q")
    assert finish(app) == 0
    assert capsys.readouterr().err == ""


def test_the_collector_rests_until_the_app_runs_and_works_again_after(monkeypatch, isolated_dirs):
    # Start-up's objects are not garbage: the collector's passes over them wait (they would
    # add some 15 ms to the first frame), and are back on however the app ends.
    collecting: list[bool] = []
    monkeypatch.setattr(PaperReaderApp, "run", lambda self: collecting.append(gc.isenabled()))
    assert run_app(AppOptions(query=None, demo=True, offline=False, endpoint=None)) == 0
    assert collecting == [False]
    assert gc.isenabled()
