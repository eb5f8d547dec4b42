"""The paper list: a line-API widget that draws only the rows on screen.

One widget for the whole list (not one per row), so 50,000 papers load in milliseconds and a
key press repaints a screenful at most. Each paper takes two lines: upvotes and title, then
organisation or first author, comments and date.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paperreader.domain.filtering import PaperView, SortOrder
from paperreader.domain.models import Paper
from paperreader.ui.bindings import bindings
from paperreader.ui.widgets.scrolling import set_virtual_size

ROW_HEIGHT = 2
LARGE_LIST = 10_000
"""From this many papers on, the filter's index is built in a thread after the list shows,
and a filter that must scan this many shows its first screenful at once while a thread
finds the rest."""


class PaperList(ScrollView, can_focus=True):
    """A scrolling, filterable, sortable list of papers with a cursor."""

    BINDINGS: list[BindingType] = [*bindings("list")]

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--upvotes",
        "paper-list--title",
        "paper-list--match",
        "paper-list--meta",
        "paper-list--read",
        "paper-list--bookmark",
        "paper-list--new",
        "paper-list--empty",
    }

    DEFAULT_CSS = """
    PaperList {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        scrollbar-background: $surface;
        scrollbar-background-hover: $surface;
        scrollbar-background-active: $surface;
        & > .paper-list--cursor { background: $panel; }
        &:focus > .paper-list--cursor { background: $primary 35%; }
        /* NO_COLOR leaves greys at best (and none for an ANSI theme): mark the row by more. */
        &:nocolor > .paper-list--cursor { text-style: reverse; }
        & > .paper-list--upvotes { color: $accent; text-style: bold; }
        & > .paper-list--title { color: $foreground; text-style: bold; }
        & > .paper-list--match { color: $warning; text-style: bold underline; }
        & > .paper-list--meta { color: $text-muted; }
        & > .paper-list--read { color: $text-muted; }
        & > .paper-list--bookmark { color: $warning; text-style: bold; }
        & > .paper-list--new { color: $success; text-style: bold; }
        & > .paper-list--empty { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
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

    @dataclass
    class Counted(Message):
        """A large list's filter finished counting its matches (visible_count is final)."""

        paper_list: PaperList

        @property
        def control(self) -> PaperList:
            """The list that sent this."""
            return self.paper_list

    @dataclass
    class _AllSelected(Message, bubble=False):
        """A thread found every row of selection `generation`."""

        generation: int
        rows: list[int]

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._view = PaperView(())
        self._rows: list[int] = []
        self._sort = SortOrder.HUB
        self._filter = ""
        self._strips: LRUCache[tuple[int, int, int, bool, bool, int], Strip] = LRUCache(1024)
        self._bookmarked: frozenset[str] = frozenset()
        self._read: frozenset[str] = frozenset()
        self._new: frozenset[str] = frozenset()
        self._hide_read = False
        self._hidden: frozenset[str] = frozenset()
        self._last_highlighted: str | None = "\0"
        self._generation = 0  # bumped by every new selection: late thread results are dropped
        self._counting: tuple[str | None, int, int] | None = None
        """While a thread counts: the paper to keep, the fallback position, and the cursor
        the first screenful left (a cursor moved since then stays where the user put it)."""
        self._base_style = Style()
        self._styles: dict[str, Style] = {}  # component styles, until the styles change
        self._paint = (0, 0)  # width and scroll offset, read once per paint by render_lines
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

    def set_papers(
        self,
        papers: tuple[Paper, ...],
        keep: str | None = None,
        tags: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Show a new listing, keeping the cursor on paper `keep` (an id) when it is there.

        `tags` (paper id to bookmark tags) lets the filter understand `tag:name`.
        """
        self._view = PaperView(papers, tags)
        self._strips.clear()  # rows are cached by their index in the view, which changed
        self._hidden = self._read if self._hide_read else frozenset()
        self._apply(keep, reset=keep is None)
        if len(papers) >= LARGE_LIST:
            # Drawn first; the filter's index is built while the user reads the list.
            self.call_after_refresh(self._build_index, self._view)

    def _build_index(self, view: PaperView) -> None:
        if view is self._view:  # not replaced meanwhile
            self.run_worker(
                view.build_index,
                thread=True,
                group="filter-index",
                exit_on_error=False,
                description="filter index",
            )

    def set_marks(
        self,
        *,
        bookmarked: frozenset[str] | None = None,
        read: frozenset[str] | None = None,
        new: frozenset[str] | None = None,
    ) -> None:
        """Update which rows show as bookmarked, read or new (no re-filtering)."""
        if bookmarked is not None:
            self._bookmarked = bookmarked
        if read is not None:
            self._read = read
        if new is not None:
            self._new = new
        self._strips.clear()
        self.refresh()

    @property
    def hide_read(self) -> bool:
        """True while read papers are left out."""
        return self._hide_read

    def set_hide_read(self, hide: bool) -> None:
        """Leave out (or show again) the papers already read."""
        self._hide_read = hide
        self._hidden = self._read if hide else frozenset()
        self._apply(self._current_id())

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

    @property
    def counting(self) -> bool:
        """True while a large list's filter is still finding rows past the first screenful."""
        return self._counting is not None

    def _apply(self, keep: str | None, reset: bool = False) -> None:
        self._generation += 1
        position = 0 if reset else self.cursor  # a vanished paper leaves the cursor in place
        view, text = self._view, self._filter
        limit = position + 3 * max(1, self.scrollable_content_region.height // ROW_HEIGHT) + 1
        # Scanning many rows takes longer than a frame: show the first screenful now.
        large = view.scan_size(self._sort, text, self._hidden) >= LARGE_LIST
        limited = limit if large else None
        rows = view.select(self._sort, text, self._hidden, limit=limited)
        self._show_rows(rows, keep, position, reset)
        self._counting = (keep, position, self.cursor) if large and len(rows) >= limit else None
        if self._counting is not None:
            # Counted once the first screenful is on screen, not while it is being drawn.
            work = partial(self._select_all, self._generation, view, self._sort, text, self._hidden)
            self.call_after_refresh(self._count_rest, self._generation, work)

    def _count_rest(self, generation: int, work: partial[None]) -> None:
        if generation == self._generation:  # not typed past meanwhile
            self.run_worker(
                work, thread=True, group="filter", exit_on_error=False, description="filter"
            )

    def _select_all(
        self,
        generation: int,
        view: PaperView,
        order: SortOrder,
        text: str,
        hidden: frozenset[str],
    ) -> None:
        """Find every matching row (in a thread) and hand them to the list."""
        rows = view.select_all(order, text, hidden, stop=lambda: generation != self._generation)
        if rows is not None:
            self.post_message(self._AllSelected(generation, rows))

    @on(_AllSelected)
    def _all_selected(self, message: _AllSelected) -> None:
        if message.generation != self._generation or self._counting is None:
            return  # the filter, sort or listing changed again meanwhile
        keep, position, cursor = self._counting
        self._counting = None
        if self.cursor != cursor or (keep is not None and keep == self._current_id()):
            keep, position = self._current_id(), self.cursor  # the first screenful had it
        self._show_rows(message.rows, keep, position, reset=False)
        self.post_message(self.Counted(self))

    def _show_rows(self, rows: list[int], keep: str | None, position: int, reset: bool) -> None:
        self._rows = rows
        index = self._view.index_of(keep) if keep is not None else None
        if index is not None:
            with contextlib.suppress(ValueError):  # filtered out: the cursor stays in place
                position = self._rows.index(index)
        width = self.scrollable_content_region.width
        set_virtual_size(self, Size(width, len(self._rows) * ROW_HEIGHT))
        if reset:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = position
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()  # a scroll repaints everything by itself
        self._refresh_row(old)
        self._refresh_row(new)
        paper = self.current
        paper_id = paper.id if paper else None
        if paper_id != self._last_highlighted:
            self._last_highlighted = paper_id
            self.post_message(self.Highlighted(self, paper))

    def _refresh_row(self, row: int) -> None:
        """Repaint one row only: a cursor move must not redraw the whole pane."""
        top = row * ROW_HEIGHT - int(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, ROW_HEIGHT))

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
        set_virtual_size(self, Size(event.size.width, len(self._rows) * ROW_HEIGHT))
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        self._strips.clear()
        self._styles.clear()
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

    def render_lines(self, crop: Region) -> list[Strip]:
        # Costly to compute (styles, regions): once per paint, not once per line.
        self._base_style = self.rich_style
        self._paint = (self.scrollable_content_region.width, int(self.scroll_offset.y))
        return super().render_lines(crop)

    def _why_empty(self) -> str:
        """What an empty list says: the listing's own message, or what left every paper out."""
        if not self._view.papers:
            return self.empty_message
        if self._filter.strip():
            return f"No papers match “{' '.join(self._filter.split())}”."
        if self._hidden:
            return "Every paper here is read, and read papers are hidden."
        return self.empty_message

    def render_line(self, y: int) -> Strip:
        width, scroll_y = self._paint
        line = scroll_y + y
        row, sub = divmod(line, ROW_HEIGHT)
        if not self._rows:
            lines = textwrap.wrap(self._why_empty(), max(10, width - 4))
            if 1 <= y <= len(lines):
                text = Text("  " + lines[y - 1], style=self._style("paper-list--empty"))
                return self._strip(text, width)
            return Strip.blank(width, self._base_style)
        if row >= len(self._rows):
            return Strip.blank(width, self._base_style)
        index = self._rows[row]
        paper = self._view.papers[index]
        selected = row == self.cursor
        marks = (
            (paper.id in self._bookmarked)
            | (paper.id in self._read) << 1
            | (paper.id in self._new) << 2
        )
        key = (index, sub, width, selected, self.has_focus, marks)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(paper, sub, width, selected, marks)
            self._strips[key] = strip
        return strip

    def _style(self, component: str) -> Style:
        """A component's foreground style; the row decides the background.

        Looked up once per style change, not per row: Textual computes it afresh each call.
        """
        style = self._styles.get(component)
        if style is None:
            full = self.get_component_rich_style(component)
            style = Style(
                color=full.color,
                bold=full.bold,
                italic=full.italic,
                underline=full.underline,
            )
            self._styles[component] = style
        return style

    def _cursor_background(self) -> Style:
        """The cursor row's background, which differs with focus."""
        key = f"cursor:{self.has_focus}"
        style = self._styles.get(key)
        if style is None:
            style = self.get_component_rich_style("paper-list--cursor", partial=True)
            self._styles[key] = style
        return style

    def _strip(self, text: Text, width: int, background: Style | None = None) -> Strip:
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.truncate(width, overflow="ellipsis", pad=True)
        base = self._base_style + background if background else self._base_style
        segments = [
            Segment(s.text, base + s.style if s.style else base)
            for s in text.render(self.app.console)
            if s.text != "\n"
        ]
        return Strip(segments, width).adjust_cell_length(width, base)

    def _render_row_line(
        self, paper: Paper, sub: int, width: int, selected: bool, marks: int
    ) -> Strip:
        background = self._cursor_background() if selected else None
        bookmarked, read, new = bool(marks & 1), bool(marks & 2), bool(marks & 4)
        marker = "▌" if selected else " "
        text = Text(marker, style=self._style("paper-list--upvotes") if selected else "")
        if sub == 0:
            text.append("★" if bookmarked else " ", style=self._style("paper-list--bookmark"))
            text.append(f"▲{paper.upvotes:>5}  ", style=self._style("paper-list--upvotes"))
            title_style = self._style("paper-list--read" if read else "paper-list--title")
            if paper.highlighted_title:
                match_style = self._style("paper-list--match")
                for span in paper.highlighted_title:
                    text.append(span.text, style=match_style if span.highlight else title_style)
            else:
                text.append(paper.title, style=title_style)
        else:
            text.append(" " * 10)
            if new:
                text.append("new ", style=self._style("paper-list--new"))
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
