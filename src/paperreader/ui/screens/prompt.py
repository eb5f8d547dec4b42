"""A one-line question: the text to search for, the date to go to, where to export.

A prompt that closed on a mistake would drop what was typed and send the next keys to the
screen behind it. So a prompt given `accept` does the work first, in a worker, and closes
only once it worked; when it could not, it stays open with the reason under the field and
the text and cursor where they were, to correct or cancel.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label
from textual.worker import Worker

from paperreader.config.keymap import hint
from paperreader.domain.errors import PaperReaderError
from paperreader.ui.bindings import bindings, keys_in_force
from paperreader.ui.screens.dialog import DialogScreen
from paperreader.ui.widgets.filter_input import CleanInput
from paperreader.ui.workers import report_worker_error, start_worker

Accept = Callable[[str], Awaitable[object]]
"""Does what an answer asks (go to the date, write the file); raises a PaperReaderError,
whose sentence the prompt shows, when it cannot."""

EMPTY = "Nothing typed: type an answer, or press {prompt.cancel} to close."
"""What an empty answer is told (a `hint` template), when the prompt needs one."""


class PromptScreen(DialogScreen[str | None]):
    """Ask for one line of text; enter answers, the cancel key closes it with None."""

    BINDINGS = bindings("prompt")

    DEFAULT_CSS = """
    PromptScreen {
        & > Vertical {
            width: 70;
            height: auto;
            padding: 1 2;
        }
        /* A long question wraps; in a short terminal it gives way to the box to type in. */
        & #prompt-title { margin-bottom: 1; width: 100%; }
        & #prompt-field { dock: bottom; height: auto; }
        & #prompt-problem { width: 100%; color: $error; display: none; }
        & #prompt-problem.-shown { display: block; }
    }
    """

    def __init__(
        self,
        title: str,
        *,
        placeholder: str = "",
        value: str = "",
        allow_empty: bool = False,
        accept: Accept | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._placeholder = placeholder
        self._value = value
        self._allow_empty = allow_empty
        self._accept = accept
        self.busy = False
        """True while `accept` works on an answer (another enter waits for it)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, markup=False, id="prompt-title")
            with Vertical(id="prompt-field"):
                yield CleanInput(
                    value=self._value, placeholder=self._placeholder, id="prompt-input"
                )
                yield Label(id="prompt-problem", markup=False)

    @property
    def problem(self) -> str:
        """What the prompt says went wrong with the last answer ("" when nothing did)."""
        label = self.query_one("#prompt-problem", Label)
        return str(label.content) if label.has_class("-shown") else ""

    def show_problem(self, message: str) -> None:
        """Say under the field why the answer was not taken; the field keeps its text."""
        label = self.query_one("#prompt-problem", Label)
        label.update(Text(message))  # a Text: the message may quote what was typed
        label.set_class(bool(message), "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.problem:
            self.show_problem("")  # the text is being corrected

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        if not answer and not self._allow_empty:
            self.show_problem(hint(EMPTY, keys_in_force(self.app)))
            return
        if self._accept is None:
            self.dismiss(answer)
            return
        if self.busy:
            return
        self.busy = True
        start_worker(
            self,
            partial(self._try, self._accept, answer),
            name="prompt",
            group="prompt",
            description="prompt answer",
        )

    async def _try(self, accept: Accept, answer: str) -> None:
        try:
            await accept(answer)
        except PaperReaderError as error:
            self.show_problem(error.message)
            return
        finally:
            self.busy = False
        self.dismiss(answer)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if report_worker_error(self, event):
            self.busy = False

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
