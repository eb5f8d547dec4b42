"""The path to the first frame imports what the first screen shows, and nothing more.

Every module imported before the first frame costs start-up time; what a key opens later
(the library, exporting, watches and For you, the reader, the discussion, the services made
on first use) must be imported when first used. The app runs to its first frame in a fresh
process on a cached listing, and the modules it had loaded by then are checked.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.sources.demo import DemoSource
from paperreader.storage.cache import ListingCache

SRC = Path(__file__).resolve().parents[2] / "src"
DAY = "2026-03-13"

FIRST_FRAME = f"""
import sys
from textual.screen import Screen
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.service.compose import build_session
from paperreader.ui.app import PaperReaderApp

app = PaperReaderApp(
    build_session(endpoint="https://huggingface.co", token=None, offline=True),
    ListingQuery(ListingKind.DAILY, "{DAY}"),
)
loaded = []
draw = Screen._compositor_refresh

def first_frame(screen):
    draw(screen)
    if not loaded and app.main_screen.paper_list.visible_count:
        loaded.extend(sys.modules)
        app.exit()

Screen._compositor_refresh = first_frame
app.run(headless=True, size=(120, 35))
print("\\n".join(loaded))
"""

NOT_BEFORE_THE_FIRST_FRAME = (
    "paperreader.storage.library.database",
    "paperreader.storage.library.search",
    "paperreader.storage.library.query",
    "paperreader.storage.library.highlighting",
    "paperreader.formats.export.bookmarks",
    "paperreader.domain.details",  # what a paper's own endpoints add: looked at later
    "paperreader.domain.watches",
    "paperreader.service.watches",
    "paperreader.service.recommend",
    "paperreader.service.details",
    "paperreader.service.collections",
    "paperreader.service.desktop",
    "paperreader.ui.screens.reader",
    "paperreader.ui.screens.discussion",
    "paperreader.ui.screens.help",
    "paperreader.ui.screens.menu",
    "paperreader.ui.screens.note",
    "paperreader.ui.screens.prompt",
    "paperreader.ui.screens.page",  # the reader's and the discussion's base
    "paperreader.ui.key_help",  # the help screen's and the palette's tables of keys
    "paperreader.ui.widgets.filter_input",  # the filter box, made when first opened
    "textual.widgets._tabs",  # the tab bar draws itself (`ui.widgets.tab_bar`)
    "textual.widgets._footer",  # so do the keys under the status line (`ui.widgets.key_footer`)
)


def test_the_first_frame_loads_nothing_it_does_not_show(tmp_path):
    query = ListingQuery(ListingKind.DAILY, DAY)
    cache = ListingCache(tmp_path / "cache", "https://huggingface.co")
    cache.put_listing(query, asyncio.run(DemoSource().fetch_listing(query)), time.time() - 60)
    cache.close()
    env = {
        **os.environ,
        "PAPERREADER_CACHE_DIR": str(tmp_path / "cache"),
        "PAPERREADER_DATA_DIR": str(tmp_path / "data"),
        "PAPERREADER_CONFIG": str(tmp_path / "config.toml"),
        "PYTHONPATH": str(SRC),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "paperreader.ui.widgets.paper_list" in loaded  # it did reach the first frame
    early = sorted(loaded.intersection(NOT_BEFORE_THE_FIRST_FRAME))
    assert not early, f"imported before the first frame: {', '.join(early)}"
