"""The row of listing tabs, drawn by one widget.

Textual's `Tabs` builds a dozen widgets for eight tabs (a `Tab` each, an underline and the
containers that lay them out), and each is styled and drawn on its own: some 7% of the time
to the first frame. This widget draws the same two lines itself: the names, the active one
brighter, and a bar beneath with the active name's stretch in the highlight colour. A click
on a name or under it activates that tab, as in `Tabs`; the keys are the screen's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

BAR = "━"
BAR_LEFT_END = "╺"
BAR_RIGHT_END = "╸"


class TabSpan(NamedTuple):
    """Where a tab is drawn, in cells from the bar's left edge (as scrolled)."""

    tab_id: str
    start: int
    """The tab's first cell, its padding included."""
    end: int
    """One past its last cell."""
    label_start: int
    label_end: int

    def shifted(self, cells: int) -> TabSpan:
        """The same span `cells` further left."""
        return TabSpan(
            self.tab_id,
            self.start - cells,
            self.end - cells,
            self.label_start - cells,
            self.label_end - cells,
        )


class TabBar(Widget):
    """Tabs of which one is active; `Activated` says when that changes."""

    DEFAULT_CSS = """
    TabBar {
        height: 2;
        pointer: pointer;
        & > .tab-bar--tab { color: $foreground 50%; }
        & > .tab-bar--active { color: $foreground; }
        & > .tab-bar--bar {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:ansi {
            & > .tab-bar--tab { text-style: dim; }
            & > .tab-bar--active { text-style: not dim bold; }
            & > .tab-bar--bar { background: $border-blurred; }
        }
    }
    """
    # The colours of Textual's `Tab` and `Underline`; as there, the bar's unlit stretch is
    # drawn in the `background` colour of `tab-bar--bar`, on the bar's own background.

    COMPONENT_CLASSES = {"tab-bar--tab", "tab-bar--active", "tab-bar--bar"}
    ALLOW_SELECT = False

    class Activated(Message):
        """Another tab became the active one."""

        def __init__(self, tab_bar: TabBar, tab_id: str) -> None:
            super().__init__()
            self.tab_bar = tab_bar
            self.tab_id = tab_id

        @property
        def control(self) -> TabBar:
            return self.tab_bar

    def __init__(
        self, tabs: Sequence[tuple[str, str]], *, active: str, id: str | None = None
    ) -> None:
        """`tabs` are (id, label) pairs, in order."""
        super().__init__(id=id)
        self._ids = [tab_id for tab_id, _ in tabs]
        self._labels = [label for _, label in tabs]
        self._active = active
        self._tight = False
        self._hovered: str | None = None

    @property
    def active(self) -> str:
        """The active tab's id; setting another activates it."""
        return self._active

    @active.setter
    def active(self, tab_id: str) -> None:
        if tab_id not in self._ids:
            raise ValueError(f"No tab with id {tab_id!r}")
        if tab_id != self._active:
            self._active = tab_id
            self.refresh()
            self.post_message(self.Activated(self, tab_id))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def label(self, tab_id: str) -> str:
        return self._labels[self._ids.index(tab_id)]

    def set_labels(self, labels: Sequence[str], *, tight: bool = False) -> None:
        """Rename the tabs, in order; `tight` leaves out the space after each name, so
        more tabs fit a narrow terminal."""
        if list(labels) != self._labels or tight != self._tight:
            self._labels = list(labels)
            self._tight = tight
            self.refresh()

    def spans(self) -> list[TabSpan]:
        """Where each tab is drawn, scrolled so the active one is in view."""
        spans, total = self._layout()
        scroll = self._scroll(spans, total)
        return [span.shifted(scroll) for span in spans]

    def _layout(self) -> tuple[list[TabSpan], int]:
        """Each tab's span before scrolling, and the cells they take together."""
        spans, x = [], 0
        right_padding = 0 if self._tight else 1
        for tab_id, label in zip(self._ids, self._labels, strict=True):
            width = cell_len(label)
            spans.append(TabSpan(tab_id, x, x + 1 + width + right_padding, x + 1, x + 1 + width))
            x += 1 + width + right_padding
        return spans, x

    def _scroll(self, spans: list[TabSpan], total: int) -> int:
        """How far the tabs are scrolled: none when they fit, else the active one centred."""
        width = self.size.width
        if total <= width:
            return 0
        active = next(s for s in spans if s.tab_id == self._active)
        centred = (active.start + active.end - width) // 2
        return max(0, min(total - width, centred))

    def tab_at(self, x: int) -> str | None:
        """The tab drawn at column `x`, if any."""
        for span in self.spans():
            if span.start <= x < span.end:
                return span.tab_id
        return None

    # ----------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        blank = Style(bgcolor=self.rich_style.bgcolor)  # the bar's background, as `Tab` pads
        if y == 0:
            strip = self._names(width, blank)
        elif y == 1:
            strip = self._bar(width)
        else:
            strip = Strip.blank(width, blank)
        return strip.crop_extend(0, width, blank)

    def _names(self, width: int, padding: Style) -> Strip:
        plain = self.get_component_rich_style("tab-bar--tab")
        bright = self.get_component_rich_style("tab-bar--active")
        hovered = plain + Style(color=bright.color)  # brighter, dim as ever in ANSI colours
        spans, total = self._layout()
        segments = []
        for span, label in zip(spans, self._labels, strict=True):
            if span.tab_id == self._active:
                style = bright
            elif span.tab_id == self._hovered:
                style = hovered
            else:
                style = plain
            segments += [Segment(" ", padding), Segment(label, style)]
            if span.end > span.label_end:
                segments.append(Segment(" " * (span.end - span.label_end), padding))
        scroll = self._scroll(spans, total)
        return Strip(segments, total).crop(scroll, scroll + width)

    def _bar(self, width: int) -> Strip:
        bar = self.get_component_rich_style("tab-bar--bar")
        background = self.rich_style.bgcolor
        dull = Style(color=bar.bgcolor, bgcolor=background)
        lit = Style(color=bar.color, bgcolor=background)
        active = next(span for span in self.spans() if span.tab_id == self._active)
        start = max(active.label_start, 0)
        end = min(active.label_end, width)
        segments = [Segment(BAR * (start - 1), dull)] if start > 1 else []
        if start > 0:
            segments.append(Segment(BAR_RIGHT_END, dull))
        segments.append(Segment(BAR * (end - start), lit))
        if end < width:
            segments.append(Segment(BAR_LEFT_END, dull))
        if end < width - 1:
            segments.append(Segment(BAR * (width - end - 1), dull))
        return Strip(segments)

    # ----------------------------------------------------------------- the mouse

    def on_click(self, event: events.Click) -> None:
        tab_id = self.tab_at(event.x)
        if tab_id is not None:
            event.stop()
            self.active = tab_id

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.tab_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, tab_id: str | None) -> None:
        if tab_id != self._hovered:
            self._hovered = tab_id
            self.refresh()
