"""What the paper list says when a listing leaves it empty: why, and what to do next.

The keys it names are the ones in force (`key_map`, binding id -> keys, as
`ui.bindings.keys_in_force` gives it), so a remapped key is named as remapped.
"""

from __future__ import annotations

from collections.abc import Mapping

from paperreader.config.keymap import hint
from paperreader.domain.models import Listing, ListingKind, ListingQuery

RETRY = "Press {refresh} to try again."
"""The way out of a listing that failed or came back unreadable (a `hint` template)."""
EARLIER = "Press {period.previous} for the one before."
"""The way out of a period without papers (a `hint` template)."""


def empty_message(listing: Listing, key_map: Mapping[str, str]) -> str:
    """The list's message for `listing`, shown if it has no papers."""
    if listing.query.kind is ListingKind.LIBRARY:
        if listing.query.text:
            return f"Nothing in the library matches “{listing.query.text}”."
        return (
            "The library is empty. It keeps every listing you open; "
            "`paperreader sync` fetches the whole archive."
        )
    if listing.query.kind is ListingKind.BOOKMARKS:
        return hint(
            "No bookmarks yet: press {bookmark} on a paper to keep it here, readable offline.",
            key_map,
        )
    if listing.query.kind is ListingKind.FOR_YOU:
        if listing.query.text:
            like = listing.query.text
            return f"No paper in the library is like {like} yet: it grows as you read."
        return hint(
            "Nothing for you yet: press {watch} to watch a paper's authors, organisation or a "
            "query, and bookmark papers ({bookmark}) to see papers like them here.",
            key_map,
        )
    if listing.unreadable:
        return f"{listing.unreadable} {hint(RETRY, key_map)}"
    if listing.query.kind is ListingKind.SEARCH:
        return f"No papers match “{listing.query.text}”."
    period = listing.query.period or listing.effective_period or "this period"
    return f"No papers for {period}. {hint(EARLIER, key_map)}"


def failure_message(query: ListingQuery, reason: str, key_map: Mapping[str, str]) -> str:
    """The list's message when nothing could be shown for `query`: why, and a way out."""
    way_out = hint(RETRY, key_map)
    if "--demo" not in reason and not query.kind.is_local:
        way_out += " Or try paperreader --demo, which needs no network."
    return f"{reason}  {way_out}"
