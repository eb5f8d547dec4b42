"""The paper list: a line-API widget that draws only the rows on screen.

One widget for the whole list (not one per row), so 50,000 papers load in milliseconds and a
key press repaints a screenful at most. Each paper takes two lines: upvotes and title, then
organisation or first author, comments and date.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...filtering import PaperView, SortOrder
from ...models import Paper

ROW_HEIGHT = 2


class PaperList(ScrollView, can_focus=True):
    """A scrolling, filterable, sortable list of papers with a cursor."""

    BINDINGS: list[BindingType] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "select", "Open", show=False, id="list.open"),
    ]

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--upvotes",
        "paper-list--title",
        "paper-list--match",
        "paper-list--meta",
        "paper-list--empty",
    }

    DEFAULT_CSS = """
    PaperList {
        background: $surface;
        overflow-x: hidden;
        & > .paper-list--cursor { background: $panel; }
        &:focus > .paper-list--cursor { background: $primary 35%; }
        & > .paper-list--upvotes { color: $accent; text-style: bold; }
        & > .paper-list--title { color: $foreground; }
        & > .paper-list--match { color: $warning; text-style: bold underline; }
        & > .paper-list--meta { color: $text-muted; }
        & > .paper-list--empty { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Position of the cursor among the visible (filtered, sorted) rows."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another paper (or to none)."""

        paper_list: PaperList
        paper: Paper | None

        @property
        def control(self) -> PaperList:
            """The list that sent this."""
            return self.paper_list

    @dataclass
    class Selected(Message):
        """The user chose a paper (enter or a click on the cursor row)."""

        paper_list: PaperList
        paper: Paper

        @property
        def control(self) -> PaperList:
            """The list that sent this."""
            return self.paper_list

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._view = PaperView(())
        self._rows: list[int] = []
        self._sort = SortOrder.HUB
        self._filter = ""
        self._strips: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)
        self._last_highlighted: str | None = "\0"
        self.empty_message = "No papers."
        """What the list says when it has no rows."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        """All papers of the listing, unfiltered."""
        return self._view.papers

    @property
    def visible_count(self) -> int:
        """How many rows the filter lets through."""
        return len(self._rows)

    @property
    def filter_text(self) -> str:
        """The active filter."""
        return self._filter

    @property
    def sorting(self) -> SortOrder:
        """The active sort order."""
        return self._sort

    @property
    def current(self) -> Paper | None:
        """The paper under the cursor."""
        if not self._rows:
            return None
        return self._view.papers[self._rows[min(self.cursor, len(self._rows) - 1)]]

    def set_papers(self, papers: tuple[Paper, ...], keep: str | None = None) -> None:
        """Show a new listing, keeping the cursor on paper `keep` (an id) when it is there."""
        self._view = PaperView(papers)
        self._apply(keep, reset=keep is None)

    def set_sort(self, order: SortOrder) -> None:
        """Order the rows, keeping the cursor on the same paper."""
        self._sort = order
        self._apply(self._current_id())

    def set_filter(self, text: str) -> None:
        """Show only papers matching `text` (title, authors, organisation, keywords, id)."""
        self._filter = text
        self._apply(self._current_id())

    def _current_id(self) -> str | None:
        paper = self.current
        return paper.id if paper else None

    def _apply(self, keep: str | None, reset: bool = False) -> None:
        self._rows = self._view.select(self._sort, self._filter)
        self._strips.clear()
        position = 0
        if keep is not None:
            papers = self._view.papers
            position = next((n for n, i in enumerate(self._rows) if papers[i].id == keep), 0)
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) * ROW_HEIGHT)
        if reset:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = position
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, value: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        paper = self.current
        paper_id = paper.id if paper else None
        if paper_id != self._last_highlighted:
            self._last_highlighted = paper_id
            self.post_message(self.Highlighted(self, paper))

    def _scroll_to_cursor(self) -> None:
        if not self._rows:
            return
        self.scroll_to_region(
            Region(0, self.cursor * ROW_HEIGHT, 1, ROW_HEIGHT),
            animate=False,
            force=True,
            immediate=True,
        )

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(event.size.width, len(self._rows) * ROW_HEIGHT)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_cursor_down(self) -> None:
        """Move to the next paper."""
        self.cursor += 1

    def action_cursor_up(self) -> None:
        """Move to the previous paper."""
        self.cursor -= 1

    def action_first(self) -> None:
        """Jump to the first paper."""
        self.cursor = 0

    def action_last(self) -> None:
        """Jump to the last paper."""
        self.cursor = len(self._rows) - 1

    def action_page_down(self) -> None:
        """Move a screenful down."""
        self.cursor += self._page_rows()

    def action_page_up(self) -> None:
        """Move a screenful up."""
        self.cursor -= self._page_rows()

    def action_select(self) -> None:
        """Open the paper under the cursor."""
        paper = self.current
        if paper is not None:
            self.post_message(self.Selected(self, paper))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= row < len(self._rows):
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = row

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        row, sub = divmod(line, ROW_HEIGHT)
        if not self._rows:
            lines = textwrap.wrap(self.empty_message, max(10, width - 4))
            if 1 <= y <= len(lines):
                text = Text("  " + lines[y - 1], style=self._style("paper-list--empty"))
                return self._strip(text, width)
            return Strip.blank(width, self.rich_style)
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        index = self._rows[row]
        selected = row == self.cursor
        key = (index, sub, width, selected, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(self._view.papers[index], sub, width, selected)
            self._strips[key] = strip
        return strip

    def _style(self, component: str) -> Style:
        """A component's foreground style; the row decides the background."""
        full = self.get_component_rich_style(component)
        return Style(
            color=full.color,
            bold=full.bold,
            italic=full.italic,
            underline=full.underline,
        )

    def _strip(self, text: Text, width: int, background: Style | None = None) -> Strip:
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.truncate(width, overflow="ellipsis", pad=True)
        base = self.rich_style + background if background else self.rich_style
        segments = [
            Segment(s.text, base + s.style if s.style else base)
            for s in text.render(self.app.console)
            if s.text != "\n"
        ]
        return Strip(segments, width).adjust_cell_length(width, base)

    def _render_row_line(self, paper: Paper, sub: int, width: int, selected: bool) -> Strip:
        background = (
            self.get_component_rich_style("paper-list--cursor", partial=True) if selected else None
        )
        marker = "▌" if selected else " "
        text = Text(marker, style=self._style("paper-list--upvotes") if selected else "")
        if sub == 0:
            text.append(f"▲{paper.upvotes:>5}  ", style=self._style("paper-list--upvotes"))
            title_style = self._style("paper-list--title")
            if paper.highlighted_title:
                match_style = self._style("paper-list--match")
                for span in paper.highlighted_title:
                    text.append(span.text, style=match_style if span.highlight else title_style)
            else:
                text.append(paper.title, style=title_style)
        else:
            text.append(" " * 9)
            text.append(_meta(paper), style=self._style("paper-list--meta"))
        return self._strip(text, width, background)


def _meta(paper: Paper) -> str:
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
