"""`UserDataStore`: bookmarks, read marks and visits, as the session's user-data service asks
for them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from paperreader.domain.models import Bookmark, Paper
from paperreader.domain.tags import normalise_tags
from paperreader.formats.records import (
    as_utc,
    clean_note,
    datetime_to_text,
    paper_from_record,
    paper_to_record,
)
from paperreader.storage.user_data import edits
from paperreader.storage.user_data.documents import BookmarkDoc, StateDoc
from paperreader.storage.user_data.edits import Edited, ImportCounts
from paperreader.storage.user_data.locked_files import LockedFiles
from paperreader.storage.user_data.store_file import StoreFile, stat_signature

BOOKMARKS_FILE = "bookmarks.json"
STATE_FILE = "state.json"
SEEN_IDS_PER_LISTING = 5_000
"""Seen ids kept per listing, the most recently shown ones (a search can keep growing)."""
SEEN_LISTINGS = 200
"""Listings whose seen ids are kept; the least recently visited are forgotten first."""


def _snapshot(paper: Paper) -> Paper:
    """`paper` as it will read back from disk; ValueError if it could not be read back.

    Storing a paper that would later be skipped as unreadable would lose it quietly.
    """
    return paper_from_record(paper_to_record(paper))


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
        self._bookmarks: StoreFile[BookmarkDoc] = StoreFile(
            self.directory / BOOKMARKS_FILE,
            BookmarkDoc.parse,
            BookmarkDoc(),
            "The bookmarks file",
            "starting with no bookmarks",
            BookmarkDoc.salvage,
        )
        self._state: StoreFile[StateDoc] = StoreFile(
            self.directory / STATE_FILE,
            StateDoc.parse,
            StateDoc(),
            "The reading state file",
            "read marks start over",
            StateDoc.salvage,
        )
        self._files = LockedFiles(self.directory, (self._bookmarks, self._state))

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
        with self._files.mutex:
            self._files.current(self._bookmarks)
            self._files.current(self._state)
            return (
                self._files.write_problem
                or self._bookmarks.problem
                or self._state.problem
                or self._files.recreated
                or self._bookmarks.notice
                or self._state.notice
            )

    # --- bookmarks: reading ----------------------------------------------------------------

    def bookmarks(self) -> list[Bookmark]:
        """Every readable bookmark, newest first."""
        return list(self._files.current(self._bookmarks).newest_first)

    def bookmark(self, paper_id: str) -> Bookmark | None:
        """The bookmark of a paper, or None."""
        return self._files.current(self._bookmarks).by_id.get(paper_id)

    def bookmarked_ids(self) -> frozenset[str]:
        """The ids of every bookmarked paper."""
        return frozenset(self._files.current(self._bookmarks).by_id)

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

        def change(doc: BookmarkDoc) -> tuple[BookmarkDoc | None, Bookmark]:
            existing = doc.by_id.get(snapshot.id)
            if existing is None:
                return doc.with_bookmarks({snapshot.id: (fresh, ())}), fresh
            if existing.paper == snapshot:
                return None, existing
            updated = existing._replace(paper=snapshot)
            return doc.with_bookmarks({snapshot.id: (updated, ("paper",))}), updated

        return self._files.change(self._bookmarks, change)

    def remove_bookmark(self, paper_id: str) -> bool:
        """Remove a bookmark; False if the paper was not bookmarked."""

        def change(doc: BookmarkDoc) -> tuple[BookmarkDoc | None, bool]:
            if paper_id not in doc.by_id:
                return None, False
            return doc.without(paper_id), True

        return self._files.change(self._bookmarks, change)

    def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark `paper`, or remove its bookmark; True when it is now bookmarked."""
        snapshot = _snapshot(paper)
        fresh = Bookmark(snapshot, self._now())

        def change(doc: BookmarkDoc) -> tuple[BookmarkDoc | None, bool]:
            if snapshot.id in doc.by_id:
                return doc.without(snapshot.id), False
            return doc.with_bookmarks({snapshot.id: (fresh, ())}), True

        return self._files.change(self._bookmarks, change)

    def set_tags(self, paper_id: str, tags: Iterable[str]) -> Bookmark:
        """Replace a bookmark's tags (normalised); KeyError if the paper is not bookmarked."""
        wanted = normalise_tags(tags)
        return self._update(paper_id, "tags", lambda b: b._replace(tags=wanted))

    def set_note(self, paper_id: str, note: str) -> Bookmark:
        """Replace a bookmark's note (line breaks kept); KeyError if it is not bookmarked."""
        wanted = clean_note(note)
        return self._update(paper_id, "note", lambda b: b._replace(note=wanted))

    def import_bookmarks(self, bookmarks: Iterable[Bookmark]) -> ImportCounts:
        """Merge bookmarks from elsewhere, losing nothing; says how many were added, merged
        into a bookmark already here, or already here as they are.

        A paper already here keeps its snapshot, gains the imported tags and keeps the
        earlier of the two times; a different imported note is kept below its own, after a
        line "--- imported <date> ---". Nothing is written if a bookmark's paper cannot be
        stored (ValueError).
        """
        heading = f"--- imported {self._now().date().isoformat()} ---"
        incoming: dict[str, Bookmark] = {}
        for bookmark in bookmarks:
            tidy = Bookmark(
                _snapshot(bookmark.paper),
                as_utc(bookmark.added_at),
                normalise_tags(bookmark.tags),
                clean_note(bookmark.note),
            )
            known = incoming.get(tidy.paper.id)
            incoming[tidy.paper.id] = tidy if known is None else edits.merge(known, tidy, heading)
        return self._files.change(
            self._bookmarks, lambda doc: edits.import_all(doc, incoming, heading)
        )

    # --- bookmarks: changes that say what the user saw -------------------------------------

    def bookmark_paper(self, paper: Paper) -> Edited:
        """Bookmark a paper the user saw unbookmarked; ALREADY (and nothing changes) when
        another window bookmarked it meanwhile."""
        fresh = Bookmark(_snapshot(paper), self._now())
        return self._files.change(self._bookmarks, lambda doc: edits.add(doc, fresh))

    def remove_seen(self, paper_id: str, seen: Bookmark) -> Edited:
        """Remove the bookmark the user saw (`seen`); KEPT when its tags or note changed on
        disk since, ALREADY when it is gone. `removed` is the bookmark, whole, for undo."""
        return self._files.change(self._bookmarks, lambda doc: edits.remove(doc, seen))

    def restore_bookmark(self, bookmark: Bookmark) -> Edited:
        """Put a removed bookmark back as it was; MERGED with one made meanwhile."""
        return self._files.change(self._bookmarks, lambda doc: edits.restore(doc, bookmark))

    def edit_tags(self, paper: Paper, tags: Iterable[str], *, seen: Iterable[str] | None) -> Edited:
        """Tags edited from `seen` (None: the user saw the paper unbookmarked), bookmarking
        it if needed; tags another window changed meanwhile are kept (MERGED)."""
        fresh = Bookmark(_snapshot(paper), self._now())
        wanted = normalise_tags(tags)
        base = None if seen is None else normalise_tags(seen)
        return self._files.change(
            self._bookmarks, lambda doc: edits.set_tags(doc, fresh, wanted, base)
        )

    def edit_note(self, paper: Paper, note: str, *, seen: str | None) -> Edited:
        """A note edited from `seen` (None: the user saw the paper unbookmarked), bookmarking
        it if needed; a note another window saved meanwhile is kept below it (MERGED)."""
        fresh = Bookmark(_snapshot(paper), self._now())
        wanted = clean_note(note)
        base = None if seen is None else clean_note(seen)
        return self._files.change(
            self._bookmarks, lambda doc: edits.set_note(doc, fresh, wanted, base)
        )

    def _update(self, paper_id: str, key: str, edit: Callable[[Bookmark], Bookmark]) -> Bookmark:
        def change(doc: BookmarkDoc) -> tuple[BookmarkDoc | None, Bookmark]:
            existing = doc.by_id.get(paper_id)
            if existing is None:
                raise KeyError(paper_id)
            updated = edit(existing)
            if updated == existing:
                return None, existing
            return doc.with_bookmarks({paper_id: (updated, (key,))}), updated

        return self._files.change(self._bookmarks, change)

    # --- noticing changes ------------------------------------------------------------------

    def revision(self) -> tuple[object, ...] | None:
        """What changes whenever either file is written, by any process: a cheap stat, so a
        window can tell when to read the files again. None while the bookmarks file cannot
        be seen (not made yet, or the data dir is away): nothing to read again then."""
        bookmarks = stat_signature(self.bookmarks_path)
        if bookmarks is None:
            return None
        return (bookmarks, stat_signature(self.state_path))

    # --- read marks ------------------------------------------------------------------------

    def read_ids(self) -> frozenset[str]:
        """The ids of every paper marked read."""
        return self._files.current(self._state).read_ids

    def is_read(self, paper_id: str) -> bool:
        """True when the paper is marked read."""
        return paper_id in self._files.current(self._state).read

    def set_read(self, paper_id: str, read: bool = True) -> None:
        """Mark a paper read (remembering when) or unread."""
        if self.is_read(paper_id) == read:
            return  # nothing to save; keeps opening a read paper from writing the file

        def change(doc: StateDoc) -> tuple[StateDoc | None, None]:
            if (paper_id in doc.read) == read:
                return None, None
            marks = dict(doc.read)
            if read:
                marks[paper_id] = datetime_to_text(self._now())
            else:
                del marks[paper_id]
            return replace(doc, read=marks), None

        self._files.change(self._state, change)

    # --- seen at last visit ----------------------------------------------------------------

    def seen_ids(self, listing_key: str) -> frozenset[str] | None:
        """The ids a listing showed up to its last visit; None if it was never visited."""
        seen = self._files.current(self._state).seen_ids(listing_key)
        return None if seen is None else frozenset(seen)

    def record_visit(self, listing_key: str, paper_ids: Iterable[str]) -> int:
        """Remember that a listing showed `paper_ids`; returns how many of them it had not
        shown before. The first visit counts none as new, so a first run does not claim
        everything is."""
        shown = list(dict.fromkeys(paper_ids))

        def change(doc: StateDoc) -> tuple[StateDoc | None, int]:
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

        return self._files.change(self._state, change)

    # --- machinery -------------------------------------------------------------------------
