"""`paperreader list` imports what a listing needs, and nothing more.

Every module a command imports is paid for at each run, by every script and cron job: from
the cache `list` needs neither the HTTP stack nor any other command's module, and fetching
a day needs neither the library's search nor the UI. Each run is a fresh process on the fake
hub; the modules it had loaded when it ended are checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
DAY = "2026-10-01"

LIST_AND_REPORT = f"""
import sys
from paperreader.__main__ import main

code = main(["list", "--date", "{DAY}", "--json"])
print("\\n".join(m for m, module in sys.modules.items() if module), file=sys.stderr)
sys.exit(code)
"""

NEVER = (
    "textual",
    "rich",
    "click",
    "pygments",
    "paperreader.ui",
    "paperreader.cli.bookmarks",
    "paperreader.cli.cache",
    "paperreader.cli.collections",
    "paperreader.cli.config",
    "paperreader.cli.auth",
    "paperreader.cli.library",
    "paperreader.cli.pdf",
    "paperreader.cli.watch",
    "paperreader.cli.digest",
    "paperreader.cli.similar",
    "paperreader.config.config_file",
    "paperreader.config.keymap",
    "tomllib",
    "paperreader.formats.export.bibtex",
    "paperreader.formats.export.bookmarks",
    "paperreader.storage.user_data",
    "paperreader.storage.library.search",
    "paperreader.storage.library.salvage",
    "paperreader.storage.library.highlighting",
    "paperreader.service.details",
    "paperreader.service.sync",
)
"""Loaded by no `list` run: the app, other commands, a config file's checks (there is none),
the bookmarks, the library's search and repairs."""

NOT_FROM_THE_CACHE = (
    "httpx",
    "httpcore",
    "anyio",
    "paperreader.sources.hub",
    "paperreader.storage.library.database",
    "paperreader.storage.library.writing",
)
"""Loaded only when the hub is asked: the HTTP stack, and the library the answer is kept in."""


def _list(env: dict[str, str]) -> tuple[dict, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", LIST_AND_REPORT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), set(done.stderr.split())


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in names or m.startswith(tuple(f"{n}." for n in names)))


@pytest.fixture
def env(fake_hub, isolated_dirs):
    return {
        **os.environ,
        "HF_ENDPOINT": fake_hub.url,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }


def test_a_listing_imports_only_what_it_needs(env):
    fetched, first = _list(env)  # an empty cache and library: the hub is asked
    assert fetched["origin"] == "network"
    assert "paperreader.storage.library.writing" in first  # it was kept in the library
    assert not _loaded(first, NEVER)
    cached, second = _list(env)
    assert cached["origin"] == "cache" and cached["papers"] == fetched["papers"]
    assert not _loaded(second, NEVER + NOT_FROM_THE_CACHE)
