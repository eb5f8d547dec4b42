"""A full-screen page over the main view: a title bar, a body, a status line, the footer."""

from __future__ import annotations

from rich.text import Text
from textual.screen import ModalScreen, ScreenResultType
from textual.widgets import Static

from paperreader.ui.screens.scrollbars import THEMED_SCROLLBARS


class PageScreen(ModalScreen[ScreenResultType]):
    """What the reader and the discussion share: their title bar and status line look alike,
    and the status line says, as text (never markup), what the page is doing.

    A page yields a `Static` of class `page-title` first and one of class `page-status` under
    its body.
    """

    DEFAULT_CSS = (
        """
    PageScreen {
        background: $surface;
        & .page-title { height: auto; padding: 0 2; background: $panel; text-style: bold; }
        & .page-status { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
        & VerticalScroll, & LineScrollView, & Tree {
            """
        + THEMED_SCROLLBARS
        + """
        }
        & Tree {
            scrollbar-background: $panel;
            scrollbar-background-hover: $panel;
            scrollbar-background-active: $panel;
        }
    }
    """
    )

    def show_status(self, text: str) -> None:
        self.query_one(".page-status", Static).update(Text(text))
