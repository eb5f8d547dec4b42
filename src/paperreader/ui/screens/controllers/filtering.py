"""What of the listing the list shows: the filter box, the sort order, hiding read papers.

The filter box filters the list as you type; in the Library tab it searches the whole
library instead (a new listing, not a filter), and that search is kept with the tab. The box
is made, and joins the screen above the status line, the first time it opens: a start that
never filters never defines, styles or draws it (~5 ms of the first frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.ui.screens.controllers.listings import ListingController
from paperreader.ui.screens.controllers.navigation import Navigation
from paperreader.ui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from paperreader.ui.widgets.filter_input import FilterInput

FILTER_HINT = "filter: title, authors, org, keywords, tag:"
LIBRARY_HINT = "search the library: words, author:, org:, year:, upvotes:>N, has:code"


class FilterController:
    """The filter box (made when first opened), and the list's order and read papers."""

    def __init__(
        self,
        host: Widget,
        navigation: Navigation,
        paper_list: PaperList,
        listings: ListingController,
    ) -> None:
        self._host = host
        self._navigation = navigation
        self._list = paper_list
        self._listings = listings
        self._box: FilterInput | None = None
        self._hint = FILTER_HINT

    @property
    def box(self) -> FilterInput:
        """The filter box, made when first wanted."""
        if self._box is None:
            from paperreader.ui.widgets.filter_input import FilterInput

            self._box = FilterInput(placeholder=self._hint, id="filter")
        return self._box

    @property
    def in_use(self) -> bool:
        """True while the list is filtered or the box is open."""
        return bool(self._list.filter_text) or (
            self._box is not None and self._box.has_class("-visible")
        )

    def _mounted_box(self) -> FilterInput:
        """The box, docked above the status line: mounted now if it never was (in the DOM at
        once, so it can take the focus and the keys typed after the filter key)."""
        box = self.box
        if box.parent is None:
            self._host.mount(box)
        return box

    def show(self) -> None:
        """Show the box and type in it."""
        box = self._mounted_box()
        box.add_class("-visible")
        # Focused now, not once the keys already queued are handled: the rest of "/vis"
        # typed at once must find the box (`TypeAhead`).
        box.screen.set_focus(box)

    def changed(self, text: str) -> None:
        """Filter the list as the text is typed (search the library in its tab)."""
        if self._navigation.kind is ListingKind.LIBRARY:
            self._search_library(text)
            return
        self._list.set_filter(text)
        self._listings.update_status()

    def _search_library(self, text: str) -> None:
        text = " ".join(text.split())
        current = self._navigation.queries[ListingKind.LIBRARY]
        if current is not None and (current.text or "") == text:
            return
        query = ListingQuery(ListingKind.LIBRARY, text=text or None)
        self._navigation.queries[ListingKind.LIBRARY] = query
        self._listings.search(query)

    def submitted(self, text: str) -> None:
        """Back to the list, closing the box if it is empty."""
        if not text:
            self.box.remove_class("-visible")
        self._list.focus()

    def clear(self, refocus: bool = True) -> None:
        """Empty and close the box, showing the whole listing again."""
        box = self._box
        if box is not None and box.parent is not None:  # one never opened is empty and closed
            box.value = ""
            box.remove_class("-visible")
        self._list.set_filter("")
        if refocus:
            self._list.focus()
        self._listings.update_status()

    def switch_tab(self, kind: ListingKind, query: ListingQuery | None) -> None:
        """Start the tab with its own sort and an empty box (its search, in the Library)."""
        self.clear(refocus=False)
        self._hint = LIBRARY_HINT if kind is ListingKind.LIBRARY else FILTER_HINT
        if self._box is not None:
            self._box.placeholder = self._hint
        self._list.set_sort(self._navigation.sort)
        if kind is ListingKind.LIBRARY and query is not None and query.text:
            # The library's search is kept while other tabs are shown: back here it is in
            # its box again, where esc clears it (not hidden with no way to clear it).
            box = self._mounted_box()
            box.value = query.text
            box.add_class("-visible")

    def cycle_sort(self) -> None:
        """Sort by the next order of the tab's cycle."""
        self._list.set_sort(self._navigation.next_sort())
        self._listings.update_status()
        self._host.notify(f"Sorted by {self._navigation.sort_label}", timeout=2)

    def toggle_hide_read(self) -> None:
        """Hide the papers already read, or show them again."""
        hide = not self._list.hide_read
        self._list.set_hide_read(hide)
        self._listings.update_status()
        self._host.notify("Hiding read papers." if hide else "Showing read papers.", timeout=2)
