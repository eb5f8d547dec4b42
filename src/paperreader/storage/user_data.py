"""The user's own data: bookmarks (a paper snapshot, tags, a note), read marks, and which papers
each listing showed at the last visit.

This is the one place in the program that must never lose anything, hence strict rules:

- Plain JSON files in the data dir that a person can read, diff and fix by hand:
  `bookmarks.json` and `state.json`.
- Every write goes to a temporary file in the same directory, which is flushed and fsynced
  and then renamed over the old file (and the directory fsynced): a crash or `kill -9` at any
  moment leaves either the old file or the new one, never a torn or empty one.
- Every change takes an exclusive lock (`library.lock`), re-reads the file under it, applies
  itself and writes, so two running instances never undo each other. Reads reload a file
  whenever it changed on disk, so one instance sees what another saved.
- A file that cannot be read is never overwritten: it is renamed aside to
  `<name>.corrupt-YYYYmmdd-HHMMSS` and `problem` says where. Inside a readable file, records
  that cannot be read are skipped, and written back exactly as they were.
- A change rewrites only the record it touches, so unknown keys (a newer version's, or the
  user's own) survive. A file from a newer format version is shown but never written.

Locking uses `fcntl.flock` where it exists, `msvcrt.locking` on Windows, and is a no-op
elsewhere (best effort: a single running instance is then still safe, two are not).
No Textual, no httpx, no cache: the data dir is not the cache dir and may never be deleted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from paperreader.domain.errors import StorageError
from paperreader.domain.models import Bookmark, Paper
from paperreader.domain.tags import normalise_tags
from paperreader.formats.records import (
    as_utc,
    bookmark_from_record,
    bookmark_to_record,
    clean_note,
    datetime_to_text,
    paper_from_record,
    paper_to_record,
)
from paperreader.platform.paths import aside_names

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # everything but Windows
    msvcrt = None  # type: ignore[assignment]

FORMAT_VERSION = 1
"""The `version` both files carry; a file with a higher one is left for the newer program."""
BOOKMARKS_FILE = "bookmarks.json"
STATE_FILE = "state.json"
LOCK_FILE = "library.lock"
SEEN_IDS_PER_LISTING = 5_000
"""Seen ids kept per listing, the most recently shown ones (a search can keep growing)."""
SEEN_LISTINGS = 200
"""Listings whose seen ids are kept; the least recently visited are forgotten first."""
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another instance's lock before giving up on a change."""

_REAL_LOCKING = fcntl is not None or msvcrt is not None


# --------------------------------------------------------------------------------------------
# Bookmarks as values and as records
# --------------------------------------------------------------------------------------------


def _snapshot(paper: Paper) -> Paper:
    """`paper` as it will read back from disk; ValueError if it could not be read back.

    Storing a paper that would later be skipped as unreadable would lose it quietly.
    """
    return paper_from_record(paper_to_record(paper))


def _merged(existing: Bookmark, incoming: Bookmark) -> Bookmark:
    """Two bookmarks of one paper as one: union of tags, the first non-empty note, the
    earliest time; the existing snapshot is kept."""
    return replace(
        existing,
        added_at=min(existing.added_at, incoming.added_at),
        tags=normalise_tags(existing.tags + incoming.tags),
        note=existing.note or incoming.note,
    )


# --------------------------------------------------------------------------------------------
# The two documents, parsed but keeping the raw JSON so nothing unknown is lost
# --------------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """A file that is not a document of ours; the message says why, for `problem`."""


class _NotRecovered(StorageError):
    """A damaged file whose readable part could not be saved anew: it was left as it is."""

    def __init__(self, sentence: str, doc: Any) -> None:
        self.sentence = sentence
        """What happened, without the consequence (which depends on what was asked)."""
        self.doc = doc
        """What could be read from the file."""
        super().__init__(f"{sentence}, so it is left as it is and nothing was saved.")


def _format_version(data: Mapping[str, Any]) -> int | None:
    """None for the current format, the number for a newer one; _Unreadable otherwise."""
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Unreadable(f"unknown format version {version!r}")
    return version if version > FORMAT_VERSION else None


def _extra(data: Mapping[str, Any], *known: str) -> dict[str, Any]:
    """Top-level keys this version does not use, kept so they are written back."""
    return {k: v for k, v in data.items() if k != "version" and k not in known}


_Entry = tuple[Any, Bookmark | None]
"""A record as read from the file, and the bookmark in it (None when unreadable)."""
_Changes = Mapping[str, tuple[Bookmark, tuple[str, ...]]]
"""Bookmarks to store by paper id, each with the record keys to rewrite (() for a new one)."""


@dataclass(frozen=True)
class _BookmarkDoc:
    """`bookmarks.json`: `{"version": 1, "bookmarks": [record, ...]}`."""

    entries: tuple[_Entry, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    newer: int | None = None

    @classmethod
    def parse(cls, data: object) -> _BookmarkDoc:
        if not isinstance(data, dict):
            raise _Unreadable("it is not a JSON object")
        newer = _format_version(data)
        records = data.get("bookmarks")
        if not isinstance(records, list):
            raise _Unreadable('it has no "bookmarks" list')
        entries = []
        for raw in records:
            try:
                entries.append((raw, bookmark_from_record(raw)))
            except ValueError:
                entries.append((raw, None))
        return cls(tuple(entries), _extra(data, "bookmarks"), newer)

    def to_json(self) -> Any:
        records = [raw for raw, _ in self.entries]
        return {"version": FORMAT_VERSION, **self.extra, "bookmarks": records}

    @cached_property
    def by_id(self) -> dict[str, Bookmark]:
        """Readable bookmarks by paper id; of duplicates (a hand merge) the first one counts."""
        found: dict[str, Bookmark] = {}
        for _, bookmark in self.entries:
            if bookmark is not None:
                found.setdefault(bookmark.paper.id, bookmark)
        return found

    @cached_property
    def newest_first(self) -> tuple[Bookmark, ...]:
        return tuple(sorted(self.by_id.values(), key=lambda b: b.added_at, reverse=True))

    @cached_property
    def unreadable(self) -> int:
        return sum(1 for _, bookmark in self.entries if bookmark is None)

    def with_bookmarks(self, changes: _Changes) -> _BookmarkDoc:
        """A copy where each bookmark in `changes` replaces the keys named next to it in its
        record (the whole record for a new one, appended at the end)."""
        pending = dict(changes)
        entries = []
        for raw, old in self.entries:
            if old is not None and old.paper.id in pending and isinstance(raw, dict):
                bookmark, keys = pending.pop(old.paper.id)
                record = bookmark_to_record(bookmark)
                raw = {**raw, **{key: record[key] for key in keys}}
                entries.append((raw, bookmark))
            else:
                entries.append((raw, old))
        entries.extend((bookmark_to_record(b), b) for b, _ in pending.values())
        return replace(self, entries=tuple(entries))

    def without(self, paper_id: str) -> _BookmarkDoc:
        """A copy with every readable record of `paper_id` removed (unreadable ones stay)."""
        kept = tuple((raw, b) for raw, b in self.entries if b is None or b.paper.id != paper_id)
        return replace(self, entries=kept)

    @classmethod
    def salvage(cls, raw: bytes) -> tuple[_BookmarkDoc, str] | None:
        """The bookmarks still readable in a damaged file (truncated, garbled, reshaped),
        each record exactly as it was, and a phrase saying how many; None when none are."""
        entries: list[_Entry] = []
        seen: set[str] = set()
        for record in _readable_objects(raw):
            try:
                bookmark = bookmark_from_record(record)
            except ValueError:
                continue
            if bookmark.paper.id not in seen:
                seen.add(bookmark.paper.id)
                entries.append((record, bookmark))
        if not entries:
            return None
        count = len(entries)
        phrase = f"{count} bookmark{'s were' if count != 1 else ' was'} recovered from it"
        return cls(tuple(entries)), phrase


@dataclass(frozen=True)
class _StateDoc:
    """`state.json`: read marks and, per listing, the ids seen at its last visit.

    `{"version": 1, "read": {id: read_at}, "seen": {listing: {"visited_at": t, "ids": [...]}}}`
    with `seen` in visiting order, least recent first.
    """

    read: dict[str, Any] = field(default_factory=dict)
    seen: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    newer: int | None = None

    @classmethod
    def parse(cls, data: object) -> _StateDoc:
        if not isinstance(data, dict):
            raise _Unreadable("it is not a JSON object")
        newer = _format_version(data)
        read = data.get("read", {})
        seen = data.get("seen", {})
        if not isinstance(read, dict) or not isinstance(seen, dict):
            raise _Unreadable('its "read" or "seen" part is not an object')
        return cls(read, seen, _extra(data, "read", "seen"), newer)

    def to_json(self) -> Any:
        return {"version": FORMAT_VERSION, **self.extra, "read": self.read, "seen": self.seen}

    @classmethod
    def salvage(cls, raw: bytes) -> tuple[_StateDoc, str] | None:
        """The read marks still readable in a damaged file (its `read` object, whole), and a
        phrase saying how many; None when there are none."""
        text = _decoded(raw)
        decoder = json.JSONDecoder()
        for match in _READ_KEY.finditer(text):
            try:
                value, end = decoder.raw_decode(text, match.end())
            except (ValueError, RecursionError):
                continue
            if isinstance(value, dict) and value and not _garbled(text[match.end() : end]):
                count = len(value)
                phrase = f"{count} read mark{'s were' if count != 1 else ' was'} recovered from it"
                return cls(read=value), phrase
        return None

    @cached_property
    def read_ids(self) -> frozenset[str]:
        return frozenset(self.read)

    def seen_ids(self, listing_key: str) -> list[str] | None:
        """The ids seen at the last visit of a listing, oldest first; None if never visited
        (or if the entry cannot be read, which then counts as never visited)."""
        entry = self.seen.get(listing_key)
        if not isinstance(entry, Mapping) or not isinstance(entry.get("ids"), list):
            return None
        return [i for i in entry["ids"] if isinstance(i, str)]


# --------------------------------------------------------------------------------------------
# Files on disk
# --------------------------------------------------------------------------------------------

_Signature = tuple[int, int, int, int, int]
_ABSENT = object()
"""What `_read_json` returns for a file that does not exist (yet)."""
_NEVER = object()
"""The signature of a file that has not been read yet."""


def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _signature(st: os.stat_result) -> _Signature:
    """What changes whenever the file is replaced or rewritten."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _stat_signature(path: Path) -> _Signature | None:
    try:
        return _signature(os.stat(path))
    except OSError:
        return None


def _read_json(path: Path) -> tuple[_Signature | None, Any]:
    """The file's signature and parsed JSON; `_ABSENT` if missing; _Unreadable if bad."""
    try:
        with open(path, "rb") as file:
            signature = _signature(os.fstat(file.fileno()))
            raw = file.read()
    except (FileNotFoundError, NotADirectoryError):
        return None, _ABSENT
    except OSError as error:
        raise _Unreadable(f"reading it failed: {_reason(error)}") from error
    try:
        return signature, json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _Unreadable("it is not UTF-8 text") from error
    except (ValueError, RecursionError) as error:
        raise _Unreadable("it is not valid JSON") from error


_READ_KEY = re.compile(r'"read"\s*:\s*')


def _decoded(raw: bytes) -> str:
    """A damaged file as text; bytes that are not UTF-8 become lone surrogates (`_garbled`)."""
    return raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")


def _garbled(text: str) -> bool:
    """True when `text` holds bytes that were not UTF-8 (see `_decoded`)."""
    return any("\udc80" <= char <= "\udcff" for char in text)


def _readable_objects(raw: bytes) -> Iterator[dict[str, Any]]:
    """Every whole JSON object in a damaged file that holds a "paper", outermost first.

    Parsing starts at each `{` in turn; an object that parses and has a paper is yielded
    and skipped over whole, anything else is searched inside. Objects holding bytes that
    were not UTF-8 are left out: they are damaged too.
    """
    text = _decoded(raw)
    decoder = json.JSONDecoder()
    position = text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            value, end = None, position
        if isinstance(value, dict) and "paper" in value and not _garbled(text[position:end]):
            yield value
            position = text.find("{", end)
        else:
            position = text.find("{", position + 1)


def _encode(document: Any) -> bytes:
    """Indented UTF-8 JSON; all-ASCII escapes only when a string cannot be UTF-8 (a lone
    surrogate from the API), because a file that will not decode would be lost."""
    try:
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(document, indent=2) + "\n").encode("ascii")


def _fsync_directory(directory: Path) -> None:
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


def _atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old file or the new, whole."""
    target = Path(os.path.realpath(path))  # a symlinked file is updated where it lives
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
    _fsync_directory(target.parent)


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


def _sweep_temporaries(path: Path) -> None:
    """Delete temporaries a killed writer left behind. Only called under the lock, when no
    live writer can own one."""
    target = Path(os.path.realpath(path))
    for leftover in target.parent.glob(f"{_temp_prefix(target)}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


_NO_FOLLOW: dict[str, Any] = (
    {"follow_symlinks": False} if os.link in os.supports_follow_symlinks else {}
)
"""Move a symlinked file aside as the link itself, where the platform can say so."""


def _move_aside(path: Path, replacement: bytes | None = None) -> Path:
    """Rename an unreadable file to `<name>.corrupt-YYYYmmdd-HHMMSS[-n]`, never over another.

    A hard link then an unlink cannot replace an existing file even in a race; where links
    are not possible, a rename after checking the name is free (we hold the lock) does.
    With `replacement` (what could be recovered from the file), `path` then holds it; if
    that cannot be written, the file is put back where it was and the OSError raised.
    """
    if replacement is not None and os.path.islink(path):
        replacement = None  # writing would go through the link, into the file kept aside
    for target in aside_names(path):
        if os.path.lexists(target):
            continue
        try:
            os.link(path, target, **_NO_FOLLOW)
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            os.rename(path, target)
            linked = False
        else:
            linked = True
        if replacement is None:
            if linked:
                os.unlink(path)
        else:
            try:
                _atomic_write(path, replacement)  # atomically over the original, if linked
            except BaseException:
                with contextlib.suppress(OSError):
                    if linked:
                        os.unlink(target)
                    else:
                        os.rename(target, path)
                raise
        _fsync_directory(path.parent)
        return target
    raise FileExistsError(f"no free name to move {path} aside")


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


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        elif msvcrt is not None:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    os.close(fd)


DocT = TypeVar("DocT", _BookmarkDoc, _StateDoc)
T = TypeVar("T")


class _StoreFile(Generic[DocT]):
    """One of the library's files: its last-read contents, and what went wrong with it."""

    def __init__(
        self,
        path: Path,
        parse: Callable[[object], DocT],
        empty: DocT,
        what: str,
        fresh: str,
        salvage: Callable[[bytes], tuple[DocT, str] | None],
    ) -> None:
        self.path = path
        self.parse = parse
        self.salvage = salvage
        """What can still be read from a damaged file, and a phrase saying how much."""
        self.empty = empty
        self.what = what
        """How a sentence names the file ("The bookmarks file")."""
        self.fresh = fresh
        """What starting over means, for the moved-aside sentence."""
        self.doc: DocT = empty
        self.signature: object = _NEVER
        self.problem: str | None = None
        """Sticky: the file was moved aside, or is unreadable and had to be left alone."""

    def load(self) -> DocT:
        """Read the file now; raises _Unreadable."""
        signature, data = _read_json(self.path)
        self.doc = self.empty if data is _ABSENT else self.parse(data)
        self.signature = signature
        return self.doc

    def unchanged(self) -> bool:
        return self.signature is not _NEVER and _stat_signature(self.path) == self.signature

    @property
    def notice(self) -> str | None:
        """A non-sticky remark about the loaded contents (newer format, skipped records)."""
        if self.doc.newer is not None:
            return self.read_only_reason()
        skipped = self.doc.unreadable if isinstance(self.doc, _BookmarkDoc) else 0
        if skipped == 1:
            return f"1 bookmark in {self.path} could not be read; it is kept in the file, unshown."
        if skipped:
            return (
                f"{skipped} bookmarks in {self.path} could not be read; "
                "they are kept in the file, unshown."
            )
        return None

    def read_only_reason(self) -> str:
        return (
            f"{self.what} {self.path} was written by a newer paperreader "
            f"(format {self.doc.newer}), so it is shown but not changed."
        )


# --------------------------------------------------------------------------------------------
# The library
# --------------------------------------------------------------------------------------------


class UserDataStore:
    """Bookmarks, read marks and seen-at-last-visit, stored in the data dir.

    Safe to share between threads, and between processes on the same data dir. Reads never
    raise for a bad or missing file (they show what can be read, and `problem` says what is
    wrong); changes raise `StorageError` when they cannot be saved, and then nothing changed.
    """

    def __init__(self, directory: Path, *, clock: Callable[[], datetime] | None = None) -> None:
        self.directory = Path(directory)
        """The data dir (`paths.data_dir()`); created on the first change, not before."""
        self._clock = clock or (lambda: datetime.now(UTC))
        """Now, for the times stored (injectable for tests); naive results count as UTC."""
        self._mutex = threading.RLock()
        self._lock_fd: int | None = None
        self._swept: set[Path] = set()
        self._write_problem: str | None = None
        self._recreated: str | None = None
        """Set when the data dir vanished under a running session and was made again."""
        self._bookmarks: _StoreFile[_BookmarkDoc] = _StoreFile(
            self.directory / BOOKMARKS_FILE,
            _BookmarkDoc.parse,
            _BookmarkDoc(),
            "The bookmarks file",
            "starting with no bookmarks",
            _BookmarkDoc.salvage,
        )
        self._state: _StoreFile[_StateDoc] = _StoreFile(
            self.directory / STATE_FILE,
            _StateDoc.parse,
            _StateDoc(),
            "The reading state file",
            "read marks start over",
            _StateDoc.salvage,
        )

    def _now(self) -> datetime:
        return as_utc(self._clock())

    @property
    def bookmarks_path(self) -> Path:
        return self._bookmarks.path

    @property
    def state_path(self) -> Path:
        return self._state.path

    @property
    def problem(self) -> str | None:
        """One sentence when something is wrong with the store, else None.

        A file that was unreadable and moved aside (naming where it went), a file that could
        not be moved, records that are skipped, or the last change that could not be saved.
        Asking loads the files if they have not been read yet.
        """
        with self._mutex:
            self._current(self._bookmarks)
            self._current(self._state)
            return (
                self._write_problem
                or self._bookmarks.problem
                or self._state.problem
                or self._recreated
                or self._bookmarks.notice
                or self._state.notice
            )

    # --- bookmarks: reading ----------------------------------------------------------------

    def bookmarks(self) -> list[Bookmark]:
        """Every readable bookmark, newest first."""
        return list(self._current(self._bookmarks).newest_first)

    def bookmark(self, paper_id: str) -> Bookmark | None:
        """The bookmark of a paper, or None."""
        return self._current(self._bookmarks).by_id.get(paper_id)

    def bookmarked_ids(self) -> frozenset[str]:
        """The ids of every bookmarked paper."""
        return frozenset(self._current(self._bookmarks).by_id)

    # --- bookmarks: changing ---------------------------------------------------------------

    def add_bookmark(
        self,
        paper: Paper,
        *,
        tags: Iterable[str] = (),
        note: str = "",
        added_at: datetime | None = None,
    ) -> Bookmark:
        """Bookmark `paper`. If it already is, only its snapshot is refreshed: the time added,
        tags and note stay as they were. Raises ValueError for a paper that cannot be stored
        (a malformed id), StorageError when it cannot be saved."""
        snapshot = _snapshot(paper)
        fresh = Bookmark(
            snapshot,
            as_utc(added_at or self._clock()),
            normalise_tags(tags),
            clean_note(note),
        )

        def change(doc: _BookmarkDoc) -> tuple[_BookmarkDoc | None, Bookmark]:
            existing = doc.by_id.get(snapshot.id)
            if existing is None:
                return doc.with_bookmarks({snapshot.id: (fresh, ())}), fresh
            if existing.paper == snapshot:
                return None, existing
            updated = replace(existing, paper=snapshot)
            return doc.with_bookmarks({snapshot.id: (updated, ("paper",))}), updated

        return self._change(self._bookmarks, change)

    def remove_bookmark(self, paper_id: str) -> bool:
        """Remove a bookmark; False if the paper was not bookmarked."""

        def change(doc: _BookmarkDoc) -> tuple[_BookmarkDoc | None, bool]:
            if paper_id not in doc.by_id:
                return None, False
            return doc.without(paper_id), True

        return self._change(self._bookmarks, change)

    def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark `paper`, or remove its bookmark; True when it is now bookmarked."""
        snapshot = _snapshot(paper)
        fresh = Bookmark(snapshot, self._now())

        def change(doc: _BookmarkDoc) -> tuple[_BookmarkDoc | None, bool]:
            if snapshot.id in doc.by_id:
                return doc.without(snapshot.id), False
            return doc.with_bookmarks({snapshot.id: (fresh, ())}), True

        return self._change(self._bookmarks, change)

    def set_tags(self, paper_id: str, tags: Iterable[str]) -> Bookmark:
        """Replace a bookmark's tags (normalised); KeyError if the paper is not bookmarked."""
        wanted = normalise_tags(tags)
        return self._update(paper_id, "tags", lambda b: replace(b, tags=wanted))

    def set_note(self, paper_id: str, note: str) -> Bookmark:
        """Replace a bookmark's note (line breaks kept); KeyError if it is not bookmarked."""
        wanted = clean_note(note)
        return self._update(paper_id, "note", lambda b: replace(b, note=wanted))

    def import_bookmarks(self, bookmarks: Iterable[Bookmark]) -> int:
        """Merge bookmarks from elsewhere; returns how many papers were not bookmarked yet.

        A paper already here keeps its snapshot and note (the imported note fills an empty
        one), gains the imported tags and keeps the earlier of the two times. Nothing is
        written if a bookmark's paper cannot be stored (ValueError).
        """
        incoming: dict[str, Bookmark] = {}
        for bookmark in bookmarks:
            tidy = Bookmark(
                _snapshot(bookmark.paper),
                as_utc(bookmark.added_at),
                normalise_tags(bookmark.tags),
                clean_note(bookmark.note),
            )
            known = incoming.get(tidy.paper.id)
            incoming[tidy.paper.id] = tidy if known is None else _merged(known, tidy)

        def change(doc: _BookmarkDoc) -> tuple[_BookmarkDoc | None, int]:
            changes: dict[str, tuple[Bookmark, tuple[str, ...]]] = {}
            added = 0
            for paper_id, bookmark in incoming.items():
                existing = doc.by_id.get(paper_id)
                if existing is None:
                    changes[paper_id] = (bookmark, ())
                    added += 1
                elif (merged := _merged(existing, bookmark)) != existing:
                    changes[paper_id] = (merged, ("added_at", "tags", "note"))
            return (doc.with_bookmarks(changes) if changes else None), added

        return self._change(self._bookmarks, change)

    def _update(self, paper_id: str, key: str, edit: Callable[[Bookmark], Bookmark]) -> Bookmark:
        def change(doc: _BookmarkDoc) -> tuple[_BookmarkDoc | None, Bookmark]:
            existing = doc.by_id.get(paper_id)
            if existing is None:
                raise KeyError(paper_id)
            updated = edit(existing)
            if updated == existing:
                return None, existing
            return doc.with_bookmarks({paper_id: (updated, (key,))}), updated

        return self._change(self._bookmarks, change)

    # --- read marks ------------------------------------------------------------------------

    def read_ids(self) -> frozenset[str]:
        """The ids of every paper marked read."""
        return self._current(self._state).read_ids

    def is_read(self, paper_id: str) -> bool:
        """True when the paper is marked read."""
        return paper_id in self._current(self._state).read

    def set_read(self, paper_id: str, read: bool = True) -> None:
        """Mark a paper read (remembering when) or unread."""
        if self.is_read(paper_id) == read:
            return  # nothing to save; keeps opening a read paper from writing the file

        def change(doc: _StateDoc) -> tuple[_StateDoc | None, None]:
            if (paper_id in doc.read) == read:
                return None, None
            marks = dict(doc.read)
            if read:
                marks[paper_id] = datetime_to_text(self._now())
            else:
                del marks[paper_id]
            return replace(doc, read=marks), None

        self._change(self._state, change)

    # --- seen at last visit ----------------------------------------------------------------

    def seen_ids(self, listing_key: str) -> frozenset[str] | None:
        """The ids a listing showed up to its last visit; None if it was never visited."""
        seen = self._current(self._state).seen_ids(listing_key)
        return None if seen is None else frozenset(seen)

    def record_visit(self, listing_key: str, paper_ids: Iterable[str]) -> int:
        """Remember that a listing showed `paper_ids`; returns how many of them it had not
        shown before. The first visit counts none as new, so a first run does not claim
        everything is."""
        shown = list(dict.fromkeys(paper_ids))

        def change(doc: _StateDoc) -> tuple[_StateDoc | None, int]:
            previous = doc.seen_ids(listing_key)
            if previous is None:
                new, kept = 0, shown
            else:
                before, now = set(previous), set(shown)
                new = sum(1 for paper_id in shown if paper_id not in before)
                kept = [paper_id for paper_id in previous if paper_id not in now] + shown
            seen = {key: value for key, value in doc.seen.items() if key != listing_key}
            seen[listing_key] = {
                "visited_at": datetime_to_text(self._now()),
                "ids": kept[-SEEN_IDS_PER_LISTING:],
            }
            for stale in list(seen)[: max(0, len(seen) - SEEN_LISTINGS)]:
                del seen[stale]
            return replace(doc, seen=seen), new

        return self._change(self._state, change)

    # --- machinery -------------------------------------------------------------------------

    def _current(self, file: _StoreFile[DocT]) -> DocT:
        """The file's contents for reading, reloaded if it changed on disk.

        An unreadable file is moved aside under the lock (after reading it again there, in
        case another instance just fixed it); if even that is impossible it is left alone and
        the store reads as empty.
        """
        with self._mutex:
            if file.unchanged():
                return file.doc
            try:
                return file.load()
            except _Unreadable as bad:
                reason = str(bad)
            try:
                with self._locked():
                    return self._load_for_change(file)
            except _NotRecovered as error:
                # Shown as far as it could be read; saved anew by the next change that can.
                file.problem = f"{error.sentence}, so it is left untouched for now."
                file.doc, file.signature = error.doc, _stat_signature(file.path)
                return file.doc
            except StorageError:
                file.problem = (
                    f"{file.what} {file.path} could not be read ({reason}) and could not be "
                    "moved aside, so it is left untouched and nothing in it is shown."
                )
                file.doc, file.signature = file.empty, _stat_signature(file.path)
                return file.doc

    def _load_for_change(self, file: _StoreFile[DocT]) -> DocT:
        """Read the file afresh (the lock is held); an unreadable one is moved aside, and
        what can still be read from it is saved in its place."""
        try:
            return file.load()
        except _Unreadable as bad:
            salvaged = None
            with contextlib.suppress(OSError):
                salvaged = file.salvage(file.path.read_bytes())
            doc, fresh = salvaged or (file.empty, file.fresh)
            data = _encode(doc.to_json()) if salvaged else None
            try:
                target = _move_aside(file.path, data)
            except OSError as error:
                if salvaged:
                    raise _NotRecovered(
                        f"{file.what} {file.path} could not be read ({bad}), and what is "
                        f"readable in it could not be saved to a new file ({_reason(error)})",
                        doc,
                    ) from error
                raise StorageError(
                    f"{file.what} {file.path} could not be read ({bad}) and could not be moved "
                    f"aside ({_reason(error)}), so nothing was saved."
                ) from error
            file.problem = (
                f"{file.what} could not be read ({bad}) and was moved to {target}; {fresh}."
            )
            file.doc = doc
            file.signature = _stat_signature(file.path) if salvaged else None
            return file.doc

    def _change(self, file: _StoreFile[DocT], change: Callable[[DocT], tuple[DocT | None, T]]) -> T:
        """Apply `change` to the file's current contents under the lock, and save the result.

        `change` returns the new document (None when nothing changed) and the caller's result.
        """
        with self._mutex:
            try:
                with self._locked():
                    doc = self._load_for_change(file)
                    if doc.newer is not None:
                        raise StorageError(file.read_only_reason())
                    new_doc, result = change(doc)
                    if new_doc is not None:
                        self._save(file, new_doc)
            except StorageError as error:
                self._write_problem = error.message
                raise
            self._write_problem = None
            return result

    def _save(self, file: _StoreFile[DocT], doc: DocT) -> None:
        data = _encode(doc.to_json())
        try:
            if _REAL_LOCKING and file.path not in self._swept:
                _sweep_temporaries(file.path)
                self._swept.add(file.path)
            _atomic_write(file.path, data)
        except OSError as error:
            raise StorageError(
                f"{file.what} could not be saved to {file.path} ({_reason(error)})."
            ) from error
        file.doc, file.signature = doc, _stat_signature(file.path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the inter-process lock (re-entrant within this Library)."""
        with self._mutex:
            if self._lock_fd is not None:
                yield
                return
            self._lock_fd = self._acquire()
            try:
                yield
            finally:
                fd, self._lock_fd = self._lock_fd, None
                _unlock(fd)

    def _acquire(self) -> int:
        path = self.directory / LOCK_FILE
        try:
            if not self.directory.is_dir() and any(
                isinstance(f.signature, tuple) for f in (self._bookmarks, self._state)
            ):
                self._recreated = (
                    f"The data directory {self.directory} disappeared while paperreader was "
                    "running and has been created again, without the bookmarks and read marks "
                    "it held."
                )
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StorageError(
                f"The data directory {self.directory} is not writable ({_reason(error)}), "
                "so the change was not saved."
            ) from error
        deadline = time.monotonic() + LOCK_TIMEOUT
        delay = 0.001
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise StorageError(
                        f"Another paperreader has held {path} for {LOCK_TIMEOUT:g} s, "
                        "so the change was not saved."
                    )
                time.sleep(delay)
                delay = min(delay * 2, 0.02)
        except OSError as error:  # locking itself failed (say, a file system without locks)
            os.close(fd)
            raise StorageError(
                f"{path} could not be locked ({_reason(error)}), so the change was not saved."
            ) from error
        except BaseException:
            os.close(fd)
            raise
        return fd
