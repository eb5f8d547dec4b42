"""Messages workers post to the app: the results of work, never widget updates themselves."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from paperreader.domain.models import Bookmark, Listing, ListingQuery


@dataclass
class ListingLoaded(Message):
    """A listing (cached or fresh) is ready to show."""

    listing: Listing


@dataclass
class ListingFailed(Message):
    """Nothing could be shown for a listing; `message` says why in one sentence."""

    query: ListingQuery
    message: str


@dataclass
class ListingProgress(Message):
    """A multi-page listing is downloading."""

    query: ListingQuery
    pages: int
    papers: int

    def can_replace(self, message: Message) -> bool:
        """Only the newest progress report matters."""
        return isinstance(message, ListingProgress) and message.query == self.query


@dataclass
class ListingSettled(Message):
    """A listing's worker finished: nothing more is coming for it."""

    query: ListingQuery


@dataclass
class UserDataLoaded(Message):
    """Bookmarks and read marks, read once at start-up."""

    bookmarks: list[Bookmark]
    read_ids: frozenset[str]
    problem: str | None


@dataclass
class BookmarksChanged(Message):
    """The bookmarks changed; `notice` says what happened, for a notification."""

    bookmarks: list[Bookmark]
    notice: str = ""


@dataclass
class ReadChanged(Message):
    """The set of read papers changed."""

    read_ids: frozenset[str]


@dataclass
class VisitRecorded(Message):
    """A listing was visited; `new_ids` were not there at the previous visit."""

    query: ListingQuery
    new_ids: frozenset[str]


@dataclass
class Copied(Message):
    """Text was sent to the clipboard; `system` says whether the system clipboard took it."""

    label: str
    text: str
    system: bool
