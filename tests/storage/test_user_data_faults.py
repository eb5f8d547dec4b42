"""Damaged user-data files are moved aside, never overwritten; a data dir that cannot be
written still reads and refuses changes in one sentence."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from support.user_data import T0, numbered

from paperreader.domain.errors import StorageError
from paperreader.domain.models import Bookmark
from paperreader.storage.user_data import (
    BOOKMARKS_FILE,
    STATE_FILE,
    UserDataStore,
)

# --------------------------------------------------------------------------------------------
# Corrupt files are moved aside, never overwritten
# --------------------------------------------------------------------------------------------

GARBAGE = [
    pytest.param(bytes(range(256)) * 3, id="binary-garbage"),
    pytest.param(b'{"version": 1, "bookmarks": [{"added_at": "2026-03-0', id="truncated-json"),
    pytest.param(b'["a", "list", "not", "an", "object"]', id="wrong-shape-list"),
    pytest.param(b'{"version": 1, "bookmarks": {"not": "a list"}}', id="wrong-shape-bookmarks"),
    pytest.param(b'{"version": "one", "bookmarks": []}', id="bad-version"),
    pytest.param(b"", id="empty-file"),
]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_a_corrupt_bookmarks_file_is_kept_aside_and_never_overwritten(data_dir, garbage):
    data_dir.mkdir(parents=True)
    path = data_dir / BOOKMARKS_FILE
    path.write_bytes(garbage)
    lib = UserDataStore(data_dir)
    assert lib.bookmarks() == []
    aside = sorted(data_dir.glob(f"{BOOKMARKS_FILE}.corrupt-*"))
    assert len(aside) == 1
    assert re.fullmatch(r"bookmarks\.json\.corrupt-\d{8}-\d{6}", aside[0].name)
    assert str(aside[0]) in lib.problem
    assert aside[0].read_bytes() == garbage
    assert not path.exists()

    lib.add_bookmark(numbered(1))
    lib.add_bookmark(numbered(2), tags=["x"])
    lib.remove_bookmark("2603.00002")
    lib.set_note("2603.00001", "after the crash")
    assert aside[0].read_bytes() == garbage
    assert sorted(data_dir.glob(f"{BOOKMARKS_FILE}.corrupt-*")) == aside
    fresh = UserDataStore(data_dir)
    assert fresh.bookmarked_ids() == {"2603.00001"}
    assert fresh.problem is None
    assert lib.problem is not None  # still tells the user where their old file went


def test_corrupt_files_never_clobber_each_other(data_dir, monkeypatch):
    monkeypatch.setattr(time, "strftime", lambda *args: "20260301-120000")
    data_dir.mkdir(parents=True)
    path = data_dir / BOOKMARKS_FILE
    older = data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000"
    older.write_bytes(b"an older corrupt file")
    path.write_bytes(b"first garbage")
    lib = UserDataStore(data_dir)
    assert lib.bookmarks() == []
    assert str(data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-1") in lib.problem
    lib.add_bookmark(numbered(1))
    path.write_bytes(b"second garbage")  # corrupted again while running
    lib.add_bookmark(numbered(2))  # the change re-reads under the lock and moves it aside first
    assert str(data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-2") in lib.problem
    assert older.read_bytes() == b"an older corrupt file"
    assert (data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-1").read_bytes() == (
        b"first garbage"
    )
    assert (data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-2").read_bytes() == (
        b"second garbage"
    )
    assert lib.bookmarked_ids() == {"2603.00002"}


def test_a_corrupt_state_file_is_kept_aside_and_bookmarks_are_untouched(lib, data_dir):
    lib.add_bookmark(numbered(1))
    lib.set_read("2603.00001")
    (data_dir / STATE_FILE).write_bytes(b'{"version": 1, "read": ["not", "a", "map"]}')
    assert lib.read_ids() == frozenset()
    aside = sorted(data_dir.glob(f"{STATE_FILE}.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in lib.problem
    assert "read marks start over" in lib.problem
    assert lib.bookmarked_ids() == {"2603.00001"}
    lib.set_read("2603.00002")
    assert aside[0].read_bytes() == b'{"version": 1, "read": ["not", "a", "map"]}'
    assert UserDataStore(data_dir).read_ids() == {"2603.00002"}


# --------------------------------------------------------------------------------------------
# A data dir that cannot be written
# --------------------------------------------------------------------------------------------


def test_a_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    lib = UserDataStore(blocker / "data")
    assert lib.bookmarks() == []
    assert lib.read_ids() == frozenset()
    for change in (
        lambda: lib.add_bookmark(numbered(1)),
        lambda: lib.toggle_bookmark(numbered(1)),
        lambda: lib.set_read("2603.00001"),
        lambda: lib.record_visit("daily:latest", ["2603.00001"]),
        lambda: lib.import_bookmarks([Bookmark(numbered(1), T0)]),
    ):
        with pytest.raises(StorageError, match="not writable") as caught:
            change()
        assert str(blocker / "data") in caught.value.message
        assert caught.value.message.count(". ") == 0  # one sentence
    assert "not writable" in lib.problem
    assert blocker.read_text() == "not a directory"


NOBODY = 65534


def _run_without_write_access(check) -> dict:
    """Run `check` in a forked child that may not write to directories made read-only.

    As root, permissions do not bind, so the child drops to the unprivileged `nobody` first.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running pytest's teardown
        status = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            payload = check()
            status = 0
        except BaseException as error:
            payload = {"error": repr(error)}
        finally:
            with contextlib.suppress(BaseException):
                os.write(write_end, json.dumps(payload).encode())
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read()
    _, status = os.waitpid(pid, 0)
    result = json.loads(output)
    assert status == 0, result
    return result


@pytest.fixture
def read_only_dirs():
    """Data dirs the forked child can read but not write (outside root's private tmp)."""
    base = Path(tempfile.mkdtemp(prefix="paperreader-ro-"))
    os.chmod(base, 0o755)
    made: list[Path] = []

    def make(name: str) -> Path:
        directory = base / name
        directory.mkdir()
        made.append(directory)
        return directory

    def seal() -> None:
        for directory in made:
            for item in [directory, *directory.iterdir()]:
                if os.geteuid() == 0:
                    os.chown(item, NOBODY, NOBODY)
                os.chmod(item, 0o555 if item.is_dir() else 0o644)

    yield make, seal
    for directory in made:
        os.chmod(directory, 0o755)
    shutil.rmtree(base)


def test_a_read_only_data_dir_still_reads_and_refuses_changes(read_only_dirs):
    make, seal = read_only_dirs
    data = make("data")
    setup = UserDataStore(data)
    setup.add_bookmark(numbered(1), tags=["kept"])
    setup.set_read("2603.00001")
    setup.record_visit("daily:latest", ["2603.00001"])
    broken = make("broken")
    (broken / BOOKMARKS_FILE).write_bytes(b"\x00garbage\xff")
    seal()
    before = {p: p.read_bytes() for d in (data, broken) for p in d.iterdir()}

    def check() -> dict:
        lib = UserDataStore(data)
        result = {
            "writable": os.access(data, os.W_OK),
            "ids": sorted(lib.bookmarked_ids()),
            "tags": list(lib.bookmark("2603.00001").tags),
            "read": lib.is_read("2603.00001"),
            "problem_before": lib.problem,
            "errors": [],
        }
        for change in (
            lambda: lib.add_bookmark(numbered(2)),
            lambda: lib.remove_bookmark("2603.00001"),
            lambda: lib.set_tags("2603.00001", ["new"]),
            lambda: lib.set_read("2603.00002"),
            lambda: lib.record_visit("daily:latest", ["x"]),
        ):
            try:
                change()
                result["errors"].append(None)
            except StorageError as error:
                result["errors"].append(error.message)
        result["problem_after"] = lib.problem
        result["ids_after"] = sorted(lib.bookmarked_ids())
        other = UserDataStore(broken)
        result["broken_bookmarks"] = len(other.bookmarks())
        result["broken_problem"] = other.problem
        try:
            other.add_bookmark(numbered(3))
            result["broken_error"] = None
        except StorageError as error:
            result["broken_error"] = error.message
        return result

    result = _run_without_write_access(check)
    assert result["writable"] is False
    assert result["ids"] == result["ids_after"] == ["2603.00001"]
    assert result["tags"] == ["kept"]
    assert result["read"] is True
    assert result["problem_before"] is None
    assert all(result["errors"]), result["errors"]
    assert all(str(data) in message for message in result["errors"])
    assert result["problem_after"] == result["errors"][-1]
    assert result["broken_bookmarks"] == 0
    assert "could not be moved aside" in result["broken_problem"]
    assert str(broken / BOOKMARKS_FILE) in result["broken_problem"]
    assert result["broken_error"]
    assert {p: p.read_bytes() for d in (data, broken) for p in d.iterdir()} == before
