"""The user-data files: plain JSON, unknown data kept, shared by instances and threads,
written atomically under the lock."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support.files import read_json, temporaries
from support.user_data import T0, numbered

from paperreader.domain.errors import PaperReaderError, StorageError
from paperreader.domain.models import Bookmark
from paperreader.formats.records import (
    bookmark_to_record,
    paper_to_record,
)
from paperreader.platform import paths
from paperreader.storage.user_data import (
    BOOKMARKS_FILE,
    LOCK_FILE,
    STATE_FILE,
    UserDataStore,
    locked_files,
)

# --------------------------------------------------------------------------------------------
# Files: format, unknown data kept, reloads, atomic writes
# --------------------------------------------------------------------------------------------


def test_files_are_plain_indented_json(lib, data_dir):
    lib.add_bookmark(numbered(1), tags=["x"], note="n")
    lib.set_read("2603.00001")
    text = (data_dir / BOOKMARKS_FILE).read_text("utf-8")
    assert text.startswith('{\n  "version": 1,\n  "bookmarks": [\n')
    assert text.endswith("}\n")
    document = json.loads(text)
    assert list(document) == ["version", "bookmarks"]
    assert document["bookmarks"][0]["paper"]["id"] == "2603.00001"
    state = read_json(data_dir / STATE_FILE)
    assert list(state) == ["version", "read", "seen"]
    assert sorted(p.name for p in data_dir.iterdir()) == [BOOKMARKS_FILE, LOCK_FILE, STATE_FILE]


def test_non_ascii_text_is_written_readably(lib, data_dir):
    lib.add_bookmark(numbered(1, title="Über Modelle: 模型"), note="naïve ☕")
    text = (data_dir / BOOKMARKS_FILE).read_text("utf-8")
    assert "Über Modelle: 模型" in text and "naïve ☕" in text


def test_a_lone_surrogate_does_not_break_the_file(lib, data_dir):
    lib.add_bookmark(numbered(1, title="Broken \ud800 title"))
    # Cleaned like any text on the way in (half a pair cannot be printed or encoded).
    assert UserDataStore(data_dir).bookmark("2603.00001").paper.title == "Broken title"
    assert (data_dir / BOOKMARKS_FILE).read_bytes().isascii()


def test_unknown_keys_and_unreadable_records_are_kept_verbatim(data_dir):
    good = bookmark_to_record(Bookmark(numbered(1), T0, ("a",), "note"))
    good["my_rating"] = 5
    good["paper"]["future_field"] = [1, 2]
    unreadable = [
        {"added_at": "2026-03-01T00:00:00Z", "paper": {"id": "oops", "title": "Bad id"}},
        "just a string",
        {"added_at": "whenever", "paper": paper_to_record(numbered(2))},
        None,
    ]
    document = {"version": 1, "owner": "me", "bookmarks": [good, *unreadable]}
    data_dir.mkdir(parents=True)
    (data_dir / BOOKMARKS_FILE).write_text(json.dumps(document))
    lib = UserDataStore(data_dir)
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert "4 bookmarks" in lib.problem and str(data_dir / BOOKMARKS_FILE) in lib.problem

    lib.set_tags("2603.00001", ["b"])
    lib.add_bookmark(numbered(3))
    lib.remove_bookmark("2603.00003")
    written = read_json(data_dir / BOOKMARKS_FILE)
    assert written["owner"] == "me"
    assert written["bookmarks"][1:] == unreadable
    assert written["bookmarks"][0]["my_rating"] == 5
    assert written["bookmarks"][0]["paper"]["future_field"] == [1, 2]  # tags-only change
    assert written["bookmarks"][0]["tags"] == ["b"]

    lib.add_bookmark(numbered(1, title="Refreshed"))
    written = read_json(data_dir / BOOKMARKS_FILE)
    assert written["bookmarks"][0]["my_rating"] == 5
    assert written["bookmarks"][0]["paper"]["title"] == "Refreshed"
    assert written["bookmarks"][1:] == unreadable


def test_a_hand_merged_duplicate_shows_once_and_removes_completely(data_dir):
    first = bookmark_to_record(Bookmark(numbered(1), T0, ("first",)))
    second = bookmark_to_record(Bookmark(numbered(1), T0, ("second",)))
    data_dir.mkdir(parents=True)
    (data_dir / BOOKMARKS_FILE).write_text(json.dumps({"version": 1, "bookmarks": [first, second]}))
    lib = UserDataStore(data_dir)
    assert [b.tags for b in lib.bookmarks()] == [("first",)]
    assert lib.remove_bookmark("2603.00001")
    assert lib.bookmarks() == []
    assert read_json(data_dir / BOOKMARKS_FILE)["bookmarks"] == []


def test_a_file_from_a_newer_version_is_shown_but_never_written(data_dir):
    record = bookmark_to_record(Bookmark(numbered(1), T0))
    data_dir.mkdir(parents=True)
    path = data_dir / BOOKMARKS_FILE
    path.write_text(json.dumps({"version": 2, "bookmarks": [record], "v2_stuff": {}}))
    before = path.read_bytes()
    lib = UserDataStore(data_dir)
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert "newer paperreader" in lib.problem
    with pytest.raises(StorageError, match="newer paperreader"):
        lib.add_bookmark(numbered(2))
    with pytest.raises(StorageError):
        lib.remove_bookmark("2603.00001")
    assert path.read_bytes() == before
    assert not list(data_dir.glob("*.corrupt-*"))
    lib.set_read("2603.00001")  # the other file is still writable
    assert lib.is_read("2603.00001")


def test_another_instances_changes_appear_and_survive(data_dir):
    one, two = UserDataStore(data_dir), UserDataStore(data_dir)
    assert two.bookmarks() == []
    one.add_bookmark(numbered(1))
    assert two.bookmarked_ids() == {"2603.00001"}  # reloaded because the file changed
    two.add_bookmark(numbered(2))
    one.set_tags("2603.00002", ["from-one"])  # one re-reads under the lock, so two's add stays
    assert two.bookmark("2603.00002").tags == ("from-one",)
    assert one.bookmarked_ids() == two.bookmarked_ids() == {"2603.00001", "2603.00002"}
    one.set_read("2603.00001")
    assert two.is_read("2603.00001")
    two.record_visit("daily:latest", ["a"])
    assert one.record_visit("daily:latest", ["a", "b"]) == 1


def test_a_hand_edit_on_disk_is_picked_up(lib, data_dir):
    lib.add_bookmark(numbered(1))
    path = data_dir / BOOKMARKS_FILE
    document = read_json(path)
    document["bookmarks"][0]["note"] = "edited in vim"
    path.write_text(json.dumps(document, indent=2))
    assert lib.bookmark("2603.00001").note == "edited in vim"


def test_threads_sharing_and_not_sharing_a_store(data_dir):
    shared = UserDataStore(data_dir)

    def work(worker: int) -> None:
        own = UserDataStore(data_dir)
        for n in range(8):
            target = shared if n % 2 else own
            target.add_bookmark(numbered(worker * 100 + n))
            target.set_read(f"2603.{worker * 100 + n:05d}")

    threads = [threading.Thread(target=work, args=(w,)) for w in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(UserDataStore(data_dir).bookmarks()) == 32
    assert len(UserDataStore(data_dir).read_ids()) == 32


def test_a_failed_write_leaves_the_old_file_and_no_temporary(lib, data_dir, monkeypatch):
    lib.add_bookmark(numbered(1))
    path = data_dir / BOOKMARKS_FILE
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(StorageError, match="No space left on device") as caught:
        lib.add_bookmark(numbered(2))
    assert isinstance(caught.value, PaperReaderError)
    assert path.read_bytes() == before
    assert temporaries(data_dir) == []
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert "could not be saved" in lib.problem
    monkeypatch.undo()
    lib.add_bookmark(numbered(2))
    assert lib.bookmarked_ids() == {"2603.00001", "2603.00002"}
    assert lib.problem is None


def test_temporaries_left_by_a_killed_writer_are_swept(lib, data_dir):
    data_dir.mkdir(parents=True)
    leftover = data_dir / ".bookmarks.json.abc123.tmp"
    leftover.write_text('{"half": ')
    unrelated = data_dir / "notes.tmp"
    unrelated.write_text("not ours")
    lib.add_bookmark(numbered(1))
    assert not leftover.exists()
    assert unrelated.exists()
    assert temporaries(data_dir) == []


def test_the_file_mode_and_a_symlink_are_kept(lib, data_dir, tmp_path):
    lib.add_bookmark(numbered(1))
    path = data_dir / BOOKMARKS_FILE
    os.chmod(path, 0o640)
    lib.add_bookmark(numbered(2))
    assert path.stat().st_mode & 0o777 == 0o640

    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "bookmarks.json"
    shutil.move(path, real)
    path.symlink_to(real)
    lib.add_bookmark(numbered(3))
    assert path.is_symlink()
    assert len(read_json(real)["bookmarks"]) == 3
    assert UserDataStore(data_dir).bookmarked_ids() == {"2603.00001", "2603.00002", "2603.00003"}


def test_a_held_lock_times_out_with_a_clear_error(lib, data_dir, monkeypatch):
    lib.add_bookmark(numbered(1))
    monkeypatch.setattr(locked_files, "LOCK_TIMEOUT", 0.2)
    with open(data_dir / LOCK_FILE, "rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(StorageError, match="Another paperreader"):
            lib.add_bookmark(numbered(2))
        assert time.monotonic() - started < 2
        assert lib.bookmarked_ids() == {"2603.00001"}  # reads do not need the lock
    lib.add_bookmark(numbered(2))
    assert lib.bookmarked_ids() == {"2603.00001", "2603.00002"}


def test_the_store_never_touches_the_cache(lib, isolated_dirs):
    lib.add_bookmark(numbered(1))
    lib.set_read("2603.00001")
    lib.record_visit("daily:latest", ["2603.00001"])
    assert lib.directory == paths.data_dir()
    assert not Path(isolated_dirs["PAPERREADER_CACHE_DIR"]).exists()


def test_the_store_imports_no_ui_network_or_cache_library():
    code = (
        "import sys, paperreader.storage.user_data, paperreader.formats.records\n"
        "bad = [m for m in ('textual', 'rich', 'httpx', 'diskcache') if m in sys.modules]\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
