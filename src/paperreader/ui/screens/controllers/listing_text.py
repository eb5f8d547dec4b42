"""What the paper list says when a listing leaves it empty: why, and what to do next."""

from __future__ import annotations

from paperreader.domain.models import Listing, ListingKind, ListingQuery


def empty_message(listing: Listing) -> str:
    """The list's message for `listing`, shown if it has no papers."""
    if listing.query.kind is ListingKind.LIBRARY:
        if listing.query.text:
            return f"Nothing in the library matches “{listing.query.text}”."
        return (
            "The library is empty. It keeps every listing you open; "
            "`paperreader sync` fetches the whole archive."
        )
    if listing.query.kind is ListingKind.BOOKMARKS:
        return "No bookmarks yet: press b on a paper to keep it here, readable offline."
    if listing.unreadable:
        return f"{listing.unreadable} Press r to try again."
    if listing.query.kind is ListingKind.SEARCH:
        return f"No papers match “{listing.query.text}”."
    period = listing.query.period or listing.effective_period or "this period"
    return f"No papers for {period}. Press [ for the one before."


def failure_message(query: ListingQuery, reason: str) -> str:
    """The list's message when nothing could be shown for `query`: why, and a way out."""
    hint = "Press r to try again."
    if "--demo" not in reason and not query.kind.is_local:
        hint += " Or try paperreader --demo, which needs no network."
    return f"{reason}  {hint}"
