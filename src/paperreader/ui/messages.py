"""Every message the UI's workers and screens post: the results of work, never widget updates.

Workers call the session and post one of these; handlers on the screen that started the work
own the state and update the widgets. Messages that belong to one widget (such as
`PaperList.Highlighted`) stay on that widget, as Textual's own widgets do.

They are plain classes, not dataclasses: making this many dataclasses took ~3 ms of every
start, before the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from paperreader.domain.models import Bookmark, Listing, ListingQuery, Paper

if TYPE_CHECKING:
    from paperreader.domain.details import Discussion, PaperExtras

# ---------------------------------------------------------------------- listings


class ListingLoaded(Message):
    """A listing (cached or fresh) is ready to show."""

    def __init__(self, listing: Listing) -> None:
        super().__init__()
        self.listing = listing


class ListingFailed(Message):
    """Nothing could be shown for a listing; `message` says why in one sentence."""

    def __init__(self, query: ListingQuery, message: str) -> None:
        super().__init__()
        self.query = query
        self.message = message


class ListingProgress(Message):
    """A multi-page listing is downloading."""

    def __init__(self, query: ListingQuery, pages: int, papers: int) -> None:
        super().__init__()
        self.query = query
        self.pages = pages
        self.papers = papers

    def can_replace(self, message: Message) -> bool:
        """Only the newest progress report matters."""
        return isinstance(message, ListingProgress) and message.query == self.query


class ListingSettled(Message):
    """A listing's worker finished: nothing more is coming for it."""

    def __init__(self, query: ListingQuery) -> None:
        super().__init__()
        self.query = query


# ---------------------------------------------------------------------- the user's data


class UserDataLoaded(Message):
    """Bookmarks and read marks, read once at start-up."""

    def __init__(
        self, bookmarks: list[Bookmark], read_ids: frozenset[str], problem: str | None
    ) -> None:
        super().__init__()
        self.bookmarks = bookmarks
        self.read_ids = read_ids
        self.problem = problem


class BookmarksChanged(Message):
    """The bookmarks changed (here or in another window): repaint the marks and the detail."""

    def __init__(self, bookmarks: list[Bookmark]) -> None:
        super().__init__()
        self.bookmarks = bookmarks


class ReadChanged(Message):
    """The set of read papers changed."""

    def __init__(self, read_ids: frozenset[str]) -> None:
        super().__init__()
        self.read_ids = read_ids


class VisitRecorded(Message):
    """A listing was visited; `new_ids` were not there at the previous visit."""

    def __init__(self, query: ListingQuery, new_ids: frozenset[str]) -> None:
        super().__init__()
        self.query = query
        self.new_ids = new_ids


class Copied(Message):
    """Text was sent to the clipboard; `system` says whether the system clipboard took it."""

    def __init__(self, label: str, text: str, system: bool) -> None:
        super().__init__()
        self.label = label
        self.text = text
        self.system = system


# ---------------------------------------------------------------------- more of a paper


class TextsLoaded(Message):
    """A paper of a large listing, with the abstract and AI summary read back; or, with
    `problem`, why they could not be read."""

    def __init__(self, paper: Paper, problem: str | None = None) -> None:
        super().__init__()
        self.paper = paper
        self.problem = problem


class ExtrasLoaded(Message):
    """What only the paper endpoint knows (linked repos, comment count) arrived."""

    def __init__(self, extras: PaperExtras) -> None:
        super().__init__()
        self.extras = extras


class LinksReady(Message):
    """The links menu can open: (label, url) pairs for `paper`."""

    def __init__(self, paper: Paper, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.paper = paper
        self.links = links


class FullTextFailed(Message):
    """The full text could not be had; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class DiscussionLoaded(Message):
    """The comments arrived."""

    def __init__(self, discussion: Discussion) -> None:
        super().__init__()
        self.discussion = discussion


class DiscussionFailed(Message):
    """The comments could not be had; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


# ---------------------------------------------------------------------- requests to the app


class OpenLink(Message):
    """A screen asks the app to open a web link in the browser (the session refuses
    anything but http(s)); the app says whether it worked."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url


# ---------------------------------------------------------------------- watches and For you


class WatchAdded(Message):
    """A watch was added (or was there already); `label` names it."""

    def __init__(self, label: str, added: bool) -> None:
        super().__init__()
        self.label = label
        self.added = added


class ForYouCounted(Message):
    """How many papers the watches found that the For-you tab has not shown yet."""

    def __init__(self, new: int) -> None:
        super().__init__()
        self.new = new
