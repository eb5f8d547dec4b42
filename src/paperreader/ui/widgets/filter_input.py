"""The filter box: an Input whose typing repaints itself instead of re-laying out the screen."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from paperreader.domain.text import clean
from paperreader.ui.widgets.ordered_keys import OrderedKeys


class CleanInput(OrderedKeys, Input):
    """An Input whose pasted text loses escape sequences and control characters (pasted
    text is drawn as it is, and an escape sequence would reach the terminal), and whose
    editing keys keep their place among the keys typed around them."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would insert the raw text
        Input._on_paste(self, events.Paste(clean(event.text)))
        event.stop()


class FilterInput(CleanInput):
    """One fixed-size line of text.

    Textual's Input resizes its scrollable area on every keystroke, and that asks for a layout
    of the whole screen (tens of milliseconds at 50k rows beside it). This box never changes
    size, so a repaint is all a keystroke needs.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Keep filter"),
        Binding("escape", "screen.back", "Clear filter"),
    ]
    """Shown in the footer while typing, where the list's keys do not reach."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
