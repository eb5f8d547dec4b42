"""Resizing a line-API widget's scrollable area without a screen-wide layout pass."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give `view` a new virtual size, repainting it alone.

    Assigning `virtual_size` asks for a layout of the whole screen, which at 120x35 costs
    20-40 ms: far more than a frame, on every key press that changes the content. A view whose
    vertical scrollbar is always shown (`overflow-y: scroll`) keeps its geometry whatever its
    content, so updating the scrollbars and repainting it is enough.
    """
    if view.virtual_size == size:
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)
    if view.scroll_y > view.max_scroll_y:
        view.scroll_to(y=view.max_scroll_y, animate=False, immediate=True)
    view.refresh()
