"""The file primitives: atomic writes, moving a damaged file aside, the lock between processes."""

from __future__ import annotations

import errno
import fcntl
import os
import time

import pytest
from support.files import temporaries

from paperreader.domain.errors import StorageError
from paperreader.platform import files
from paperreader.platform.files import (
    LockFailed,
    LockTimeout,
    atomic_write,
    lock,
    move_aside,
    private_directory,
    private_file,
    reason,
    sweep_temporaries,
    unlock,
    unsafe_reason,
)

STAMP = "20260301-120000"


@pytest.fixture
def fixed_clock(monkeypatch):
    """Aside names carry this stamp."""
    monkeypatch.setattr(time, "strftime", lambda *args: STAMP)


# ------------------------------------------------------------------------------ atomic_write


def test_atomic_write_creates_and_replaces_a_file(tmp_path):
    path = tmp_path / "data.json"
    atomic_write(path, b"first")
    assert path.read_bytes() == b"first"
    atomic_write(path, b"second")
    assert path.read_bytes() == b"second"
    assert temporaries(tmp_path) == []


def test_atomic_write_keeps_the_mode_and_writes_through_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_new_file_is_private(tmp_path):
    path = tmp_path / "bookmarks.json"
    atomic_write(path, b"{}")
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "data.json"
    atomic_write(path, b"old")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert temporaries(tmp_path) == []


def test_a_missing_directory_is_an_error_not_created(tmp_path):
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "gone" / "data.json", b"x")
    assert not (tmp_path / "gone").exists()


def test_sweeping_removes_only_the_temporaries_of_that_file(tmp_path):
    path = tmp_path / "state.json"
    leftover = tmp_path / ".state.json.abc123.tmp"
    leftover.write_text('{"half": ')
    others = [tmp_path / ".bookmarks.json.abc123.tmp", tmp_path / "notes.tmp"]
    for other in others:
        other.write_text("not this file's")
    sweep_temporaries(path)
    assert not leftover.exists()
    assert all(other.exists() for other in others)


# ------------------------------------------------------------------------------ move_aside


def test_a_file_is_moved_aside_under_a_dated_name(tmp_path, fixed_clock):
    path = tmp_path / "bookmarks.json"
    path.write_bytes(b"garbage")
    target = move_aside(path)
    assert target == tmp_path / f"bookmarks.json.corrupt-{STAMP}"
    assert target.read_bytes() == b"garbage"
    assert not path.exists()


def test_an_earlier_copy_is_never_overwritten(tmp_path, fixed_clock):
    path = tmp_path / "bookmarks.json"
    older = tmp_path / f"bookmarks.json.corrupt-{STAMP}"
    older.write_bytes(b"older")
    path.write_bytes(b"first")
    assert move_aside(path) == tmp_path / f"bookmarks.json.corrupt-{STAMP}-1"
    path.write_bytes(b"second")
    assert move_aside(path) == tmp_path / f"bookmarks.json.corrupt-{STAMP}-2"
    assert older.read_bytes() == b"older"
    assert (tmp_path / f"bookmarks.json.corrupt-{STAMP}-1").read_bytes() == b"first"


def test_companions_go_with_the_file_and_must_all_be_free(tmp_path, fixed_clock):
    path = tmp_path / "library.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"library.sqlite3{suffix}").write_bytes(suffix.encode() or b"db")
    (tmp_path / f"library.sqlite3.corrupt-{STAMP}-wal").write_bytes(b"an older wal")
    target = move_aside(path, companions=("-wal", "-shm"))
    assert target == tmp_path / f"library.sqlite3.corrupt-{STAMP}-1"
    assert target.read_bytes() == b"db"
    assert (tmp_path / f"{target.name}-wal").read_bytes() == b"-wal"
    assert (tmp_path / f"{target.name}-shm").read_bytes() == b"-shm"
    assert not any(tmp_path.glob("library.sqlite3-*"))
    assert (tmp_path / f"library.sqlite3.corrupt-{STAMP}-wal").read_bytes() == b"an older wal"


def test_a_companion_is_moved_even_without_its_file(tmp_path, fixed_clock):
    path = tmp_path / "library.sqlite3"
    (tmp_path / "library.sqlite3-wal").write_bytes(b"wal")
    target = move_aside(path, companions=("-wal", "-shm"))
    assert (tmp_path / f"{target.name}-wal").read_bytes() == b"wal"


def test_nothing_to_move_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        move_aside(tmp_path / "missing.json", companions=("-wal",))


def test_a_directory_is_moved_aside_whole(tmp_path, fixed_clock):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "cache.db").write_bytes(b"damaged")
    (tmp_path / f"cache.corrupt-{STAMP}").mkdir()  # an earlier one: never moved into
    target = move_aside(cache)
    assert target == tmp_path / f"cache.corrupt-{STAMP}-1"
    assert (target / "cache.db").read_bytes() == b"damaged"
    assert not cache.exists()


def test_a_replacement_takes_the_files_place(tmp_path, fixed_clock):
    path = tmp_path / "bookmarks.json"
    path.write_bytes(b"half a file")
    target = move_aside(path, replacement=b"what was recovered")
    assert target.read_bytes() == b"half a file"
    assert path.read_bytes() == b"what was recovered"


def test_a_replacement_file_is_renamed_into_the_files_place(tmp_path, fixed_clock):
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"damaged")
    fresh = tmp_path / ".library.sqlite3.salvage"
    fresh.write_bytes(b"what was saved")
    target = move_aside(path, replacement=fresh)
    assert target.read_bytes() == b"damaged"
    assert path.read_bytes() == b"what was saved"
    assert not fresh.exists()


def test_a_replacement_that_cannot_be_written_puts_the_file_back(tmp_path, monkeypatch):
    path = tmp_path / "bookmarks.json"
    path.write_bytes(b"half a file")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        move_aside(path, replacement=b"what was recovered")
    assert path.read_bytes() == b"half a file"
    assert not any(tmp_path.glob("*.corrupt-*"))


def test_a_symlink_is_moved_as_the_link_and_gets_no_replacement(tmp_path):
    real = tmp_path / "elsewhere.json"
    real.write_bytes(b"garbage")
    path = tmp_path / "bookmarks.json"
    path.symlink_to(real)
    target = move_aside(path, replacement=b"recovered")
    assert target.is_symlink() and target.resolve() == real
    assert not os.path.lexists(path)
    assert real.read_bytes() == b"garbage"


# ------------------------------------------------------------------------------ the lock


def test_the_lock_excludes_another_holder_until_released(tmp_path):
    path = tmp_path / "library.lock"
    fd = lock(path, timeout=1.0)
    try:
        with open(path, "rb") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        unlock(fd)
    with open(path, "rb") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again


def test_a_held_lock_times_out(tmp_path):
    path = tmp_path / "library.lock"
    path.touch()
    with open(path, "rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(LockTimeout):
            lock(path, timeout=0.2)
        assert 0.2 <= time.monotonic() - started < 2


def test_failures_are_told_apart(tmp_path, monkeypatch):
    with pytest.raises(OSError) as opening:
        lock(tmp_path / "missing-dir" / "library.lock", timeout=0.1)
    assert not isinstance(opening.value, LockFailed)

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(files.fcntl, "flock", no_locks)
    with pytest.raises(LockFailed) as locking:
        lock(tmp_path / "library.lock", timeout=0.1)
    assert reason(locking.value) == "No locks available"


def test_reason_is_brief():
    assert reason(OSError(errno.EACCES, "Permission denied")) == "Permission denied"
    assert reason(ValueError("bad value")) == "bad value"
    assert reason(ValueError()) == "ValueError"


# ------------------------------------------------------------------------------ private places


@pytest.fixture
def usual_umask():
    """The umask most users have (022), under which a plain mkdir is readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode_of(path) -> int:
    return path.stat().st_mode & 0o7777


def test_missing_folders_are_made_private(tmp_path, usual_umask):
    private_directory(tmp_path / "data" / "paperreader")
    assert mode_of(tmp_path / "data") == 0o700
    assert mode_of(tmp_path / "data" / "paperreader") == 0o700


def test_an_existing_folder_keeps_its_mode(tmp_path, usual_umask):
    (tmp_path / "mine").mkdir(mode=0o755)
    private_directory(tmp_path / "mine")
    assert mode_of(tmp_path / "mine") == 0o755


def test_a_new_file_made_in_place_is_private_and_an_existing_one_untouched(tmp_path, usual_umask):
    private_file(tmp_path / "library.sqlite3")
    assert mode_of(tmp_path / "library.sqlite3") == 0o600
    assert (tmp_path / "library.sqlite3").read_bytes() == b""
    (tmp_path / "kept").write_bytes(b"data")
    (tmp_path / "kept").chmod(0o644)
    private_file(tmp_path / "kept")
    assert (tmp_path / "kept").read_bytes() == b"data"
    assert mode_of(tmp_path / "kept") == 0o644


@pytest.mark.parametrize(
    ("mode", "owner", "why"),
    [
        (0o777, None, "can be written by every user of this machine"),
        (0o757, None, "can be written by every user of this machine"),
        (0o700, 65534, "belongs to another user"),
        (0o1777, 65534, "belongs to another user"),
    ],
)
def test_a_folder_others_can_change_is_refused_in_one_sentence(tmp_path, mode, owner, why):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    if owner is not None:
        os.chown(folder, owner, -1)
    assert unsafe_reason(folder) == why
    with pytest.raises(StorageError) as refused:
        private_directory(folder)
    assert refused.value.message.startswith(f"{folder} {why}, so paperreader keeps nothing")
    assert "\n" not in refused.value.message


@pytest.mark.parametrize("mode", [0o700, 0o755, 0o770, 0o1777])
def test_a_folder_of_ones_own_or_a_sticky_one_is_accepted(tmp_path, mode):
    folder = tmp_path / "mine"
    folder.mkdir()
    folder.chmod(mode)
    assert unsafe_reason(folder) is None
    private_directory(folder)


def test_a_folder_of_the_superuser_is_accepted(tmp_path, monkeypatch):
    folder = tmp_path / "system"
    folder.mkdir()
    os.chown(folder, 0, -1)
    monkeypatch.setattr(os, "getuid", lambda: 1000)
    assert unsafe_reason(folder) is None


def test_a_symlinked_folder_is_judged_where_it_points(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    target.chmod(0o777)
    (tmp_path / "link").symlink_to(target)
    assert unsafe_reason(tmp_path / "link") == "can be written by every user of this machine"


def test_a_file_where_the_folder_should_be_is_an_os_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError):
        private_directory(tmp_path / "file")
    with pytest.raises(NotADirectoryError):
        private_directory(tmp_path / "file" / "below")
