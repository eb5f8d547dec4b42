"""The library's one SQLite connection: opened on first use, guarded, recovered when damaged.

- One SQLite file in WAL mode with a busy timeout, so two running instances (the app and a
  `sync` in cron, say) can read and write it at once. Every write is one short transaction.
- One lock serialises the threads of a process (`service.library` calls in through
  `asyncio.to_thread`); SQLite's locking (WAL, busy timeout) serialises processes.
- On opening, SQLite's quick check reads every page (`health`). Damage in the search index
  alone is repaired by rebuilding it from the papers; any other damage (or a file SQLite
  cannot read) has its readable papers and days saved into a fresh file (`salvage`), which
  takes the damaged file's place while that is moved aside to
  `library.sqlite3.corrupt-YYYYmmdd-HHMMSS` (with its -wal and -shm), never deleted.
  `problem` says what was done, how much was saved and where the damaged file went.
- A library on read-only media is opened read-only (`mode=ro`) and said so.
- Every failure to open, read or write becomes a `StorageError` of one sentence.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperreader.domain.errors import StorageError
from paperreader.platform.files import move_aside, private_directory, private_file, reason
from paperreader.storage.library import health
from paperreader.storage.library.health import EVERYTHING, FTS_TABLES
from paperreader.storage.library.schema import (
    check_header,
    check_ours,
    inspect,
    prepare,
    transaction,
)

if TYPE_CHECKING:  # imported by a salvage alone: a sound file never needs it
    from paperreader.storage.library.salvage import Salvaged

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process's transaction before giving up."""
CACHE_KIB = 16 * 1024
"""SQLite's page cache per connection. Its default, 2 MiB, holds less than one search of a
large library reads (index pages of its words, rows of its matches), so every search read
them again through the OS. Only pages read take memory."""
CHECK_CACHE_KIB = 2 * 1024
"""The page cache of the quick check on opening (SQLite's default), which reads each page once."""
SQLITE_COMPANIONS = ("-wal", "-shm")
"""The files SQLite keeps beside the database in WAL mode; they go wherever it goes."""
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class Database:
    """The library file's connection, through which every read and write runs."""

    def __init__(
        self,
        path: Path,
        *,
        use_fts: bool | None = None,
        on_created: Callable[[], None] | None = None,
    ) -> None:
        """`use_fts=False` forces the substring fallback (None: FTS5 when SQLite has it);
        `on_created` runs once, when this process created the library (to seed it)."""
        self.path = path
        self.lock = threading.RLock()
        """Held around every use of the connection; callers may hold it longer."""
        self.fts = False
        """Searches use FTS5; known once the file is open."""
        self.problem: str | None = None
        """One sentence when the file had to be moved aside or cannot be written."""
        self._want_fts = use_fts
        self._on_created = on_created
        self._read_only = False
        self._db: sqlite3.Connection | None = None

    def close(self) -> None:
        """Close the connection (it is reopened if used again)."""
        with self.lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None

    def read(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `action` on the connection, outside any transaction."""
        with self.lock:
            return self._guarded(action, write=False)

    def write(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `action` in one write transaction; StorageError for a read-only file."""
        with self.lock:
            if self.connection() is not None and self._read_only:
                raise StorageError(self.problem or f"The library {self.path} is read-only.")
            return self._guarded(action, write=True)

    def connection(self) -> sqlite3.Connection:
        """The open connection, opening (or recovering) the file first if need be."""
        if self._db is not None:
            return self._db
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as error:
            if not _is_corrupt(error):
                raise StorageError(_storage_message(self.path, error)) from None
            self._salvage(str(error))
        else:
            self._check(self._db)
        assert self._db is not None
        return self._db

    def _guarded(self, action: Callable[[sqlite3.Connection], Any], *, write: bool) -> Any:
        for attempt in range(2):
            db = self.connection()
            try:
                if not write:
                    return action(db)
                with transaction(db):
                    return action(db)
            except sqlite3.DatabaseError as error:
                if _is_corrupt(error) and attempt == 0:
                    self._recover(error)
                    continue
                raise StorageError(_storage_message(self.path, error)) from None
        raise AssertionError("unreachable")

    def _check(self, db: sqlite3.Connection) -> None:
        """The quick check on opening: damage is repaired before anything is read."""
        # It reads every page once: through a small page cache, or a large library's pages
        # would fill the searches' cache (and the process) with pages nothing reads again.
        db.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        try:
            found = health.check(db)
        finally:
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if found.sound:
            return
        if self._read_only:
            self.problem = (
                f"The library {self.path} is damaged and cannot be repaired where it is "
                "(read-only); what can be read of it is shown."
            )
            return
        if found.index_only and self.fts and self._rebuilt_index():
            return
        tables = sorted(found.damaged - FTS_TABLES - {EVERYTHING})
        self._salvage("damaged pages" + (f" in {', '.join(tables)}" if tables else ""))

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """Damage met mid-session: the search index rebuilt when it alone is damaged, else
        the readable rows saved; nothing is moved when no damage can be found."""
        db = self._db
        if db is not None and not self._read_only:
            found = health.check(db)
            if found.sound or found.index_only:
                damaged_index = not found.sound or health.index_fails(db)
                if damaged_index and self.fts and self._rebuilt_index():
                    return
                if found.sound:
                    raise StorageError(_storage_message(self.path, error)) from None
        elif self._read_only:
            raise StorageError(_storage_message(self.path, error)) from None
        self._salvage(str(error))

    def _rebuilt_index(self) -> bool:
        assert self._db is not None
        if not health.rebuild_index(self._db):
            return False
        log.warning("library %s: the search index was damaged and has been rebuilt", self.path)
        self.problem = (
            "The library's search index was damaged and has been rebuilt from the papers it "
            "holds; nothing was lost."
        )
        return True

    def _salvage(self, cause: str) -> None:
        """Save the readable rows into a fresh file, which takes the damaged file's place; the
        damaged file is moved aside, never deleted. A file that is some other program's
        database is moved aside whole: its tables are not ours to copy."""
        from paperreader.storage.library.salvage import salvage

        self.close()
        fresh = self.path.with_name(f".{self.path.name}.salvage-{os.getpid()}")
        fresh.unlink(missing_ok=True)  # left by a run killed while salvaging
        saved: Salvaged | None = None
        if "not a paperreader" not in cause:
            try:
                saved = salvage(self.path, fresh, self._want_fts)
            except (sqlite3.Error, OSError) as error:
                log.warning("library %s: nothing could be saved (%s)", self.path, error)
        try:
            target = move_aside(
                self.path, companions=SQLITE_COMPANIONS, replacement=fresh if saved else None
            )
        except OSError as move_error:
            fresh.unlink(missing_ok=True)
            raise StorageError(
                f"The library {self.path} is damaged ({cause}) and could not be moved aside "
                f"({move_error.strerror or move_error})."
            ) from None
        fresh.unlink(missing_ok=True)  # not taken: the damaged file was a symlink
        log.warning("library %s was damaged (%s); moved to %s", self.path, cause, target)
        if saved is None:
            self.problem = (
                f"The library could not be read ({cause}) and was moved to {target}; "
                "a new, empty library was started."
            )
        else:
            self.problem = (
                f"The library could not be read whole ({cause}): {saved.papers} papers and "
                f"{saved.days} days were saved into a fresh library, and the damaged file "
                f"was moved to {target}."
            )
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as again:
            raise StorageError(_storage_message(self.path, again)) from None

    def _open(self) -> sqlite3.Connection:
        try:
            private_directory(self.path.parent)  # StorageError when others could change it
            writable = _writable(self.path)
            if writable:
                private_file(self.path)  # SQLite's -wal and -shm take the database's mode
        except OSError as error:
            raise StorageError(f"Cannot create {self.path}: {reason(error)}.") from None
        check_header(self.path)  # before SQLite opens it: a failed open drops its -wal
        if not writable:
            return self._open_read_only()
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
            check_same_thread=False,
        )  # fmt: skip
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            check_ours(db)  # before the journal mode is set: that rewrites the file's header
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            prepared = prepare(db, self._want_fts)
        except BaseException:
            db.close()
            raise
        self.fts = prepared.fts
        if prepared.read_only:
            self._read_only = True
            self.problem = (
                f"The library {self.path} was written by a newer paperreader; it is read "
                "but not changed."
            )
        self._db = db
        if prepared.created and self._on_created is not None:
            on_created, self._on_created = self._on_created, None
            on_created()
        return db

    def _open_read_only(self) -> sqlite3.Connection:
        """A library on read-only media (a CD, a read-only mount, a folder not ours to write):
        read as it is, never written, and said so."""
        if not self.path.exists():
            raise StorageError(
                f"The library {self.path} does not exist and its folder is read-only."
            )
        last: sqlite3.DatabaseError | None = None
        # A file in WAL mode needs its -shm, which a read-only folder cannot hold: then the
        # file is read as immutable (nothing else can change it there either).
        for options in ("mode=ro", "mode=ro&immutable=1"):
            db = sqlite3.connect(
                f"file:{self.path}?{options}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None, check_same_thread=False,
            )  # fmt: skip
            try:
                check_ours(db)
                prepared = inspect(db, self._want_fts)
            except sqlite3.OperationalError as error:  # cannot open: try the next way
                db.close()
                last = error
                continue
            except BaseException:
                db.close()
                raise
            self.fts = prepared.fts
            self._read_only = True
            self.problem = (
                f"The library {self.path} is on a read-only disk: it is read but not changed."
            )
            self._db = db
            return db
        assert last is not None
        raise last


def _writable(path: Path) -> bool:
    """Whether the library can be written where it is (its folder, and the file if present)."""
    return os.access(path.parent, os.W_OK) and (
        not os.path.exists(path) or os.access(path, os.W_OK)
    )


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(error)
    return "not a database" in text or "malformed" in text or "not a paperreader" in text


def _storage_message(path: Path, error: sqlite3.Error) -> str:
    code = getattr(error, "sqlite_errorcode", None)
    if (code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)) or (
        "database is locked" in str(error)
    ):
        return (
            f"The library {path} is busy: another paperreader has been writing to it for "
            f"{BUSY_TIMEOUT_MS / 1000:g} s; try again when it is done."
        )
    return f"The library {path} cannot be used: {error}."
