"""The disk campaign: a cache, a paper library, a bookmark store, a data dir and a config
file that are unwritable, full, damaged or gone, met through the service, the app and the CLI.

Tests run as root, so permissions stop nothing: an unwritable place is a regular file where
a directory should be, and a full disk is an ENOSPC (or SQLite's "database or disk is full")
raised from the real write path. Whatever the fault, the user's saved bookmarks must all be
there afterwards, unchanged (`lost` counts those that are not), and every problem is said in
one sentence: a notification in the app, one stderr line from the CLI.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import diskcache
import pytest
from support.apps import launch, write_config
from support.cli import run
from support.damage import damage
from support.demo_data import latest_daily_items
from support.fakes import FakeSource
from support.pilot import (
    SIZE,
    list_words,
    notes_of,
    open_prompt,
    press,
    row_of,
    settle,
    shown_papers,
    starred,
    status,
    type_text,
    wait_until,
)
from support.sessions import fake_service, library_service

from paperreader.config.settings import Settings
from paperreader.domain.errors import OfflineError, StorageError
from paperreader.domain.models import ListingKind, ListingQuery, Paper
from paperreader.formats.export.bookmark_json import bookmarks_json
from paperreader.formats.hub_json import parse_items
from paperreader.platform import paths
from paperreader.sources.demo import DEMO_NOW, demo_items
from paperreader.storage.cache import ListingCache
from paperreader.storage.library import FILE_NAME, Library
from paperreader.storage.library import database as library_database
from paperreader.storage.user_data import BOOKMARKS_FILE, STATE_FILE, UserDataStore
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.prompt import PromptScreen

pytestmark = pytest.mark.reliability("disk")

LATEST = ListingQuery(ListingKind.DAILY)
ENDPOINT = "http://fake"


# ---------------------------------------------------------------------- helpers


def titled(app: PaperReaderApp, title: str) -> list[str]:
    """The notifications shown under `title` ("Cache", "Library", "Bookmarks", ...)."""
    return [n.message for n in app._notifications if n.title == title]


def assert_no_crash(app: PaperReaderApp) -> None:
    assert app.is_running
    assert not [m for m in notes_of(app, "error") if m.startswith("Something went wrong")]


def one_sentence(text: str) -> None:
    """A message fit for the status line or stderr: one line, no traceback."""
    assert text and "\n" not in text.strip() and "Traceback" not in text


def daily_papers() -> list[Paper]:
    return list(parse_items(latest_daily_items()).papers)


def all_demo_papers() -> list[Paper]:
    return list(parse_items(list(demo_items())).papers)


def saved(data: Path) -> dict[str, Any]:
    """The bookmarks on disk as a fresh process would read them: paper id -> its record."""
    store = UserDataStore(data)
    return {b.paper.id: (b.added_at, b.tags, b.note, b.paper) for b in store.bookmarks()}


def lost(before: dict[str, Any], after: dict[str, Any]) -> int:
    """Bookmarks of `before` that are missing from `after` or changed in it."""
    return sum(1 for paper_id, value in before.items() if after.get(paper_id) != value)


def bookmark_some(data: Path, papers: list[Paper]) -> dict[str, Any]:
    """Bookmark `papers` (with a tag and a note each) in `data`; what was saved."""
    store = UserDataStore(data, clock=lambda: DEMO_NOW)
    for number, paper in enumerate(papers):
        store.add_bookmark(paper, tags=[f"t{number}"], note=f"note {number}")
    return saved(data)


class DiskFull:
    """ENOSPC from fsync for every file under `under`, until `back()` frees the disk.

    The bookmark store fsyncs each new file before renaming it into place, which is where a
    full disk (or a failing one) reports itself; `allow` lets that many writes through first.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, under: Path, allow: int = 0) -> None:
        self.under = os.path.realpath(under)
        self.allow = allow
        self.full = True
        self.refused = 0
        real = os.fsync

        def fsync(fd: int) -> None:
            if self.full and self._inside(fd):
                if self.allow <= 0:
                    self.refused += 1
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                self.allow -= 1
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)

    def _inside(self, fd: int) -> bool:
        try:
            where = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return False
        return where.startswith(self.under + os.sep) and not os.path.isdir(where)

    def back(self) -> None:
        self.full = False


# ---------------------------------------------------------------------- the cache: faults

CACHE_FAULTS = ["unwritable", "garbage", "truncated", "zero-bytes", "directory-for-file"]


def fill_cache(directory: Path, endpoint: str = ENDPOINT) -> None:
    """A real cache with a listing and enough papers that its database has several pages."""
    cache = ListingCache(directory, endpoint)
    cache.put_listing(LATEST, latest_daily_items(), fetched_at=1.0)
    for number in range(400):
        cache.put_paper(f"2601.{number:05d}", {"id": f"2601.{number:05d}", "title": "x" * 200})
    cache.close()


def break_cache(directory: Path, fault: str) -> bytes | None:
    """Damage the cache at `directory` as `fault` says; the database's bytes before, if any."""
    database = directory / "cache.db"
    original = database.read_bytes() if database.exists() else None
    if fault == "unwritable":  # a regular file where the directory should be
        shutil.rmtree(directory)
        directory.write_bytes(b"somebody else's file\n")
    elif fault == "garbage":
        database.write_bytes(os.urandom(len(original or b"")) or b"garbage")
    elif fault == "truncated":
        assert original is not None
        database.write_bytes(original[: len(original) // 2])
    elif fault == "zero-bytes":
        database.write_bytes(b"")
    elif fault == "directory-for-file":
        database.unlink()
        database.mkdir()
        (database / "inside").write_text("kept\n")
    return original if fault != "unwritable" else None


def expected_cache_problem(fault: str) -> str | None:
    return {
        "unwritable": "cannot be used",
        "garbage": "moved to",
        "truncated": "moved to",
        "directory-for-file": "moved to",
        "zero-bytes": None,  # SQLite takes an empty file for a new database: nothing is wrong
    }[fault]


def moved_caches(directory: Path) -> list[Path]:
    return sorted(directory.parent.glob(f"{directory.name}.corrupt-*"))


@pytest.mark.parametrize("fault", CACHE_FAULTS)
async def test_a_broken_cache_never_costs_the_listing(fault, make_service, fake_hub):
    directory = paths.cache_dir()
    fill_cache(directory, fake_hub.url)
    damaged = directory / "cache.db"
    damaged_bytes = damaged.read_bytes() if fault != "unwritable" else None
    break_cache(directory, fault)
    if damaged.is_file():
        damaged_bytes = damaged.read_bytes()

    service = make_service()
    listing = await service.papers.get_listing(LATEST)
    assert len(listing.papers) == 30  # from the network, whatever the cache's state
    expected = expected_cache_problem(fault)
    problem = service.papers.cache_problem()
    if expected is None:
        assert problem is None
    else:
        one_sentence(problem)
        assert expected in problem and "cache" in problem.lower()
    if expected == "moved to":  # kept for inspection, exactly as it was
        [aside] = moved_caches(directory)
        assert str(aside) in problem
        if fault == "directory-for-file":
            assert (aside / "cache.db" / "inside").read_text() == "kept\n"
        else:
            assert (aside / "cache.db").read_bytes() == damaged_bytes
    if fault == "unwritable":
        assert directory.read_bytes() == b"somebody else's file\n"  # not ours: left alone
    # Asked again, the session goes on: from the rebuilt cache, or the network again.
    again = await service.papers.get_listing(LATEST)
    assert len(again.papers) == 30


@pytest.mark.parametrize("how", ["sqlite-full", "file-write-enospc"])
async def test_a_full_cache_disk_keeps_what_is_cached_readable(
    how, make_service, fake_hub, monkeypatch
):
    service = make_service()
    day = ListingQuery(ListingKind.DAILY, "2026-09-29")
    cached = await service.papers.get_listing(day)  # cached while there was room
    if how == "sqlite-full":

        def refuse(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(diskcache.Cache, "set", refuse)
    else:

        def refuse(*args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(diskcache.Disk, "store", refuse)

    other = await service.papers.get_listing(ListingQuery(ListingKind.DAILY, "2026-09-30"))
    assert len(other.papers) == 230  # shown although it could not be cached
    problem = service.papers.cache_problem()
    one_sentence(problem)
    assert "could not be written" in problem
    assert ("database or disk is full" if how == "sqlite-full" else "No space left") in problem

    # The network goes too: what was cached before the disk filled is still there.
    fake_hub.fail("/api/daily_papers", "status", status=503)
    again = await service.papers.get_listing(day, force=True)
    assert [p.id for p in again.papers] == [p.id for p in cached.papers]
    assert again.error  # says the refresh failed, shows the cached copy


@pytest.mark.parametrize("fault", ["garbage", "truncated", "directory-for-file", "unwritable"])
async def test_offline_with_a_corrupt_cache_says_why_nothing_is_cached(fault, make_service):
    directory = paths.cache_dir()
    fill_cache(directory)
    break_cache(directory, fault)
    service = make_service(offline=True)
    with pytest.raises(OfflineError) as caught:
        await service.papers.get_listing(LATEST)
    message = caught.value.message
    one_sentence(message)
    assert message.startswith("Offline, and nothing is cached for")
    assert ("moved to" if fault != "unwritable" else "cannot be used") in message
    assert "--demo" in message


@pytest.mark.parametrize("fault", ["unwritable", "garbage", "sqlite-full"])
async def test_app_with_a_broken_cache_shows_the_listing_and_says_so_once(fault, monkeypatch):
    directory = paths.cache_dir()
    if fault == "sqlite-full":

        def refuse(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(diskcache.Cache, "set", refuse)
    else:
        fill_cache(directory)
        break_cache(directory, fault)
    source = FakeSource(latest_daily_items())
    app = PaperReaderApp(fake_service(source, ListingCache(directory, ENDPOINT)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.visible_count == 14
        await press(app, pilot, "2")  # another listing: the cache is no news twice
        await press(app, pilot, "1")
        assert app.main_screen.paper_list.visible_count == 14
        [said] = titled(app, "Cache")
        one_sentence(said)
        assert "cache" in said.lower()
        assert {"unwritable": "cannot be used", "garbage": "moved to"}.get(
            fault, "could not be written"
        ) in said
        assert_no_crash(app)


async def test_app_offline_with_a_corrupt_cache_says_so_in_the_status_line():
    directory = paths.cache_dir()
    fill_cache(directory)
    break_cache(directory, "garbage")
    app = PaperReaderApp(fake_service(None, ListingCache(directory, ENDPOINT), offline=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        [aside] = moved_caches(directory)
        assert "nothing is cached" in status(app)
        assert "moved to" in list_words(app)
        assert str(aside) in " ".join(titled(app, "Cache"))
        await press(app, pilot, "r")
        assert len(titled(app, "Cache")) == 1
        assert_no_crash(app)


@pytest.mark.parametrize("fault", ["unwritable", "garbage", "directory-for-file"])
def test_cli_list_with_a_broken_cache_prints_the_papers_and_one_line_about_it(
    fault, fake_hub, capsys
):
    directory = paths.cache_dir()
    fill_cache(directory, fake_hub.url)
    break_cache(directory, fault)
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url)
    assert code == 0, err
    assert out.startswith("Daily 2026-10-02: 30 papers (network)")
    [line] = err.splitlines()
    assert line.startswith("paperreader: The cache")
    assert "Traceback" not in err


def test_cli_offline_with_a_corrupt_cache_fails_in_one_clear_line(capsys):
    directory = paths.cache_dir()
    fill_cache(directory)
    break_cache(directory, "truncated")
    code, out, err = run(capsys, "list", "--offline")
    assert code == 1
    assert out == ""
    [line] = err.splitlines()
    [aside] = moved_caches(directory)
    assert line.startswith("paperreader: Offline, and nothing is cached for Daily")
    assert f"moved to {aside}" in line


class MakesFolder:
    """A pickle that makes a folder when it is loaded: proof that something ran."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (self.path,))


def test_cli_offline_never_runs_a_pickle_planted_in_the_cache(tmp_path, capsys):
    directory = paths.cache_dir()
    key = ListingCache(directory, ENDPOINT)._key(f"listing:{LATEST.key}")
    marker = tmp_path / "ran"
    with diskcache.Cache(str(directory)) as planted:  # diskcache's default disk pickles
        planted.set(key, MakesFolder(marker))

    code, out, err = run(capsys, "list", "--offline", "--endpoint", ENDPOINT)

    assert not marker.exists()
    assert code == 1
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("paperreader: Offline, and nothing is cached for Daily")
    assert "older format" in line


# ---------------------------------------------------------------------- the paper library

LIBRARY_FAULTS = ["garbage", "truncated", "foreign-database", "foreign-at-our-version"]


def fill_library(path: Path) -> None:
    with Library(path) as store:
        store.add_papers(all_demo_papers())


def break_library(path: Path, fault: str) -> bytes:
    """Damage the library file as `fault` says; its bytes afterwards (what must be kept)."""
    if fault == "garbage":
        path.write_bytes(os.urandom(path.stat().st_size))
    elif fault == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.unlink()
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE notes (text TEXT)")
        other.execute("INSERT INTO notes VALUES ('my own notes, not a paperreader library')")
        if fault == "foreign-at-our-version":
            other.execute("PRAGMA user_version = 1")
        other.commit()
        other.close()
    return path.read_bytes()


def moved_libraries(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.glob(f"{path.name}.corrupt-*") if p.suffix != "-wal")


@pytest.mark.parametrize("fault", LIBRARY_FAULTS)
@pytest.mark.parametrize("command", [("library", "info"), ("search-local", "attention")])
def test_cli_reports_a_damaged_library_in_one_line_and_keeps_the_file(command, fault, capsys):
    path = paths.data_dir() / FILE_NAME
    fill_library(path)
    damaged = break_library(path, fault)
    code, out, err = run(capsys, *command)
    assert code == 0, err
    problem = [line for line in err.splitlines() if "library could not be read" in line]
    assert len(problem) == 1 and problem[0].startswith("paperreader: ")
    [aside] = moved_libraries(path)
    assert f"moved to {aside}" in problem[0]
    assert aside.read_bytes() == damaged  # moved aside, never deleted or changed
    assert "Traceback" not in err
    if command[0] == "library":
        assert "Papers:  0" in out  # a new, empty library in its place
    code, _, err = run(capsys, *command)  # the next run finds a sound library
    assert code == 0 and "could not be read" not in err
    assert moved_libraries(path) == [aside]


def test_cli_library_info_on_damaged_days_says_how_many_were_saved(capsys):
    path = paths.data_dir() / FILE_NAME
    papers = all_demo_papers()
    with Library(path) as store:
        for number, paper in enumerate(papers):  # one day each: the days fill a page
            store.add_papers([paper], day=f"2025-{number // 28 + 1:02d}-{number % 28 + 1:02d}")
            store.mark_day(f"2025-{number // 28 + 1:02d}-{number % 28 + 1:02d}", 1)
    damage(path, "days", at=-1000)  # 200 bytes of the days table
    damaged = path.read_bytes()

    code, out, err = run(capsys, "library", "info")

    assert code == 0, err
    [line] = err.splitlines()
    days = int(re.search(r"Days: +(\d+)", out).group(1))
    assert 0 < days < len(papers)
    assert f"Papers:  {len(papers)}" in out
    [aside] = moved_libraries(path)
    assert line == (
        "paperreader: The library could not be read whole (damaged pages in days): "
        f"{len(papers)} papers and {days} days were saved into a fresh library, and the "
        f"damaged file was moved to {aside}."
    )
    assert aside.read_bytes() == damaged


def test_cli_search_on_a_damaged_index_rebuilds_it_and_finds_everything(capsys):
    path = paths.data_dir() / FILE_NAME
    fill_library(path)
    with Library(path) as store:
        expected = store.search("attention").total
    damage(path, "papers_fts_data")

    code, out, err = run(capsys, "search-local", "attention")

    assert code == 0, err
    [line] = err.splitlines()
    assert line == (
        "paperreader: The library's search index was damaged and has been rebuilt from the "
        "papers it holds; nothing was lost."
    )
    assert out.startswith(f'Library search "attention": {expected} papers')
    assert moved_libraries(path) == []


@pytest.fixture
def locked_library(monkeypatch):
    """The library held under an exclusive lock by another program; released after the test."""
    monkeypatch.setattr(library_database, "BUSY_TIMEOUT_MS", 200)
    path = paths.data_dir() / FILE_NAME
    fill_library(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("SELECT count(*) FROM papers").fetchone()

    released: list[bool] = []

    def release() -> None:
        if not released:
            released.append(True)
            holder.execute("COMMIT")
            holder.close()

    yield path, release
    release()


@pytest.mark.parametrize("command", [("library", "info"), ("search-local", "attention")])
def test_cli_on_a_locked_library_fails_in_one_line_and_leaves_it_alone(
    command, locked_library, capsys
):
    path, release = locked_library
    code, out, err = run(capsys, *command)
    assert code == 1
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("paperreader: The library") and "busy" in line
    assert moved_libraries(path) == []
    release()
    code, out, err = run(capsys, *command)
    assert code == 0, err
    assert "60" in out  # every paper still there


def test_a_library_being_written_by_another_process_can_still_be_searched(capsys):
    path = paths.data_dir() / FILE_NAME
    fill_library(path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a `sync` in cron, mid-transaction
    writer.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    try:
        code, out, err = run(capsys, "search-local", "attention")
        assert code == 0, err
        assert out.startswith('Library search "attention": ')
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.mark.parametrize("fault", ["foreign-at-our-version"])
async def test_library_tab_on_a_damaged_library_says_where_it_went(fault):
    path = paths.data_dir() / FILE_NAME
    fill_library(path)
    damaged = break_library(path, fault)
    app = PaperReaderApp(
        fake_service(FakeSource(latest_daily_items()), None, library=Library(path))
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "7")
        [aside] = moved_libraries(path)
        [said] = titled(app, "Library")
        one_sentence(said)
        assert str(aside) in said and "could not be read" in said
        assert aside.read_bytes() == damaged
        await press(app, pilot, "1", "7")
        await settle(app, pilot)  # the latest day went into the new library meanwhile
        assert app.main_screen.paper_list.visible_count == 14
        assert len(titled(app, "Library")) == 1
        assert_no_crash(app)


async def test_library_tab_on_a_locked_library_says_so_and_r_recovers(locked_library):
    path, release = locked_library
    service = fake_service(None, None, library=Library(path))
    app = PaperReaderApp(service, ListingQuery(ListingKind.LIBRARY))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "busy" in status(app)
        one_sentence(status(app))
        assert "--demo" not in list_words(app)  # no network advice for a local file
        assert app.main_screen.paper_list.visible_count == 0
        assert_no_crash(app)
        release()
        await press(app, pilot, "r")
        assert app.main_screen.paper_list.visible_count == 60
        assert moved_libraries(path) == []


async def test_a_full_library_disk_keeps_the_listing_and_says_so_once():
    path = paths.data_dir() / FILE_NAME
    with Library(path) as store:
        store.add_papers(all_demo_papers()[:3])
    service = fake_service(FakeSource(latest_daily_items()), None, library=Library(path))
    db = service.library.store._database.connection()
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
    app = PaperReaderApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.visible_count == 14
        await press(app, pilot, "r")
        await press(app, pilot, "2")
        [said] = titled(app, "Library")
        one_sentence(said)
        assert "database or disk is full" in said
        assert_no_crash(app)


# ---------------------------------------------------------------------- the bookmark store


def store_with_five(data: Path) -> tuple[dict[str, Any], bytes, list[str]]:
    """Five bookmarks on disk: what was saved, the file's bytes, the ids in file order."""
    before = bookmark_some(data, daily_papers()[:5])
    raw = (data / BOOKMARKS_FILE).read_bytes()
    order = [r["paper"]["id"] for r in json.loads(raw)["bookmarks"]]
    return before, raw, order


def record_spans(raw: bytes) -> list[tuple[int, int]]:
    """(start, end) byte offsets of each record in a bookmarks file we wrote (indent 2)."""
    text = raw.decode("utf-8")
    starts = [i for i in range(len(text)) if text.startswith('\n    {\n      "added_at"', i)]
    ends = [*starts[1:], text.rindex("]")]
    return [
        (len(text[:s].encode()) + 1, len(text[:e].encode()))
        for s, e in zip(starts, ends, strict=True)
    ]


def damaged_store(data: Path, fault: str) -> tuple[dict[str, Any], set[str], bytes | None]:
    """Five bookmarks, then bookmarks.json damaged as `fault` says: what was saved, the ids a
    careful reader can still recover, and the damaged file's bytes (None if not a file)."""
    before, raw, order = store_with_five(data)
    recoverable = damage_bookmarks(data, raw, order, fault)
    path = data / BOOKMARKS_FILE
    return before, recoverable, path.read_bytes() if path.is_file() else None


def damage_bookmarks(data: Path, raw: bytes, order: list[str], fault: str) -> set[str]:
    """Damage bookmarks.json as `fault` says; the ids a careful reader can still recover."""
    path = data / BOOKMARKS_FILE
    spans = record_spans(raw)
    if fault == "truncated-mid-json":  # cut inside the fourth record
        start, end = spans[3]
        path.write_bytes(raw[: (start + end) // 2])
        return set(order[:3])
    if fault == "garbled-bytes":  # bytes that are not UTF-8 in the middle of the second one
        start, end = spans[1]
        middle = (start + end) // 2
        path.write_bytes(raw[:middle] + b"\xff\xfe\x00\x81garbled" + raw[middle + 11 :])
        return set(order) - {order[1]}
    if fault == "wrong-shape-list":  # valid JSON, but the records without their envelope
        path.write_text(json.dumps(json.loads(raw)["bookmarks"]), "utf-8")
        return set(order)
    if fault == "wrong-shape-map":  # valid JSON, "bookmarks" keyed by id
        records = json.loads(raw)["bookmarks"]
        document = {"version": 1, "bookmarks": {r["paper"]["id"]: r for r in records}}
        path.write_text(json.dumps(document), "utf-8")
        return set(order)
    if fault == "one-bad-entry":  # one record without a usable paper among good ones
        document = json.loads(raw)
        document["bookmarks"][2] = {"paper": {"id": "not an id"}, "added_at": 7}
        path.write_text(json.dumps(document, indent=2), "utf-8")
        return set(order) - {order[2]}
    if fault == "directory-in-its-place":
        path.unlink()
        path.mkdir()
        (path / "left-here").write_text("mine\n")
        return set()
    if fault == "zero-bytes":
        path.write_bytes(b"")
        return set()
    raise AssertionError(fault)


BOOKMARK_FAULTS = [
    "truncated-mid-json",
    "garbled-bytes",
    "wrong-shape-list",
    "wrong-shape-map",
    "one-bad-entry",
    "directory-in-its-place",
    "zero-bytes",
]


@pytest.mark.parametrize("fault", BOOKMARK_FAULTS)
def test_a_damaged_bookmarks_file_is_kept_aside_and_its_good_entries_kept(
    fault, tmp_path, record_property
):
    data = tmp_path / "data"
    path = data / BOOKMARKS_FILE
    before, recoverable, damaged = damaged_store(data, fault)

    store = UserDataStore(data)
    shown = store.bookmarked_ids()
    assert shown == recoverable
    problem = store.problem
    one_sentence(problem)
    asides = sorted(data.glob(f"{BOOKMARKS_FILE}.corrupt-*"))
    if fault == "one-bad-entry":  # a readable file: the bad record stays in it, verbatim
        assert asides == []
        assert "could not be read" in problem and str(path) in problem
        assert json.loads(path.read_bytes())["bookmarks"][2]["added_at"] == 7
    else:
        [aside] = asides
        assert f"moved to {aside}" in problem
        if damaged is not None:
            assert aside.read_bytes() == damaged  # byte for byte
        else:
            assert (aside / "left-here").read_text() == "mine\n"
        if recoverable:
            assert f"{len(recoverable)} bookmark" in problem and "recovered" in problem

    # New bookmarks still save, next to what was recovered.
    new = daily_papers()[7]
    store.toggle_bookmark(new)
    after = saved(data)
    assert set(after) == recoverable | {new.id}
    missing = lost({k: v for k, v in before.items() if k in recoverable}, after)
    record_property("lost", missing)
    assert missing == 0
    if fault == "one-bad-entry":
        assert json.loads(path.read_bytes())["bookmarks"][2]["added_at"] == 7


def loops() -> int:
    return int(os.environ.get("PAPERREADER_DISK_LOOPS", "30"))


@pytest.mark.slow
def test_random_damage_to_the_bookmarks_file_never_loses_an_untouched_bookmark(
    tmp_path, record_property
):
    """Cut the file anywhere, or overwrite a stretch of it with random bytes: every record
    the damage did not touch comes back unchanged, and the damaged file is kept as it was."""
    rng = random.Random(20261127)
    papers = daily_papers()
    missing = 0
    for iteration in range(loops()):
        data = tmp_path / f"run{iteration}"
        before = bookmark_some(data, rng.sample(papers, 8))
        path = data / BOOKMARKS_FILE
        raw = path.read_bytes()
        order = [r["paper"]["id"] for r in json.loads(raw)["bookmarks"]]
        if rng.random() < 0.5:
            cut = rng.randrange(len(raw))
            damaged, low, high = raw[:cut], cut, len(raw)
        else:
            low = rng.randrange(len(raw) - 1)
            high = min(len(raw), low + rng.randint(1, 64))
            damaged = raw[:low] + os.urandom(high - low) + raw[high:]
        path.write_bytes(damaged)
        spans = record_spans(raw)
        untouched = {
            paper_id
            for paper_id, (start, end) in zip(order, spans, strict=True)
            if raw.rindex(b"}", start, end) + 1 <= low or start >= high
        }
        store = UserDataStore(data)
        shown = store.bookmarked_ids()  # never raises, whatever the bytes
        asides = list(data.glob(f"{BOOKMARKS_FILE}.corrupt-*"))
        if asides:
            assert [a.read_bytes() for a in asides] == [damaged]
        after = saved(data)
        missing += lost({k: v for k, v in before.items() if k in untouched}, after)
        assert shown == set(after)
        store.toggle_bookmark(papers[-1] if papers[-1].id not in shown else papers[-2])
    record_property("iterations", loops())
    record_property("lost", missing)
    assert missing == 0


@pytest.mark.slow
def test_saves_that_hit_a_full_disk_change_nothing_and_the_rest_all_stay(
    tmp_path, monkeypatch, record_property
):
    """Bookmark, tag, annotate and remove at random while a third of the writes find the
    disk full: what is on disk is always exactly the changes that reported success."""
    rng = random.Random(7)
    papers = daily_papers()
    data = tmp_path / "data"
    store = UserDataStore(data, clock=lambda: DEMO_NOW)
    full = DiskFull(monkeypatch, data)
    model: dict[str, tuple[tuple[str, ...], str]] = {}
    refused = missing = 0
    for step in range(loops() * 10):
        full.full = rng.random() < 0.33
        paper = rng.choice(papers)
        action = rng.choice(["toggle", "tags", "note"] if paper.id in model else ["toggle"])
        try:
            if action == "toggle":
                now = store.toggle_bookmark(paper)
            elif action == "tags":
                store.set_tags(paper.id, [f"tag{step}"])
            else:
                store.set_note(paper.id, f"note {step}")
        except StorageError as error:
            refused += 1
            one_sentence(error.message)
            assert "No space left on device" in error.message
        else:
            if action == "toggle":
                if now:
                    model[paper.id] = ((), "")
                else:
                    del model[paper.id]
            elif action == "tags":
                model[paper.id] = ((f"tag{step}",), model[paper.id][1])
            else:
                model[paper.id] = (model[paper.id][0], f"note {step}")
        full.full = False
        on_disk = {b.paper.id: (b.tags, b.note) for b in UserDataStore(data).bookmarks()}
        missing += sum(1 for k, v in model.items() if on_disk.get(k) != v)
        missing += len(set(on_disk) - set(model))
        assert not list(data.glob(".*.tmp"))
    record_property("iterations", loops() * 10)
    record_property("refused", refused)
    record_property("lost", missing)
    assert refused > 0
    assert missing == 0


def test_a_truncated_state_file_keeps_its_read_marks(tmp_path):
    data = tmp_path / "data"
    store = UserDataStore(data)
    for paper in daily_papers()[:6]:
        store.set_read(paper.id)
    store.record_visit("daily:latest", [p.id for p in daily_papers()])
    raw = (data / STATE_FILE).read_bytes()
    (data / STATE_FILE).write_bytes(raw[: len(raw) - 40])  # cut inside "seen"
    fresh = UserDataStore(data)
    assert fresh.read_ids() == {p.id for p in daily_papers()[:6]}
    assert "6 read marks were recovered" in fresh.problem
    [aside] = data.glob(f"{STATE_FILE}.corrupt-*")
    assert aside.read_bytes() == raw[: len(raw) - 40]
    fresh.set_read(daily_papers()[9].id)
    assert UserDataStore(data).read_ids() == {
        p.id for p in [*daily_papers()[:6], daily_papers()[9]]
    }


@pytest.mark.parametrize("fault", ["truncated-mid-json", "garbled-bytes", "directory-in-its-place"])
async def test_app_starts_on_a_damaged_bookmarks_file_and_says_where_it_went(
    fault, tmp_path, record_property
):
    data = tmp_path / "data"
    path = data / BOOKMARKS_FILE
    before, recoverable, damaged = damaged_store(data, fault)
    app = PaperReaderApp(library_service(data, FakeSource(latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.visible_count == 14
        [said] = titled(app, "Bookmarks")
        one_sentence(said)
        asides = sorted(data.glob(f"{BOOKMARKS_FILE}.corrupt-*"))
        if fault == "one-bad-entry":
            assert asides == [] and str(path) in said
        else:
            [aside] = asides
            assert str(aside) in said
            if damaged is not None:
                assert aside.read_bytes() == damaged
        assert set(app.main_screen.marks.bookmarks) == recoverable

        # A new bookmark saves beside the recovered ones, and the Bookmarks tab shows them.
        await press(app, pilot, "G")
        newest = app.main_screen.paper_list.current
        assert newest.id not in recoverable
        await press(app, pilot, "b")
        assert starred(row_of(app, newest)[0])
        after = saved(data)
        assert set(after) == recoverable | {newest.id}
        await press(app, pilot, "6")
        assert {p.id for p in shown_papers(app)} == recoverable | {newest.id}
        assert len(titled(app, "Bookmarks")) == 1  # said once, not again on the save
        assert_no_crash(app)
    missing = lost({k: v for k, v in before.items() if k in recoverable}, after)
    record_property("lost", missing)
    assert missing == 0


def test_cli_bookmarks_list_on_a_truncated_file_says_where_it_went(capsys):
    data = paths.data_dir()
    _, raw, order = store_with_five(data)
    recoverable = damage_bookmarks(data, raw, order, "truncated-mid-json")
    code, out, err = run(capsys, "bookmarks", "list")
    assert code == 0
    [line] = err.splitlines()
    [aside] = data.glob(f"{BOOKMARKS_FILE}.corrupt-*")
    assert line.startswith("paperreader: The bookmarks file") and str(aside) in line
    assert {row.split()[1] for row in out.splitlines()} == recoverable


# ---------------------------------------------------------------------- the data dir


async def test_data_dir_deleted_while_the_app_runs_is_recreated_on_b(tmp_path):
    data = tmp_path / "data"
    app = PaperReaderApp(library_service(data, FakeSource(latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "b")
        assert len(saved(data)) == 1
        shutil.rmtree(data)  # a clean-up script, or the user, removes it
        await press(app, pilot, "j", "b")
        paper = app.main_screen.paper_list.current
        assert data.is_dir()
        assert set(saved(data)) == {paper.id}  # saved into the recreated directory
        assert set(app.main_screen.marks.bookmarks) == {paper.id}
        assert starred(row_of(app, paper)[0])
        [said] = titled(app, "Bookmarks")
        one_sentence(said)
        assert "disappeared" in said and str(data) in said
        assert notes_of(app, "error") == []
        assert_no_crash(app)


@pytest.mark.parametrize("fault", ["unwritable", "disk-full"])
async def test_a_bookmark_that_cannot_be_saved_is_not_silently_dropped(
    fault, tmp_path, monkeypatch, record_property
):
    data = tmp_path / "data"
    before = bookmark_some(data, daily_papers()[3:5])
    app = PaperReaderApp(library_service(data, FakeSource(latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert set(app.main_screen.marks.bookmarks) == set(before)
        paper = app.main_screen.paper_list.current
        assert paper.id not in before
        if fault == "unwritable":  # the data dir replaced by a regular file
            data.rename(tmp_path / "data.away")
            data.write_text("not a directory\n")
        else:
            full = DiskFull(monkeypatch, data)

        await press(app, pilot, "b")
        [error] = notes_of(app, "error")
        one_sentence(error)
        assert "not saved" in error or "could not be saved" in error
        # The app does not claim what the disk lacks.
        assert paper.id not in app.main_screen.marks.bookmarks
        assert not starred(row_of(app, paper)[0])
        assert set(app.main_screen.marks.bookmarks) == set(before)

        if fault == "unwritable":  # the disk is back
            data.unlink()
            (tmp_path / "data.away").rename(data)
        else:
            assert full.refused
            full.back()
        await press(app, pilot, "b")
        assert paper.id in app.main_screen.marks.bookmarks
        assert starred(row_of(app, paper)[0])
        assert_no_crash(app)
    after = saved(data)
    assert set(after) == set(before) | {paper.id}
    missing = lost(before, after)
    record_property("lost", missing)
    assert missing == 0
    assert not list(data.glob(".*.tmp"))  # no half-written temporaries left behind


async def test_tags_on_a_filling_disk_leave_the_app_showing_what_was_saved(
    tmp_path, monkeypatch, record_property
):
    data = tmp_path / "data"
    before = bookmark_some(data, daily_papers()[5:6])
    app = PaperReaderApp(library_service(data, FakeSource(latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        full = DiskFull(monkeypatch, data, allow=1)  # the bookmark fits, its tags do not
        await press(app, pilot, "b")
        box = await open_prompt(app, pilot, "t")
        await type_text(app, pilot, "to-read")
        await press(app, pilot, "enter")
        await wait_until(pilot, lambda: bool(app.screen.problem))
        # The prompt stays open with the tags typed and the reason under them.
        assert isinstance(app.screen, PromptScreen) and box.value == "to-read"
        one_sentence(app.screen.problem)
        on_disk = saved(data)
        assert paper.id in on_disk and on_disk[paper.id][1] == ()
        # The star says what the disk says.
        assert set(app.main_screen.marks.bookmarks) == set(on_disk)
        assert app.main_screen.marks.bookmarks[paper.id].tags == ()
        assert starred(row_of(app, paper)[0])
        full.back()
        await press(app, pilot, "enter")  # the same tags, tried again
        await wait_until(pilot, lambda: not isinstance(app.screen, PromptScreen))
        assert app.main_screen.marks.bookmarks[paper.id].tags == ("to-read",)
        assert_no_crash(app)
    after = saved(data)
    assert after[paper.id][1] == ("to-read",)
    missing = lost(before, after)
    record_property("lost", missing)
    assert missing == 0


def test_cli_import_on_a_full_disk_fails_in_one_line_and_changes_nothing(
    tmp_path, monkeypatch, capsys
):
    data = paths.data_dir()
    before = bookmark_some(data, daily_papers()[:2])
    original = (data / BOOKMARKS_FILE).read_bytes()
    export = tmp_path / "export.json"
    elsewhere = UserDataStore(tmp_path / "elsewhere")
    elsewhere.add_bookmark(daily_papers()[8], tags=["imported"])
    export.write_text(bookmarks_json(elsewhere.bookmarks()), "utf-8")
    full = DiskFull(monkeypatch, data)
    code, out, err = run(capsys, "bookmarks", "import", str(export))
    assert code == 1
    assert out == ""
    [line] = err.splitlines()
    assert "could not be saved" in line and "No space left on device" in line
    assert (data / BOOKMARKS_FILE).read_bytes() == original
    assert lost(before, saved(data)) == 0
    full.back()
    code, out, err = run(capsys, "bookmarks", "import", str(export))
    assert code == 0, err
    assert set(saved(data)) == {*before, daily_papers()[8].id}


# ---------------------------------------------------------------------- the config file

CONFIG_FAULTS: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "toml-syntax-error": lambda path, _: path.write_text('theme = "nord\n[keys\n', "utf-8"),
    "garbled-bytes": lambda path, _: path.write_bytes(b'theme = "\xff\xfe\x00nord"\n'),
    "directory-in-its-place": lambda path, _: path.mkdir(),
    "arrays-nested-500-deep": lambda path, _: path.write_text(
        'theme = "nord"\nsort = ' + "[" * 500 + "]" * 500 + "\n", "utf-8"
    ),
}


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_text('theme = "nord"\n', "utf-8")
    real = Path.read_text

    def read_text(self: Path, *args: Any, **kwargs: Any) -> str:
        if self == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)


CONFIG_FAULTS["unreadable"] = make_unreadable


def break_config(fault: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_config("")
    path.unlink()
    CONFIG_FAULTS[fault](path, monkeypatch)
    return path


@pytest.mark.parametrize("fault", ["toml-syntax-error", "unreadable", "arrays-nested-500-deep"])
async def test_app_with_a_broken_config_starts_on_the_defaults_and_says_so(fault, monkeypatch):
    path = break_config(fault, monkeypatch)
    app = launch(monkeypatch)
    assert app.session.settings == Settings()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.navigation.kind is ListingKind.DAILY
        assert app.main_screen.paper_list.visible_count > 0
        [said] = titled(app, "Config")
        one_sentence(said)
        assert said.startswith(str(path)) and "default" in said
        assert_no_crash(app)


@pytest.mark.parametrize("fault", list(CONFIG_FAULTS))
def test_cli_with_a_broken_config_runs_on_the_defaults_with_one_line(fault, monkeypatch, capsys):
    path = break_config(fault, monkeypatch)
    code, out, err = run(capsys, "bookmarks", "list", "--json")
    assert code == 0
    assert json.loads(out)["bookmarks"] == []
    [line] = err.splitlines()
    assert line.startswith(f"paperreader: {path}") and "default" in line


@pytest.mark.parametrize("fault", ["toml-syntax-error", "arrays-nested-500-deep"])
def test_saving_a_theme_into_a_garbled_config_leaves_it_alone(fault, monkeypatch):
    path = break_config(fault, monkeypatch)
    original = path.read_bytes()
    from paperreader.config.theme_saving import save_theme

    with pytest.raises(StorageError) as caught:
        save_theme("nord", path)
    one_sentence(caught.value.message)
    assert path.read_bytes() == original
