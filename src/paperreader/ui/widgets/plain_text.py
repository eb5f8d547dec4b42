"""A very long text shown as plain lines, wrapped only where they are drawn.

The reader uses it for a full text too long to render as Markdown: every line is measured
once per width (a short line is one row without wrapping it), and only the rows on screen
are wrapped and styled, so a text of any length opens at once in little memory. Lines are
always `rich.text.Text`, never markup.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from paperreader.ui.widgets.scrolling import LineScrollView

CACHED_ROWS = 2_000
"""Rows kept drawn; more and the cache starts over (a screenful is redrawn in a moment)."""


class PlainTextView(LineScrollView, can_focus=True):
    """Lines of text, some of them headings (drawn bold); the reader's keys scroll it."""

    DEFAULT_CSS = """
    PlainTextView {
        padding: 0 1 0 2;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[str] = []
        self._headings: frozenset[int] = frozenset()
        self._marked = -1
        self._starts: list[int] = [0]
        """The first row of each line, and after the last the number of rows."""
        self._width = -1
        self._rows: dict[int, Strip] = {}
        self._base = Style()
        """The widget's style, read once per paint by `render_lines`."""

    @property
    def lines(self) -> list[str]:
        """The lines of text shown."""
        return self._lines

    @property
    def line_count(self) -> int:
        """How many lines of text (not rows) there are."""
        return len(self._lines)

    def set_text(self, lines: list[str], headings: frozenset[int] = frozenset()) -> None:
        """Show `lines`, those numbered in `headings` in bold, from the top."""
        self._lines = lines
        self._headings = headings
        self._width = -1
        self._measure()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def row_of(self, line: int) -> int:
        """The first row line number `line` is drawn on."""
        self._measure()
        return self._starts[max(0, min(line, len(self._lines)))]

    def line_at(self, row: int) -> int:
        """The line drawn on `row`."""
        self._measure()
        return max(0, bisect_right(self._starts, row) - 1)

    def go_to_line(self, line: int, *, mark: bool = False) -> None:
        """Scroll line `line` to the top; with `mark`, highlight it (a find's match)."""
        self._marked = line if mark else -1
        self._rows.clear()
        self.scroll_to(y=self.row_of(line), animate=False, immediate=True)
        self.refresh()

    @property
    def marked(self) -> int:
        """The line highlighted (a find's match), or -1."""
        return self._marked

    def unmark(self) -> None:
        """Highlight no line."""
        self._marked = -1
        self._rows.clear()
        self.refresh()

    def _measure(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        starts = [0]
        row = 0
        for line in self._lines:
            length = cell_len(line)
            row += 1 if length <= width else len(self._wrap(line, width))
            starts.append(row)
        self._starts = starts
        self._width = width
        self._rows.clear()
        self.set_virtual_size(Size(width, row))

    def _wrap(self, line: str, width: int) -> list[Text]:
        return list(Text(line, no_wrap=False, overflow="fold").wrap(self.app.console, width))

    def notify_style_update(self) -> None:
        self._rows.clear()  # the rows carry the old colours
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self._measure()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once per paint, not once per line: the widget's style walks its ancestors.
        self._measure()
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        width = max(self._width, 0)
        base = self._base
        if not 0 <= row < self._starts[-1] or width <= 0:
            return Strip.blank(max(width, 0), base)
        cached = self._rows.get(row)
        if cached is None:
            if len(self._rows) > CACHED_ROWS:
                self._rows.clear()
            cached = self._rows[row] = self._draw(row, width, base)
        return cached

    def _draw(self, row: int, width: int, base: Style) -> Strip:
        line = self.line_at(row)
        text = self._lines[line]
        part = row - self._starts[line]
        pieces = self._wrap(text, width) if cell_len(text) > width else [Text(text)]
        piece = pieces[part] if part < len(pieces) else Text()
        style = base
        if line in self._headings:
            style += Style(bold=True)
        if line == self._marked:
            style += Style(reverse=True)
        segments = [Segment(piece.plain, style)]
        return Strip(segments).adjust_cell_length(width, base)
