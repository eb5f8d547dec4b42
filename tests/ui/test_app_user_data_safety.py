"""Pilot tests that nothing the user wrote is lost in the app: undoing the removal of a
bookmark with a note or tags, a second window (or the CLI) changing the bookmarks under a
running one, a note that cannot be saved, and the demo saying it keeps nothing."""

from __future__ import annotations

from pathlib import Path

from support.apps import demo_app
from support.demo_data import latest_daily_items
from support.fakes import FakeSource
from support.killing import Child
from support.pilot import (
    SIZE,
    answer_prompt,
    notes,
    notes_of,
    open_modal,
    open_prompt,
    press,
    row_of,
    screen_text,
    settle,
    starred,
    type_text,
    wait_until,
)
from support.sessions import library_service
from textual.widgets import Static, TextArea

from paperreader.domain.models import Bookmark
from paperreader.formats.export.bookmark_json import bookmarks_json
from paperreader.platform import paths
from paperreader.storage.user_data import UserDataStore
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.controllers.user_data import UserDataController
from paperreader.ui.screens.note import NoteScreen
from paperreader.ui.screens.prompt import PromptScreen


def store(app: PaperReaderApp) -> UserDataStore:
    library = app.session.user_data.store
    assert library is not None
    return library


def window(data: Path) -> PaperReaderApp:
    """The app on a small fake source, keeping its user data in `data`."""
    return PaperReaderApp(library_service(data, FakeSource(latest_daily_items())))


async def save_note(app: PaperReaderApp, pilot, text: str) -> None:
    await open_modal(app, pilot, "n")
    await type_text(app, pilot, text)
    await press(app, pilot, "ctrl+s")


def can_undo(app: PaperReaderApp) -> bool:
    return bool(app.main_screen.check_action("undo", ()))


# ---------------------------------------------------------------------- undo


async def test_removing_a_bookmark_with_a_note_can_be_undone_whole():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        await save_note(app, pilot, "keep me")
        await answer_prompt(app, pilot, "t", "mine")
        before = store(app).bookmark(paper.id)
        assert before is not None and before.note == "keep me"
        assert not can_undo(app)
        assert "Undo" not in screen_text(app).splitlines()[-1]  # the footer offers no undo

        await press(app, pilot, "b")
        assert store(app).bookmark(paper.id) is None
        assert not starred(row_of(app, paper)[0])
        assert f"Removed bookmark with note and tags: {paper.title} · u undo" in notes(app)
        assert can_undo(app)
        assert "Undo" in screen_text(app).splitlines()[-1]

        await press(app, pilot, "u")
        assert store(app).bookmark(paper.id) == before  # note, tags, time added
        assert starred(row_of(app, paper)[0])
        assert f"Bookmark restored: {paper.title}" in notes(app)
        assert not can_undo(app)
        shown = len(notes(app))
        await press(app, pilot, "u")  # nothing left to undo: u does nothing
        assert len(notes(app)) == shown
        assert store(app).bookmark(paper.id) == before


async def test_a_plain_bookmark_goes_at_once_and_undo_expires(monkeypatch):
    monkeypatch.setattr(UserDataController, "UNDO_SECONDS", 0.05)
    offered: list[Bookmark] = []
    offer = UserDataController._offer_undo

    def counting_offer(controller: UserDataController, bookmark: Bookmark) -> None:
        offered.append(bookmark)
        offer(controller, bookmark)

    monkeypatch.setattr(UserDataController, "_offer_undo", counting_offer)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        await press(app, pilot, "b", "b")  # nothing written on it: nothing to undo
        assert f"Bookmark removed: {paper.title}" in notes(app)
        assert not can_undo(app)
        assert offered == []

        await save_note(app, pilot, "soon gone")
        await press(app, pilot, "b")
        assert [b.note for b in offered] == ["soon gone"]
        await wait_until(pilot, lambda: not can_undo(app), "the undo to expire")
        await press(app, pilot, "u")
        assert store(app).bookmarks() == []  # too late: the removal stands


async def test_the_demo_says_once_that_it_keeps_nothing():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = app.main_screen.paper_list.current
        await press(app, pilot, "b", "j", "b")
        second = app.main_screen.paper_list.current
        assert notes(app)[-2:] == [
            f"Bookmarked (demo: not saved): {first.title}",
            f"Bookmarked: {second.title}",
        ]
        await press(app, pilot, "x")
        assert notes(app)[-1] == "Marked read."


# ---------------------------------------------------------------------- a second window


async def test_a_stale_window_never_undoes_another_windows_bookmark(tmp_path):
    data = tmp_path / "data"
    app = window(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        other = UserDataStore(data)  # a second window, bookmarking under this one
        other.add_bookmark(paper, note="their note")

        # t here, where the paper still looks unbookmarked: the tags join their bookmark.
        await answer_prompt(app, pilot, "t", "mine")
        [saved] = other.bookmarks()
        assert (saved.tags, saved.note) == (("mine",), "their note")
        assert app.main_screen.marks.bookmarks[paper.id] == saved

        # They change the note; b here (which saw the old one) leaves it.
        other.set_note(paper.id, "changed there")
        await press(app, pilot, "b")
        assert other.bookmark(paper.id).note == "changed there"
        [warning] = notes_of(app, "warning")
        assert warning.startswith("Not removed: its tags or note changed in another window")
        assert app.main_screen.marks.bookmarks[paper.id].note == "changed there"  # shown now

        # Now that it is shown, b removes it (and u could bring it back).
        await press(app, pilot, "b")
        assert other.bookmarks() == []

        # b on a paper they bookmarked meanwhile keeps theirs, and says so.
        await press(app, pilot, "j")
        second = app.main_screen.paper_list.current
        other.add_bookmark(second, tags=["theirs"])
        await press(app, pilot, "b")
        assert other.bookmark(second.id).tags == ("theirs",)
        assert f"Already bookmarked (by another window): {second.title}" in notes(app)
        assert starred(row_of(app, second)[0])


async def test_changes_on_disk_show_up_without_a_key(tmp_path, monkeypatch):
    monkeypatch.setattr(UserDataController, "CHECK_SECONDS", 0.05)
    data = tmp_path / "data"
    app = window(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        UserDataStore(data).add_bookmark(paper, tags=["elsewhere"])
        await wait_until(pilot, lambda: starred(row_of(app, paper)[0]), "the star from disk")
        assert "#elsewhere" in app.main_screen.detail.text

        # Coming back to the terminal checks at once too.
        UserDataStore(data).set_read(paper.id)
        app.app_focus = False
        app.app_focus = True
        await settle(app, pilot)
        await wait_until(pilot, lambda: paper.id in app.main_screen.marks.read, "the read mark")


async def test_an_import_from_the_command_line_under_a_running_window_is_kept(tmp_path):
    app = PaperReaderApp(library_service(paths.data_dir(), FakeSource(latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        export = tmp_path / "laptop.json"
        export.write_text(bookmarks_json([Bookmark(paper, paper.published_at, (), "laptop")]))
        child = Child.cli("bookmarks", "import", str(export))
        assert child.finish() == 0, child.stderr
        assert "added 1 bookmark" in child.stdout

        await save_note(app, pilot, "here")  # this window still saw no bookmark
        note = UserDataStore(paths.data_dir()).bookmark(paper.id).note
        assert note.split("\n")[::2] == ["here", "laptop"]


# ---------------------------------------------------------------------- a note that fails


async def test_a_note_that_cannot_be_saved_stays_in_its_editor(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n", "utf-8")
    data = blocker / "data"
    app = window(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "n")
        await type_text(app, pilot, "three paragraphs of thought")
        await press(app, pilot, "ctrl+s")
        assert isinstance(app.screen, NoteScreen)  # still open, with the text
        assert app.screen.query_one(TextArea).text == "three paragraphs of thought"
        error = str(app.screen.query_one("#note-error", Static).content)
        assert "not saved" in error

        blocker.unlink()  # the user frees the folder and tries again
        await press(app, pilot, "ctrl+s")
        assert not isinstance(app.screen, NoteScreen)
        [saved] = UserDataStore(data).bookmarks()
        assert saved.note == "three paragraphs of thought"


async def test_tags_that_cannot_be_saved_keep_their_prompt_open_with_the_reason(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n", "utf-8")
    app = window(blocker / "data")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        box = await open_prompt(app, pilot, "t")
        await type_text(app, pilot, "keep these")
        await press(app, pilot, "enter")
        await wait_until(pilot, lambda: bool(app.screen.problem))
        assert isinstance(app.screen, PromptScreen)  # still open, with what was typed
        assert box.value == "keep these"
        assert "not saved" in app.screen.problem

        blocker.unlink()  # the user frees the folder and tries again
        await press(app, pilot, "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, PromptScreen))
        [saved] = UserDataStore(blocker / "data").bookmarks()
        assert saved.tags == ("keep", "these")
