"""Line-API views whose content changes size without a screen-wide layout pass."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget

from paperreader.ui.widgets.line_scrollbar import LineScrollBar


class LineScrollView(ScrollView):
    """A line-API view with its slim vertical scrollbar always shown, on the surface colour.

    The scrollbar that never comes and goes is what lets `set_virtual_size` skip the layout:
    a view that always shows it keeps its geometry whatever its content.
    """

    DEFAULT_CSS = """
    LineScrollView {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        scrollbar-background: $surface;
        scrollbar-background-hover: $surface;
        scrollbar-background-active: $surface;
    }
    """

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar, drawn by `LineScrollBar` (made as `Widget` makes its own:
        Textual has no other way to choose the class, and it is pinned)."""
        if self._vertical_scrollbar is None:
            bar = LineScrollBar(thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def set_virtual_size(self, size: Size) -> None:
        """Give the view a new virtual size, repainting it alone.

        Assigning `virtual_size` asks for a layout of the whole screen, which at 120x35 costs
        20-40 ms: far more than a frame, on every key press that changes the content. This
        view keeps its geometry whatever its content, so updating the scrollbars and
        repainting it is enough.
        """
        if self.virtual_size == size:
            return
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        self.refresh()
