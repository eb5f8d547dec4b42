"""The listing cache's diskcache, opened so that nothing in its folder can run code.

diskcache unpickles what its rows say was pickled, reads and deletes the files its rows
name, and applies the settings its database holds; all of that is on disk, where anything
may have been planted. So the cache keeps bytes only (the JSON is encoded and decoded by
`storage.cache`), `BytesOnlyDisk` refuses every row in any other mode and every file name
diskcache itself would not have made, and a database with settings diskcache does not know
is not opened at all.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import DEFAULT_SETTINGS, METADATA, MODE_BINARY, MODE_RAW

from paperreader.platform.files import private_directory, private_file

DATABASE = "cache.db"
"""diskcache's SQLite file in the cache folder."""
SIZE_LIMIT = 2**30
"""Bytes kept before the least recently stored entries are evicted."""
_IN_DATABASE = 2**40
"""Values below this size stay in the database: the cache never writes value files."""
_VALUE_FILE = re.compile(r"[0-9a-f]{2}[/\\][0-9a-f]{2}[/\\][0-9a-f]{28}\.val")
"""The relative names diskcache gives value files; a row naming anything else was planted."""
SETTINGS: dict[str, Any] = {
    **DEFAULT_SETTINGS,
    "size_limit": SIZE_LIMIT,
    "disk_min_file_size": _IN_DATABASE,
}
"""Every setting given explicitly, so none is taken from the database."""
SCHEMA = {
    "Settings",
    "Cache",
    "Cache_key_raw",
    "Cache_expire_time",
    "Cache_store_time",
    "Settings_count_insert",
    "Settings_count_delete",
    "Settings_size_insert",
    "Settings_size_update",
    "Settings_size_delete",
}
"""What diskcache's `Cache` makes in a new database with `SETTINGS` (no tag index)."""


class RefusedEntry(Exception):
    """A row this cache did not write: pickled, text, or naming a file of somebody else's."""


class ForeignCache(Exception):
    """The folder's database holds settings diskcache never writes."""


class BytesOnlyDisk(diskcache.Disk):
    """A diskcache Disk for bytes under string keys, and nothing else, in either direction."""

    def __init__(self, directory: str, **_settings: Any) -> None:
        # Settings read from the database are ignored: this disk's rules are fixed.
        super().__init__(directory, min_file_size=_IN_DATABASE, pickle_protocol=0)

    def get(self, key: Any, raw: bool) -> Any:
        if not raw:  # a pickled key
            raise RefusedEntry("a key that is not plain text")
        return super().get(key, raw)

    def store(self, value: Any, read: bool, key: Any = diskcache.core.UNKNOWN) -> Any:
        if read or not isinstance(value, bytes):
            raise TypeError("the listing cache stores bytes only")
        return super().store(value, read, key)

    def fetch(self, mode: int, filename: Any, value: Any, read: bool) -> Any:
        if read or mode not in (MODE_RAW, MODE_BINARY):
            raise RefusedEntry(f"an entry stored in mode {mode}")
        if mode == MODE_BINARY and not _is_value_file(filename):
            raise RefusedEntry("an entry naming a file outside the cache")
        data = super().fetch(mode, filename, value, read)
        if not isinstance(data, bytes):
            raise RefusedEntry("an entry that is not bytes")
        return data

    def remove(self, file_path: Any) -> None:
        if _is_value_file(file_path):  # never a path a planted row chose
            super().remove(file_path)


def _is_value_file(name: Any) -> bool:
    return isinstance(name, str) and _VALUE_FILE.fullmatch(name) is not None


def open_cache(directory: Path) -> tuple[Any, int]:
    """The cache in `directory` (a private folder, made if missing) and how many entries of an
    older format (pickled, which is never read) it held and dropped.

    Raises StorageError for a folder others can write, ForeignCache for a database that is
    not diskcache's, sqlite3.Error or OSError for one that cannot be opened.
    """
    private_directory(directory)
    database = directory / DATABASE
    private_file(database)  # created empty and private: SQLite makes it a database
    stored = _stored_settings(database)
    if stored is not None:
        cache: Any = _SetUpCache(str(directory), stored)
    else:
        cache = diskcache.Cache(str(directory), disk=BytesOnlyDisk, **SETTINGS)
    try:
        dropped = _drop_unreadable(cache)
    except BaseException:
        cache.close()
        raise
    return cache, dropped


def _stored_settings(database: Path) -> dict[str, Any] | None:
    """The Settings table of a database this cache has already set up (every setting as
    `SETTINGS` has it, every table, index and trigger made), or None to set it up.

    Raises ForeignCache when the table holds a key diskcache never writes: its `sqlite_*`
    keys become PRAGMAs, its `disk_*` keys arguments, on opening."""
    known = set(DEFAULT_SETTINGS) | set(METADATA)
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        if "Settings" not in names:
            return None
        stored = dict(db.execute("SELECT key, value FROM Settings").fetchall())
    finally:
        db.close()
    unknown = sorted(str(key) for key in stored.keys() - known)
    if unknown:
        raise ForeignCache(f"unknown settings ({', '.join(unknown)[:80]})")
    settled = (
        names >= SCHEMA
        and "Cache_tag_rowid" not in names
        and stored.keys() == known
        and all(stored[key] == value for key, value in SETTINGS.items())
    )
    return stored if settled else None


class _SetUpCache(diskcache.Cache):
    """diskcache's `Cache` on a database already set up as `SETTINGS` says.

    diskcache's own opening writes every setting back, whether changed or not, and makes
    each table, index and trigger if missing: some 70 statements, most of them writes (from
    4 to 20 ms before the first frame). This one leaves the cache as that opening leaves it,
    reading what it needs instead.
    """

    def __init__(self, directory: str, stored: dict[str, Any]) -> None:
        # diskcache 5.6's `Cache.__init__`, for a database where it would change nothing.
        self._directory = directory
        self._timeout = 60
        self._local = threading.local()
        self._txn_id = None
        self._disk = BytesOnlyDisk(directory)
        for key, value in stored.items():
            if key.startswith("disk_"):
                setattr(self._disk, key[5:], value)
            setattr(self, key, value)
        # The connection, opened here, sets the `sqlite_*` PRAGMAs from the Settings table.
        ((self._page_size,),) = self._sql("PRAGMA page_size").fetchall()


def _drop_unreadable(cache: Any) -> int:
    """Remove every entry this cache would refuse to read (the pickled records of earlier
    versions, anything planted); how many there were."""
    con = cache._sql  # diskcache's own connection: no second writer on the file
    (count,) = con(
        "SELECT count(*) FROM Cache WHERE raw != 1 OR mode NOT IN (?, ?)", (MODE_RAW, MODE_BINARY)
    ).fetchone()
    if count:
        cache.clear()  # removes only files `BytesOnlyDisk.remove` accepts
    return int(count)
