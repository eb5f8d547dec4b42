"""Changing the user-data files safely: under one lock between processes, never losing a byte.

- Every change takes an exclusive lock (`library.lock`, kept under its historical name so
  that running instances of older versions still take turns with this one), re-reads the
  file under it, applies itself and writes, so two running instances never undo each other.
- Every write replaces the file atomically (`platform.files.atomic_write`): a crash or
  `kill -9` at any moment leaves either the old file or the new one, never a torn or empty
  one. Temporaries a killed writer left are swept under the lock.
- A file that cannot be read is never overwritten: it is moved aside to
  `<name>.corrupt-YYYYmmdd-HHMMSS`, what is still readable in it is saved in its place, and
  the file's `problem` says where the original went.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from paperreader.domain.errors import StorageError
from paperreader.platform.files import (
    LOCKING_WORKS,
    LockFailed,
    LockTimeout,
    atomic_write,
    lock,
    move_aside,
    private_directory,
    reason,
    sweep_temporaries,
    unlock,
)
from paperreader.storage.user_data.documents import Unreadable, encode
from paperreader.storage.user_data.store_file import DocT, StoreFile, stat_signature

LOCK_FILE = "library.lock"
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another instance's lock before giving up on a change."""

T = TypeVar("T")


class _NotRecovered(StorageError):
    """A damaged file whose readable part could not be saved anew: it was left as it is."""

    def __init__(self, sentence: str, doc: Any) -> None:
        self.sentence = sentence
        """What happened, without the consequence (which depends on what was asked)."""
        self.doc = doc
        """What could be read from the file."""
        super().__init__(f"{sentence}, so it is left as it is and nothing was saved.")


class LockedFiles:
    """The user-data files of one data dir, read and changed under one lock.

    Reads never raise for a bad or missing file; changes raise `StorageError` when they
    cannot be saved, and then nothing changed. Thread-safe; the lock is re-entrant within
    one instance.
    """

    def __init__(self, directory: Path, files: Sequence[StoreFile[Any]]) -> None:
        self.directory = directory
        self.mutex = threading.RLock()
        """Held around every use of the files; callers may hold it longer."""
        self.write_problem: str | None = None
        """Why the last change could not be saved; None once one is."""
        self.recreated: str | None = None
        """Set when the data dir vanished under a running session and was made again."""
        self._files = tuple(files)
        self._lock_fd: int | None = None
        self._swept: set[Path] = set()

    def current(self, file: StoreFile[DocT]) -> DocT:
        """The file's contents for reading, reloaded if it changed on disk.

        An unreadable file is moved aside under the lock (after reading it again there, in
        case another instance just fixed it); if even that is impossible it is left alone and
        the store reads as empty.
        """
        with self.mutex:
            if file.unchanged():
                return file.doc
            try:
                return file.load()
            except Unreadable as bad:
                why = str(bad)
            try:
                with self._locked():
                    return self._load_for_change(file)
            except _NotRecovered as error:
                # Shown as far as it could be read; saved anew by the next change that can.
                file.problem = f"{error.sentence}, so it is left untouched for now."
                file.doc, file.signature = error.doc, stat_signature(file.path)
                return file.doc
            except StorageError:
                file.problem = (
                    f"{file.what} {file.path} could not be read ({why}) and could not be "
                    "moved aside, so it is left untouched and nothing in it is shown."
                )
                file.doc, file.signature = file.empty, stat_signature(file.path)
                return file.doc

    def _load_for_change(self, file: StoreFile[DocT]) -> DocT:
        """Read the file afresh (the lock is held); an unreadable one is moved aside, and
        what can still be read from it is saved in its place."""
        try:
            return file.load()
        except Unreadable as bad:
            salvaged = None
            with contextlib.suppress(OSError):
                salvaged = file.salvage(file.path.read_bytes())
            doc, fresh = salvaged or (file.empty, file.fresh)
            data = encode(doc.to_json()) if salvaged else None
            try:
                target = move_aside(file.path, replacement=data)
            except OSError as error:
                if salvaged:
                    raise _NotRecovered(
                        f"{file.what} {file.path} could not be read ({bad}), and what is "
                        f"readable in it could not be saved to a new file ({reason(error)})",
                        doc,
                    ) from error
                raise StorageError(
                    f"{file.what} {file.path} could not be read ({bad}) and could not be moved "
                    f"aside ({reason(error)}), so nothing was saved."
                ) from error
            file.problem = (
                f"{file.what} could not be read ({bad}) and was moved to {target}; {fresh}."
            )
            file.doc = doc
            file.signature = stat_signature(file.path) if salvaged else None
            return file.doc

    def change(self, file: StoreFile[DocT], change: Callable[[DocT], tuple[DocT | None, T]]) -> T:
        """Apply `change` to the file's current contents under the lock, and save the result.

        `change` returns the new document (None when nothing changed) and the caller's result.
        """
        with self.mutex:
            try:
                with self._locked():
                    doc = self._load_for_change(file)
                    if doc.newer is not None:
                        raise StorageError(file.read_only_reason())
                    new_doc, result = change(doc)
                    if new_doc is not None:
                        self._save(file, new_doc)
            except StorageError as error:
                self.write_problem = error.message
                raise
            self.write_problem = None
            return result

    def _save(self, file: StoreFile[DocT], doc: DocT) -> None:
        data = encode(doc.to_json())
        try:
            if LOCKING_WORKS and file.path not in self._swept:
                sweep_temporaries(file.path)  # no live writer owns one while the lock is held
                self._swept.add(file.path)
            atomic_write(file.path, data)
        except OSError as error:
            raise StorageError(
                f"{file.what} could not be saved to {file.path} ({reason(error)})."
            ) from error
        file.doc, file.signature = doc, stat_signature(file.path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the inter-process lock (re-entrant within this instance)."""
        with self.mutex:
            if self._lock_fd is not None:
                yield
                return
            self._lock_fd = self._acquire()
            try:
                yield
            finally:
                fd, self._lock_fd = self._lock_fd, None
                unlock(fd)

    def _acquire(self) -> int:
        path = self.directory / LOCK_FILE
        try:
            if not self.directory.is_dir() and any(
                isinstance(f.signature, tuple) for f in self._files
            ):
                self.recreated = (
                    f"The data directory {self.directory} disappeared while paperreader was "
                    "running and has been created again, without the bookmarks and read marks "
                    "it held."
                )
            private_directory(self.directory)
            return lock(path, LOCK_TIMEOUT)
        except LockTimeout:
            raise StorageError(
                f"Another paperreader has held {path} for {LOCK_TIMEOUT:g} s, "
                "so the change was not saved."
            ) from None
        except LockFailed as error:  # a file system without locks, say
            raise StorageError(
                f"{path} could not be locked ({reason(error)}), so the change was not saved."
            ) from error
        except OSError as error:
            raise StorageError(
                f"The data directory {self.directory} is not writable ({reason(error)}), "
                "so the change was not saved."
            ) from error
