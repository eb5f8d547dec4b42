"""Kill -9 at random moments, and several processes at once, through the entry points a user
has: the service's bookmark calls (what the app's keys do), `paperreader bookmarks import`,
`paperreader sync` and `paperreader search-local`.

Promises checked: after any kill the bookmark store loads and holds every write the child
had acknowledged; the paper library passes SQLite's integrity check, every day recorded as
done holds all of that day's papers, no paper is stored twice, and the next run fetches only
what is missing. Processes working at once lose nothing and fail, if at all, with one line.

Loop counts: PAPERREADER_KILL_LOOPS (bookmarks, default 30) and PAPERREADER_SYNC_KILL_LOOPS
(sync, default 20); both loops are `slow` (run with `pytest -m slow`).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from support.killing import Child, child_env, child_source, kill_all, release_together

from paperreader.domain import periods
from paperreader.domain.models import Paper
from paperreader.storage.library import FILE_NAME, Library
from paperreader.storage.user_data import BOOKMARKS_FILE, STATE_FILE, UserDataStore
from paperreader.storage.user_data.edits import merge_notes

pytestmark = pytest.mark.reliability("kill")

# --------------------------------------------------------------------------------------------
# Bookmark writers: the children run these functions (sent as source, see support/killing.py)
# --------------------------------------------------------------------------------------------


def _bookmark_paper(paper_id):
    from paperreader.domain.models import Author, Paper

    return Paper(
        id=paper_id,
        title=f"Paper {paper_id} kept through kills",
        summary="One paragraph.\n\nAnd a second one.",
        authors=(Author("Ada Lovelace", "ada"), Author("Alan Turing")),
        upvotes=7,
    )


def _bookmark_ops(seed, ids):
    """The endless changes a writer makes to `ids`, already in stored form (tags normalised,
    notes clean), so the parent can replay them on a model."""
    import random

    rng = random.Random(seed)
    words = ("agents", "diffusion", "rl", "to-read", "vision")
    step = 0
    while True:
        step += 1
        paper_id = rng.choice(ids)
        roll = rng.random()
        if roll < 0.35:
            yield ("toggle", paper_id)
        elif roll < 0.55:
            yield ("tags", paper_id, tuple(sorted(rng.sample(words, rng.randrange(4)))))
        elif roll < 0.7:
            note = f"note {seed}-{step}\nsecond line" if rng.random() < 0.8 else ""
            yield ("note", paper_id, note)
        elif roll < 0.85:
            yield ("read", paper_id, rng.random() < 0.6)
        else:
            chosen = rng.sample(ids, min(len(ids), rng.randrange(1, 4)))
            yield (
                "import",
                tuple(
                    (
                        pid,
                        tuple(sorted(rng.sample(words, rng.randrange(3)))),
                        f"imported {seed}-{step}" if rng.random() < 0.5 else "",
                    )
                    for pid in chosen
                ),
            )


def _bookmark_apply(service, loop, op, scratch, step):
    """One change through the entry point a user has: the service (the app's b, t, n and x
    keys) or `paperreader bookmarks import FILE`. Returns False when it failed."""
    import contextlib
    from datetime import UTC, datetime
    from pathlib import Path

    from paperreader.__main__ import main
    from paperreader.domain.errors import UsageError
    from paperreader.domain.models import Bookmark
    from paperreader.formats.export.bookmark_json import bookmarks_json

    kind = op[0]
    if kind == "import":
        added = datetime(2024, 1, 1, tzinfo=UTC)
        path = Path(scratch) / f"import-{step}.json"
        records = [Bookmark(_bookmark_paper(pid), added, tags, note) for pid, tags, note in op[1]]
        path.write_text(bookmarks_json(records), encoding="utf-8")
        return main(["bookmarks", "import", str(path)]) == 0
    paper_id = op[1]
    if kind == "toggle":
        call = service.user_data.toggle_bookmark(_bookmark_paper(paper_id))
    elif kind == "tags":
        call = service.user_data.set_tags(paper_id, list(op[2]))
    elif kind == "note":
        call = service.user_data.set_note(paper_id, op[2])
    else:
        call = service.user_data.set_read(paper_id, op[2])
    with contextlib.suppress(UsageError):  # tags or a note for a paper not bookmarked now
        loop.run_until_complete(call)
    return True


def _bookmark_writer_main(seed, ids, scratch, count):
    """Open the service as the app does, then change bookmarks, printing `done N` once the
    N-th change returned: forever with `count` 0, else `count` times after a "go" on stdin."""
    import asyncio
    import itertools
    import os
    import sys

    from paperreader.service.compose import build_session

    service = build_session(endpoint="http://127.0.0.1:9", token=None, offline=True)
    loop = asyncio.new_event_loop()
    os.makedirs(scratch, exist_ok=True)
    print("ready", flush=True)
    if count:
        sys.stdin.readline()  # the others are ready too: all write at once
    ops = itertools.islice(_bookmark_ops(seed, ids), count or None)
    for step, op in enumerate(ops, 1):
        if not _bookmark_apply(service, loop, op, scratch, f"{seed}-{step}"):
            print(f"failed {step}", flush=True)
            return
        print(f"done {step}", flush=True)
    loop.run_until_complete(service.aclose())


_WRITER_FUNCTIONS = (_bookmark_paper, _bookmark_ops, _bookmark_apply, _bookmark_writer_main)

# The parent's side: a model of the store, {paper id: (tags, note)} and the read ids.
Model = tuple[dict[str, tuple[tuple[str, ...], str]], frozenset[str]]
EMPTY: Model = ({}, frozenset())


def _import_heading() -> str:
    """The line an import puts between an existing note and an imported one (today's)."""
    return f"--- imported {datetime.now(UTC).date().isoformat()} ---"


def _replay(state: Model, ops) -> Model:
    bookmarks, read = dict(state[0]), set(state[1])
    for op in ops:
        kind = op[0]
        if kind == "toggle":
            if bookmarks.pop(op[1], None) is None:
                bookmarks[op[1]] = ((), "")
        elif kind in ("tags", "note") and op[1] in bookmarks:
            tags, note = bookmarks[op[1]]
            bookmarks[op[1]] = (op[2], note) if kind == "tags" else (tags, op[2])
        elif kind == "read":
            (read.add if op[2] else read.discard)(op[1])
        elif kind == "import":
            for paper_id, tags, note in op[1]:
                if paper_id in bookmarks:
                    old_tags, old_note = bookmarks[paper_id]
                    note = merge_notes(old_note, note, _import_heading())  # both kept
                    bookmarks[paper_id] = (tuple(sorted({*old_tags, *tags})), note)
                else:
                    bookmarks[paper_id] = (tags, note)
    return bookmarks, frozenset(read)


def _stored_bookmarks(directory: Path) -> Model:
    """The store as a fresh instance (the next app start) reads it, checked on the way."""
    store = UserDataStore(directory)
    assert store.problem is None, store.problem
    if (directory / BOOKMARKS_FILE).exists():
        records = json.loads((directory / BOOKMARKS_FILE).read_text("utf-8"))["bookmarks"]
        ids = [record["paper"]["id"] for record in records]
        assert len(ids) == len(set(ids)), "a bookmark was stored twice"
    for name in (BOOKMARKS_FILE, STATE_FILE):  # a kill mid-write leaves one temporary at most
        assert len(list(directory.glob(f".{name}.*.tmp"))) <= 1
    assert not list(directory.glob("*.corrupt-*")), "a store file was found unreadable"
    bookmarks = {}
    for bookmark in store.bookmarks():
        assert bookmark.paper.title == f"Paper {bookmark.paper.id} kept through kills"
        bookmarks[bookmark.paper.id] = (bookmark.tags, bookmark.note)
    return bookmarks, store.read_ids()


def _lost(observed: Model, *allowed: Model) -> list[str]:
    """The papers whose bookmark or read mark matches none of the `allowed` states."""
    ids = set(observed[0]) | set(observed[1])
    for state in allowed:
        ids |= set(state[0]) | set(state[1])

    def entry(state: Model, paper_id: str):
        return state[0].get(paper_id), paper_id in state[1]

    return sorted(
        paper_id
        for paper_id in ids
        if all(entry(observed, paper_id) != entry(state, paper_id) for state in allowed)
    )


POOL = tuple(f"2603.{n:05d}" for n in range(1, 11))


@pytest.mark.slow
def test_kill_9_while_bookmarking_and_importing_loses_no_acknowledged_write(
    tmp_path, isolated_dirs, record_property
):
    loops = int(os.environ.get("PAPERREADER_KILL_LOOPS", "30"))
    data = isolated_dirs["PAPERREADER_DATA_DIR"]
    scratch = tmp_path / "imports"
    rng = random.Random(20261127)
    state, lost, writes, kills, started = EMPTY, [], 0, 0, time.monotonic()
    mid_write, temporaries = 0, set()  # kills that caught a change on its way to disk
    for seed in range(1, loops + 1):
        code = child_source(
            *_WRITER_FUNCTIONS,
            call=f"_bookmark_writer_main({seed}, {POOL!r}, {str(scratch)!r}, 0)",
        )
        child = Child.python(code)
        try:
            assert child.wait_for(lambda line: line == "ready"), child.stderr
            time.sleep(rng.uniform(0.0, 0.25))
        finally:
            kills += child.kill()
        assert not [line for line in child.out if line.startswith("failed")], child.stderr
        assert "Traceback" not in child.stderr, child.stderr

        acked = sum(1 for line in child.out if line.startswith("done "))
        ops = list(itertools.islice(_bookmark_ops(seed, POOL), acked + 1))
        done = _replay(state, ops[:acked])  # every acknowledged change ...
        in_flight = _replay(done, ops[acked:])  # ... and perhaps the one under way
        leftovers = set(data.glob(".*.tmp"))  # killed between writing and renaming
        fresh, temporaries = leftovers - temporaries, leftovers
        observed = _stored_bookmarks(data)
        lost += [f"kill {seed}: {paper_id}" for paper_id in _lost(observed, done, in_flight)]
        mid_write += bool(fresh) or (observed == in_flight != done)
        state, writes = observed, writes + acked

    seconds = time.monotonic() - started
    record_property("iterations", loops)
    record_property("lost", len(lost))
    record_property("writes", writes)
    record_property("kills_mid_write", mid_write)
    record_property("seconds_per_iteration", round(seconds / loops, 3))
    print(
        f"{loops} kills after {writes} acknowledged writes ({mid_write} mid-write), "
        f"{seconds / loops:.2f} s each"
    )
    assert lost == []
    assert kills == loops, "a writer ended before it was killed"
    assert writes >= loops, "the writers hardly wrote anything before being killed"


@pytest.mark.parametrize("workers", [2, 4])
def test_processes_bookmarking_their_own_papers_at_once_keep_every_final_write(
    tmp_path, isolated_dirs, record_property, workers
):
    data = isolated_dirs["PAPERREADER_DATA_DIR"]
    changes = 40
    plans = {
        worker: tuple(f"2604.{worker:02d}{n:03d}" for n in range(6)) for worker in range(workers)
    }
    children = [
        Child.python(
            child_source(
                *_WRITER_FUNCTIONS,
                call=f"_bookmark_writer_main({100 + worker}, {ids!r}, "
                f"{str(tmp_path / f'imports{worker}')!r}, {changes})",
            ),
            stdin=True,
        )
        for worker, ids in plans.items()
    ]
    try:
        release_together(children)
        codes = [child.finish() for child in children]
    finally:
        kill_all(children)
    for child, code in zip(children, codes, strict=True):
        assert code == 0, child.stderr
        assert child.out[-1] == f"done {changes}", child.stdout + child.stderr
        assert child.stderr == ""

    expected = EMPTY
    for worker, ids in plans.items():
        mine = _replay(EMPTY, itertools.islice(_bookmark_ops(100 + worker, ids), changes))
        expected = ({**expected[0], **mine[0]}, expected[1] | mine[1])
    observed = _stored_bookmarks(data)
    lost = _lost(observed, expected)
    record_property("iterations", workers * changes)
    record_property("lost", len(lost))
    assert lost == []
    assert observed == expected


# --------------------------------------------------------------------------------------------
# The paper library: `paperreader sync` killed, run twice at once, searched while it runs
# --------------------------------------------------------------------------------------------

SINCE, UNTIL = "2026-09-25", "2026-10-02"
"""Every day of the fake hub's data, with three empty days in between (eight requests for
days plus two for the big day's further pages)."""
SHORT = ("--since", "2026-09-30", "--until", "2026-10-02")
"""Three days, one of them three pages long (five requests, three seconds at the polite
pace), for the default run."""
DAY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+\d+ papers\b")
"""The line `sync` prints (not on a terminal) once a day is stored."""


def _days(since: str, until: str) -> set[str]:
    """The days a sync of [since, until] covers (none after today)."""
    first = date.fromisoformat(since)
    last = min(date.fromisoformat(until), periods.today())
    return {(first + timedelta(days=k)).isoformat() for k in range((last - first).days + 1)}


def _unsettled(days: set[str]) -> set[str]:
    """Days recent enough that every sync fetches them again (sync.REFRESH_RECENT_DAYS)."""
    from paperreader.service.sync import REFRESH_RECENT_DAYS

    today = periods.today(datetime.now(UTC))
    return {d for d in days if today < date.fromisoformat(d) + timedelta(REFRESH_RECENT_DAYS)}


def _hub_ids(hub, day: str) -> set[str]:
    return set(hub.data.day_ids(day)) if day in hub.data.days else set()


class LibraryView:
    """What a library file holds: opened by paperreader, then read with plain SQLite after
    checking its integrity. Both look at a copy, so the file (and the write-ahead log a
    killed writer left) stays as it was for the next run to deal with."""

    def __init__(self, path: Path) -> None:
        self.done: dict[str, int] = {}
        """Days recorded as fetched whole, with the paper count recorded."""
        self.by_day: dict[str, set[str]] = defaultdict(set)
        self.ids: set[str] = set()
        if not path.exists():
            return  # killed before it was created
        copy = Path(tempfile.mkdtemp(dir=path.parent.parent)) / path.name
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{path}{suffix}"):
                shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
        with Library(copy) as archive:  # as the next app start or sync opens it
            count = archive.count()
            assert archive.problem is None, archive.problem
        db = sqlite3.connect(f"file:{copy}?mode=rw", uri=True, timeout=30)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "papers_fts" in tables:  # the search index agrees with the papers
                db.execute("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')")
            twice = db.execute("SELECT id FROM papers GROUP BY id HAVING count(*) > 1").fetchall()
            assert twice == [], f"papers stored twice: {twice}"
            texts = db.execute("SELECT count(*) FROM paper_text").fetchone()[0]
            for paper_id, day in db.execute("SELECT id, daily_date FROM papers"):
                self.ids.add(paper_id)
                self.by_day[day].add(paper_id)
            assert texts == len(self.ids) == count, "papers and their text are out of step"
            self.done = dict(db.execute("SELECT day, papers FROM days WHERE complete"))
        finally:
            db.close()

    def missing(self, hub, days) -> list[str]:
        """The papers of `days` (each recorded as done) that are not stored."""
        return sorted(
            f"{day}/{paper_id}"
            for day in days
            for paper_id in _hub_ids(hub, day) - self.by_day[day]
        )

    def lost_since(self, before: LibraryView, hub, told: set[str] = frozenset()) -> list[str]:
        """What went missing since `before`: days said stored (`told`) or once done that are
        not done now, papers that vanished, papers missing from a day recorded as done."""
        done = set(self.done)
        return (
            [f"{day} was said stored but is not done" for day in sorted(told - done)]
            + [f"{day} is no longer done" for day in sorted(set(before.done) - done)]
            + [f"{paper_id} vanished" for paper_id in sorted(before.ids - self.ids)]
            + [f"{entry} is missing" for entry in self.missing(hub, done)]
        )


def _sync_child(hub, data: Path, *dates: str) -> Child:
    return Child.cli(
        "sync",
        "--endpoint",
        hub.url,
        *dates,
        env=child_env(PAPERREADER_DATA_DIR=data),
    )


def _requested_days(hub) -> set[str]:
    return {r.params["date"] for r in hub.requests_to("/api/daily_papers")}


@pytest.mark.slow
def test_kill_9_during_sync_keeps_every_finished_day_and_the_next_run_fetches_only_the_rest(
    fake_hub, tmp_path, record_property
):
    loops = int(os.environ.get("PAPERREADER_SYNC_KILL_LOOPS", "20"))
    rng = random.Random(20261002)
    every_day = _days(SINCE, UNTIL)
    dates = ("--since", SINCE, "--until", UNTIL)
    lost: list[str] = []
    kills = finals = acknowledged = 0
    started = time.monotonic()
    iteration = 0
    for round_ in itertools.count(1):
        if iteration == loops:
            break
        data = tmp_path / f"round-{round_}"
        path = data / FILE_NAME
        before = LibraryView(path)
        fake_hub.reset()
        fake_hub.fail("/api/daily_papers", "delay", seconds=0.15)  # time to die mid-request
        for _ in range(4):  # a few kills on one library, then one run that must finish it
            if iteration == loops:
                break
            iteration += 1
            child = _sync_child(fake_hub, data, *dates)
            try:
                if rng.random() < 0.85:  # else die while starting (and creating the file)
                    assert child.wait_for(lambda line: line.startswith("Syncing "), stream="err")
                time.sleep(rng.uniform(0.0, 1.6))
            finally:
                killed = child.kill()
            kills += killed
            if not killed:
                assert child.returncode == 0, child.stderr
            assert "Traceback" not in child.stderr, child.stderr

            after = LibraryView(path)
            told = {m[1] for line in child.err if (m := DAY_LINE.match(line))}
            acknowledged += len(told)
            lost += [
                f"run {iteration}: {what}" for what in after.lost_since(before, fake_hub, told)
            ]
            for day, count in after.done.items():
                assert count == len(_hub_ids(fake_hub, day)), (day, count)
            before = after
            if set(after.done) == every_day:
                break

        # The next run, not interrupted, fetches what is missing and nothing else.
        fake_hub.reset()
        child = _sync_child(fake_hub, data, *dates)
        assert child.finish() == 0, child.stderr
        finals += 1
        assert child.out[0].startswith("Synced "), child.stdout
        unfinished = (every_day - set(before.done)) | _unsettled(every_day)
        assert _requested_days(fake_hub) == unfinished
        final = LibraryView(path)
        assert set(final.done) == every_day
        lost += [f"resumed {round_}: {what}" for what in final.lost_since(before, fake_hub)]

    seconds = time.monotonic() - started
    record_property("iterations", loops)
    record_property("lost", len(lost))
    record_property("resumed_runs", finals)
    record_property("days_acknowledged", acknowledged)
    record_property("seconds_per_iteration", round(seconds / loops, 3))
    print(
        f"{loops} sync runs ({kills} killed, {acknowledged} days said stored before the kill), "
        f"{finals} resumed, {seconds / loops:.2f} s each"
    )
    assert lost == []
    assert kills >= loops // 2, "most syncs ended before they could be killed"


def _assert_ok_or_busy(code: int, stderr: str) -> None:
    """Exit 0, or 1 with one clear sentence saying the library is busy; never a traceback.
    (`sync` also prints its progress on stderr: the sentences are the `paperreader:` lines.)"""
    assert "Traceback" not in stderr, stderr
    if code != 0:
        said = [line for line in stderr.splitlines() if line.startswith("paperreader:")]
        assert code == 1, stderr
        assert len(said) == 1 and "busy" in said[0], stderr


@pytest.mark.parametrize("processes", [2, 4])
def test_several_syncs_of_one_library_at_once_end_with_it_whole(
    fake_hub, tmp_path, record_property, processes
):
    data = tmp_path / "data"
    children = [_sync_child(fake_hub, data, *SHORT) for _ in range(processes)]
    try:
        codes = [child.finish() for child in children]
    finally:
        kill_all(children)
    for child, code in zip(children, codes, strict=True):
        _assert_ok_or_busy(code, child.stderr)
    if any(codes):  # one gave up on a busy library: running sync again finishes the job
        again = _sync_child(fake_hub, data, *SHORT)
        assert again.finish() == 0, again.stderr

    every_day = _days(*SHORT[1::2])
    view = LibraryView(data / FILE_NAME)
    missing = view.missing(fake_hub, every_day)
    record_property("iterations", processes)
    record_property("lost", len(missing))
    assert set(view.done) == every_day
    assert missing == []
    assert not list(data.glob("*.corrupt-*")), "a library file was taken for a corrupt one"


def test_searching_the_library_while_sync_fills_it(fake_hub, tmp_path, record_property):
    data = tmp_path / "data"
    env = child_env(PAPERREADER_DATA_DIR=data)
    sync = _sync_child(fake_hub, data, *SHORT)
    searches: list[tuple[Child, int]] = []
    deadline = time.monotonic() + 60  # a hung sync fails below instead of looping forever
    try:
        while sync.returncode is None and time.monotonic() < deadline:  # first one: no file yet
            search = Child.cli("search-local", "diffusion", "--json", env=env)
            searches.append((search, search.finish()))
        assert sync.finish() == 0, sync.stderr
    finally:
        kill_all([sync, *(search for search, _ in searches)])
    assert len(searches) >= 2
    totals = []
    for search, code in searches:
        _assert_ok_or_busy(code, search.stderr)
        if code == 0:
            totals.append(json.loads(search.stdout)["total"])
    assert totals == sorted(totals), "a search found fewer papers than an earlier one"

    every_day = _days(*SHORT[1::2])
    view = LibraryView(data / FILE_NAME)
    missing = view.missing(fake_hub, every_day)
    record_property("iterations", len(searches))
    record_property("lost", len(missing))
    assert set(view.done) == every_day
    assert missing == []
    assert not list(data.glob("*.corrupt-*")), "a library file was taken for a corrupt one"


def test_a_library_another_process_creates_while_this_one_opens_it_is_kept(
    isolated_dirs, monkeypatch
):
    """Opening reads the library's version, then its tables. Another process that creates the
    library in between must not make it look like somebody else's database (which would be
    moved aside while the other process goes on writing into it)."""
    path = isolated_dirs["PAPERREADER_DATA_DIR"] / FILE_NAME
    connect = sqlite3.connect
    other: list[Library] = []

    class Interleaved(sqlite3.Connection):
        in_wal = False

        def execute(self, sql, *args):
            cursor = super().execute(sql, *args)
            self.in_wal = self.in_wal or "journal_mode = WAL" in sql
            if self.in_wal and sql == "PRAGMA user_version" and not other:  # between reads
                other.append(Library(path))
                other[0].add_papers([Paper("2610.00001", "Stored by the other process")])
            return cursor

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, factory=Interleaved, **k))
    try:
        with Library(path) as archive:
            assert archive.count() == 1
            assert archive.problem is None
    finally:
        other[0].close()
    assert other[0].problem is None
    assert not list(path.parent.glob("*.corrupt-*"))


def _hold_write_lock(path: Path) -> Child:
    """Another process in the middle of a long write to the library (it holds the lock)."""
    code = (
        "import sqlite3, sys\n"
        f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute(\"INSERT OR REPLACE INTO meta VALUES ('holder', 'x')\")\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "db.execute('ROLLBACK')\n"
    )
    holder = Child.python(code, stdin=True)
    assert holder.wait_for(lambda line: line == "ready"), holder.stderr
    return holder


def test_a_long_write_elsewhere_leaves_search_working_and_stops_sync_with_one_busy_line(
    fake_hub, isolated_dirs, capsys, monkeypatch
):
    from paperreader.__main__ import main
    from paperreader.storage.library import database as library_database

    monkeypatch.setattr("paperreader.service.sync.MIN_INTERVAL", 0.0)
    assert main(["sync", "--endpoint", fake_hub.url, *SHORT]) == 0
    capsys.readouterr()
    monkeypatch.setattr(library_database, "BUSY_TIMEOUT_MS", 300)  # not 10 s: the test waits
    wider = ("--since", "2026-09-25", "--until", "2026-10-02")
    holder = _hold_write_lock(isolated_dirs["PAPERREADER_DATA_DIR"] / FILE_NAME)
    try:
        searched = main(["search-local", "diffusion", "--json"])
        found, searching = capsys.readouterr()
        synced = main(["sync", "--endpoint", fake_hub.url, *wider])
        _, syncing = capsys.readouterr()
    finally:
        holder.send("done\n")
        assert holder.finish() == 0, holder.stderr
    assert searched == 0, searching  # reading needs no lock
    assert json.loads(found)["total"] > 0
    assert synced == 1
    _assert_ok_or_busy(synced, syncing)

    assert main(["sync", "--endpoint", fake_hub.url, *wider]) == 0  # later, it goes on
    view = LibraryView(isolated_dirs["PAPERREADER_DATA_DIR"] / FILE_NAME)
    assert set(view.done) == _days(*wider[1::2])
    assert view.missing(fake_hub, view.done) == []
