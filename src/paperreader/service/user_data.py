"""The user's own data as the front ends ask for it: bookmarks, tags, notes, read marks, visits.

Every call runs the blocking `UserDataStore` in a worker thread. A session without a store
reads as empty and refuses to write; a store's refusal (no such bookmark, a value that cannot
be saved) becomes a `UsageError` sentence.

The app's changes say what the user saw (`bookmark`, `unbookmark`, `edit_tags`, `edit_note`):
the store applies them to the file as it is on disk now, so a window whose copy is stale
never undoes another's work, and each answer (`Saved`) says in one sentence what happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from paperreader.domain.errors import PaperReaderError, StorageError, UsageError
from paperreader.domain.models import Bookmark, Listing, ListingKind, ListingQuery, Origin, Paper
from paperreader.domain.tags import has_tag
from paperreader.domain.text import counted
from paperreader.service.context import SessionContext

if TYPE_CHECKING:
    from paperreader.service.paper_texts import PaperTexts
    from paperreader.storage.user_data import Edited, UserDataStore

T = TypeVar("T")

DEMO_UNSAVED = " (demo: not saved)"
"""Added, once per session, to the first change the demo announces: it keeps nothing."""


class Saved(NamedTuple):
    """A change to the bookmarks as the front ends show it."""

    notice: str
    """One sentence: what happened (with the paper's title where it helps)."""
    bookmarks: list[Bookmark]
    """Every bookmark as the disk has it now, newest first."""
    warning: bool = False
    """True when the disk disagreed with what the user saw, so the change went otherwise."""
    undo: Bookmark | None = None
    """A removed bookmark that had tags or a note, whole, to be put back on request."""


class ImportReport(NamedTuple):
    """What `bookmarks import` did, for one line of output."""

    added: int
    merged: int
    unchanged: int
    skipped: int

    def sentence(self) -> str:
        parts = (
            f"Imported: added {counted(self.added, 'bookmark')}, "
            f"merged {counted(self.merged, 'bookmark')}, "
            f"unchanged {counted(self.unchanged, 'bookmark')}"
        )
        if self.skipped:
            skipped = counted(self.skipped, "unreadable entry", "unreadable entries")
            parts += f"; skipped {skipped}"
        return parts + "."


class UserDataService:
    """Bookmarks and read state, kept in the session's `UserDataStore`."""

    def __init__(
        self,
        context: SessionContext,
        store: UserDataStore | Callable[[], UserDataStore] | None,
        texts: PaperTexts,
    ) -> None:
        """`store` may be a function that makes it, on first use: a command that never
        reads the bookmarks never imports the store. A bookmark keeps the paper whole, so a
        paper of a large listing gets its texts back from `texts` first."""
        self._context = context
        self._store = store
        self._texts = texts
        self._demo_untold = context.demo
        """True until the demo has said once that what the user does there is not kept."""

    @property
    def store(self) -> UserDataStore | None:
        """The bookmark store; None when the session keeps no user data."""
        if callable(self._store):
            self._store = self._store()
        return self._store

    def notice(self, text: str) -> str:
        """`text`, announcing a saved change; the demo's first one says it is not kept
        ("Bookmarked (demo: not saved): ..."), once per session."""
        if not self._demo_untold:
            return text
        self._demo_untold = False
        cut = min((i for i in (text.find(":"), text.find(";")) if i >= 0), default=-1)
        if cut < 0:
            cut = len(text) - 1 if text.endswith(".") else len(text)
        return text[:cut] + DEMO_UNSAVED + text[cut:]

    async def revision(self) -> object:
        """A token that changes whenever the user-data files are written (by any process);
        None while the bookmarks file cannot be seen."""
        return await self._read(lambda store: store.revision(), None)

    def problem(self) -> str | None:
        """One sentence when the bookmark store had to be moved aside or cannot be written."""
        return self.store.problem if self.store is not None else None

    async def listing(self) -> Listing:
        """The bookmarks as a listing, newest first, read from the paper snapshots."""
        bookmarks = await self.bookmarks()
        return Listing(
            query=ListingQuery(ListingKind.BOOKMARKS),
            papers=tuple(b.paper for b in bookmarks),
            origin=Origin.LOCAL,
            fetched_at=self._context.clock(),
        )

    async def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        return await self._read(lambda store: store.bookmarks(), [])

    async def read_ids(self) -> frozenset[str]:
        """The ids of the papers marked read."""
        return await self._read(lambda store: store.read_ids(), frozenset())

    async def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark a paper, or remove its bookmark; True when it is now bookmarked."""
        paper = await self._texts.complete_one(paper)
        return await self._write(lambda store: store.toggle_bookmark(paper))

    async def set_tags(self, paper_id: str, tags: list[str]) -> Bookmark:
        """Replace a bookmark's tags."""
        return await self._write(lambda store: store.set_tags(paper_id, tags))

    async def set_note(self, paper_id: str, note: str) -> Bookmark:
        """Replace a bookmark's note."""
        return await self._write(lambda store: store.set_note(paper_id, note))

    # --- the app's changes: each says what the user saw -----------------------------------

    async def bookmark(self, paper: Paper) -> Saved:
        """Bookmark a paper the user saw unbookmarked (one bookmarked meanwhile stays as is)."""
        from paperreader.storage.user_data.edits import Outcome

        paper = await self._texts.complete_one(paper)
        edited = await self._write(lambda store: store.bookmark_paper(paper))
        if edited.outcome is Outcome.ALREADY:
            return await self._saved(
                f"Already bookmarked (by another window): {paper.title}", warning=True
            )
        return await self._saved(f"Bookmarked: {paper.title}")

    async def unbookmark(self, seen: Bookmark) -> Saved:
        """Remove the bookmark the user saw; kept if its tags or note changed meanwhile."""
        from paperreader.storage.user_data.edits import Outcome

        edited = await self._write(lambda store: store.remove_seen(seen.paper.id, seen))
        title = seen.paper.title
        if edited.outcome is Outcome.KEPT:
            return await self._saved(
                f"Not removed: its tags or note changed in another window (shown now): {title}",
                warning=True,
            )
        removed = edited.removed
        if removed is None:
            return await self._saved(f"Already removed (by another window): {title}")
        if not (removed.note or removed.tags):
            return await self._saved(f"Bookmark removed: {title}")
        what = " and ".join(w for w, has in (("note", removed.note), ("tags", removed.tags)) if has)
        return await self._saved(f"Removed bookmark with {what}: {title}", undo=removed)

    async def restore(self, bookmark: Bookmark) -> Saved:
        """Put a removed bookmark back whole (merged with one made meanwhile)."""
        from paperreader.storage.user_data.edits import Outcome

        edited = await self._write(lambda store: store.restore_bookmark(bookmark))
        if edited.outcome is Outcome.MERGED:
            return await self._saved(
                "Bookmark restored, merged with the one another window made: "
                + bookmark.paper.title,
                warning=True,
            )
        return await self._saved(f"Bookmark restored: {bookmark.paper.title}")

    async def edit_tags(self, paper: Paper, tags: list[str], seen: tuple[str, ...] | None) -> Saved:
        """Tags edited from `seen` (None: the paper was seen unbookmarked) to `tags`."""
        paper = await self._texts.complete_one(paper)
        edited = await self._write(lambda store: store.edit_tags(paper, tags, seen=seen))
        shown = " ".join(edited.bookmark.tags) if edited.bookmark else ""
        return await self._edit_saved(edited, "tags saved: " + (shown or "none"))

    async def edit_note(self, paper: Paper, note: str, seen: str | None) -> Saved:
        """A note edited from `seen` (None: the paper was seen unbookmarked) to `note`."""
        from paperreader.storage.user_data.edits import Outcome

        paper = await self._texts.complete_one(paper)
        edited = await self._write(lambda store: store.edit_note(paper, note, seen=seen))
        if edited.outcome is Outcome.MERGED:
            return await self._saved(
                "Note saved; another window had changed it meanwhile, so its note is kept "
                "below yours.",
                warning=True,
            )
        return await self._edit_saved(edited, "note saved.")

    async def _edit_saved(self, edited: Edited, done: str) -> Saved:
        from paperreader.storage.user_data.edits import Outcome

        if edited.outcome is Outcome.RECREATED:
            return await self._saved(
                f"Bookmarked again (it was removed in another window); {done}", warning=True
            )
        if edited.outcome is Outcome.MERGED:
            head, _, rest = done.partition(":")
            return await self._saved(
                f"{head.capitalize()}, with another window's changes kept:{rest}", warning=True
            )
        return await self._saved(done[0].upper() + done[1:])

    async def _saved(
        self, notice: str, *, warning: bool = False, undo: Bookmark | None = None
    ) -> Saved:
        """The answer to a change: its notice, and the bookmarks read again."""
        bookmarks = await self.bookmarks()
        return Saved(self.notice(notice), bookmarks, warning, undo)

    # --- changes applied as they stand (the CLI, scripts) --------------------------------

    async def set_read(self, paper_id: str, read: bool = True) -> None:
        """Mark a paper read or unread."""
        await self._write(lambda store: store.set_read(paper_id, read))

    async def visit(self, listing_key: str, paper_ids: list[str]) -> frozenset[str]:
        """Record a visit to a listing; returns the ids that are new since the previous one.

        The first visit of a listing reports nothing new: it is not news that everything on
        it was never seen before.
        """
        if self.store is None:
            return frozenset()
        try:
            seen = await self._read(lambda store: store.seen_ids(listing_key), None)
            await self._write(lambda store: store.record_visit(listing_key, paper_ids))
        except PaperReaderError:
            return frozenset()  # a count of new papers is not worth an error message
        return frozenset() if seen is None else frozenset(paper_ids) - seen

    async def import_bookmarks(self, text: str) -> ImportReport:
        """Merge a JSON export into the bookmarks, losing nothing; says what changed."""
        from paperreader.formats.export.bookmark_json import parse_bookmarks_json

        result = parse_bookmarks_json(text)
        counts = await self._write(lambda store: store.import_bookmarks(result.bookmarks))
        return ImportReport(counts.added, counts.merged, counts.unchanged, result.skipped)

    async def add_bookmarks(self, papers: list[Paper], tags: list[str], note: str) -> ImportReport:
        """Bookmark papers as they stand (the CLI), merged as an import merges: a paper already
        bookmarked gains the tags, and a different note is kept below its own."""
        now = self._context.clock()
        whole = await self._texts.complete(papers)
        wanted = [Bookmark(paper, now, tuple(tags), note) for paper in whole]
        counts = await self._write(lambda store: store.import_bookmarks(wanted))
        return ImportReport(counts.added, counts.merged, counts.unchanged, 0)

    async def export_bookmarks(self, fmt: str, tag: str | None = None) -> tuple[str, int]:
        """The bookmarks in an export format, and how many were exported."""
        from paperreader.formats.export.bookmarks import export_bookmarks

        bookmarks = await self.bookmarks()
        count = sum(1 for b in bookmarks if has_tag(b, tag))
        return export_bookmarks(bookmarks, fmt, tag=tag, web=self._context.web_url), count

    async def _read(self, read: Callable[[UserDataStore], T], default: T) -> T:
        """`read` on the store off the event loop; `default` when there is no store."""
        if self.store is None:
            return default
        return await self._call(self.store, read)

    async def _write(self, write: Callable[[UserDataStore], T]) -> T:
        """`write` on the store off the event loop; StorageError when there is no store."""
        if self.store is None:
            raise StorageError("Bookmarks are not available in this session.")
        return await self._call(self.store, write)

    @staticmethod
    async def _call(store: UserDataStore, action: Callable[[UserDataStore], T]) -> T:
        try:
            return await asyncio.to_thread(action, store)
        except KeyError:
            raise UsageError("That paper is not bookmarked.") from None
        except ValueError as error:
            raise UsageError(f"That cannot be saved: {error}.") from None
