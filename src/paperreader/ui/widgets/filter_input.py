"""The filter box: an Input whose typing repaints itself instead of re-laying out the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    """One fixed-size line of text.

    Textual's Input resizes its scrollable area on every keystroke, and that asks for a layout
    of the whole screen (tens of milliseconds at 50k rows beside it). This box never changes
    size, so a repaint is all a keystroke needs.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
