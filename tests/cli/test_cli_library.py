"""`paperreader sync`, `search-local` and `library info` through the real entry point."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import fakehub
from support.cli import run

from paperreader.__main__ import main
from paperreader.cli.library import SyncPrinter, _colour
from paperreader.service.sync import SyncProgress

ROOT = Path(__file__).resolve().parents[2]
RANGE = ("--since", "2026-09-29", "--until", "2026-10-01")


@pytest.fixture
def synced(fake_hub, capsys, monkeypatch):
    """A library holding 2026-09-29 to 2026-10-01 from the fake hub."""
    monkeypatch.setattr("paperreader.service.sync.MIN_INTERVAL", 0.0)
    code, out, err = run(capsys, "sync", "--endpoint", fake_hub.url, *RANGE)
    assert code == 0, err
    return out, err


def test_sync_prints_plain_lines_when_piped(synced, fake_hub):
    out, err = synced
    days = ["2026-10-01", "2026-09-30", "2026-09-29"]
    papers = {day: len(fake_hub.data.day_ids(day)) for day in days}
    # The elapsed time at the end depends on the machine: only its form is checked.
    assert re.fullmatch(
        rf"Synced 3 days: {sum(papers.values()):,} papers in 5 requests, \d+s\.\n", out
    )
    lines = err.splitlines()
    assert lines[0] == "Syncing 3 days."
    for line, day in zip(lines[1:], days, strict=True):
        assert line.startswith(f"{day}  {papers[day]:>4} papers  (")
    assert "\r" not in err and "\x1b" not in err


def test_library_info_human_and_json(synced, capsys, isolated_dirs):
    code, out, _ = run(capsys, "library", "info", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["papers"] == 18 + 230 + 25
    assert (data["days"], data["first_day"], data["last_day"]) == (3, "2026-09-29", "2026-10-01")
    assert data["path"] == str(isolated_dirs["PAPERREADER_DATA_DIR"] / "library.sqlite3")
    assert data["bytes"] > 0 and data["full_text_search"] is True
    code, out, _ = run(capsys, "library", "info")
    assert code == 0
    assert "Papers:  273" in out and "Range:   2026-09-29 to 2026-10-01" in out


def test_search_local_works_offline_with_plain_output_when_piped(synced, capsys):
    code, out, err = run(capsys, "search-local", "--offline", "diffusion", "transformers")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith('Library search "diffusion transformers": ')
    assert len(lines) > 1
    assert all("Diffusion Transformers" in line for line in lines[1:])
    assert "\x1b" not in out


def test_search_local_json_has_spans_and_scores(synced, capsys):
    code, out, _ = run(capsys, "search-local", "author:lovelace", "year:2026", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["terms"] == []
    assert data["total"] > len(data["papers"]) == 20  # the default limit
    for paper in data["papers"]:
        assert "Ada Lovelace" in paper["authors"]
        assert "".join(s["text"] for s in paper["title_spans"]) == paper["title"]
    code, out, _ = run(capsys, "search-local", "scal", "--json", "--limit", "3")
    data = json.loads(out)
    assert len(data["papers"]) == 3
    for paper in data["papers"]:
        marked = [s["text"] for s in paper["title_spans"] if s["highlight"]]
        assert marked and all(m.lower().startswith("scal") for m in marked)


def test_search_local_bolds_matches_only_on_a_terminal(synced, capsys, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["search-local", "sparse", "--limit", "1"]) == 0
    assert "\x1b[1mSparse\x1b[22m" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["search-local", "sparse", "--limit", "1"]) == 0
    assert "\x1b" not in terminal.getvalue() and "Sparse" in terminal.getvalue()
    assert not _colour(io.StringIO())


def test_listings_the_cli_fetches_land_in_the_library(fake_hub, capsys):
    assert run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-25")[0] == 0
    assert run(capsys, "show", "--endpoint", fake_hub.url, fakehub.RICH_PAPER_ID)[0] == 0
    code, out, _ = run(capsys, "library", "info", "--json")
    data = json.loads(out)
    assert (data["papers"], data["days"]) == (13, 1)
    code, out, _ = run(capsys, "search-local", "tiny", "models", "read")
    assert code == 0 and fakehub.RICH_PAPER_ID in out


def test_markup_in_titles_is_printed_literally(fake_hub, capsys):
    run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-10-02")
    code, out, _ = run(capsys, "search-local", "markup", "literal", "--json")
    assert json.loads(out)["papers"][0]["title"] == fakehub.BOLD_TITLE
    code, out, _ = run(capsys, "search-local", "[bold]")
    assert fakehub.BOLD_TITLE in out
    code, out, _ = run(capsys, "search-local", "red", "alert")
    assert code == 0 and fakehub.ANSI_TITLE_CLEAN in out and "\x1b" not in out


def test_an_empty_library_says_how_to_fill_it(capsys):
    code, out, err = run(capsys, "search-local", "anything")
    assert code == 0
    assert out.startswith('Library search "anything": 0 papers')
    assert "paperreader sync" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["sync", "--since", "2026-13-40"],
        ["sync", "--until", "yesterday-ish"],
        ["sync", "--since", "2026-10-02", "--until", "2026-10-01"],
        ["search-local", "x", "--limit", "0"],
        ["search-local", "year:abc"],
        ["search-local", "agents", "upvotes:lots", "--json"],
        ["search-local", "has:tests"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("paperreader: ") and len(err.splitlines()) == 1
    assert out == ""


def test_a_bad_filter_is_named(capsys):
    code, out, err = run(capsys, "search-local", "year:abc")
    assert (code, out) == (2, "")
    assert err.startswith("paperreader: bad filter year:abc: a year is four digits")


def test_a_failed_day_exits_1_and_says_which(fake_hub, capsys, monkeypatch):
    monkeypatch.setattr("paperreader.service.sync.MIN_INTERVAL", 0.0)
    fake_hub.fail("/api/daily_papers", "invalid_json", times=1)
    code, out, err = run(capsys, "sync", "--endpoint", fake_hub.url, *RANGE)
    assert code == 1
    assert out.startswith("Synced 2 days")
    assert "paperreader: 2026-10-01: " in err
    assert "1 day could not be fetched; run sync again" in err


def test_the_progress_line_redraws_in_place_on_a_terminal():
    stream = io.StringIO()
    printer = SyncPrinter(stream, tty=True)

    def progress(event, done, papers=0, day="2026-10-01", message=None):
        return SyncProgress(done, 3, papers, done + 1, 2.0, 30.0, 4.0, day, event, 0, message)

    printer(progress("start", 0))
    printer(progress("page", 0))
    printer(progress("day", 1, 18))
    printer(progress("failed", 2, 18, "2026-09-30", "bad JSON"))
    printer(progress("done", 2, 18, None))
    text = stream.getvalue()
    assert text.count("\r") >= 4
    assert "[######" in text and "1/3 days" in text and "18 papers" in text
    assert "30 req/min" in text and "ETA 4s" in text
    assert "2026-09-30  failed: bad JSON\n" in text
    assert printer.stored == 1


def test_ctrl_c_keeps_finished_days_and_exits_130(fake_hub, isolated_dirs):
    # The first day comes quickly; the next ones wait, so Ctrl-C lands mid-sync even on a
    # busy machine that is slow to send it.
    fake_hub.fail("/api/daily_papers", "delay", seconds=0.2, times=1)
    fake_hub.fail("/api/daily_papers", "delay", seconds=5)
    env = {
        **os.environ,
        **{name: str(path) for name, path in isolated_dirs.items()},
        "PYTHONPATH": str(ROOT / "src"),
    }
    # Started the way a terminal starts it: with Ctrl-C's default handling, which a test
    # run launched in the background (SIGINT ignored, and inherited) would not give it.
    start = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv[0] = 'paperreader'; runpy.run_module('paperreader', run_name='__main__')"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", start, "sync", "--endpoint", fake_hub.url, *RANGE],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = child.stderr.readline()  # "Syncing 3 days."
        day = child.stderr.readline()  # the first day is stored
        assert first == "Syncing 3 days.\n" and day.startswith("2026-10-01  ")
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 130, err
    assert "Interrupted: 1 day stored; run sync again to resume." in err
    assert "Traceback" not in err
    assert out == ""
    from paperreader.storage.library import Library

    with Library(isolated_dirs["PAPERREADER_DATA_DIR"] / "library.sqlite3") as library:
        assert "2026-10-01" in library.days_done("2026-09-29", "2026-10-01")


# --------------------------------------------------------------------------------------------
# What sync stored is readable offline, with the listing cache cleared
# --------------------------------------------------------------------------------------------


def test_list_offline_reads_a_synced_day_from_the_library(synced, fake_hub, capsys):
    assert run(capsys, "cache", "clear")[0] == 0
    day = "2026-09-30"
    code, out, err = run(capsys, "list", "--offline", "--date", day, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["listing"], data["period"], data["origin"]) == ("daily", day, "library")
    assert sorted(p["id"] for p in data["papers"]) == sorted(fake_hub.data.day_ids(day))
    assert data["error"] is None
    code, out, err = run(capsys, "list", "--offline", "--date", day)
    assert code == 0, err
    assert out.splitlines()[0] == f"Daily {day}: 230 papers (library)"
    code, _, err = run(capsys, "list", "--offline", "--date", "2026-09-28")  # never synced
    assert code == 1 and "nothing is cached" in err


def test_show_offline_reads_a_synced_paper_from_the_library(synced, fake_hub, capsys):
    assert run(capsys, "cache", "clear")[0] == 0
    paper_id = fake_hub.data.day_ids("2026-10-01")[0]
    code, out, err = run(capsys, "show", paper_id, "--offline", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["id"], data["origin"]) == (paper_id, "library")
    assert data["title"]
    code, out, err = run(capsys, "show", f"arXiv:{paper_id}", "--offline")
    assert code == 0, err
    assert out.splitlines()[0] == data["title"]
    code, _, err = run(capsys, "show", fakehub.UNKNOWN_PAPER_ID, "--offline")
    assert code == 1 and "not cached" in err
