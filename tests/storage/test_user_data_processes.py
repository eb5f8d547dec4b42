"""The user-data store never loses anything across real processes: children killed with
SIGKILL mid-write, several children writing at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.files import read_json, temporaries
from support.killing import child_source as _child_source

from paperreader.formats.records import bookmark_from_record
from paperreader.storage.user_data import BOOKMARKS_FILE, STATE_FILE, UserDataStore

# --------------------------------------------------------------------------------------------
# Real processes: kill -9 at random moments, and several writers at once
# --------------------------------------------------------------------------------------------
# The children run functions from this file, sent as source so they start without pytest
# (tests/support/killing.py, shared with the kill tests in reliability/). Each keeps its imports
# inside, since nothing else of this module exists in the child.


def _churn_paper(paper_id, version):
    from paperreader.domain.models import Author, Paper

    return Paper(
        id=paper_id,
        title=f"Paper {paper_id} version {version}",
        summary=f"First paragraph of version {version}.\n\nSecond paragraph.",
        authors=(Author("Ada Lovelace", "ada"), Author("Alan Turing")),
        upvotes=version % 1000,
    )


def _churn_ops(seed):
    """The endless changes a child makes; the parent replays them to know every state the
    store may legally be in."""
    import itertools
    import random

    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta"]
    for step in itertools.count(1):
        version = seed * 1_000_000 + step
        paper_id = f"2401.{rng.randrange(12):05d}"
        roll = rng.random()
        if roll < 0.4:
            tags = tuple(sorted(rng.sample(words, rng.randrange(3))))
            yield ("add", paper_id, version, tags, f"note {version}\nsecond line")
        elif roll < 0.6:
            yield ("remove", paper_id)
        elif roll < 0.7:
            yield ("tags", paper_id, tuple(sorted(rng.sample(words, 2))))
        elif roll < 0.8:
            yield ("note", paper_id, f"edited at {version}")
        else:
            yield ("read", paper_id, rng.random() < 0.6)


def _churn_apply(store, op):
    from datetime import UTC, datetime, timedelta

    kind, paper_id = op[0], op[1]
    if kind == "add":
        added_at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=op[2])
        store.add_bookmark(_churn_paper(paper_id, op[2]), tags=op[3], note=op[4], added_at=added_at)
    elif kind == "remove":
        store.remove_bookmark(paper_id)
    elif kind in ("tags", "note"):
        try:
            (store.set_tags if kind == "tags" else store.set_note)(paper_id, op[2])
        except KeyError:  # not bookmarked at the moment
            return
    else:
        store.set_read(paper_id, op[2])


def _churn_main(directory, seed):
    import sys
    from pathlib import Path

    from paperreader.storage.user_data import UserDataStore

    store = UserDataStore(Path(directory))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for op in _churn_ops(seed):
        _churn_apply(store, op)


def _model_apply(state, op):
    """What `_churn_apply` does, on a plain model: ({id: (seconds, title, tags, note)}, read)."""
    bookmarks, read = state
    kind, paper_id = op[0], op[1]
    if kind == "add":
        title = f"Paper {paper_id} version {op[2]}"
        if paper_id in bookmarks:
            seconds, _, tags, note = bookmarks[paper_id]
            bookmarks[paper_id] = (seconds, title, tags, note)
        else:
            bookmarks[paper_id] = (op[2], title, op[3], op[4])
    elif kind == "remove":
        bookmarks.pop(paper_id, None)
    elif kind in ("tags", "note") and paper_id in bookmarks:
        seconds, title, tags, note = bookmarks[paper_id]
        bookmarks[paper_id] = (
            (seconds, title, op[2], note) if kind == "tags" else (seconds, title, tags, op[2])
        )
    elif kind == "read":
        (read.add if op[2] else read.discard)(paper_id)


def _observed(directory: Path):
    """The store as a fresh instance reads it, checked record by record."""
    lib = UserDataStore(directory)
    assert lib.problem is None, lib.problem
    path = directory / BOOKMARKS_FILE
    if path.exists():
        document = read_json(path)
        assert document["version"] == 1
        ids = [bookmark_from_record(record).paper.id for record in document["bookmarks"]]
        assert len(ids) == len(set(ids)), "a bookmark was stored twice"
    if (directory / STATE_FILE).exists():
        assert isinstance(read_json(directory / STATE_FILE)["read"], dict)
    epoch = datetime(2024, 1, 1, tzinfo=UTC)
    bookmarks = {
        b.paper.id: (int((b.added_at - epoch).total_seconds()), b.paper.title, b.tags, b.note)
        for b in lib.bookmarks()
    }
    for b in lib.bookmarks():
        assert b.paper == _churn_paper(b.paper.id, int(b.paper.title.rsplit(" ", 1)[1]))
    return bookmarks, set(lib.read_ids())


def _steps_to_reach(start, seed, observed, limit=200_000) -> int:
    """How many of the child's changes lead from `start` to `observed`; fails if none does."""
    state = ({**start[0]}, set(start[1]))
    if state == observed:
        return 0
    for step, op in enumerate(_churn_ops(seed), 1):
        _model_apply(state, op)
        if state == observed:
            return step
        assert step < limit, "the store is in a state no prefix of the child's changes gives"
    raise AssertionError("unreachable")


def test_kill_9_at_random_moments_never_corrupts_the_store(tmp_path):
    loops = int(os.environ.get("PAPERREADER_KILL_LOOPS", "30"))
    directory = tmp_path / "data"
    rng = random.Random(20260301)
    state: tuple[dict, set] = ({}, set())
    steps = 0
    for seed in range(1, loops + 1):
        code = _child_source(
            _churn_paper,
            _churn_ops,
            _churn_apply,
            _churn_main,
            call=f"_churn_main({str(directory)!r}, {seed})",
        )
        child = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
            time.sleep(rng.uniform(0.0, 0.08))
        finally:
            child.kill()
            _, stderr = child.communicate()
        assert child.returncode == -signal.SIGKILL, stderr.decode()

        observed = _observed(directory)
        steps += _steps_to_reach(state, seed, observed)
        state = observed
        for name in (BOOKMARKS_FILE, STATE_FILE):  # a kill mid-write leaves one at most
            assert len(list(directory.glob(f".{name}.*.tmp"))) <= 1
        assert not list(directory.glob("*.corrupt-*"))
    print(f"{loops} kills after {steps} changes")
    assert steps >= loops, "the children hardly changed anything before being killed"


def _adder_main(directory, worker, count):
    import sys
    from pathlib import Path

    from paperreader.domain.models import Paper
    from paperreader.storage.user_data import UserDataStore

    store = UserDataStore(Path(directory))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()  # wait for the others, so all of them write at once
    for n in range(count):
        paper_id = f"2402.{worker:02d}{n:03d}"
        store.add_bookmark(Paper(paper_id, f"Worker {worker} paper {n}"), tags=[f"w{worker}"])
        store.set_read(paper_id)
        store.record_visit("daily:latest", [paper_id])


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_processes_lose_no_bookmarks(tmp_path, workers):
    directory = tmp_path / "data"
    count = 25
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _child_source(_adder_main, call=f"_adder_main({str(directory)!r}, {w}, {count})"),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(workers)
    ]
    try:
        for child in children:
            assert child.stdout.readline() == b"ready\n"
        for child in children:
            child.stdin.write(b"go\n")
            child.stdin.flush()
        for child in children:
            _, stderr = child.communicate(timeout=60)
            assert child.returncode == 0, stderr.decode()
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()

    expected = {f"2402.{w:02d}{n:03d}" for w in range(workers) for n in range(count)}
    lib = UserDataStore(directory)
    assert lib.problem is None
    assert lib.bookmarked_ids() == expected
    assert len(read_json(directory / BOOKMARKS_FILE)["bookmarks"]) == workers * count
    assert all(b.tags == (f"w{int(b.paper.id[5:7])}",) for b in lib.bookmarks())
    assert lib.read_ids() == expected
    assert lib.seen_ids("daily:latest") == expected
    assert lib.record_visit("daily:latest", sorted(expected)) == 0
    assert temporaries(directory) == []
