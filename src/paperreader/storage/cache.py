"""Listings and paper details on disk (diskcache), so whatever was seen stays readable offline.

Each entry records when it was fetched; `freshness_ttl` says how long a kind of listing is
trusted before it is refreshed behind what is on screen. The cache may be deleted at any
time; a corrupt one is moved aside and rebuilt, and if even that fails the program runs
without a cache and says so. It keeps JSON bytes, never a pickle (`cache_disk`), in a private
folder that nobody else can write.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from paperreader.config.settings import CacheLifetimes
from paperreader.domain import periods
from paperreader.domain.errors import StorageError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.platform.files import move_aside, reason
from paperreader.storage.cache_disk import ForeignCache, RefusedEntry, open_cache
from paperreader.storage.cache_items import items, listing_head

CACHE_VERSION = "v2"
"""Bump when the stored shape changes; old entries are then simply not found."""

MINUTE = 60.0
HOUR = 60 * MINUTE


def freshness_ttl(
    query: ListingQuery, now: datetime | None = None, lifetimes: CacheLifetimes | None = None
) -> float:
    """Seconds a cached copy of `query` counts as fresh (`lifetimes` from the config)."""
    life = lifetimes or CacheLifetimes()
    if query.kind is ListingKind.SEARCH:
        return life.search_seconds
    if query.kind is ListingKind.TRENDING:
        return life.trending_seconds
    if query.period is None or periods.is_current(query.kind, query.period, now):
        return life.today_seconds
    return life.past_days_seconds


EXTRAS_TTL = HOUR
"""How long a paper's linked repos and comment count count as fresh."""
DISCUSSION_TTL = 10 * MINUTE
"""How long a paper's comments count as fresh."""
FULL_TEXT_TTL = 30 * 24 * HOUR
"""How long a read full text is kept before it is fetched again (it rarely changes)."""
NO_FULL_TEXT_TTL = 24 * HOUR
"""How long 'the hub has no full text' is believed before asking again."""
MAX_TIMESTAMP = 253402300800.0
"""Unix time of 10000-01-01: a stored fetch time must be a date Python can show."""


class CachedEntry(NamedTuple):
    """Raw JSON as the hub sent it, and when."""

    data: Any
    fetched_at: float
    """Unix time of the fetch."""

    def age(self, now: float | None = None) -> float:
        """Seconds since the fetch."""
        return max(0.0, (now if now is not None else time.time()) - self.fetched_at)


class ListingCache:
    """A versioned key-value cache of raw hub responses, keyed by endpoint and query."""

    def __init__(self, directory: Path, endpoint: str) -> None:
        self.directory = directory
        self._endpoint = endpoint
        self._cache: Any = None
        self._open_lock = threading.Lock()
        self._disabled = False
        self._read_only = False
        """Set once a write failed (a full disk, say): what is cached can still be read."""
        self._rebuilt = False
        self.problem: str | None = None
        """One sentence about a cache that had to be moved aside or switched off."""

    def get_listing(self, query: ListingQuery) -> CachedEntry | None:
        """The cached raw items of a listing, or None."""
        return self._get(f"listing:{query.key}")

    def get_listing_items(self, query: ListingQuery) -> CachedEntry | None:
        """As `get_listing`, but `data` is an iterator that decodes the items one at a time
        (`cache_items`): a large listing's items never all exist at once. It raises
        `CorruptEntry` when the stored JSON goes wrong part-way."""
        return self._get(f"listing:{query.key}", decode_listing)

    def put_listing(
        self, query: ListingQuery, items: list[Any], fetched_at: float | None = None
    ) -> None:
        """Store the raw items of a listing."""
        self._put(f"listing:{query.key}", items, fetched_at)

    def get_paper(self, paper_id: str) -> CachedEntry | None:
        """The cached raw detail of a paper, or None."""
        return self._get(f"paper:{paper_id}")

    def put_paper(
        self, paper_id: str, data: dict[str, Any], fetched_at: float | None = None
    ) -> None:
        """Store the raw detail of a paper."""
        self._put(f"paper:{paper_id}", data, fetched_at)

    def get_discussion(self, paper_id: str) -> CachedEntry | None:
        """The cached raw detail of a paper fetched with its comments (E4), or None."""
        return self._get(f"discussion:{paper_id}")

    def put_discussion(
        self, paper_id: str, data: dict[str, Any], fetched_at: float | None = None
    ) -> None:
        """Store the raw detail of a paper fetched with its comments."""
        self._put(f"discussion:{paper_id}", data, fetched_at)

    def get_full_text(self, paper_id: str) -> CachedEntry | None:
        """The cached raw Markdown of a paper (`data` is a str), or the marker that the hub
        has none (`data` is None); None when nothing is cached."""
        entry = self._get(f"fulltext:{paper_id}")
        if entry is None or not isinstance(entry.data, dict):
            return None
        markdown = entry.data.get("markdown")
        if markdown is not None and not isinstance(markdown, str):
            return None
        return CachedEntry(markdown, entry.fetched_at)

    def put_full_text(
        self, paper_id: str, markdown: str | None, fetched_at: float | None = None
    ) -> None:
        """Store a paper's raw Markdown, or None to remember that the hub has none."""
        self._put(f"fulltext:{paper_id}", {"markdown": markdown}, fetched_at)

    def info(self) -> dict[str, Any]:
        """Where the cache lives, how many entries and bytes it holds."""
        cache = self._open()
        if cache is None:
            return {"directory": str(self.directory), "entries": 0, "bytes": 0}
        try:
            return {
                "directory": str(self.directory),
                "entries": len(cache),
                "bytes": int(cache.volume()),
            }
        except (sqlite3.Error, OSError):
            return {"directory": str(self.directory), "entries": 0, "bytes": 0}

    def clear(self) -> int:
        """Remove every entry; returns how many were removed."""
        cache = self._open()
        if cache is None:
            return 0
        try:
            return int(cache.clear())
        except (sqlite3.Error, OSError) as error:
            self._fail(f"The cache could not be cleared: {error}.")
            return 0

    def close(self) -> None:
        """Release the SQLite handle."""
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()
            self._cache = None

    def _key(self, name: str) -> str:
        return f"{CACHE_VERSION}|{self._endpoint}|{name}"

    def _get(
        self, name: str, decode: Callable[[Any], CachedEntry | None] | None = None
    ) -> CachedEntry | None:
        cache = self._open()
        if cache is None:
            return None
        try:
            stored = cache.get(self._key(name))
        except RefusedEntry:
            return None  # pickled or planted: never read, as good as missing
        except (sqlite3.Error, OSError) as error:
            if not self._rebuild(error):
                self._fail(
                    f"The cache could not be read ({reason(error)}), so listings are not "
                    "kept for offline reading this session."
                )
            return None
        except Exception:
            return None  # diskcache's own failures (a timeout): a miss, never the caller's
        return (decode or decode_entry)(stored)

    def _put(self, name: str, data: Any, fetched_at: float | None) -> None:
        cache = self._open()
        if cache is None or self._read_only:
            return
        try:
            record = encode_entry(data, time.time() if fetched_at is None else fetched_at)
        except (TypeError, ValueError, RecursionError):
            return  # nothing JSON can hold is worth keeping
        try:
            cache.set(self._key(name), record)
        except Exception as error:  # sqlite3, OSError, diskcache.Timeout: never the caller's
            if isinstance(error, sqlite3.Error | OSError) and self._rebuild(error):
                return
            # A full disk: what is cached stays readable, nothing more is written to it.
            self._read_only = True
            self.problem = (
                f"The cache could not be written ({reason(error)}), so new listings are not "
                "kept for offline reading this session."
            )

    def _open(self) -> Any:
        if self._cache is not None or self._disabled:
            return self._cache
        with self._open_lock:  # a start-up read in a thread may race the first call
            return self._open_once()

    def _open_once(self) -> Any:
        if self._cache is not None or self._disabled:
            return self._cache
        try:
            self._cache = self._open_and_drop(self.directory)
        except StorageError as refused:  # a folder others can write: not ours to move
            self._fail(f"{refused.message} The cache is not used this session.")
        except (sqlite3.Error, OSError, ForeignCache) as first:
            moved = _move_aside(self.directory)
            try:
                if moved is None:
                    raise first
                self._cache = self._open_and_drop(self.directory)
                self.problem = f"The cache was unreadable and has been moved to {moved}."
            except (sqlite3.Error, OSError, ForeignCache, StorageError) as error:
                self._fail(
                    f"The cache at {self.directory} cannot be used ({_why(error)}), so "
                    "listings are not kept for offline reading this session."
                )
        return self._cache

    def _open_and_drop(self, directory: Path) -> Any:
        """The opened cache; entries of an older format are dropped, and said so."""
        cache, dropped = open_cache(directory)
        if dropped:
            self.problem = (
                f"The cache held {dropped} entries in an older format, which is no longer "
                "read; they were dropped and will be fetched again."
            )
        return cache

    def _fail(self, message: str) -> None:
        self.problem = message
        self._disabled = True
        self.close()

    def _rebuild(self, error: BaseException) -> bool:
        """A database found damaged mid-session is moved aside and started afresh, once;
        False when the error is no such damage or the rebuild failed."""
        if self._rebuilt or not _is_corrupt(error):
            return False
        self._rebuilt = True
        self.close()
        moved = _move_aside(self.directory)
        if moved is None:
            return False
        try:
            self._cache = self._open_and_drop(self.directory)
        except (sqlite3.Error, OSError, ForeignCache, StorageError):
            return False
        self.problem = f"The cache was damaged ({reason(error)}) and has been moved to {moved}."
        return True


def _is_corrupt(error: BaseException) -> bool:
    text = str(error)
    return isinstance(error, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text
    )


def _why(error: BaseException) -> str:
    return error.message if isinstance(error, StorageError) else reason(error)


def encode_entry(data: Any, fetched_at: float) -> bytes:
    """What the cache keeps for `data`: JSON bytes, never a pickle."""
    record = {"fetched_at": fetched_at, "data": data}
    return json.dumps(record, separators=(",", ":")).encode("ascii")


def decode_listing(stored: Any) -> CachedEntry | None:
    """As `decode_entry`, with a listing's items decoded one at a time as `data` (an
    iterator) is read; an entry of any other shape is decoded whole."""
    head = listing_head(stored) if isinstance(stored, bytes) else None
    if head is None:
        return decode_entry(stored)
    fetched_at, start = head
    if not 0 <= fetched_at < MAX_TIMESTAMP:
        return None
    return CachedEntry(items(stored, start), fetched_at)


def decode_entry(stored: Any) -> CachedEntry | None:
    """The entry `encode_entry` wrote, or None for anything else the cache holds."""
    if not isinstance(stored, bytes):
        return None
    try:
        record = json.loads(stored)
    except (ValueError, RecursionError):  # RecursionError: nested beyond reading
        return None
    if not isinstance(record, dict) or "data" not in record:
        return None
    fetched_at = record.get("fetched_at")
    if isinstance(fetched_at, bool) or not isinstance(fetched_at, int | float):
        return None
    if not 0 <= fetched_at < MAX_TIMESTAMP:  # NaN too: no age, no date to show
        return None
    return CachedEntry(record["data"], float(fetched_at))


def _move_aside(directory: Path) -> Path | None:
    """Move the cache directory aside; None when it is not there (or is no directory, so not
    ours to move) or cannot be moved."""
    if not directory.is_dir():
        return None
    try:
        return move_aside(directory)
    except OSError:
        return None
