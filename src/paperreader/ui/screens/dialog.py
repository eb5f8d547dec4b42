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
            /* Notifications take a band of three rows at the top, which the box leaves
               free: it starts below it, in what is left of the height. */
            margin-top: 3;
            max-height: 100%;
        }
        & ToastRack { dock: top; align: right top; margin: 0; max-height: 3; }
        & Toast { margin: 0; }
        & ToastHolder { display: none; }
        & ToastHolder:last-child { display: block; }
    }
    """
