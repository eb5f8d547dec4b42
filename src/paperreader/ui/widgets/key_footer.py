"""The footer: the keys that work now, as many as fit, the ones that matter most kept.

Drawn by one widget. Textual's `Footer` mounts a widget per key, styles and lays out a dozen
of them again each time the focus moves, and lets the terminal's edge cut the last ones
("q Qui"). This one draws the same line itself: it measures the keys first and leaves out
whole keys, the lowest ranked first (`BindingSpec.rank`: leaving and help rank highest), in
the key table's order, so a remapped key keeps its place; the command palette's key stays
docked at the right. As on `Footer`, pressing the mouse on a key presses the key, and the key
under the pointer is lit and shows its tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from paperreader.ui.bindings import footer_place

KEY_PADDING = 3
"""Cells a key takes besides its key and label: a space either side of the key, one after
the label (as `Footer` draws a key)."""
PALETTE_PADDING = 3
"""The palette key's: its edge on the left, a space between key and label, one on the right
(`Footer` draws it in its compact style)."""
PALETTE_RANK = 85
"""The palette key goes before help and leaving, after every other key."""
PALETTE_EDGE = "▏"


class FooterKey(NamedTuple):
    """A key the footer may show, and where it is drawn once laid out."""

    key: str
    """What a press of the mouse on it presses."""
    display: str
    """The key as the footer shows it."""
    description: str
    enabled: bool
    tooltip: str
    rank: int
    palette: bool = False
    """The command palette's key, docked at the right."""
    start: int = 0
    """Its first cell, once laid out."""

    @property
    def width(self) -> int:
        if not self.description:
            return cell_len(self.display)  # the key alone, as `Footer` draws it
        padding = PALETTE_PADDING if self.palette else KEY_PADDING
        return cell_len(self.display) + cell_len(self.description) + padding

    @property
    def end(self) -> int:
        return self.start + self.width

    @property
    def text(self) -> str:
        """'key description', as a person reads it."""
        return f"{self.display} {self.description}".strip()


def fitting(widths: Sequence[int], ranks: Sequence[int], room: int) -> list[int]:
    """The indices of the items to keep, in order: the lowest ranks are left out first (of
    equal ranks, the rightmost) until the rest take at most `room` cells."""
    kept = set(range(len(widths)))
    total = sum(widths)
    for index in sorted(kept, key=lambda i: (ranks[i], -i)):
        if total <= room:
            break
        kept.discard(index)
        total -= widths[index]
    return sorted(kept)


class KeyFooter(Widget, can_focus=False):
    """A footer that never cuts a key: those that do not fit are left out, lowest rank first."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover { background: $block-hover-background; }
        & > .key-footer--edge { color: $foreground 20%; }
    }
    """
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--hover",
        "key-footer--edge",
    }
    ALLOW_SELECT = False
    KEYS_ROW: ClassVar[int] = 0
    """The line the keys are drawn on: a subclass may draw lines of its own above them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._laid_out: tuple[int, list[FooterKey]] | None = None
        """The keys shown, and the width they were laid out for."""
        self._hovered: FooterKey | None = None
        self._drawn: tuple[tuple[int, FooterKey | None], Strip] | None = None
        """The keys' line as last drawn, and the width and the lit key it was drawn for: a
        repaint of the status line above leaves it as it is."""
        self._displays: dict[tuple[str, str | None], str] = {}
        """(key, key_display) -> the key as shown: Textual looks a key's name up again on
        every call, and the keys are laid out again on every change of focus."""

    # ----------------------------------------------------------------- the keys

    @property
    def shown(self) -> list[FooterKey]:
        """The keys drawn, left to right, laid out for the footer's width."""
        width = self.size.width or self.app.size.width
        if self._laid_out is None or self._laid_out[0] != width:
            self._laid_out = (width, self._lay_out(width))
        return self._laid_out[1]

    def _lay_out(self, width: int) -> list[FooterKey]:
        keys = self._wanted()
        kept = [keys[i] for i in fitting([k.width for k in keys], [k.rank for k in keys], width)]
        placed, x = [], 0
        for key in kept:
            if key.palette:
                placed.append(key._replace(start=width - key.width))
            else:
                placed.append(key._replace(start=x))
                x += key.width
        return placed

    def _wanted(self) -> list[FooterKey]:
        """Every key the screen shows, in the key table's order, the palette's last."""
        app = self.app
        active = self.screen.active_bindings  # worked out anew on every read
        first_of_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                first_of_action.setdefault(binding.action, (binding, enabled, tooltip))
        keys = [
            self._key(binding, enabled, tooltip or binding.tooltip, footer_place(binding)[0])
            for binding, enabled, tooltip in sorted(
                first_of_action.values(), key=lambda item: footer_place(item[0])[1]
            )
        ]
        palette = app.COMMAND_PALETTE_BINDING
        if app.ENABLE_COMMAND_PALETTE and palette in active:
            _node, binding, enabled, _tooltip = active[palette]
            tooltip = binding.tooltip or binding.description
            keys.append(self._key(binding, enabled, tooltip, PALETTE_RANK, palette=True))
        return keys

    def _key(
        self, binding: Binding, enabled: bool, tooltip: str, rank: int, palette: bool = False
    ) -> FooterKey:
        display = self._display(binding)
        return FooterKey(binding.key, display, binding.description, enabled, tooltip, rank, palette)

    def _display(self, binding: Binding) -> str:
        """The key as the footer shows it."""
        known = (binding.key, binding.key_display)
        shown = self._displays.get(known)
        if shown is None:
            shown = self._displays[known] = self.app.get_key_display(binding)
        return shown

    def key_at(self, x: int, y: int | None = None) -> FooterKey | None:
        """The key drawn at column `x` (of line `y`, the keys' line when not given)."""
        if y is not None and y != self.KEYS_ROW:
            return None
        return next((key for key in self.shown if key.start <= x < key.end), None)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # As `Footer`: a terminal that loses the focus takes the app's focus with it, and
        # the keys it leaves would show until the focus is back.
        if screen.app.app_focus:
            self._laid_out = self._drawn = None
            self._hovered = None
            self._refresh_keys()

    def notify_style_update(self) -> None:
        self._drawn = None  # drawn in the old colours
        super().notify_style_update()

    # ----------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = Style(bgcolor=self.rich_style.bgcolor)  # blank cells, as `Footer` draws them
        if y != self.KEYS_ROW:
            return Strip.blank(width, base)
        drawn = self._drawn
        if drawn is None or drawn[0] != (width, self._hovered):
            drawn = self._drawn = ((width, self._hovered), self._keys_strip(width, base))
        return drawn[1]

    def _keys_strip(self, width: int, base: Style) -> Strip:
        key_style = self.get_component_rich_style("key-footer--key")
        label_style = self.get_component_rich_style("key-footer--description")
        lit = Style(bgcolor=self.get_component_rich_style("key-footer--hover").bgcolor)
        dim = Style(dim=True)
        segments: list[Segment] = []
        x = 0
        for key in self.shown:
            if key.start > x:
                segments.append(Segment(" " * (key.start - x), base))
            extra = (lit if key == self._hovered else Style()) + (Style() if key.enabled else dim)
            if not key.description:
                segments.append(Segment(key.display, key_style + extra))
            elif key.palette:
                edge = self.get_component_rich_style("key-footer--edge")
                segments += [
                    Segment(PALETTE_EDGE, Style(color=edge.color, bgcolor=base.bgcolor) + extra),
                    Segment(key.display, key_style + extra),
                    Segment(f" {key.description}", label_style + extra),
                    Segment(" ", base + extra),
                ]
            else:
                segments += [
                    Segment(f" {key.display} ", key_style + extra),
                    Segment(f"{key.description} ", label_style + extra),
                ]
            x = key.end
        return Strip(segments).crop_extend(0, width, base)

    # ----------------------------------------------------------------- the mouse

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x, event.y)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x, event.y))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, key: FooterKey | None) -> None:
        if key != self._hovered:
            self._hovered = key
            self.tooltip = (key.tooltip or None) if key is not None else None
            self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Repaint the keys' line alone (not a status drawn above it)."""
        self.refresh(Region(0, self.KEYS_ROW, self.size.width, 1))
