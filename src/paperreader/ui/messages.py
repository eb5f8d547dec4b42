"""Messages workers post to the app: the results of work, never widget updates themselves."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..models import Listing, ListingQuery


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
