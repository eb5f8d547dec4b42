"""The paper list: a line-API widget that draws only the rows on screen.

One widget for the whole list (not one per row), so 50,000 papers load in milliseconds and a
key press repaints a screenful at most. This module keeps the rows and the large list's
counting; `row_cursor` moves the cursor and scrolls, `row_selection` picks the rows (sorted,
filtered), `paper_rows` draws them and `list_empty` says why there are none. The marks
(bookmarked, read, new) are read from the screen's `PaperMarks`, never copied here.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import events, on
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer

from paperreader.domain.filtering import PaperView, SortOrder
from paperreader.domain.models import Paper
from paperreader.ui.bindings import bindings, keys_in_force
from paperreader.ui.marks import PaperMarks
from paperreader.ui.widgets.list_empty import why_empty
from paperreader.ui.widgets.paper_rows import BOOKMARKED, NEW, READ, RowPainter
from paperreader.ui.widgets.row_cursor import RowCursor
from paperreader.ui.widgets.row_selection import LARGE_LIST, RowSelection
from paperreader.ui.widgets.type_ahead import TypeAhead


class PaperList(TypeAhead, RowCursor, can_focus=True):
    """A scrolling, filterable, sortable list of papers with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("list")]

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--cursor-focus",
        "paper-list--upvotes",
        "paper-list--title",
        "paper-list--match",
        "paper-list--meta",
        "paper-list--read",
        "paper-list--bookmark",
        "paper-list--new",
        "paper-list--empty",
    }

    COUNT_DELAY = 0.05
    """Seconds the keys must rest before a large filter's matches are counted in a thread: a
    count running while keys come in competes with them for the interpreter and slows each
    keystroke by a third or more; a typist's keys come 80 ms or more apart."""

    DEFAULT_CSS = """
    PaperList {
        /* The cursor row, unfocused and focused: two components, not a :focus rule, so a
           change of focus repaints the row instead of restyling the list (watch_has_focus). */
        & > .paper-list--cursor { background: $panel; }
        & > .paper-list--cursor-focus { background: $primary 35%; }
        /* NO_COLOR leaves greys at best (and none for an ANSI theme): mark the row by more. */
        &:nocolor > .paper-list--cursor, &:nocolor > .paper-list--cursor-focus {
            text-style: reverse;
        }
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

    class _Sent(Message):
        """A message from the list about its rows."""

        def __init__(self, paper_list: PaperList) -> None:
            super().__init__()
            self.paper_list = paper_list

        @property
        def control(self) -> PaperList:
            """The list that sent this."""
            return self.paper_list

    class Highlighted(_Sent):
        """The cursor moved to another paper (or to none)."""

        def __init__(self, paper_list: PaperList, paper: Paper | None) -> None:
            super().__init__(paper_list)
            self.paper = paper

    class Selected(_Sent):
        """The user chose a paper (enter or a click on the cursor row)."""

        def __init__(self, paper_list: PaperList, paper: Paper) -> None:
            super().__init__(paper_list)
            self.paper = paper

    class Counted(_Sent):
        """A large list's filter finished counting its matches (visible_count is final)."""

    class _AllSelected(Message, bubble=False):
        """A thread found every row of selection `generation`."""

        def __init__(self, generation: int, rows: list[int]) -> None:
            super().__init__()
            self.generation = generation
            self.rows = rows

    def __init__(
        self, marks: PaperMarks, *, name: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(name=name, id=id)
        self._marks = marks
        self._listing_key: str | None = None
        """Whose papers are shown, to find which are new in `_marks`."""
        self._selection = RowSelection()
        self._rows: list[int] = []
        self._hide_read = False
        self._hidden_count = 0
        """How many of the listing's papers are left out as read, counted when the list is
        filled or the read papers are hidden (the rows are not re-picked as papers are read)."""
        self._last_highlighted: str | None = "\0"
        self._count_timer: Timer | None = None
        self._counting: tuple[str | None, int, int] | None = None
        """While a thread counts (or waits for the keys to rest): the paper to keep, the
        fallback position, and the cursor the first screenful left (a cursor moved since then
        stays where the user put it)."""
        self._painter = RowPainter(self)
        self._paint = (0, 0)  # width and scroll offset, read once per paint by render_lines
        self._new: frozenset[str] = frozenset()  # the listing's new papers, once per paint
        self._notes: dict[str, str] = {}
        """Why each paper is listed, by id (For you), shown on its second line."""
        self._empty_message = "No papers."
        self._why_empty: str | None = None
        """What the list says while it has no rows, once worked out (None: not yet)."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        """All papers of the listing, unfiltered."""
        return self._selection.view.papers

    @property
    def visible_count(self) -> int:
        """How many rows the filter lets through."""
        return len(self._rows)

    @property
    def filter_text(self) -> str:
        """The active filter."""
        return self._selection.filter

    @property
    def current(self) -> Paper | None:
        """The paper under the cursor."""
        if not self._rows:
            return None
        return self._selection.view.papers[self._rows[min(self.cursor, len(self._rows) - 1)]]

    def set_papers(
        self,
        papers: tuple[Paper, ...],
        keep: str | None = None,
        *,
        listing_key: str | None = None,
        notes: dict[str, str] | None = None,
    ) -> None:
        """Show a new listing, keeping the cursor on paper `keep` (an id) when it is there.

        `listing_key` names the listing, whose new papers are marked; `notes` says why a
        paper is listed (by id), on its second line. The bookmarks' tags
        are taken as they are now, for the filter's `tag:name`.
        """
        selection = self._selection
        selection.view = PaperView(papers, self._marks.tags())
        self._listing_key = listing_key
        self._notes = notes or {}
        self._painter.forget_rows()  # kept by their index in the view, which changed
        selection.hidden = self._marks.read if self._hide_read else frozenset()
        self._hidden_count = selection.view.count_of(selection.hidden)
        self._apply(keep, reset=keep is None)
        if len(papers) >= LARGE_LIST:
            # Drawn first; the filter's index is built while the user reads the list.
            self.call_after_refresh(self._build_index, selection.view)

    def _build_index(self, view: PaperView) -> None:
        if view is self._selection.view:  # not replaced meanwhile
            self.run_worker(
                view.build_index,
                thread=True,
                group="filter-index",
                exit_on_error=False,
                description="filter index",
            )

    def marks_changed(self) -> None:
        """Draw the rows with the marks as they are now (what is shown is not re-filtered)."""
        self._painter.forget_rows()
        self.refresh()

    @property
    def hide_read(self) -> bool:
        """True while read papers are left out."""
        return self._hide_read

    def set_hide_read(self, hide: bool) -> None:
        """Leave out (or show again) the papers already read."""
        self._hide_read = hide
        self._selection.hidden = self._marks.read if hide else frozenset()
        self._hidden_count = self._selection.view.count_of(self._selection.hidden)
        self._apply(self._current_id())

    @property
    def hidden_count(self) -> int | None:
        """How many of the listing's papers are left out as read; None while read papers
        are shown."""
        return self._hidden_count if self._hide_read else None

    def shown_among(self, ids: frozenset[str]) -> int:
        """How many of the rows shown have one of `ids` (a few: the papers new here)."""
        return self._selection.count_shown(ids, self._rows)

    def set_sort(self, order: SortOrder) -> None:
        """Order the rows, keeping the cursor on the same paper."""
        self._selection.sort = order
        self._apply(self._current_id())

    def set_filter(self, text: str) -> None:
        """Show only papers matching `text` (title, authors, organisation, keywords, id),
        its words marked in the titles."""
        self._selection.filter = text
        self._painter.set_filter(text)
        self._apply(self._current_id())

    @property
    def compact(self) -> bool:
        """True while each paper takes one line instead of two."""
        return self._painter.height == 1

    def set_compact(self, compact: bool) -> None:
        """One line per paper (compact) or two, keeping the cursor's paper in view."""
        self._painter.set_compact(compact)
        self._show_rows(self._rows, self._current_id(), self.cursor, reset=False)

    def _current_id(self) -> str | None:
        paper = self.current
        return paper.id if paper else None

    @property
    def counting(self) -> bool:
        """True while a large list's filter is still finding rows past the first screenful."""
        return self._counting is not None

    def _apply(self, keep: str | None, reset: bool = False) -> None:
        position = 0 if reset else self.cursor  # a vanished paper leaves the cursor in place
        limit = position + 3 * max(1, self.scrollable_content_region.height // self.row_height) + 1
        rows, complete = self._selection.pick(limit)
        self._show_rows(rows, keep, position, reset)
        self._counting = None if complete else (keep, position, self.cursor)
        if self._count_timer is not None:
            self._count_timer.stop()  # the count for the previous text is no longer wanted
            self._count_timer = None
        if self._counting is not None:
            # Counted once the first screenful is on screen and the keys rest.
            count = partial(self._count_rest, self._selection.generation, self._selection.rest())
            if self.COUNT_DELAY > 0:
                self._count_timer = self.set_timer(self.COUNT_DELAY, count, name="filter count")
            else:
                self.call_after_refresh(count)

    def _count_rest(self, generation: int, find: Callable[[], list[int] | None]) -> None:
        self._count_timer = None
        if generation == self._selection.generation:  # not typed past meanwhile
            self.run_worker(
                partial(self._select_all, generation, find),
                thread=True,
                group="filter",
                exit_on_error=False,
                description="filter",
            )

    def _select_all(self, generation: int, find: Callable[[], list[int] | None]) -> None:
        """Find every matching row (in a thread) and hand them to the list."""
        rows = find()
        if rows is not None:
            self.post_message(self._AllSelected(generation, rows))

    @on(_AllSelected)
    def _all_selected(self, message: _AllSelected) -> None:
        if message.generation != self._selection.generation or self._counting is None:
            return  # the filter, sort or listing changed again meanwhile
        keep, position, cursor = self._counting
        self._counting = None
        if self.cursor != cursor or (keep is not None and keep == self._current_id()):
            keep, position = self._current_id(), self.cursor  # the first screenful had it
        self._show_rows(message.rows, keep, position, reset=False)
        self.post_message(self.Counted(self))

    def _show_rows(self, rows: list[int], keep: str | None, position: int, reset: bool) -> None:
        self._rows = rows
        self._why_empty = None
        index = self._selection.view.index_of(keep) if keep is not None else None
        if index is not None:
            with contextlib.suppress(ValueError):  # filtered out: the cursor stays in place
                position = self._rows.index(index)
        width = self.scrollable_content_region.width
        self.set_virtual_size(Size(width, len(self._rows) * self.row_height))
        if reset:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = position
        self.refresh()

    @property
    def row_count(self) -> int:
        """How many rows the list shows."""
        return len(self._rows)

    @property
    def row_height(self) -> int:
        """Lines each paper takes."""
        return self._painter.height

    def cursor_moved(self) -> None:
        """Tell the screen when the cursor is on another paper."""
        paper = self.current
        paper_id = paper.id if paper else None
        if paper_id != self._last_highlighted:
            self._last_highlighted = paper_id
            self.post_message(self.Highlighted(self, paper))

    def action_select(self) -> None:
        """Open the paper under the cursor."""
        paper = self.current
        if paper is not None:
            self.post_message(self.Selected(self, paper))

    def on_resize(self, event: events.Resize) -> None:
        self._painter.forget_rows()
        self.set_virtual_size(Size(event.size.width, len(self._rows) * self.row_height))
        self.scroll_to_cursor()

    def notify_style_update(self) -> None:
        self._painter.forget_styles()
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Costly to compute (styles, regions): once per paint, not once per line.
        self._painter.base = self.rich_style
        self._paint = (self.scrollable_content_region.width, int(self.scroll_offset.y))
        self._new = self._marks.new_in(self._listing_key)
        return super().render_lines(crop)

    @property
    def empty_message(self) -> str:
        """What the list says when the listing has no papers."""
        return self._empty_message

    @empty_message.setter
    def empty_message(self, message: str) -> None:
        self._empty_message = message
        self._why_empty = None

    def _empty_text(self) -> str:
        """Why no row is shown, worked out once per pick (it may scan the listing)."""
        if self._why_empty is None:
            key_map = keys_in_force(self.app)
            self._why_empty = why_empty(
                self._selection, self._empty_message, self._hidden_count, key_map
            )
        return self._why_empty

    def render_line(self, y: int) -> Strip:
        width, scroll_y = self._paint
        line = scroll_y + y
        row, sub = divmod(line, self.row_height)
        if not self._rows:
            lines = textwrap.wrap(self._empty_text(), max(10, width - 4))
            if 1 <= y <= len(lines):
                return self._painter.message_line(lines[y - 1], width)
            return Strip.blank(width, self._painter.base)
        if row >= len(self._rows):
            return Strip.blank(width, self._painter.base)
        index = self._rows[row]
        paper = self._selection.view.papers[index]
        selected = row == self.cursor
        marks = (
            (BOOKMARKED if paper.id in self._marks.bookmarks else 0)
            | (READ if paper.id in self._marks.read else 0)
            | (NEW if paper.id in self._new else 0)
        )
        note = self._notes.get(paper.id, "")
        return self._painter.row_line(index, paper, sub, width, selected, marks, note)
