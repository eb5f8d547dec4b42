"""Pilot tests of the user's own data in the app: bookmarks, tags, notes, read marks, papers
new since the last visit, copying and export.

Most tests run on the demo service (its bookmarks live in a throwaway directory); tests that
need a second run, a corrupt store or a listing that changes use a Session over a small
fake source and a real Library in tmp_path.
"""

from __future__ import annotations

from support.apps import demo_app
from support.demo_data import FIRST_TITLE, latest_daily_items
from support.fakes import Clipboard, FakeSource
from support.pilot import (
    SIZE,
    answer_prompt,
    in_menu,
    list_lines,
    list_words,
    notes,
    notes_of,
    open_modal,
    open_prompt,
    press,
    row_of,
    screen_text,
    settle,
    shown_papers,
    starred,
    status,
    type_text,
    wait_until,
)
from support.sessions import library_service
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, TextArea

from paperreader.domain.models import ListingKind, ListingQuery, Paper
from paperreader.storage.user_data import UserDataStore
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.controllers.detail import DetailFollower
from paperreader.ui.screens.controllers.user_data import UserDataController
from paperreader.ui.screens.note import NoteScreen
from paperreader.ui.screens.prompt import PromptScreen

EVIL_NOTE = "[bold]x[/] [@click=app.quit]"

# ---------------------------------------------------------------------- helpers


def store(app: PaperReaderApp) -> UserDataStore:
    library = app.session.user_data.store
    assert library is not None
    return library


def detail(app: PaperReaderApp) -> str:
    return app.main_screen.detail.text


async def write_note(app: PaperReaderApp, pilot, *lines: str, save: bool = True) -> TextArea:
    """Press n, type `lines` (enter between them), then ctrl+s (or esc)."""
    await open_modal(app, pilot, "n")
    assert isinstance(app.screen, NoteScreen)
    area = app.screen.query_one(TextArea)
    assert app.focused is area
    for number, line in enumerate(lines):
        if number:
            await pilot.press("enter")
        await type_text(app, pilot, line)
    await press(app, pilot, "ctrl+s" if save else "escape")
    assert not isinstance(app.screen, NoteScreen)
    return area


# ---------------------------------------------------------------------- bookmarking


async def test_b_bookmarks_the_current_paper_and_b_again_removes_it():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        assert paper is not None and paper.title == FIRST_TITLE
        assert not starred(row_of(app, paper)[0])
        assert "★ Bookmarked" not in detail(app)
        assert store(app).bookmarks() == []

        await press(app, pilot, "b")
        assert starred(row_of(app, paper)[0])
        assert not any(starred(row_of(app, p)[0]) for p in shown_papers(app)[1:])
        assert "★ Bookmarked 2026-03-13" in detail(app)
        # The demo keeps nothing: its first change says so, once.
        assert f"Bookmarked (demo: not saved): {paper.title}" in notes(app)
        assert app.main_screen.paper_list.current == paper  # the cursor did not move
        [saved] = store(app).bookmarks()
        assert saved.paper.id == paper.id
        # The snapshot carries everything the detail shows, so it reads offline.
        assert saved.paper.title == paper.title
        assert saved.paper.summary == paper.summary and saved.paper.summary
        assert saved.paper.authors == paper.authors
        assert saved.paper.ai_summary == paper.ai_summary
        assert saved.tags == () and saved.note == ""
        assert app.main_screen.marks.bookmarks.keys() == {paper.id}

        await press(app, pilot, "b")
        assert not starred(row_of(app, paper)[0])
        assert "★ Bookmarked" not in detail(app)
        assert f"Bookmark removed: {paper.title}" in notes(app)
        assert store(app).bookmarks() == []
        assert app.main_screen.marks.bookmarks == {}


async def test_bookmarks_tab_lists_newest_first_and_b_there_removes_rows():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "6")
        assert app.main_screen.navigation.kind is ListingKind.BOOKMARKS
        assert app.main_screen.paper_list.visible_count == 0
        assert "No bookmarks yet" in list_words(app)
        assert app.main_screen.detail.paper is None

        await press(app, pilot, "1")
        daily = shown_papers(app)
        await press(app, pilot, "b", "j", "j", "b", "j", "j", "b")  # rows 0, 2, 4 in turn
        assert [starred(row_of(app, p)[0]) for p in daily[:6]] == [1, 0, 1, 0, 1, 0]

        await press(app, pilot, "6")
        assert app.query_one("#tabs").active == "bookmarks"
        assert shown_papers(app) == [daily[4], daily[2], daily[0]]  # newest first
        assert status(app).startswith("Bookmarks · 3 papers · by date added")
        assert "saved on this machine" in status(app)
        assert all(starred(row_of(app, p)[0]) for p in shown_papers(app))
        assert app.main_screen.detail.paper == daily[4]
        assert "★ Bookmarked" in detail(app)

        # b on the middle row removes it; the cursor stays on the second row.
        await press(app, pilot, "j")
        assert app.main_screen.paper_list.current == daily[2]
        await press(app, pilot, "b")
        assert shown_papers(app) == [daily[4], daily[0]]
        assert app.main_screen.paper_list.cursor == 1
        assert app.main_screen.paper_list.current == daily[0]
        assert app.main_screen.detail.paper == daily[0]
        assert status(app).startswith("Bookmarks · 2 papers")
        assert [b.paper.id for b in store(app).bookmarks()] == [daily[4].id, daily[0].id]

        # Removing the last row moves the cursor up to the row that is left.
        await press(app, pilot, "b")
        assert shown_papers(app) == [daily[4]]
        assert app.main_screen.paper_list.cursor == 0
        assert app.main_screen.detail.paper == daily[4]
        await press(app, pilot, "b")
        assert app.main_screen.paper_list.visible_count == 0
        assert app.main_screen.detail.paper is None
        assert "No bookmarks yet: press b on a paper" in list_words(app)
        assert store(app).bookmarks() == []
        await press(app, pilot, "b", "t", "n", "x", "y", "j")  # nothing to act on: no crash
        assert app.is_running
        assert store(app).bookmarks() == []

        await press(app, pilot, "1")  # the daily rows lost their stars too
        assert not any(starred(row_of(app, p)[0]) for p in shown_papers(app))


async def test_bookmarks_are_readable_offline_in_a_later_session(tmp_path):
    data = tmp_path / "data"
    first = PaperReaderApp(library_service(data, FakeSource(latest_daily_items())))
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        await press(first, pilot, "j", "b")
        paper = first.main_screen.paper_list.current
        await answer_prompt(first, pilot, "t", "offline")
        assert [b.paper.id for b in store(first).bookmarks()] == [paper.id]
        await pilot.press("q")
        await pilot.pause()

    # No network and no cache: the daily tab has nothing, the bookmarks tab has the paper.
    second = PaperReaderApp(library_service(data, None, library=UserDataStore(data)))
    assert second.session.offline
    async with second.run_test(size=SIZE) as pilot:
        await settle(second, pilot)
        assert second.main_screen.paper_list.visible_count == 0
        assert "Offline" in status(second)
        await press(second, pilot, "6")
        assert shown_papers(second) == [paper]
        assert second.main_screen.detail.paper == paper
        text = detail(second)
        assert paper.title in text
        assert "★ Bookmarked" in text and "#offline" in text
        assert paper.summary[:60] in " ".join(text.split())
        assert status(second).startswith("Bookmarks · 1 paper ·")
        assert "saved on this machine" in status(second)
        assert "offline" not in status(second).lower()  # nothing is missing here
        assert starred(row_of(second, paper)[0])


# ---------------------------------------------------------------------- tags and notes


async def test_t_saves_normalised_tags_and_tag_filters_the_bookmarks_tab():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        daily = shown_papers(app)
        # t on a paper that is not bookmarked yet bookmarks it.
        assert daily[0].id not in app.main_screen.marks.bookmarks
        await answer_prompt(app, pilot, "t", "Zed, Reading  zed")
        [saved] = store(app).bookmarks()
        assert saved.paper.id == daily[0].id
        assert saved.tags == ("reading", "zed")  # lower-cased, unique, sorted
        assert "Tags saved (demo: not saved): reading zed" in notes(app)
        assert "#reading #zed" in detail(app)
        assert starred(row_of(app, daily[0])[0])

        await press(app, pilot, "j", "j")
        await answer_prompt(app, pilot, "t", "reader to-read")
        await press(app, pilot, "j")
        await answer_prompt(app, pilot, "t", "other")
        # The prompt offers the current tags, selected: backspace and enter clear them.
        box = await open_prompt(app, pilot, "t")
        assert box.value == "other"
        await press(app, pilot, "backspace", "enter")
        assert "Tags saved: none" in notes(app)
        assert "#" not in detail(app).splitlines()[1]
        tags = {b.paper.id: b.tags for b in store(app).bookmarks()}
        assert tags == {
            daily[0].id: ("reading", "zed"),
            daily[2].id: ("reader", "to-read"),
            daily[3].id: (),  # still bookmarked
        }

        await press(app, pilot, "6")
        assert app.main_screen.paper_list.visible_count == 3
        await press(app, pilot, "slash")
        await type_text(app, pilot, "tag:read")
        # `tag:read` matches tags starting with "read", not "to-read" nor untagged ones.
        assert set(shown_papers(app)) == {daily[0], daily[2]}
        assert "2 of 3 match “tag:read”" in status(app)
        lumen = next(p for p in (daily[0], daily[2]) if "lumen" in p.title.lower())
        await type_text(app, pilot, " lumen")
        assert shown_papers(app) == [lumen]
        await press(app, pilot, "escape", "slash")
        await type_text(app, pilot, "tag:to")
        assert shown_papers(app) == [daily[2]]
        await press(app, pilot, "escape")
        assert app.main_screen.paper_list.visible_count == 3


async def test_keys_arriving_together_edit_a_note_and_a_prompt_in_the_order_typed():
    """A burst of keys (fast typing over SSH) edits where each key was typed."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        await open_modal(app, pilot, "n")
        burst = ["a", "b", "backspace", "c", "enter", "d", "up", "end", "x", "ctrl+s"]
        for key in burst:  # posted at once, none waiting for the one before
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteScreen)
        assert store(app).bookmark(paper.id).note == "acx\nd"

        box = await open_prompt(app, pilot, "t")
        for key in ["q", "w", "backspace", "e", "home", "z"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot)
        assert box.value == "zqe"  # the suggestion, selected, was replaced by the first key


async def test_n_edits_a_multi_line_note_shown_literally_and_esc_cancels():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j")
        paper = app.main_screen.paper_list.current
        assert paper.id not in app.main_screen.marks.bookmarks
        # A note is the user's text, but may be pasted from anywhere: markup stays text.
        area = await write_note(app, pilot, "See sec. 4.", EVIL_NOTE)
        assert area.text == f"See sec. 4.\n{EVIL_NOTE}"
        saved = store(app).bookmark(paper.id)
        assert saved is not None  # n bookmarked the paper
        assert saved.note == f"See sec. 4.\n{EVIL_NOTE}"
        assert "Note saved (demo: not saved)." in notes(app)
        lines = detail(app).splitlines()
        assert lines[1].startswith("★ Bookmarked")
        assert lines[2:4] == ["Note: See sec. 4.", EVIL_NOTE]  # labelled
        assert EVIL_NOTE in screen_text(app)
        assert starred(row_of(app, paper)[0])

        # The editor opens on the saved note; esc leaves it as it was.
        await open_modal(app, pilot, "n")
        assert app.screen.query_one(TextArea).text == saved.note
        await type_text(app, pilot, "~~")
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, NoteScreen)
        assert store(app).bookmark(paper.id).note == saved.note
        assert "~~" not in detail(app)
        assert app.focused is app.main_screen.paper_list

        # Tags are shown as typed too; clicking the note or the tags runs nothing.
        await answer_prompt(app, pilot, "t", "[b]x[/b]")
        assert store(app).bookmark(paper.id).tags == ("[b]x[/b]",)
        assert "#[b]x[/b]" in screen_text(app)
        await pilot.click("#detail", offset=(20, 1))
        await pilot.click("#detail", offset=(12, 3))
        await settle(app, pilot)
        assert app.is_running
        assert app.return_code is None
        assert not notes_of(app, "error")

        # On an unbookmarked paper esc saves nothing and bookmarks nothing.
        await press(app, pilot, "escape")  # the click focused the detail: back to the list
        assert app.focused is app.main_screen.paper_list
        await press(app, pilot, "k")
        assert app.main_screen.paper_list.current.id not in app.main_screen.marks.bookmarks
        await write_note(app, pilot, "no", save=False)
        assert store(app).bookmark(app.main_screen.paper_list.current.id) is None
        assert len(store(app).bookmarks()) == 1


# ---------------------------------------------------------------------- read marks


def title_style(app: PaperReaderApp, paper: Paper):
    """The style the list draws `paper`'s title in."""
    position = shown_papers(app).index(paper)
    strip = app.main_screen.paper_list.render_line(2 * position)
    prefix = paper.title[:10]
    return next(seg.style for seg in strip if seg.text.startswith(prefix))


async def test_x_marks_read_and_unread_and_h_hides_read_papers():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first, second, third = shown_papers(app)[:3]
        unread_style = title_style(app, third)
        await press(app, pilot, "x")
        assert app.main_screen.marks.read == {first.id}
        assert store(app).read_ids() == {first.id}
        assert "Marked read (demo: not saved)." in notes(app)
        await press(app, pilot, "j", "x", "j")  # mark the second; leave the third unread
        assert app.main_screen.marks.read == {first.id, second.id}
        assert store(app).read_ids() == {first.id, second.id}
        read_style = title_style(app, second)
        assert read_style.color != unread_style.color
        assert title_style(app, first).color == read_style.color
        assert title_style(app, third).color == unread_style.color

        await press(app, pilot, "h")
        assert app.main_screen.paper_list.visible_count == 12
        assert first not in shown_papers(app) and second not in shown_papers(app)
        assert app.main_screen.paper_list.current == third  # the cursor stays on its paper
        assert "· 12 of 14 papers · 2 read hidden ·" in status(app)
        assert "Hiding read papers." in notes(app)
        await press(app, pilot, "h")
        assert app.main_screen.paper_list.visible_count == 14
        assert shown_papers(app)[:3] == [first, second, third]
        assert "read hidden" not in status(app)
        assert app.main_screen.paper_list.current == third

        await press(app, pilot, "k", "x")  # x on a read paper marks it unread
        assert app.main_screen.paper_list.current == second
        assert app.main_screen.marks.read == {first.id}
        assert store(app).read_ids() == {first.id}
        assert "Marked unread." in notes(app)
        assert title_style(app, second).color == unread_style.color

        # Read marks are per paper, not per listing: they show on other tabs too.
        await press(app, pilot, "3")
        assert app.main_screen.marks.read == {first.id}
        assert title_style(app, first).color == read_style.color
        await press(app, pilot, "h")
        assert app.main_screen.paper_list.visible_count == 51
        assert first not in shown_papers(app)


def read(app: PaperReaderApp) -> frozenset[str]:
    return app.main_screen.marks.read


async def test_a_paper_shown_for_a_moment_counts_as_read(monkeypatch):
    monkeypatch.setattr(UserDataController, "READ_AFTER_SECONDS", 0.05)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        papers = shown_papers(app)
        await wait_until(pilot, lambda: read(app) == {papers[0].id}, "the first paper read")
        await press(app, pilot, "j")
        await wait_until(pilot, lambda: papers[1].id in read(app), "the second paper read")
        await settle(app, pilot)
        assert read(app) == {papers[0].id, papers[1].id}
        assert store(app).read_ids() == {papers[0].id, papers[1].id}
        assert title_style(app, papers[1]).color == title_style(app, papers[0]).color
        assert title_style(app, papers[1]).color != title_style(app, papers[2]).color

        # x stops the clock: a paper marked unread by hand is not read again at once.
        await press(app, pilot, "x")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert read(app) == {papers[0].id}

        # Papers the cursor only passes over are not read. (Both keys are handled long
        # before the dwell time, however busy the machine.)
        monkeypatch.setattr(UserDataController, "READ_AFTER_SECONDS", 1.5)
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: papers[3].id in read(app), "the paper stopped on read")
        await settle(app, pilot)
        assert app.main_screen.paper_list.current == papers[3]
        assert read(app) == {papers[0].id, papers[3].id}
        assert store(app).read_ids() == read(app)


# ---------------------------------------------------------------------- new since last visit


async def test_papers_new_since_the_last_visit_are_counted_and_marked(tmp_path):
    data = tmp_path / "data"
    items = latest_daily_items()
    source = FakeSource(items[:10])
    first = PaperReaderApp(library_service(data, source))
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        assert first.main_screen.paper_list.visible_count == 10
        assert " new" not in status(first)  # a first visit: nothing counts as new
        assert not any(line.lstrip().startswith("new ") for line in list_lines(first))
        await pilot.press("q")
        await pilot.pause()

    source = FakeSource(items)  # the listing gained four papers meanwhile
    second = PaperReaderApp(library_service(data, source))
    async with second.run_test(size=SIZE) as pilot:
        await settle(second, pilot)
        assert second.main_screen.paper_list.visible_count == 14
        assert "· 4 new" in status(second)
        added = {item["paper"]["id"] for item in items[10:]}
        assert second.main_screen.marks.new[ListingQuery(ListingKind.DAILY).key] == added
        for paper in shown_papers(second):
            meta = row_of(second, paper)[1]
            assert meta.lstrip().startswith("new ") == (paper.id in added), paper.id
        # The count belongs to the daily listing only.
        await press(second, pilot, "6")
        assert " new" not in status(second)
        await press(second, pilot, "1")
        assert "· 4 new" in status(second)


# ---------------------------------------------------------------------- the detail follows


async def test_the_detail_follows_the_cursor_once_it_rests(monkeypatch):
    monkeypatch.setattr(DetailFollower, "DETAIL_DELAY", 0.3)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.5)
        first, second, third = shown_papers(app)[:3]
        assert app.main_screen.detail.paper == first
        await pilot.press("j")
        assert app.main_screen.paper_list.current == second
        assert app.main_screen.detail.paper == first  # not yet
        await pilot.pause(0.5)
        assert app.main_screen.detail.paper == second
        assert detail(app).startswith(second.title)

        await pilot.press("j", "k", "j")  # a quick run of keys: only where it ends counts
        assert app.main_screen.detail.paper == second
        await pilot.pause(0.5)
        assert app.main_screen.paper_list.current == third
        assert app.main_screen.detail.paper == third


async def test_the_first_paper_is_described_at_once(monkeypatch):
    # Nothing is held at start: the pane must not say "No paper selected." beside a cursor.
    monkeypatch.setattr(DetailFollower, "DETAIL_DELAY", 3600)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first, second = shown_papers(app)[:2]
        assert app.main_screen.detail.paper == first
        await press(app, pilot, "j")
        assert app.main_screen.paper_list.current == second
        assert app.main_screen.detail.paper == first  # the others wait for the cursor to rest


# ---------------------------------------------------------------------- copying


async def test_y_copies_the_hugging_face_link(monkeypatch):
    clipboard = Clipboard(monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        url = f"https://huggingface.co/papers/{app.main_screen.paper_list.current.id}"
        await press(app, pilot, "y")
        assert clipboard.texts == [url]
        assert app.clipboard == url  # sent by OSC 52 as well
        assert f"Copied Hugging Face link: {url}" in notes(app)
        assert not notes_of(app, "warning")

        # No system clipboard (SSH, a bare console): a warning with the text to copy by hand.
        clipboard.works = False
        await press(app, pilot, "j")
        url = f"https://huggingface.co/papers/{app.main_screen.paper_list.current.id}"
        await press(app, pilot, "y")
        assert clipboard.texts[-1] == url
        assert app.clipboard == url
        [warning] = [n for n in app._notifications if n.severity == "warning"]
        assert (
            warning.message == f"Sent Hugging Face link to the terminal clipboard (OSC 52)\n{url}"
        )
        assert warning.title == "Copy it by hand if it did not arrive"
        assert not any(m.startswith(f"Copied Hugging Face link: {url}") for m in notes(app))


async def test_copy_menu_copies_the_chosen_form(monkeypatch):
    clipboard = Clipboard(monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current

        async def choose(*keys: str) -> None:
            await open_modal(app, pilot, "Y")
            assert in_menu(app)
            await press(app, pilot, *keys)
            assert not in_menu(app)

        await choose("2")
        assert app.clipboard == f"https://arxiv.org/abs/{paper.id}"
        assert f"Copied arXiv link: https://arxiv.org/abs/{paper.id}" in notes(app)
        await choose("4")
        assert app.clipboard.startswith("@misc{")
        assert f"eprint={{{paper.id}}}" in app.clipboard
        assert "title={{Lumen-2 Technical Report" in app.clipboard
        assert any(m.startswith("Copied BibTeX: @misc{") for m in notes(app))
        await choose("5")
        assert app.clipboard == (f"[{paper.title}](https://huggingface.co/papers/{paper.id})")
        await choose("j", "j", "enter")  # enter copies the highlighted choice
        assert app.clipboard == f"https://arxiv.org/pdf/{paper.id}"
        assert len(clipboard.texts) == 4

        await choose("escape")
        assert len(clipboard.texts) == 4
        assert app.clipboard == f"https://arxiv.org/pdf/{paper.id}"
        assert app.is_running


# ---------------------------------------------------------------------- export


async def export_to(app: PaperReaderApp, pilot, path: str) -> None:
    app.main_screen.action_export_bookmarks()
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)
    box = app.screen.query_one("#prompt-input", Input)
    assert box.value == "~/paperreader-bookmarks.bib"
    await type_text(app, pilot, path)  # replaces the suggestion
    assert box.value == path
    await press(app, pilot, "enter")


async def test_export_bookmarks_writes_a_new_file_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative names keep the typing short
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        papers = shown_papers(app)
        await press(app, pilot, "b", "j", "b")

        # From the command palette, as a user finds it.
        await open_modal(app, pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(app, pilot, "expo")
        await settle(app, pilot)
        await press(app, pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await type_text(app, pilot, "out.bib")
        await press(app, pilot, "enter")
        assert "Exported 2 bookmarks to out.bib" in notes(app)
        written = (tmp_path / "out.bib").read_text("utf-8")
        assert written.count("@misc{") == 2
        for paper in papers[:2]:
            assert f"eprint={{{paper.id}}}" in written

        # An existing file is left alone.
        (tmp_path / "out.bib").write_text("mine\n", "utf-8")
        await export_to(app, pilot, "out.bib")
        assert app.screen.problem == "out.bib already exists; choose another name."
        assert (tmp_path / "out.bib").read_text("utf-8") == "mine\n"
        await press(app, pilot, "escape")

        await export_to(app, pilot, "out.txt")
        assert "Name the file .bib, .md, .json, .csv or .ris" in app.screen.problem
        await press(app, pilot, "escape")

        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out")) == ["out.bib"]


# ---------------------------------------------------------------------- a damaged store


async def test_a_corrupt_bookmarks_file_is_moved_aside_and_bookmarking_still_works(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    original = b'{"version": 1, "bookmarks": [ {"paper": \xff truncated'
    (data / "bookmarks.json").write_bytes(original)
    app = PaperReaderApp(library_service(data, FakeSource(latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        assert app.main_screen.paper_list.visible_count == 14
        [moved] = list(data.glob("bookmarks.json.corrupt-*"))
        assert moved.read_bytes() == original
        [warning] = notes_of(app, "warning")
        assert str(moved) in warning
        assert "could not be read" in warning

        await press(app, pilot, "b")
        paper = app.main_screen.paper_list.current
        assert starred(row_of(app, paper)[0])
        assert [b.paper.id for b in UserDataStore(data).bookmarks()] == [paper.id]
        assert moved.read_bytes() == original  # the damaged copy is kept as it was
        await press(app, pilot, "6")
        assert shown_papers(app) == [paper]


async def test_an_unwritable_data_dir_is_reported_once_for_automatic_read_marks(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(UserDataController, "READ_AFTER_SECONDS", 0.05)
    (tmp_path / "file").write_text("not a directory\n", "utf-8")
    library = UserDataStore(tmp_path / "file" / "data")
    app = PaperReaderApp(
        library_service(tmp_path, FakeSource(latest_daily_items()), library=library)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(3):  # rest on three papers: each would be marked read
            await press(app, pilot, "j")
            await pilot.pause(0.3)
            await settle(app, pilot)
        [error] = notes_of(app, "error")
        assert "is not writable" in error and "not saved" in error
        assert app.main_screen.marks.read == frozenset()

        # What the user asks for is always answered.
        await press(app, pilot, "x")
        await press(app, pilot, "b")
        assert notes_of(app, "error") == [error] * 3
        assert app.main_screen.marks.bookmarks == {}
        assert not starred(row_of(app, app.main_screen.paper_list.current)[0])
        assert app.is_running
