"""The two files of user data as documents: parsed, changed, salvaged, written back.

- `bookmarks.json` and `state.json` are plain JSON that a person can read, diff and fix by
  hand, each with a format `version`. A file from a newer version is shown but never written.
- A document keeps the raw JSON it was read from: a change rewrites only the record it
  touches, so unknown keys (a newer version's, or the user's own) survive, and records that
  cannot be read are skipped but written back exactly as they were.
- From a damaged file (truncated, garbled, reshaped), `salvage` recovers what is still
  readable, to be saved in its place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from paperreader.domain.models import Bookmark
from paperreader.formats.records import bookmark_from_record, bookmark_to_record

FORMAT_VERSION = 1
"""The `version` both files carry; a file with a higher one is left for the newer program."""


class Unreadable(Exception):
    """A file that is not a document of ours; the message says why, for `problem`."""


def _format_version(data: Mapping[str, Any]) -> int | None:
    """None for the current format, the number for a newer one; Unreadable otherwise."""
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise Unreadable(f"unknown format version {version!r}")
    return version if version > FORMAT_VERSION else None


def _extra(data: Mapping[str, Any], *known: str) -> dict[str, Any]:
    """Top-level keys this version does not use, kept so they are written back."""
    return {k: v for k, v in data.items() if k != "version" and k not in known}


_Entry = tuple[Any, Bookmark | None]
"""A record as read from the file, and the bookmark in it (None when unreadable)."""
_Changes = Mapping[str, tuple[Bookmark, tuple[str, ...]]]
"""Bookmarks to store by paper id, each with the record keys to rewrite (() for a new one)."""


@dataclass(frozen=True)
class BookmarkDoc:
    """`bookmarks.json`: `{"version": 1, "bookmarks": [record, ...]}`."""

    entries: tuple[_Entry, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    newer: int | None = None

    @classmethod
    def parse(cls, data: object) -> BookmarkDoc:
        if not isinstance(data, dict):
            raise Unreadable("it is not a JSON object")
        newer = _format_version(data)
        records = data.get("bookmarks")
        if not isinstance(records, list):
            raise Unreadable('it has no "bookmarks" list')
        entries: list[_Entry] = []
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

    def with_bookmarks(self, changes: _Changes) -> BookmarkDoc:
        """A copy where each bookmark in `changes` replaces the keys named next to it in its
        record (the whole record for a new one, appended at the end)."""
        pending = dict(changes)
        entries: list[_Entry] = []
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

    def without(self, paper_id: str) -> BookmarkDoc:
        """A copy with every readable record of `paper_id` removed (unreadable ones stay)."""
        kept = tuple((raw, b) for raw, b in self.entries if b is None or b.paper.id != paper_id)
        return replace(self, entries=kept)

    @classmethod
    def salvage(cls, raw: bytes) -> tuple[BookmarkDoc, str] | None:
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
class StateDoc:
    """`state.json`: read marks and, per listing, the ids seen at its last visit.

    `{"version": 1, "read": {id: read_at}, "seen": {listing: {"visited_at": t, "ids": [...]}}}`
    with `seen` in visiting order, least recent first.
    """

    read: dict[str, Any] = field(default_factory=dict)
    seen: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    newer: int | None = None

    @classmethod
    def parse(cls, data: object) -> StateDoc:
        if not isinstance(data, dict):
            raise Unreadable("it is not a JSON object")
        newer = _format_version(data)
        read = data.get("read", {})
        seen = data.get("seen", {})
        if not isinstance(read, dict) or not isinstance(seen, dict):
            raise Unreadable('its "read" or "seen" part is not an object')
        return cls(read, seen, _extra(data, "read", "seen"), newer)

    def to_json(self) -> Any:
        return {"version": FORMAT_VERSION, **self.extra, "read": self.read, "seen": self.seen}

    @classmethod
    def salvage(cls, raw: bytes) -> tuple[StateDoc, str] | None:
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


def encode(document: Any) -> bytes:
    """Indented UTF-8 JSON; all-ASCII escapes only when a string cannot be UTF-8 (a lone
    surrogate from the API), because a file that will not decode would be lost."""
    try:
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(document, indent=2) + "\n").encode("ascii")
