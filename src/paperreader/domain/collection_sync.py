"""The rules of two-way sync between the bookmarks and a Hugging Face collection.

A three-way merge: what is here now, what the collection holds now, and what both held after
the last sync (`Synced`, kept by the sync state store). Comparing each side with that base
tells who changed what, so a paper removed on one side is removed on the other instead of
coming back, and a note edited on one side travels to the other. Pure: no I/O, so every rule
is tested on plain values.

- A paper on one side only: added on the other, unless the base says it was synced before,
  then it was removed and goes from the other side too. A removal loses to a note edited
  since the last sync on the other side: nothing a user wrote is thrown away.
- A note changed on one side: copied to the other. A collection note holds at most
  `NOTE_LIMIT` characters: a longer one is cut there with `CUT_MARK` and kept whole here.
- A note changed on both sides: both texts are kept here, under `BOTH_HEADING`, and the
  collection gets the combined note; the paper is reported as a conflict.
- Tags never travel: a collection has no place for them.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from paperreader.domain.errors import UsageError
from paperreader.domain.text import counted

NOTE_LIMIT = 500
"""The longest note a collection item takes, in UTF-16 code units (as the web page counts)."""
CUT_MARK = " […]"
"""Ends a note that was too long for the collection: the whole text is in paperreader."""
BOTH_HEADING = "--- the note on Hugging Face (both were changed) ---"
"""Separates this side's note from the collection's when both changed since the last sync."""
SLUG = re.compile(r"\A[A-Za-z0-9][\w.-]{0,95}/(?!\.)[\w.-]{1,200}\Z", re.ASCII)
"""A collection's slug, `owner/title-id`: safe to put in an API path as it is."""
ITEM_ID = re.compile(r"\A[A-Za-z0-9_-]{1,64}\Z", re.ASCII)
"""An item object id (`_id`, 24 hex digits on the hub): safe in an API path."""


def checked_slug(text: str) -> str:
    """A collection slug as typed or as found in a collection's address; UsageError if not one.

    `https://huggingface.co/collections/ada/papers-64f9…` and `ada/papers-64f9…` both give
    `ada/papers-64f9…`.
    """
    slug = text.strip().rstrip("/")
    if "/collections/" in slug:
        slug = slug.split("/collections/", 1)[1]
    if not SLUG.match(slug):
        shown = text.strip()[:80]
        raise UsageError(f"'{shown}' is not a collection name such as ada/papers-64f9a.")
    return slug


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """A paper in the collection, as the hub lists it."""

    paper_id: str
    item_id: str
    """The item object id (`_id`): what updating or removing the item names."""
    note: str = ""
    title: str | None = None
    """The paper's title when the hub gives one: a record for a paper unknown here."""


@dataclass(frozen=True, slots=True)
class Collection:
    """A collection of the user's: what `paperreader collections` lists, and its papers."""

    slug: str
    """`owner/title-slug-id`: how the API and the web address name it."""
    title: str
    private: bool = False
    item_count: int = 0
    """Every item, papers or not (a listing of collections may carry only the first few)."""
    papers: tuple[RemoteItem, ...] = ()
    """The paper items, in the collection's order."""


@dataclass(frozen=True, slots=True)
class Synced:
    """One paper as both sides held it after the last sync: fingerprints of the two notes."""

    local: str
    remote: str


class Action(enum.StrEnum):
    """What a change does, and on which side."""

    ADD_REMOTE = "add to the collection"
    NOTE_REMOTE = "update the note in the collection"
    REMOVE_REMOTE = "remove from the collection"
    ADD_LOCAL = "bookmark here"
    NOTE_LOCAL = "update the note here"
    REMOVE_LOCAL = "remove the bookmark here"
    MERGE_NOTES = "keep both notes"
    RECORD = "remember as synced"
    FORGET = "forget"

    @property
    def direction(self) -> str | None:
        """'up' (to the collection), 'down' (to here), 'removed', or None (bookkeeping)."""
        return _DIRECTIONS.get(self)


_DIRECTIONS = {
    Action.ADD_REMOTE: "up",
    Action.NOTE_REMOTE: "up",
    Action.ADD_LOCAL: "down",
    Action.NOTE_LOCAL: "down",
    Action.REMOVE_REMOTE: "removed",
    Action.REMOVE_LOCAL: "removed",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One step of a sync, for one paper."""

    paper_id: str
    action: Action
    local_note: str | None = None
    """The note this side ends with (ADD_LOCAL, NOTE_LOCAL, MERGE_NOTES); else None."""
    remote_note: str | None = None
    """The note sent to the collection, cut to fit (ADD_REMOTE, NOTE_REMOTE, MERGE_NOTES)."""
    item_id: str | None = None
    """The collection item to change (NOTE_REMOTE, REMOVE_REMOTE, MERGE_NOTES)."""
    title: str | None = None
    """ADD_LOCAL: the collection's title for the paper, if it gave one."""
    kept: bool = False
    """A removal on one side was overruled by a note edited since on the other."""


@dataclass(frozen=True, slots=True)
class Tally:
    """How many changes went each way: what the status line reports."""

    up: int = 0
    down: int = 0
    removed: int = 0
    merged: int = 0
    """Notes changed on both sides, both texts kept."""
    kept: int = 0
    """Removals overruled by a note edited on the other side."""
    waiting: int = 0
    """Papers from the collection that could not be fetched yet: the next sync retries."""

    def __str__(self) -> str:
        parts = [f"{self.up} up", f"{self.down} down", f"{self.removed} removed"]
        if self.merged:
            parts.append(f"{counted(self.merged, 'note')} kept from both sides")
        if self.kept:
            parts.append(f"{self.kept} kept for a changed note")
        if self.waiting:
            parts.append(f"{self.waiting} waiting to be fetched")
        return ", ".join(parts)


def tally(changes: list[Change] | tuple[Change, ...], waiting: int = 0) -> Tally:
    """Count `changes` by direction."""
    counts = {"up": 0, "down": 0, "removed": 0}
    for change in changes:
        if (direction := change.action.direction) is not None:
            counts[direction] += 1
    return Tally(
        **counts,
        merged=sum(1 for c in changes if c.action is Action.MERGE_NOTES),
        kept=sum(1 for c in changes if c.kept),
        waiting=waiting,
    )


# --------------------------------------------------------------------------------------------
# Notes
# --------------------------------------------------------------------------------------------


def fingerprint(note: str) -> str:
    """A short, stable digest of a note (outer blank space ignored): what the base keeps."""
    return hashlib.sha256(note.strip().encode("utf-8")).hexdigest()[:20]


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut_note(note: str) -> str:
    """`note` as the collection can hold it: whole when it fits, else cut with `CUT_MARK`."""
    note = note.strip()
    if _utf16_length(note) <= NOTE_LIMIT:
        return note
    room = NOTE_LIMIT - _utf16_length(CUT_MARK)
    kept: list[str] = []
    used = 0
    for char in note:
        used += _utf16_length(char)
        if used > room:
            break
        kept.append(char)
    return "".join(kept).rstrip() + CUT_MARK


def in_step(local: str, remote: str) -> bool:
    """True when the collection's note is what this side's note becomes there."""
    return remote.strip() == cut_note(local)


def both_notes(local: str, remote: str) -> str:
    """This side's note and the collection's, both kept, one under the other."""
    return f"{local.strip()}\n\n{BOTH_HEADING}\n{remote.strip()}"


def synced(local_note: str, remote_note: str) -> Synced:
    """The base entry for a paper whose two notes are now these."""
    return Synced(fingerprint(local_note), fingerprint(remote_note))


# --------------------------------------------------------------------------------------------
# The merge
# --------------------------------------------------------------------------------------------


def plan(
    local: Mapping[str, str],
    remote: Mapping[str, RemoteItem],
    base: Mapping[str, Synced],
) -> list[Change]:
    """The changes that bring both sides together, in a stable order (by paper id).

    `local` maps each bookmarked paper to its note; `remote` each paper in the collection to
    its item; `base` each paper synced last time to its notes then (empty on a first sync).
    Papers already in step and already recorded so need nothing.
    """
    changes: list[Change] = []
    for paper_id in sorted(set(local) | set(remote) | set(base)):
        change = _decide(paper_id, local.get(paper_id), remote.get(paper_id), base.get(paper_id))
        if change is not None:
            changes.append(change)
    return changes


def _decide(
    paper_id: str, note: str | None, item: RemoteItem | None, last: Synced | None
) -> Change | None:
    if note is not None and item is not None:
        return _both_present(paper_id, note, item, last)
    if note is not None:
        if last is None:
            return Change(paper_id, Action.ADD_REMOTE, remote_note=cut_note(note))
        if fingerprint(note) != last.local:  # removed there, but the note changed here since
            return Change(paper_id, Action.ADD_REMOTE, remote_note=cut_note(note), kept=True)
        return Change(paper_id, Action.REMOVE_LOCAL, local_note=note)
    if item is not None:
        if last is None:
            return Change(paper_id, Action.ADD_LOCAL, local_note=item.note, title=item.title)
        if fingerprint(item.note) != last.remote:  # removed here, the note changed there since
            return Change(
                paper_id, Action.ADD_LOCAL, local_note=item.note, title=item.title, kept=True
            )
        return Change(paper_id, Action.REMOVE_REMOTE, item_id=item.item_id)
    return Change(paper_id, Action.FORGET)  # gone from both sides


def _both_present(paper_id: str, note: str, item: RemoteItem, last: Synced | None) -> Change | None:
    remote = item.note
    if in_step(note, remote):
        if last == synced(note, remote):
            return None
        return Change(paper_id, Action.RECORD, local_note=note, remote_note=remote)
    push = Change(paper_id, Action.NOTE_REMOTE, remote_note=cut_note(note), item_id=item.item_id)
    pull = Change(paper_id, Action.NOTE_LOCAL, local_note=remote.strip())
    changed_here = last is None or fingerprint(note) != last.local
    changed_there = last is None or fingerprint(remote) != last.remote
    if not changed_there:  # changed here only (or neither, yet they differ): this side's
        return push  # note is the whole one
    if not changed_here and cut_note(note) == note.strip():
        return pull
    # Both changed (or the paper is new on both), or the collection's cut copy of a longer
    # note changed there: keep both texts unless one side holds nothing new.
    if not remote.strip() or remote.strip() in note:  # nothing there, or already merged here
        return push
    if not note.strip():
        return pull
    merged = both_notes(note, remote)
    return Change(
        paper_id,
        Action.MERGE_NOTES,
        local_note=merged,
        remote_note=cut_note(merged),
        item_id=item.item_id,
    )
