"""A scrollable pane showing one Rich renderable, drawn through the line API.

The renderable is wrapped once per content and width; scrolling and repainting reuse the
wrapped lines, and new content repaints this pane alone (no screen-wide layout), which keeps
a pane that changes on every cursor move within a frame. Content is always built from
`rich.text.Text` and friends, never from markup strings, so untrusted text stays text.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from paperreader.ui.bindings import bindings
from paperreader.ui.widgets.fact_lines import FactLines
from paperreader.ui.widgets.scrolling import LineScrollView
from paperreader.ui.widgets.text_wrap import wrap_text


class RichPane(LineScrollView, can_focus=True):
    """Shows a renderable with vim-style scrolling keys."""

    BINDINGS = bindings("pane")

    DEFAULT_CSS = """
    RichPane {
        padding: 0 1 0 2;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content: RenderableType = Text()
        self._runs: list[list[Segment]] = []
        """The content's lines at `_wrapped_width`, in its own styles."""
        self._lines: list[Strip] = []
        """The same lines on the pane's style, as drawn."""
        self._wrapped_width = -1
        self._painted_on: Style | None = None
        """The pane's style `_lines` were made on: a change of it (the focus's background, a
        theme) makes them again from `_runs`, without wrapping the content again."""
        self._blank = Strip.blank(0)
        """The line below the content, made once per paint by `render_lines`."""

    @property
    def text(self) -> str:
        """The words shown, without styles (for tests and copying)."""
        return plain_text(self._content)

    @property
    def line_count(self) -> int:
        """How many lines the content wraps to at the current width."""
        return len(self._runs)

    def set_content(self, content: RenderableType, *, keep_scroll: bool = False) -> None:
        """Show `content`, from the top unless `keep_scroll`."""
        self._content = content
        self._wrapped_width = -1
        self._wrap()
        if not keep_scroll:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        if width != self._wrapped_width:
            self._runs = content_lines(self._content, width, self.app.console)
            self._wrapped_width = width
            self._painted_on = None
            self.set_virtual_size(Size(width, len(self._runs)))
        base = self.rich_style
        if base != self._painted_on:
            self._lines = [
                Strip(
                    [Segment(s.text, base + s.style if s.style else base) for s in line]
                ).adjust_cell_length(width, base)
                for line in self._runs
            ]
            self._painted_on = base

    def notify_style_update(self) -> None:
        self._painted_on = None  # the lines carry the old colours
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self._wrap()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once per paint, not once per line: the widget's style walks its ancestors, and a
        # pane of a few lines was 40-odd of these (~2 ms a paint).
        self._wrap()
        self._blank = Strip.blank(self.scrollable_content_region.width, self.rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return self._blank


def content_lines(content: RenderableType, width: int, console: Console) -> list[list[Segment]]:
    """The lines of `content` at `width`, as `console.render_lines` draws them unpadded: a
    text, and each text of a group, wrapped by `wrap_text` when it can (the facts and the
    rest by Rich; each part of a group ends its last line, so their lines follow on)."""
    parts = content.renderables if isinstance(content, Group) else [content]
    if not all(isinstance(part, Text | FactLines) for part in parts):
        parts = [content]
    options = console.options.update(width=width, no_wrap=False, overflow="fold")
    lines: list[list[Segment]] = []
    for part in parts:
        if isinstance(part, Text):
            wrapped = wrap_text(part, width, console)
        elif isinstance(part, FactLines):
            wrapped = part.lines(width, console)
        else:
            wrapped = None
        lines += wrapped if wrapped is not None else console.render_lines(part, options, pad=False)
    return lines


def plain_text(renderable: RenderableType) -> str:
    """The words of a renderable built from Text, Table and Group (or anything with a
    `plain` text, as Text has), without styles."""
    plain = getattr(renderable, "plain", None)
    if isinstance(plain, str):
        return plain
    if isinstance(renderable, Group):
        return "".join(plain_text(part) for part in renderable.renderables)
    if isinstance(renderable, Table):
        rows = zip(*(column._cells for column in renderable.columns), strict=True)
        return "".join("  ".join(plain_text(cell) for cell in row) + "\n" for row in rows)
    return str(renderable)
