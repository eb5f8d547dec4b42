"""`WatchStore`: the watch list and the digest's last mark, in `watches.json` in the data dir.

As safe as the bookmarks, by the same means (`platform.files`):
- every change takes an exclusive lock between processes (`watches.lock`), re-reads the file
  under it, applies itself and replaces the file atomically, so a crash or `kill -9` leaves
  the old file or the new one, and two running instances never undo each other;
- a file that cannot be read is never overwritten: it is moved aside to
  `watches.json.corrupt-YYYYmmdd-HHMMSS`, the watches still readable in it are saved in its
  place, and `problem` says where the original went;
- a file from a newer version is read but never written; keys and records this version does
  not know are written back as they were;
- the data dir is private (0700) and the file 0600, and a folder others can change is refused.

`{"version": 1, "watches": [{"kind", "text", "added_at"}, ...], "seen": {"digest": {"at",
"ids"}}}`: plain JSON a person can read and fix by hand.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from paperreader.domain.errors import StorageError, UsageError
from paperreader.domain.watches import SeenMark, Watch, make_watch
from paperreader.formats.hub_values import parse_datetime
from paperreader.formats.records import as_utc, datetime_to_text
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

FILE_NAME = "watches.json"
LOCK_FILE = "watches.lock"
FORMAT_VERSION = 1
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another instance's lock before giving up on a change."""
SEEN_IDS = 5_000
"""Paper ids a mark keeps (the most recent ones): a mark covers a few days of papers."""

T = TypeVar("T")


class _Unreadable(Exception):
    """The file is not a watch list of ours; the message says why."""


_Entry = tuple[Any, Watch | None]
"""A record as read, and the watch in it (None when it cannot be read: kept, unshown)."""


@dataclass(frozen=True)
class _Doc:
    entries: tuple[_Entry, ...] = ()
    seen: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    newer: int | None = None

    @property
    def watches(self) -> tuple[Watch, ...]:
        return tuple(w for _, w in self.entries if w is not None)

    def to_json(self) -> dict[str, Any]:
        records = [raw for raw, _ in self.entries]
        return {"version": FORMAT_VERSION, **self.extra, "watches": records, "seen": self.seen}


def _watch_from(record: object) -> Watch | None:
    if not isinstance(record, dict):
        return None
    kind, text = record.get("kind"), record.get("text")
    if not isinstance(kind, str) or not isinstance(text, str):
        return None
    try:
        watch = make_watch(kind, text)
    except UsageError:
        return None
    added = record.get("added_at")
    return replace(watch, added_at=parse_datetime(added) if isinstance(added, str) else None)


def _watch_record(watch: Watch) -> dict[str, Any]:
    record: dict[str, Any] = {"kind": watch.kind.value, "text": watch.text}
    if watch.added_at is not None:
        record["added_at"] = datetime_to_text(watch.added_at)
    return record


def _parse(data: object) -> _Doc:
    if not isinstance(data, dict):
        raise _Unreadable("it is not a JSON object")
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Unreadable(f"unknown format version {version!r}")
    records = data.get("watches", [])
    seen = data.get("seen", {})
    if not isinstance(records, list) or not isinstance(seen, dict):
        raise _Unreadable('its "watches" is not a list or its "seen" not an object')
    extra = {k: v for k, v in data.items() if k not in ("version", "watches", "seen")}
    entries = tuple((raw, _watch_from(raw)) for raw in records)
    return _Doc(entries, seen, extra, version if version > FORMAT_VERSION else None)


def _salvage(raw: bytes) -> _Doc | None:
    """The watches still readable in a damaged file (each whole object that is one)."""
    text = raw.decode("utf-8", errors="replace")
    decoder = json.JSONDecoder()
    entries: list[_Entry] = []
    position = text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            value, end = None, position
        watch = _watch_from(value)
        if watch is not None and "\ufffd" not in text[position:end]:
            entries.append((value, watch))
            position = text.find("{", end)
        else:
            position = text.find("{", position + 1)
    return _Doc(tuple(entries)) if entries else None


def _encode(doc: _Doc) -> bytes:
    return (json.dumps(doc.to_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class WatchStore:
    """The watch list of one data dir; thread-safe, and safe between processes.

    Reads never raise for a bad or missing file (what can be read is shown, and `problem`
    says what is wrong); changes raise `StorageError` when they cannot be saved, and then
    nothing changed.
    """

    def __init__(self, directory: Path, *, clock: Callable[[], datetime] | None = None) -> None:
        self.directory = Path(directory)
        self.path = self.directory / FILE_NAME
        self._clock = clock or (lambda: datetime.now(UTC))
        self._mutex = threading.RLock()
        self._swept = False
        self.problem: str | None = None
        """One sentence when the file was moved aside, is unreadable, or a change failed."""

    # -- reading --------------------------------------------------------------------------

    def watches(self) -> tuple[Watch, ...]:
        """Every readable watch, in the order they were added."""
        return self._current().watches

    def mark(self, name: str) -> SeenMark | None:
        """The mark `name` (`digest`) as last set; None if never set or unreadable."""
        entry = self._current().seen.get(name)
        if not isinstance(entry, dict) or not isinstance(entry.get("at"), str):
            return None
        at = parse_datetime(entry["at"])
        ids = entry.get("ids", [])
        if at is None or not isinstance(ids, list):
            return None
        return SeenMark(at, frozenset(i for i in ids if isinstance(i, str)))

    # -- changing -------------------------------------------------------------------------

    def add(self, watch: Watch) -> tuple[Watch, bool]:
        """Add a watch (stamped now); the one kept and False when it was there already."""

        def change(doc: _Doc) -> tuple[_Doc | None, tuple[Watch, bool]]:
            for existing in doc.watches:
                if existing.key == watch.key:
                    return None, (existing, False)
            added = replace(watch, added_at=as_utc(self._clock()))
            entries = (*doc.entries, (_watch_record(added), added))
            return replace(doc, entries=entries), (added, True)

        return self._change(change)

    def remove(self, number: int) -> Watch:
        """Remove watch `number` (1 is the first, as `watch list` counts); IndexError when
        there is no such watch."""

        def change(doc: _Doc) -> tuple[_Doc | None, Watch]:
            readable = [i for i, (_, w) in enumerate(doc.entries) if w is not None]
            if not 1 <= number <= len(readable):
                raise IndexError(number)
            index = readable[number - 1]
            removed = doc.entries[index][1]
            assert removed is not None
            entries = doc.entries[:index] + doc.entries[index + 1 :]
            return replace(doc, entries=entries), removed

        return self._change(change)

    def set_mark(self, name: str, ids: Iterable[str]) -> SeenMark:
        """Set mark `name` to now and `ids` (the last `SEEN_IDS` of them are kept)."""
        kept = list(dict.fromkeys(ids))[-SEEN_IDS:]
        at = as_utc(self._clock())

        def change(doc: _Doc) -> tuple[_Doc | None, SeenMark]:
            seen = {**doc.seen, name: {"at": datetime_to_text(at), "ids": kept}}
            return replace(doc, seen=seen), SeenMark(at, frozenset(kept))

        return self._change(change)

    # -- the file -------------------------------------------------------------------------

    def _current(self) -> _Doc:
        with self._mutex:
            try:
                return self._load()
            except _Unreadable:
                pass
            try:
                with self._locked():
                    return self._load_for_change()
            except StorageError as error:
                self.problem = error.message
                return _Doc()

    def _load(self) -> _Doc:
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return _Doc()
        except OSError as error:
            raise _Unreadable(f"reading it failed: {reason(error)}") from error
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise _Unreadable("it is not UTF-8 text") from error
        except (ValueError, RecursionError) as error:
            raise _Unreadable("it is not valid JSON") from error
        return _parse(data)

    def _load_for_change(self) -> _Doc:
        """Read the file afresh (the lock is held); an unreadable one is moved aside and what
        is still readable in it saved in its place."""
        try:
            return self._load()
        except _Unreadable as bad:
            salvaged = None
            with contextlib.suppress(OSError):
                salvaged = _salvage(self.path.read_bytes())
            try:
                target = move_aside(self.path, replacement=_encode(salvaged) if salvaged else None)
            except OSError as error:
                raise StorageError(
                    f"The watch list {self.path} could not be read ({bad}) and could not be "
                    f"moved aside ({reason(error)}), so it is left as it is."
                ) from error
            kept = len(salvaged.watches) if salvaged else 0
            self.problem = (
                f"The watch list could not be read ({bad}) and was moved to {target}; "
                + (f"{kept} watches were recovered from it." if kept else "starting anew.")
            )
            return salvaged or _Doc()

    def _change(self, change: Callable[[_Doc], tuple[_Doc | None, T]]) -> T:
        with self._mutex:
            try:
                with self._locked():
                    doc = self._load_for_change()
                    if doc.newer is not None:
                        raise StorageError(
                            f"The watch list {self.path} was written by a newer paperreader "
                            f"(format {doc.newer}), so it is shown but not changed."
                        )
                    new_doc, result = change(doc)
                    if new_doc is not None:
                        self._save(new_doc)
            except StorageError as error:
                self.problem = error.message
                raise
            return result

    def _save(self, doc: _Doc) -> None:
        try:
            if LOCKING_WORKS and not self._swept:
                sweep_temporaries(self.path)  # no live writer owns one while the lock is held
                self._swept = True
            atomic_write(self.path, _encode(doc))
        except OSError as error:
            raise StorageError(
                f"The watch list could not be saved to {self.path} ({reason(error)})."
            ) from error

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        path = self.directory / LOCK_FILE
        try:
            private_directory(self.directory)
            fd = lock(path, LOCK_TIMEOUT)
        except LockTimeout:
            raise StorageError(
                f"Another paperreader has held {path} for {LOCK_TIMEOUT:g} s, "
                "so the change was not saved."
            ) from None
        except OSError as error:  # LockFailed too: a file system without locks, say
            what = "could not be locked" if isinstance(error, LockFailed) else "is not writable"
            raise StorageError(
                f"{path if isinstance(error, LockFailed) else self.directory} {what} "
                f"({reason(error)}), so the change was not saved."
            ) from error
        try:
            yield
        finally:
            unlock(fd)
