"""Changes to bookmarks that say what the user saw, applied to the file as it is on disk now.

A window's copy of the bookmarks can be stale: another window, the CLI or an import may have
changed the file since. So a change names what it expects, as `git update-ref new old` does
("add it: I saw none", "remove the one I saw, with this note"), and is worked out here against
the document just re-read under the lock. When the disk disagrees, the change is refused
(a removal) or merged (tags, notes), never applied blindly: nothing another window saved is
undone, and nothing the user typed is dropped.

Each function takes the document and returns the new one (None when nothing changes) and an
`Edited` saying how it went, as `LockedFiles.change` expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from paperreader.domain.models import Bookmark
from paperreader.domain.tags import normalise_tags
from paperreader.storage.user_data.documents import BookmarkDoc

ELSEWHERE = "--- saved meanwhile in another window ---"
"""The line between a note and the one another window saved while this one was edited."""
_SEPARATOR = re.compile(r"^--- .* ---$")
"""A line that parts the pieces of a merged note ("--- imported 2026-03-01 ---")."""
_KEYS = ("added_at", "tags", "note")
"""The record keys a merge rewrites (the stored snapshot of the paper stays)."""


class Outcome(Enum):
    """How a change went against the file on disk."""

    DONE = "done"
    """Applied as asked: the disk was as the user saw it."""
    ALREADY = "already"
    """The disk already was as asked (another window did it); nothing changed."""
    KEPT = "kept"
    """Refused: the bookmark changed on disk since the user saw it, so it stays."""
    MERGED = "merged"
    """Applied together with what another window saved meanwhile."""
    RECREATED = "recreated"
    """The bookmark had been removed elsewhere: it was made again with the user's edit."""


@dataclass(frozen=True, slots=True)
class Edited:
    """A change's result: how it went, the paper's bookmark on disk after it (None when
    there is none), and the bookmark removed, whole, for undoing."""

    outcome: Outcome
    bookmark: Bookmark | None
    removed: Bookmark | None = None


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import did: bookmarks added, merged into existing ones, already there."""

    added: int = 0
    merged: int = 0
    unchanged: int = 0


_Change = tuple[BookmarkDoc | None, Edited]


def _put(doc: BookmarkDoc, bookmark: Bookmark, keys: tuple[str, ...]) -> BookmarkDoc:
    return doc.with_bookmarks({bookmark.paper.id: (bookmark, keys)})


def _differ(one: Bookmark, other: Bookmark) -> bool:
    """True when what the user wrote on two bookmarks of a paper differs."""
    return (one.tags, one.note) != (other.tags, other.note)


def add(doc: BookmarkDoc, fresh: Bookmark) -> _Change:
    """Bookmark a paper the user saw unbookmarked; one bookmarked meanwhile is kept as it is."""
    existing = doc.by_id.get(fresh.paper.id)
    if existing is None:
        return _put(doc, fresh, ()), Edited(Outcome.DONE, fresh)
    return None, Edited(Outcome.ALREADY, existing)


def remove(doc: BookmarkDoc, seen: Bookmark) -> _Change:
    """Remove the bookmark the user saw; one whose tags or note changed meanwhile stays."""
    existing = doc.by_id.get(seen.paper.id)
    if existing is None:
        return None, Edited(Outcome.ALREADY, None)
    if _differ(existing, seen):
        return None, Edited(Outcome.KEPT, existing)
    return doc.without(seen.paper.id), Edited(Outcome.DONE, None, removed=existing)


def restore(doc: BookmarkDoc, removed: Bookmark) -> _Change:
    """Put a removed bookmark back whole; merged with one made meanwhile (both notes kept)."""
    existing = doc.by_id.get(removed.paper.id)
    if existing is None:
        return _put(doc, removed, ()), Edited(Outcome.DONE, removed)
    merged = existing._replace(
        added_at=min(existing.added_at, removed.added_at),
        tags=normalise_tags(existing.tags + removed.tags),
        note=merge_notes(removed.note, existing.note, ELSEWHERE),
    )
    if merged == existing:
        return None, Edited(Outcome.ALREADY, existing)
    return _put(doc, merged, _KEYS), Edited(Outcome.MERGED, merged)


def set_tags(
    doc: BookmarkDoc, fresh: Bookmark, wanted: tuple[str, ...], seen: tuple[str, ...] | None
) -> _Change:
    """Tags edited from `seen` (None: the user saw no bookmark) to `wanted`: only the tags
    the user took out or put in change, so tags another window added meanwhile stay."""
    existing = doc.by_id.get(fresh.paper.id)
    if existing is None:
        made = fresh._replace(tags=wanted)
        outcome = Outcome.DONE if seen is None else Outcome.RECREATED
        return _put(doc, made, ()), Edited(outcome, made)
    base = set(seen or ())
    taken_out, put_in = base - set(wanted), set(wanted) - base
    tags = normalise_tags(sorted((set(existing.tags) - taken_out) | put_in))
    outcome = Outcome.DONE if existing.tags == normalise_tags(seen or ()) else Outcome.MERGED
    if tags == existing.tags:
        return None, Edited(outcome, existing)
    updated = existing._replace(tags=tags)
    return _put(doc, updated, ("tags",)), Edited(outcome, updated)


def set_note(doc: BookmarkDoc, fresh: Bookmark, wanted: str, seen: str | None) -> _Change:
    """A note edited from `seen` (None: the user saw no bookmark) to `wanted`; when another
    window saved a different note meanwhile, both are kept, the user's first."""
    existing = doc.by_id.get(fresh.paper.id)
    if existing is None:
        made = fresh._replace(note=wanted)
        outcome = Outcome.DONE if seen is None else Outcome.RECREATED
        return _put(doc, made, ()), Edited(outcome, made)
    note, outcome = wanted, Outcome.DONE
    if existing.note not in (seen or "", wanted):
        note = merge_notes(wanted, existing.note, ELSEWHERE)
        outcome = Outcome.DONE if note == wanted else Outcome.MERGED
    if note == existing.note:
        return None, Edited(outcome, existing)
    updated = existing._replace(note=note)
    return _put(doc, updated, ("note",)), Edited(outcome, updated)


def import_all(
    doc: BookmarkDoc, incoming: dict[str, Bookmark], heading: str
) -> tuple[BookmarkDoc | None, ImportCounts]:
    """Merge imported bookmarks (by paper id) into the document, counting what changed."""
    changes: dict[str, tuple[Bookmark, tuple[str, ...]]] = {}
    added = merged = unchanged = 0
    for paper_id, bookmark in incoming.items():
        existing = doc.by_id.get(paper_id)
        if existing is None:
            changes[paper_id] = (bookmark, ())
            added += 1
        elif (combined := merge(existing, bookmark, heading)) != existing:
            changes[paper_id] = (combined, _KEYS)
            merged += 1
        else:
            unchanged += 1
    counts = ImportCounts(added, merged, unchanged)
    return (doc.with_bookmarks(changes) if changes else None), counts


def merge(kept: Bookmark, other: Bookmark, heading: str) -> Bookmark:
    """Two bookmarks of one paper as one, losing nothing: `kept`'s snapshot, the union of
    tags, the earlier time, and both notes (`kept`'s first, then `heading`, then `other`'s)."""
    return kept._replace(
        added_at=min(kept.added_at, other.added_at),
        tags=normalise_tags(kept.tags + other.tags),
        note=merge_notes(kept.note, other.note, heading),
    )


def merge_notes(first: str, second: str, heading: str) -> str:
    """Both notes, `first` then `heading` then `second`; a note already wholly contained in
    the other (the same text, or the pieces of an earlier merge) is not written twice."""
    if not second or second == first:
        return first
    if not first:
        return second
    ours, theirs = _pieces(first), _pieces(second)
    if theirs <= ours:
        return first
    if ours <= theirs:
        return second
    return f"{first}\n{heading}\n{second}"


def _pieces(note: str) -> set[str]:
    """The parts of a note between separator lines, stripped, the empty ones left out."""
    pieces: list[str] = []
    current: list[str] = []
    for line in note.split("\n"):
        if _SEPARATOR.match(line.strip()):
            pieces.append("\n".join(current).strip())
            current = []
        else:
            current.append(line)
    pieces.append("\n".join(current).strip())
    return {piece for piece in pieces if piece}
