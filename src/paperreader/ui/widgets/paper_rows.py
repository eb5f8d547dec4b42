"""Drawing the paper list's rows: the text of each line of a row, and the strip it becomes.

Kept apart from the list, which decides which papers are shown and where the cursor is; this
module only knows how one paper looks. Each paper takes two lines: upvotes and title, then
organisation or first author, comments and date. Titles are drawn as `Text`, never markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.strip import Strip
from textual.widget import Widget

from paperreader.domain.models import Paper

ROW_HEIGHT = 2
"""Lines each paper takes."""

BOOKMARKED, READ, NEW = 1, 2, 4
"""The bits of a row's marks."""


class RowPainter:
    """Draws a list's row lines, keeping the strips drawn until the rows or styles change.

    Component styles are looked up once per style change, not once per line: Textual
    computes them afresh on each call, and a screenful asks for them dozens of times.
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._styles: dict[str, Style] = {}
        self._strips: LRUCache[tuple[int, int, int, bool, bool, int], Strip] = LRUCache(1024)
        self.base = Style()
        """The widget's own style, read once per paint (costly to compute)."""

    def forget_rows(self) -> None:
        """Drop the drawn rows: they are kept by their index in the view, or their marks
        or the width changed."""
        self._strips.clear()

    def forget_styles(self) -> None:
        """Drop the styles and what was drawn with them (the theme or the CSS changed)."""
        self._strips.clear()
        self._styles.clear()

    def row_line(
        self,
        index: int,
        paper: Paper,
        sub: int,
        width: int,
        selected: bool,
        marks: int,
        note: str = "",
    ) -> Strip:
        """Line `sub` of the row of paper `index` in the view, drawn once and then kept;
        `note` (why it is listed) leads its second line."""
        focused = self._widget.has_focus
        key = (index, sub, width, selected, focused, marks)
        strip = self._strips.get(key)
        if strip is None:
            strip = self.draw_row_line(paper, sub, width, selected, marks, note)
            self._strips[key] = strip
        return strip

    def draw_row_line(
        self, paper: Paper, sub: int, width: int, selected: bool, marks: int, note: str = ""
    ) -> Strip:
        """Line `sub` (0 or 1) of a paper's row, exactly `width` cells wide."""
        background = self.cursor_background(self._widget.has_focus) if selected else None
        text = row_text(paper, sub, selected, marks, self, note)
        return to_strip(text, width, self.base, self._widget.app.console, background)

    def message_line(self, text: str, width: int) -> Strip:
        """A line of the list's message when it has no rows."""
        styled = Text("  " + text, style=self.style("paper-list--empty"))
        return to_strip(styled, width, self.base, self._widget.app.console)

    def style(self, component: str) -> Style:
        """A component's foreground style; the row decides the background."""
        style = self._styles.get(component)
        if style is None:
            full = self._widget.get_component_rich_style(component)
            style = Style(
                color=full.color,
                bold=full.bold,
                italic=full.italic,
                underline=full.underline,
            )
            self._styles[component] = style
        return style

    def cursor_background(self, focused: bool) -> Style:
        """The cursor row's background, which differs with focus."""
        key = f"cursor:{focused}"
        style = self._styles.get(key)
        if style is None:
            style = self._widget.get_component_rich_style("paper-list--cursor", partial=True)
            self._styles[key] = style
        return style


def row_text(
    paper: Paper, sub: int, selected: bool, marks: int, painter: RowPainter, note: str = ""
) -> Text:
    """Line `sub` (0 or 1) of a paper's row, unpadded; `note` leads the second line."""
    marker = "▌" if selected else " "
    text = Text(marker, style=painter.style("paper-list--upvotes") if selected else "")
    if sub == 0:
        text.append("★" if marks & BOOKMARKED else " ", style=painter.style("paper-list--bookmark"))
        text.append(f"▲{paper.upvotes:>5}  ", style=painter.style("paper-list--upvotes"))
        title_style = painter.style("paper-list--read" if marks & READ else "paper-list--title")
        if paper.highlighted_title:
            match_style = painter.style("paper-list--match")
            for span in paper.highlighted_title:
                text.append(span.text, style=match_style if span.highlight else title_style)
        else:
            text.append(paper.title, style=title_style)
    else:
        text.append(" " * 10)
        if marks & NEW:
            text.append("new ", style=painter.style("paper-list--new"))
        if note:
            text.append(note + " · ", style=painter.style("paper-list--upvotes"))
        text.append(meta_line(paper), style=painter.style("paper-list--meta"))
    return text


def to_strip(
    text: Text, width: int, base: Style, console: Console, background: Style | None = None
) -> Strip:
    """`text` on one line of exactly `width` cells, cut with an ellipsis when too long."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.truncate(width, overflow="ellipsis", pad=True)
    style = base + background if background else base
    segments = [
        Segment(s.text, style + s.style if s.style else style)
        for s in text.render(console)
        if s.text != "\n"
    ]
    return Strip(segments, width).adjust_cell_length(width, style)


def meta_line(paper: Paper) -> str:
    """The second line of a row: who, how much discussion, when."""
    parts = []
    if paper.organization:
        parts.append(paper.organization.label)
    elif paper.first_author:
        extra = len(paper.authors) - 1
        parts.append(paper.first_author + (f" +{extra}" if extra else ""))
    if paper.num_comments:
        parts.append(f"{paper.num_comments} comment{'s' if paper.num_comments != 1 else ''}")
    if paper.github_repo:
        parts.append("code")
    if paper.published_at:
        parts.append(paper.published_at.strftime("%Y-%m-%d"))
    if paper.withdrawn:
        parts.append("withdrawn")
    return " · ".join(parts)
