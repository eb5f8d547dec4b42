"""The headless command line against the fake hub: output, JSON, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.cli import run

from paperreader.__main__ import main


def test_list_latest_daily_as_json(fake_hub, capsys):
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["listing"] == "daily"
    assert data["origin"] == "network"
    assert data["period"] == "2026-10-02"
    assert len(data["papers"]) == 30
    assert data["skipped"] == 1  # the fixture item without an id
    first = data["papers"][0]
    assert first["links"]["hf"] == f"{fake_hub.url}/papers/{first['id']}"


def test_list_a_day_with_three_pages_in_human_text(fake_hub, capsys):
    code, out, _ = run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-30")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Daily 2026-09-30: 230 papers (network)")
    assert len(lines) == 231
    assert fake_hub.pages() == [0, 1, 2]


def test_second_list_comes_from_the_cache(fake_hub, capsys):
    run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-25")
    before = len(fake_hub.requests)
    code, out, _ = run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-25")
    assert code == 0
    assert "(cache)" in out.splitlines()[0]
    assert len(fake_hub.requests) == before


def test_options_before_the_subcommand_are_honoured(fake_hub, capsys):
    code, out, _ = run(capsys, "--endpoint", fake_hub.url, "--date", "2026-09-25", "list")
    assert code == 0
    assert out.startswith("Daily 2026-09-25")


def test_search_and_show(fake_hub, capsys):
    code, out, _ = run(capsys, "list", "--endpoint", fake_hub.url, "--search", "model", "--json")
    assert code == 0
    papers = json.loads(out)["papers"]
    assert papers
    code, out, _ = run(capsys, "show", papers[0]["id"], "--endpoint", fake_hub.url)
    assert code == 0
    assert out.splitlines()[0] == papers[0]["title"]
    assert f"https://arxiv.org/abs/{papers[0]['id']}" in out


def test_network_failure_is_one_line_and_exit_1(fake_hub, capsys):
    fake_hub.fail("/api/daily_papers", "status", status=500, error="boom")
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-29")
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "HTTP 500" in err and "Traceback" not in err


def test_offline_with_nothing_cached_mentions_demo(capsys):
    code, _, err = run(capsys, "list", "--offline")
    assert code == 1
    assert "--demo" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "--date", "2026-13-40"),
        ("list", "--week", "2026-W53"),
        ("show", "not-an-id"),
        ("list", "--date", "2026-01-01", "--week", "2026-W01"),
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as raised:
        code = main([*argv, "--demo"])
        raise SystemExit(code)
    assert raised.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_demo_needs_no_network(capsys):
    code, out, _ = run(capsys, "list", "--demo", "--json")
    assert code == 0
    assert json.loads(out)["origin"] == "demo"


def test_cache_info_and_clear(fake_hub, capsys):
    run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-25")
    code, out, _ = run(capsys, "cache", "info")
    assert code == 0 and "1 entries" in out
    code, out, _ = run(capsys, "cache", "clear")
    assert code == 0 and "Removed 1" in out


def test_module_entry_point_and_version():
    result = subprocess.run(
        [sys.executable, "-m", "paperreader", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("paperreader ")
