"""A one-line question: the text to search for, or the date to go to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from paperreader.ui.bindings import bindings
from paperreader.ui.screens.dialog import DialogScreen
from paperreader.ui.widgets.filter_input import CleanInput


class PromptScreen(DialogScreen[str | None]):
    """Ask for one line of text; enter answers, the cancel key closes it with None."""

    BINDINGS = bindings("prompt")

    DEFAULT_CSS = """
    PromptScreen {
        & > Vertical {
            width: 70;
            height: auto;
            max-height: 95%;
            padding: 1 2;
        }
        /* A long question wraps; in a short terminal it gives way to the box to type in. */
        & Label { margin-bottom: 1; width: 100%; }
        & Input { dock: bottom; }
    }
    """

    def __init__(
        self, title: str, *, placeholder: str = "", value: str = "", allow_empty: bool = False
    ) -> None:
        super().__init__()
        self._title = title
        self._placeholder = placeholder
        self._value = value
        self._allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, markup=False)
            yield CleanInput(value=self._value, placeholder=self._placeholder, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        self.dismiss(answer if answer or self._allow_empty else None)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
