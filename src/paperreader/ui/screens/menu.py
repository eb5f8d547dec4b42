"""A short menu of choices: the copy menu and the links menu.

Enter (or the choice's number) answers with the primary action; other keys, given by the
caller from the keys in force, can answer with another action, such as the copy key to copy
a link instead of opening it.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from paperreader.domain.text import shorten
from paperreader.ui.bindings import bindings
from paperreader.ui.screens.dialog import DialogScreen

Choice = tuple[str, str, str]
"""(id, label, preview)."""


class MenuScreen(DialogScreen[tuple[str, str] | None]):
    """Answers (choice id, action name), or None when closed unanswered.

    `hint` is the line under the choices and `other_keys` maps a key (Textual's name) to
    another action: the caller builds both from the keys in force (`keymap.hint`,
    `ui.bindings.keys_in_force`), so they name the keys the user has.
    """

    BINDINGS = bindings("menu")

    DEFAULT_CSS = """
    MenuScreen {
        & > Vertical {
            width: 100;
            height: auto;
            max-height: 90%;
            padding: 0 1;
        }
        /* The hint keeps its line at the bottom; the choices scroll in what is left, so a
           long menu in a short terminal loses neither. */
        & OptionList, & OptionList:focus { height: auto; max-height: 100%; border: none; }
        /* Never narrower than this, or the choices wrap at no width at all (an error in a
           terminal a few columns wide); what does not fit the screen is cut off. */
        & OptionList { min-width: 8; }
        & Label { color: $text-muted; width: 100%; dock: bottom; }
    }
    """

    def __init__(
        self,
        title: str,
        choices: list[Choice],
        *,
        primary: str,
        hint: str,
        other_keys: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = choices
        self._primary = primary
        self._hint = hint
        self._other_keys = other_keys or {}

    def compose(self) -> ComposeResult:
        label_width = min(40, max((len(label) for _, label, _ in self._choices), default=0))
        preview_width = max(20, 72 - label_width)
        options = [
            Option(
                f"{_number(n)}  {shorten(label, label_width):<{label_width}}  "
                f"{shorten(preview, preview_width)}",
                id=choice_id,
            )
            for n, (choice_id, label, preview) in enumerate(self._choices, 1)
        ]
        with Vertical() as box:
            box.border_title = Content(self._title)  # text, never markup: titles are data
            yield OptionList(*options, markup=False, id="menu-options")
            yield Label(self._hint, markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss((event.option.id, self._primary))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self._choices):
                event.stop()
                self.dismiss((self._choices[index][0], self._primary))
        elif event.key in self._other_keys:
            highlighted = self.query_one(OptionList).highlighted
            if highlighted is not None:
                event.stop()
                self.dismiss((self._choices[highlighted][0], self._other_keys[event.key]))

    def action_cursor_down(self) -> None:
        """Next choice."""
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Previous choice."""
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def _number(n: int) -> str:
    return str(n) if n <= 9 else " "
