"""A dialog over the main view: the look every dialog box shares."""

from __future__ import annotations

from textual.screen import ModalScreen, ScreenResultType


class DialogScreen(ModalScreen[ScreenResultType]):
    """A modal dialog whose one box (a `Vertical` or a `VerticalScroll`) sits in the middle of
    the screen, framed, on the surface colour; each dialog gives its box a size and padding."""

    DEFAULT_CSS = """
    DialogScreen {
        align: center middle;
        & > Vertical, & > VerticalScroll {
            max-width: 95%;
            border: round $primary;
            background: $surface;
        }
    }
    """
