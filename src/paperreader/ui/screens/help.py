"""The help screen: the keys that work where it was opened (rows from `ui.key_help`)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from paperreader.config.keymap import hint
from paperreader.ui.bindings import bindings, keys_in_force
from paperreader.ui.key_help import KeyRow
from paperreader.ui.screens.dialog import DialogScreen
from paperreader.ui.screens.scrollbars import THEMED_SCROLLBARS


class HelpScreen(DialogScreen[None]):
    """A table of the keys that work where it was opened, and what they do."""

    BINDINGS = bindings("help")

    DEFAULT_CSS = (
        """
    HelpScreen {
        & > VerticalScroll {
            width: 80;
            height: 100%;  /* of what the band for notifications leaves */
            padding: 0 1;
            /* Room for the scrollbar kept: in a terminal a few cells wide, a scrollbar that
               comes and goes changes how the text wraps, which brings it back, for ever. */
            scrollbar-gutter: stable;
            """
        + THEMED_SCROLLBARS
        + """
        }
    }
    """
    )

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim")
        group = None
        for section, keys, description in self._rows:
            if section != group:
                if group is not None:
                    table.add_row("", "")
                table.add_row(Text(section, style="bold underline"), "")
                group = section
            table.add_row(Text(keys), Text(description))
        with VerticalScroll() as scroll:
            title = hint("Keys  ({help.close} to close)", keys_in_force(self.app))
            scroll.border_title = Content(title)  # text, never markup: a key may be "["
            yield Static(table)

    def action_scroll(self, direction: str) -> None:
        """Scroll the table."""
        scroll = self.query_one(VerticalScroll)
        if direction == "down":
            scroll.scroll_down()
        else:
            scroll.scroll_up()
