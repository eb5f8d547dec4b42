"""Editing a bookmark's note: several lines, saved with a key (ctrl+s unless remapped)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, TextArea

from paperreader.config.keymap import hint
from paperreader.ui.bindings import bindings, keys_in_force
from paperreader.ui.screens.dialog import DialogScreen
from paperreader.ui.widgets.ordered_keys import OrderedKeys


class NoteArea(OrderedKeys, TextArea):
    """The note's text: its editing keys act in the order typed (see OrderedKeys)."""


class NoteScreen(DialogScreen[str | None]):
    """A multi-line editor; its save key answers with the text, its cancel key with None."""

    BINDINGS = bindings("note")

    DEFAULT_CSS = """
    NoteScreen {
        & > Vertical {
            width: 80;
            height: 20;
            max-height: 95%;
            padding: 0 1;
        }
        & TextArea { height: 1fr; }
        & Label { color: $text-muted; }
    }
    """

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title = title
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self._title)  # text, never markup: titles are data
            yield NoteArea(self._note, id="note-text", soft_wrap=True)
            keys = keys_in_force(self.app)
            yield Label(hint("{note.save} saves · {note.cancel} cancels", keys), markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Close with the edited note."""
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
