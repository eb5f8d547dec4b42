"""What the paper list says when it shows no rows: the reason that is true right now.

A listing without papers says its own message; otherwise the filter or the hidden read
papers left every row out, and the list says which. A filter that matches only read papers,
while they are hidden, says so (in the status line's words), not that nothing matches.
"""

from __future__ import annotations

from collections.abc import Mapping

from paperreader.config.keymap import hint
from paperreader.ui.widgets.row_selection import RowSelection


def why_empty(
    selection: RowSelection, listing_message: str, hidden: int, key_map: Mapping[str, str]
) -> str:
    """Why `selection` gives no rows: `listing_message` when the listing has no papers;
    `hidden` read papers are left out; `key_map` names the keys in force."""
    view = selection.view
    if not view.papers:
        return listing_message
    words = " ".join(selection.filter.split())
    if words:
        if selection.hidden and view.select(selection.sort, words, limit=1):
            shown_again = hint("press {hide} to show them.", key_map)
            return f"No unread papers match “{words}” · {hidden:,} read hidden: {shown_again}"
        return f"No papers match “{words}”."
    if selection.hidden:
        return hint(
            "Every paper here is read, and read papers are hidden: press {hide} to show them.",
            key_map,
        )
    return listing_message
