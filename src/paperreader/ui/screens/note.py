"""Editing a bookmark's note: several lines, saved with a key (ctrl+s unless remapped).

The editor closes only once the note is saved. When it cannot be (a full disk, a folder that
is not writable), it stays open with the text and the reason, as an editor keeps its buffer:
the user can try again, or copy the text out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static, TextArea

from paperreader.config.keymap import hint
from paperreader.ui.bindings import bindings, keys_in_force
from paperreader.ui.screens.dialog import DialogScreen
from paperreader.ui.widgets.ordered_keys import OrderedKeys
from paperreader.ui.workers import start_worker

SaveNote = Callable[[str], Awaitable[str | None]]
"""Saves a note's text: None once saved, else the sentence saying why it was not."""


class NoteArea(OrderedKeys, TextArea):
    """The note's text: its editing keys act in the order typed (see OrderedKeys)."""


class NoteScreen(DialogScreen[str | None]):
    """A multi-line editor; its save key saves the text (then closes with it), its cancel
    key closes with None."""

    BINDINGS = bindings("note")

    DEFAULT_CSS = """
    NoteScreen {
        & > Vertical {
            width: 80;
            height: 20;
            padding: 0 1;
        }
        & TextArea { height: 1fr; }
        & Label { color: $text-muted; }
        & #note-error { color: $error; display: none; }
        & #note-error.-shown { display: block; }
    }
    """

    def __init__(self, title: str, note: str, save: SaveNote) -> None:
        super().__init__()
        self._title = title
        self._note = note
        self._save = save
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self._title)  # text, never markup: titles are data
            yield NoteArea(self._note, id="note-text", soft_wrap=True)
            yield Static("", id="note-error", markup=False)
            keys = keys_in_force(self.app)
            yield Label(hint("{note.save} saves · {note.cancel} cancels", keys), markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Save the edited note; close once it is saved."""
        if self._saving:
            return
        self._saving = True
        area = self.query_one(TextArea)
        area.read_only = True  # what is saved is what is shown
        work = partial(self._save_text, area.text)
        start_worker(self, work, name="save-note", group="note", description="save note")

    async def _save_text(self, text: str) -> None:
        try:
            problem = await self._save(text)
        finally:
            self._saving = False
            self.query_one(TextArea).read_only = False
        if problem is None:
            self.dismiss(text)
            return
        keys = keys_in_force(self.app)
        advice = hint("Your text is kept here: {note.save} tries again.", keys)
        error = self.query_one("#note-error", Static)
        error.update(f"{problem} {advice}")
        error.add_class("-shown")

    async def keep_on_hangup(self) -> None:
        """The terminal closed while editing: save the text typed so far, as ctrl+s would."""
        text = self.query_one(TextArea).text
        if text != self._note and not self._saving:
            await self._save(text)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
