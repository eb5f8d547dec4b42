"""A cursor over rows of a fixed height in a line-API scroll view: moving, paging, clicking.

The paper list's rows are its business (which papers, how they are drawn); where the cursor
is, what is scrolled into view and which lines a move repaints is this base class's. A row
is `row_height` lines tall (two, or one in compact mode).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.reactive import reactive

from paperreader.ui.widgets.scrolling import LineScrollView


class RowCursor(LineScrollView):
    """A cursor over `row_count` rows of `row_height` lines; subclasses say what a row is."""

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    """Position of the cursor among the rows shown."""

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        raise NotImplementedError

    @property
    def row_height(self) -> int:
        """Lines each row takes."""
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """Called after every cursor move (the row under it may be another)."""

    def action_select(self) -> None:
        """Choose the row under the cursor."""

    def validate_cursor(self, value: int) -> int:
        count = self.row_count
        return max(0, min(value, count - 1)) if count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_cursor()  # a scroll repaints everything by itself
        self._refresh_row(old)
        self._refresh_row(new)
        self.cursor_moved()

    def watch_has_focus(self, has_focus: bool) -> None:
        # Focus changes the cursor row's colour and nothing else (rows take it from a
        # component of its own, never a :focus rule): that row is repainted instead of the
        # widget, its scrollbar and its components restyled (~3 ms, in every first frame).
        self._refresh_row(self.cursor)

    # Textual's own handlers (pinned, as the scrollbar's maker is in `scrolling`) less their
    # repaint of the whole widget, which the cursor row's repaint above makes needless:
    # every change of focus repainted all the rows (~1 ms). `prevent_default` keeps Widget's
    # from running after these.

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()
        self.has_focus = True
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def _refresh_row(self, row: int) -> None:
        """Repaint one row only: a cursor move must not redraw the whole pane."""
        height = self.row_height
        top = row * height - int(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, height))

    def scroll_to_cursor(self) -> None:
        """Bring the cursor's row into view."""
        if not self.row_count:
            return
        height = self.row_height
        self.scroll_to_region(
            Region(0, self.cursor * height, 1, height),
            animate=False,
            force=True,
            immediate=True,
        )

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height - 1)

    def action_cursor_down(self) -> None:
        """Move to the next row."""
        self.cursor += 1

    def action_cursor_up(self) -> None:
        """Move to the previous row."""
        self.cursor -= 1

    def action_first(self) -> None:
        """Jump to the first row."""
        self.cursor = 0

    def action_last(self) -> None:
        """Jump to the last row."""
        self.cursor = self.row_count - 1

    def action_page_down(self) -> None:
        """Move a screenful down."""
        self.cursor += self._page_rows()

    def action_page_up(self) -> None:
        """Move a screenful up."""
        self.cursor -= self._page_rows()

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_offset.y)) // self.row_height
        if 0 <= row < self.row_count:
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = row
