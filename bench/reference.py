"""The reference list: a minimal line-API list of the same rows, with no per-row work.

What a list pane costs when it does nothing but draw visible lines; the app's paper list is
measured against it in the same run.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class VirtualList(ScrollView, can_focus=True):
    """One line per row, a highlighted cursor, up and down keys."""

    BINDINGS = [Binding("down", "down"), Binding("up", "up")]
    cursor = reactive(0)

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def set_lines(self, lines: list[str]) -> None:
        """Replace every row."""
        self.lines = lines
        self.virtual_size = Size(self.size.width, len(lines))
        self.refresh()

    def action_down(self) -> None:
        self.cursor = min(self.cursor + 1, len(self.lines) - 1)
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)

    def action_up(self) -> None:
        self.cursor = max(self.cursor - 1, 0)

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        width = self.size.width
        if index >= len(self.lines):
            return Strip.blank(width)
        style = Style(reverse=True) if index == self.cursor else Style()
        return Strip([Segment(self.lines[index][:width], style)]).adjust_cell_length(width)


class ReferenceApp(App[None]):
    """The reference list filling the screen."""

    def compose(self) -> ComposeResult:
        yield VirtualList()
