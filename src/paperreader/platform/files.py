"""Writing files so that nothing is ever half written, lost or overwritten by accident.

The one place that knows how: a file is replaced atomically (`atomic_write`), a damaged file
is renamed aside and never deleted (`move_aside`), processes sharing a data dir take turns
through one lock file (`lock`/`unlock`), and every store lives in a folder only its user can
read and nobody else can write (`private_directory`, `private_file`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from paperreader.domain.errors import StorageError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # everything but Windows
    msvcrt = None  # type: ignore[assignment]

LOCKING_WORKS = fcntl is not None or msvcrt is not None
"""False where no locking primitive exists: `lock` then always succeeds (best effort: one
running instance is still safe, two are not)."""


def reason(error: BaseException) -> str:
    """Why a file operation failed, briefly: the OS's words for an OSError, else the message."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


# --------------------------------------------------------------------------------------------
# Private places
# --------------------------------------------------------------------------------------------

PRIVATE_FOLDER = 0o700
"""The mode of every folder a store creates: the cache, the data dir."""
PRIVATE_FILE = 0o600
"""The mode of every file a store creates (`atomic_write`'s temporaries are made so too)."""


def private_directory(directory: Path) -> None:
    """Make `directory`, and any missing folder above it, as PRIVATE_FOLDER; then refuse it
    (StorageError, one sentence) when someone else could change what a store keeps there.

    A folder that exists keeps its mode: it is the user's. OSError when it cannot be made
    or is not a folder.
    """
    missing: list[Path] = []
    folder = directory
    while not os.path.lexists(folder) and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.mkdir(folder, PRIVATE_FOLDER)
    why = unsafe_reason(directory)
    if why:
        raise StorageError(
            f"{directory} {why}, so paperreader keeps nothing there; "
            "use a folder of your own or fix its permissions."
        )


def unsafe_reason(directory: Path) -> str | None:
    """Why others could change the files in `directory` (anyone may write to it and nothing
    stops them from replacing a file, or it belongs to another user), else None.

    The superuser counts as nobody else: a folder it owns is as safe as the system. Raises
    OSError when `directory` is missing or is not a folder.
    """
    status = os.stat(directory)
    if not stat.S_ISDIR(status.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(directory))
    if os.name == "nt" or not hasattr(os, "getuid"):
        return None  # the owner and mode bits mean something else there
    if status.st_mode & stat.S_IWOTH and not status.st_mode & stat.S_ISVTX:
        return "can be written by every user of this machine"
    if status.st_uid not in (os.getuid(), 0):
        return "belongs to another user"
    return None


def private_file(path: Path) -> None:
    """Create `path` empty as PRIVATE_FILE when nothing is there, so a file a library makes
    later in place (SQLite's database) is private too; an existing one is left alone."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(fd)


# --------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old file or the new one, whole.

    The bytes go to a temporary file beside the target, which is fsynced and renamed over it,
    then the directory is fsynced. A symlinked file is updated where it lives, and keeps its
    permissions. The directory must exist. Raises OSError, leaving no temporary behind.
    """
    target = Path(os.path.realpath(path))
    fd, temp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            with contextlib.suppress(OSError, NotImplementedError):  # keep the user's mode
                os.chmod(file.fileno(), stat.S_IMODE(os.stat(target).st_mode))
            os.fsync(file.fileno())
        _replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_directory(target.parent)


def sweep_temporaries(path: Path) -> None:
    """Delete the temporaries a killed `atomic_write` of `path` left behind.

    Only safe while holding the lock that every writer of `path` takes: then no live writer
    can own one.
    """
    target = Path(os.path.realpath(path))
    for leftover in target.parent.glob(f"{_temp_prefix(target)}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable; not possible (nor needed) everywhere."""
    if os.name == "nt":
        return
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _replace(source: str, target: Path) -> None:
    """`os.replace`, retried briefly on Windows, where a reader holding the file blocks it."""
    for attempt in range(10):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 9:
                raise
            time.sleep(0.05)


# --------------------------------------------------------------------------------------------
# Moving a damaged file aside
# --------------------------------------------------------------------------------------------

_NO_FOLLOW: dict[str, Any] = (
    {"follow_symlinks": False} if os.link in os.supports_follow_symlinks else {}
)
"""Move a symlinked file aside as the link itself, where the platform can say so."""


def move_aside(
    path: Path, *, companions: Sequence[str] = (), replacement: bytes | Path | None = None
) -> Path:
    """Rename `path` to `<name>.corrupt-YYYYmmdd-HHMMSS[-n]` and return that name.

    Never over anything: a hard link then an unlink cannot replace an existing file even in
    a race; where links are not possible (a directory, some file systems) a rename after
    checking the name is free does. `companions` are suffixes of files that belong with it
    (SQLite's `-wal`, `-shm`): each goes to the new name plus its suffix, and a name is free
    only when it is free for all of them. Whatever of them exists is moved; FileNotFoundError
    when none does. With `replacement` (what could be recovered from the file), `path` then
    holds it, written atomically; if that fails, the file is put back and the OSError raised.
    A replacement too big for memory is a file beside `path`, renamed over it.
    """
    suffixes = ("", *companions)
    if not any(os.path.lexists(f"{path}{suffix}") for suffix in suffixes):
        raise FileNotFoundError(f"{path} does not exist")
    if replacement is not None and os.path.islink(path):
        replacement = None  # writing would go through the link, into the file kept aside
    for target in _aside_names(path):
        if any(os.path.lexists(f"{target}{suffix}") for suffix in suffixes):
            continue
        linked = False
        if os.path.lexists(path):
            try:
                os.link(path, target, **_NO_FOLLOW)
            except FileExistsError:
                continue
            except (OSError, NotImplementedError):
                os.rename(path, target)
            else:
                linked = True
        if replacement is None:
            if linked:
                os.unlink(path)
        else:
            try:
                if isinstance(replacement, Path):
                    _replace(str(replacement), path)
                else:
                    atomic_write(path, replacement)  # atomically over the original, if linked
            except BaseException:
                with contextlib.suppress(OSError):
                    if linked:
                        os.unlink(target)
                    else:
                        os.rename(target, path)
                raise
        for suffix in companions:
            if os.path.lexists(f"{path}{suffix}"):
                os.rename(f"{path}{suffix}", f"{target}{suffix}")
        fsync_directory(path.parent)
        return target
    raise FileExistsError(f"no free name to move {path} aside")


def _aside_names(path: Path) -> Iterator[Path]:
    """`<name>.corrupt-YYYYmmdd-HHMMSS`, then `-1`, `-2`, ...: the first free one is taken,
    so an earlier copy is never overwritten."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        yield path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{attempt}" if attempt else ""))


# --------------------------------------------------------------------------------------------
# One lock between processes
# --------------------------------------------------------------------------------------------


class LockTimeout(Exception):
    """Another process held the lock for longer than the caller would wait."""


class LockFailed(OSError):
    """The lock file opened, but locking it failed (a file system without locks, say)."""


def lock(path: Path, timeout: float) -> int:
    """Take the exclusive lock on the file `path` (created if missing); the descriptor to
    give back to `unlock`.

    Waits up to `timeout` seconds, then raises LockTimeout. Opening the file raises
    OSError as it comes; a failure of the locking call itself raises LockFailed.
    Uses `fcntl.flock` where it exists, `msvcrt.locking` on Windows.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    deadline = time.monotonic() + timeout
    delay = 0.001
    try:
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeout(f"{path} is held by another process")
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
    except OSError as error:
        os.close(fd)
        raise LockFailed(error.errno, error.strerror or str(error)) from error
    except BaseException:
        os.close(fd)
        raise
    return fd


def unlock(fd: int) -> None:
    """Release a lock taken by `lock` and close its descriptor."""
    with contextlib.suppress(OSError):
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        elif msvcrt is not None:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock without waiting; False while another process holds it."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    if msvcrt is not None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    return True  # no locking primitive on this platform: best effort
