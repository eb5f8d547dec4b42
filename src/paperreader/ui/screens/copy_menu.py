"""The copy menu (Y): choose which form of the paper to copy."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class CopyMenuScreen(ModalScreen[str | None]):
    """A short menu of (id, label, preview) choices; answers with the chosen id."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="copy.cancel"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    CopyMenuScreen {
        align: center middle;
        & > Vertical {
            width: 76;
            max-width: 95%;
            height: auto;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        & OptionList, & OptionList:focus { height: auto; max-height: 12; border: none; }
        & Label { color: $text-muted; }
    }
    """

    def __init__(self, title: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._title = title
        self._choices = choices

    def compose(self) -> ComposeResult:
        options = [
            Option(f"{n}  {label:<14} {_shorten(preview, 52)}", id=choice_id)
            for n, (choice_id, label, preview) in enumerate(self._choices, 1)
        ]
        with Vertical() as box:
            box.border_title = self._title
            yield OptionList(*options, markup=False, id="copy-options")
            yield Label("enter or 1-9 copies · esc closes", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self._choices):
                event.stop()
                self.dismiss(self._choices[index][0])

    def action_cursor_down(self) -> None:
        """Next choice."""
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Previous choice."""
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        """Close without copying."""
        self.dismiss(None)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
