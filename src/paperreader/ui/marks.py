"""The user's marks on papers: bookmarks, read, and new since the last visit, held once.

The main screen changes them as the session's answers arrive; the paper list, the detail and
the status line read them here, so no widget keeps a copy that could fall behind.
"""

from __future__ import annotations

from paperreader.domain.models import Bookmark


class PaperMarks:
    """What the user has done with papers, as the UI last heard it from the session."""

    def __init__(self) -> None:
        self.bookmarks: dict[str, Bookmark] = {}
        """Paper id -> the user's bookmark of it."""
        self.read: frozenset[str] = frozenset()
        """The ids of the papers read."""
        self.new: dict[str, frozenset[str]] = {}
        """Listing key -> the ids that were not in that listing at the previous visit."""

    def tags(self) -> dict[str, tuple[str, ...]]:
        """Paper id -> bookmark tags, for the `tag:` filter."""
        return {paper_id: bookmark.tags for paper_id, bookmark in self.bookmarks.items()}

    def new_in(self, listing_key: str | None) -> frozenset[str]:
        """The papers new in a listing (none when it was not visited, or for no listing)."""
        return self.new.get(listing_key, frozenset()) if listing_key is not None else frozenset()
