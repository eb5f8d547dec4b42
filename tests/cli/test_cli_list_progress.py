"""`paperreader list` of a listing of many pages says how far it has got, on a terminal only."""

from __future__ import annotations

import io
import sys

from support.cli import run


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_pages_are_counted_on_one_rewritten_line_when_stderr_is_a_terminal(
    fake_hub, capsys, monkeypatch
):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-30", "-q")
    assert code == 0
    ids = out.split()
    assert len(ids) > 200  # three pages of this day
    shown = terminal.getvalue()
    assert shown.startswith("\rpaperreader: fetching Daily 2026-09-30: page 1, 100 papers so far")
    assert f"page 3, {len(ids)} papers so far\x1b[K\n" in shown
    assert shown.endswith("\n") and shown.count("\n") == 1  # one line, ended once


def test_nothing_is_said_when_stderr_is_a_pipe(fake_hub, capsys):
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-30", "-q")
    assert code == 0 and out
    assert err == ""
