"""The help screen: the keys that work right now, read from the live bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from paperreader.config.keymap import hint
from paperreader.ui.bindings import bindings, keys_in_force, live_bindings

KeyRow = tuple[str, str, str]
"""(section, keys, description)."""


def key_rows(app: App[Any], sections: Iterable[tuple[str, DOMNode]]) -> list[KeyRow]:
    """A row for every live binding of each (section title, node), with the keys in force.

    The bindings are read from the nodes, so the help lists what works there, in the spelling
    the footer uses. A binding without an id is Textual's own (a scrolling container's, ...)
    and is left out, except on the app, whose quit key is worth listing.
    """
    rows: list[KeyRow] = []
    for section, node in sections:
        grouped: dict[tuple[str, str], list[str]] = {}
        for key, binding in live_bindings(app, node):
            if not binding.description or (binding.id is None and node is not app):
                continue
            shown = app.get_key_display(binding.with_key(key))
            text = binding.tooltip or binding.description
            grouped.setdefault((binding.action, text), []).append(shown)
        for (_action, description), keys in grouped.items():
            rows.append((section, " / ".join(dict.fromkeys(keys)), description))
    return rows


class HelpScreen(ModalScreen[None]):
    """A table of the keys that work where it was opened, and what they do."""

    BINDINGS = bindings("help")

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 80;
            max-width: 95%;
            height: 85%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

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
