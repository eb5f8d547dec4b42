"""Every message the UI's workers and screens post: the results of work, never widget updates.

Workers call the session and post one of these; handlers on the screen that started the work
own the state and update the widgets. Messages that belong to one widget (such as
`PaperList.Highlighted`) stay on that widget, as Textual's own widgets do.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from paperreader.domain.models import (
    Bookmark,
    Discussion,
    Listing,
    ListingQuery,
    Paper,
    PaperExtras,
)

# ---------------------------------------------------------------------- listings


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


# ---------------------------------------------------------------------- the user's data


@dataclass
class UserDataLoaded(Message):
    """Bookmarks and read marks, read once at start-up."""

    bookmarks: list[Bookmark]
    read_ids: frozenset[str]
    problem: str | None


@dataclass
class BookmarksChanged(Message):
    """The bookmarks changed (here or in another window): repaint the marks and the detail."""

    bookmarks: list[Bookmark]


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


# ---------------------------------------------------------------------- more of a paper


@dataclass
class TextsLoaded(Message):
    """A paper of a large listing, with the abstract and AI summary read back; or, with
    `problem`, why they could not be read."""

    paper: Paper
    problem: str | None = None


@dataclass
class ExtrasLoaded(Message):
    """What only the paper endpoint knows (linked repos, comment count) arrived."""

    extras: PaperExtras


@dataclass
class LinksReady(Message):
    """The links menu can open: (label, url) pairs for `paper`."""

    paper: Paper
    links: list[tuple[str, str]]


@dataclass
class FullTextFailed(Message):
    """The full text could not be had; `message` says why."""

    message: str


@dataclass
class DiscussionLoaded(Message):
    """The comments arrived."""

    discussion: Discussion


@dataclass
class DiscussionFailed(Message):
    """The comments could not be had; `message` says why."""

    message: str


# ---------------------------------------------------------------------- requests to the app


@dataclass
class OpenLink(Message):
    """A screen asks the app to open a web link in the browser (the session refuses
    anything but http(s)); the app says whether it worked."""

    url: str


# ---------------------------------------------------------------------- watches and For you


@dataclass
class WatchAdded(Message):
    """A watch was added (or was there already); `label` names it."""

    label: str
    added: bool


@dataclass
class ForYouCounted(Message):
    """How many papers the watches found that the For-you tab has not shown yet."""

    new: int
