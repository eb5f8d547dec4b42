"""A short menu of choices: the copy menu and the links menu.

Enter (or the choice's number) answers with the primary action; other keys, given by the
caller from the keys in force, can answer with another action, such as the copy key to copy
a link instead of opening it.

The choices are laid out for the room the terminal gives, again on every resize: a wide
dialog puts each label and its preview (a URL) on one line and shows as much of the preview
as fits; a narrow one gives each its own line. Either way a line is cut with an ellipsis,
never wrapped mid-URL.
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
from paperreader.ui.widgets.link_line import shown_url

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
            width: 100;  /* set for the terminal's width by `_lay_out` */
            height: auto;
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

    @property
    def choices(self) -> list[Choice]:
        """The choices offered, in order."""
        return list(self._choices)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self._title)  # text, never markup: titles are data
            yield OptionList(markup=False, id="menu-options")
            yield Label(self._hint, markup=False)

    def on_mount(self) -> None:
        self._lay_out(self.app.size.width)
        self.query_one(OptionList).highlighted = 0

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(event.size.width)

    def _lay_out(self, screen_width: int) -> None:
        """Size the dialog for `screen_width` and fill it with the choices drawn to fit."""
        available = max(MIN_ROOM, int(screen_width * 0.95) - FRAME)
        one_line = available >= TWO_LINES_BELOW
        room = min(available, widest(self._choices)) if one_line else available
        self.query_one(Vertical).styles.width = room + FRAME
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(line, id=choice_id)
            for choice_id, line in zip(
                (choice_id for choice_id, _, _ in self._choices),
                choice_lines(self._choices, room, one_line=one_line),
                strict=True,
            )
        )
        options.highlighted = highlighted

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


FRAME = 8
"""Columns of the dialog around its choices: its border and padding, the list's padding and
scrollbar."""
MIN_ROOM = 8
"""The narrowest the choices are drawn (a terminal a few columns wide cuts them off)."""
MAX_LABEL = 44
"""A longer label is cut on a one-line choice, leaving the rest to its preview."""
TWO_LINES_BELOW = 72
"""With less room than this in the terminal, each choice takes two lines: its label, then its
preview."""


def widest(choices: list[Choice]) -> int:
    """The room the choices take on one line each, nothing cut."""
    label_width = min(MAX_LABEL, max((len(label) for _, label, _ in choices), default=0))
    preview = max((len(shown_url(preview)) for _, _, preview in choices), default=0)
    return 3 + label_width + 2 + preview


def choice_lines(choices: list[Choice], room: int, *, one_line: bool) -> list[str]:
    """Each choice as the text of its option (`one_line`, or its label over its preview),
    no line wider than `room`."""
    if not one_line:
        return [
            f"{_number(n)}  {shorten(label, room - 3)}\n   {shorten(shown_url(preview), room - 3)}"
            for n, (_, label, preview) in enumerate(choices, 1)
        ]
    label_width = min(MAX_LABEL, max((len(label) for _, label, _ in choices), default=0))
    preview_width = room - 3 - label_width - 2
    return [
        f"{_number(n)}  {shorten(label, label_width):<{label_width}}  "
        f"{shorten(shown_url(preview), preview_width)}"
        for n, (_, label, preview) in enumerate(choices, 1)
    ]


def _number(n: int) -> str:
    return str(n) if n <= 9 else " "
