"""`list`: an older copy printed after a failed refresh says so on stderr, in one line."""

from __future__ import annotations

import json

from support.cli import run

DAY = "2026-09-30"


def test_an_older_copy_after_a_failed_refresh_is_printed_with_one_warning(fake_hub, capsys):
    argv = ("list", "--endpoint", fake_hub.url, "--date", DAY)
    code, fresh, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    fake_hub.fail("/api/daily_papers", "status", status=500)

    code, out, err = run(capsys, *argv, "--refresh")
    assert code == 0
    assert out.splitlines()[1:] == fresh.splitlines()[1:]  # the same papers, from the cache
    assert len(err.splitlines()) == 1
    assert err.startswith("paperreader: showing an older copy: ") and "HTTP 500" in err

    code, out, err = run(capsys, *argv, "--refresh", "--json")
    assert code == 0 and "HTTP 500" in json.loads(out)["error"]
    assert len(err.splitlines()) == 1
