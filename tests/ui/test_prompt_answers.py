"""A prompt closes only once its answer worked: a mistake is shown under the field, with the
text and the cursor kept, and the keys that follow still go to the prompt."""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import SIZE, notes, notes_of, press, settle, type_text
from textual.app import App
from textual.widgets import Input

from paperreader.domain.errors import UsageError
from paperreader.ui.screens.prompt import PromptScreen


class PromptHost(App[None]):
    """An app that asks one question and keeps what the prompt answered."""

    def __init__(self, prompt: PromptScreen) -> None:
        super().__init__()
        self.prompt = prompt
        self.answers: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.prompt, self.answers.append)


async def test_a_refused_answer_keeps_the_prompt_open_with_the_reason_and_the_text():
    tried: list[str] = []

    async def accept(answer: str) -> None:
        tried.append(answer)
        if answer != "2026-03-12":
            raise UsageError(f"'{answer}' is not a [bold]date[/bold].")

    prompt = PromptScreen("Go to", accept=accept)
    app = PromptHost(prompt)
    async with app.run_test() as pilot:
        box = prompt.query_one("#prompt-input", Input)
        await type_text(app, pilot, "2026-03-1x")
        await pilot.press("left")
        await press(app, pilot, "enter")
        assert app.screen is prompt
        assert prompt.problem == "'2026-03-1x' is not a [bold]date[/bold]."  # text, not markup
        assert box.value == "2026-03-1x" and box.cursor_position == 9 and box.has_focus
        await pilot.press("delete", "2")  # the next keys correct the text in place
        await pilot.pause()
        assert box.value == "2026-03-12"
        assert prompt.problem == ""  # gone once the text changes
        await press(app, pilot, "enter")
        assert tried == ["2026-03-1x", "2026-03-12"]
        assert app.answers == ["2026-03-12"]
        assert app.screen is not prompt


async def test_an_empty_answer_is_asked_again_unless_the_prompt_allows_it():
    prompt = PromptScreen("Search")
    app = PromptHost(prompt)
    async with app.run_test() as pilot:
        await press(app, pilot, "space", "enter")
        assert app.screen is prompt
        assert prompt.problem == "Nothing typed: type an answer, or press esc to close."
        await press(app, pilot, "escape")
        assert app.answers == [None]

    prompt = PromptScreen("Tags", allow_empty=True)
    app = PromptHost(prompt)
    async with app.run_test() as pilot:
        await press(app, pilot, "enter")
        assert app.answers == [""]


async def test_export_keeps_the_prompt_until_the_file_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative names keep the typing short
    (tmp_path / "out.bib").write_text("mine\n", "utf-8")
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "b")
        app.main_screen.action_export_bookmarks()
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        box = prompt.query_one("#prompt-input", Input)

        await type_text(app, pilot, "out.bib")  # replaces the suggestion
        await press(app, pilot, "enter")
        assert app.screen is prompt and box.value == "out.bib"
        assert prompt.problem == "out.bib already exists; choose another name."
        assert (tmp_path / "out.bib").read_text("utf-8") == "mine\n"

        await press(app, pilot, "backspace", "backspace", "backspace", "t", "x", "t", "enter")
        assert app.screen is prompt and box.value == "out.txt"
        assert prompt.problem == (
            "Name the file .bib, .md, .json, .csv or .ris to choose the format."
        )

        await press(app, pilot, "backspace", "backspace", "backspace", "m", "d")
        await press(app, pilot, "home", "n", "e", "w", "/", "enter")  # in a folder to make
        assert app.screen is app.main_screen
        assert "Exported 1 bookmark to new/out.md" in notes(app)
        assert notes_of(app, "error") == []
        assert "](" in (tmp_path / "new" / "out.md").read_text("utf-8")
