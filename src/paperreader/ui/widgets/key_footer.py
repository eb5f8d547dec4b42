"""The footer: the keys that work now, as many as fit, the ones that matter most kept.

Textual's `Footer` lays every shown key out in one row and lets the terminal's edge cut the
last ones ("q Qui"). This one measures the keys first and leaves out whole keys, the lowest
ranked first (`BindingSpec.rank`: leaving and help rank highest), in the key table's order,
so a remapped key keeps its place. It lays the keys out again when the width changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from paperreader.ui.bindings import footer_place

KEY_PADDING = 3
"""Cells a key takes besides its key and label: a space either side of the key, one after
the label (`FooterKey`'s padding in the footer's normal, not compact, style)."""
PALETTE_PADDING = 3
"""The palette key's: its border on the left, a space between key and label, its padding on
the right (Textual draws it in the compact style whatever the footer's)."""
PALETTE_RANK = 85
"""The palette key goes before help and leaving, after every other key."""


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


class KeyFooter(Footer):
    """A footer that never cuts a key: those that do not fit are left out, lowest rank first."""

    def __init__(self) -> None:
        super().__init__()
        self._laid_out_for = -1
        self._widths_seen: tuple[Size, set[int]] = (Size(0, 0), set())
        """The terminal's size and the widths laid out for at it: one layout per width."""

    def _room(self, width: int) -> int:
        """The cells the keys may take: the footer's width, or the terminal's while the
        footer has none yet (a terminal too small shows no footer at all)."""
        return width or self.app.size.width

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self._room(self.size.width)
        self._laid_out_for = width
        terminal, seen = self._widths_seen
        if terminal != self.app.size:
            seen = set()
            self._widths_seen = (self.app.size, seen)
        seen.add(width)
        app = self.app
        active = self.screen.active_bindings
        first_of_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                first_of_action.setdefault(binding.action, (binding, enabled, tooltip))
        shown = sorted(first_of_action.values(), key=lambda item: footer_place(item[0])[1])
        keys = [
            FooterKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip or binding.tooltip,
            ).data_bind(compact=Footer.compact)
            for binding, enabled, tooltip in shown
        ]
        widths = [cell_len(k.key_display) + cell_len(k.description) + KEY_PADDING for k in keys]
        ranks = [footer_place(binding)[0] for binding, _, _ in shown]
        palette = self._palette_key()
        if palette is not None:
            widths.append(
                cell_len(palette.key_display) + cell_len(palette.description) + PALETTE_PADDING
            )
            ranks.append(PALETTE_RANK)
            keys.append(palette)
        for index in fitting(widths, ranks, width):
            yield keys[index]

    def _palette_key(self) -> FooterKey | None:
        """The command palette's key, docked at the right, when the screen has it."""
        app = self.app
        if not (self.show_command_palette and app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _node, binding, enabled, _tooltip = found
        return FooterKey(
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.action,
            classes="-command-palette",
            disabled=not enabled,
            tooltip=binding.tooltip or binding.description,
        )

    def on_resize(self, event: events.Resize) -> None:
        # Compared as compose measured it, once per width at a terminal size: in a tiny
        # terminal the keys shown can change the footer's own width (a scrollbar comes and
        # goes), and laying out for each in turn would go on for ever.
        width = self._room(event.size.width)
        if not self._bindings_ready or width == self._laid_out_for:
            return
        terminal, seen = self._widths_seen
        if terminal != self.app.size or width not in seen:
            self.call_after_refresh(self.recompose)
