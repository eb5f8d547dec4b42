"""Pilot tests of reading a paper: linked repos in the detail, the full text (v), the
discussion (c) and the links menu (L).

The demo data has it all (2603.08522, the top paper of its latest day, has repos, comments
and a full text); failures use a small in-test source, offline reading the fake hub.
"""

from __future__ import annotations

import asyncio
import copy
import re
from typing import Any

from support import fakehub
from support.apps import demo_app
from support.demo_data import latest_daily_items
from support.fakes import Clipboard, FakeSource, RecordingOpener
from support.pilot import (
    SIZE,
    in_menu,
    line_of,
    notes,
    notes_of,
    open_modal,
    press,
    screen_text,
    select,
    settle,
    type_text,
)
from support.sessions import fake_service
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from textual.widgets.markdown import MarkdownTableOfContents

from paperreader.domain.errors import BadResponseError, OfflineError
from paperreader.sources.demo import SHOWCASE_ID, DemoSource, demo_has_full_text, demo_repo_level
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.discussion import DiscussionScreen
from paperreader.ui.screens.menu import MenuScreen
from paperreader.ui.screens.reader import ReaderScreen

NO_TEXT_ID = "2603.09230"
"""Second on the demo's latest day: repos linked, but no full text."""
NO_REPOS_ID = "2603.10629"
"""On the demo's latest day, with nothing linked on Hugging Face."""


# ---------------------------------------------------------------------- helpers


class PaperSource(FakeSource):
    """A FakeSource that also answers paper details and full texts.

    Details come from the demo data unless `paper_error` is set; `gate`, when given, holds
    every detail request until it is set. `full_text` replaces every paper's full text.
    """

    def __init__(
        self,
        items: list[Any],
        *,
        paper_error: Exception | None = None,
        full_text: str | None = None,
        gate: asyncio.Event | None = None,
    ) -> None:
        super().__init__(items)
        self.paper_error = paper_error
        self.full_text = full_text
        self.gate = gate
        self.paper_calls: list[tuple[str, bool]] = []

    async def fetch_paper(self, paper_id: str, comments: bool = False) -> dict[str, Any]:
        self.paper_calls.append((paper_id, comments))
        if self.gate is not None:
            await self.gate.wait()
        if self.paper_error is not None:
            raise self.paper_error
        return await DemoSource().fetch_paper(paper_id, comments)

    async def fetch_full_text(self, paper_id: str) -> str | None:
        return self.full_text


def reader(app: PaperReaderApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def open_reader(app: PaperReaderApp, pilot: Pilot) -> ReaderScreen:
    await open_modal(app, pilot, "v")
    await settle(app, pilot)
    return reader(app)


def matched(screen: ReaderScreen) -> list[str]:
    """The source of the blocks marked as the current match."""
    return [block.source for block in screen.query(".-match")]


# ---------------------------------------------------------------------- the detail fills in


async def test_the_detail_fills_in_linked_repos_and_the_comment_count_a_moment_later():
    items = copy.deepcopy(latest_daily_items())
    for item in items:  # the listing's count lags behind the paper endpoint's
        item["numComments"] = 3
    gate = asyncio.Event()
    source = PaperSource(items, gate=gate)
    app = PaperReaderApp(fake_service(source, None))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.main_screen.detail.paper is not None:
                break
        # The detail is there at once, from the listing; the paper endpoint still answers.
        assert app.main_screen.detail.paper.id == SHOWCASE_ID
        assert source.paper_calls == [(SHOWCASE_ID, True)]
        text = app.main_screen.detail.text
        assert "▲ 241  ·  3 comments" in text
        assert "On Hugging Face" not in text
        assert "Models (" not in text
        await pilot.press("j")  # keys keep working meanwhile
        await pilot.pause()
        assert app.main_screen.detail.paper.id != SHOWCASE_ID
        await pilot.press("k")
        await pilot.pause()
        assert app.main_screen.detail.paper.id == SHOWCASE_ID

        gate.set()
        await settle(app, pilot)
        text = app.main_screen.detail.text
        assert "▲ 241  ·  16 comments" in text  # the paper endpoint's count
        assert "On Hugging Face" in text
        # The hub counts four models and sends two: the pane says both, never "+2 more"
        # that the links key could not list.
        assert re.search(r"Models \(4 on the hub, 2 fetched\)  \S+lumen-2-instruct .*-base", text)
        assert "more" not in text.split("Models (")[1].split("\n")[0]
        assert "Datasets (1)  tidepool-collective/lumen-2-eval" in text
        assert "Spaces (1)  🧪 tidepool-collective/lumen-2-demo" in text
        assert "L lists them with links, and the hub's page of all of them" in text
        assert text.index("Abstract") < text.index("On Hugging Face") < text.index("Links")

        # A paper with nothing linked has no such section, but its count is the endpoint's.
        assert demo_repo_level(NO_REPOS_ID) == 0
        await select(app, pilot, NO_REPOS_ID)
        text = app.main_screen.detail.text
        assert "On Hugging Face" not in text
        assert "Models (" not in text and "L lists them all" not in text
        assert "▲ 15  ·  3 comments" in text
        # The showcase's extras are remembered: going back asks for nothing again.
        calls = len(source.paper_calls)
        await press(app, pilot, "g")
        assert "On Hugging Face" in app.main_screen.detail.text
        assert len(source.paper_calls) == calls


# ---------------------------------------------------------------------- the full text


async def test_v_reads_the_full_text_with_contents_find_and_a_remembered_place():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.current.id == SHOWCASE_ID
        screen = await open_reader(app, pilot)
        assert screen.has_text
        assert line_of(app, "#reader-title").startswith("Lumen-2 Technical Report")
        assert line_of(app, "#reader-status").startswith("Full text · ")
        text = screen_text(app)
        assert "Zoë Lefèvre, Liu Siqi" in text  # the Markdown is rendered, not its source
        assert "## Abstract" not in text

        # t shows and hides the table of contents, built from the text's headings.
        contents = screen.query_one(MarkdownTableOfContents)
        headings = [label for _level, label, _id in contents.table_of_contents]
        assert headings[1:] == ["Abstract", "1 Introduction", "2 Method", "3 Results", "References"]
        assert not contents.display
        await press(app, pilot, "t")
        assert contents.display
        assert "├── 2 Method" in screen_text(app)
        await press(app, pilot, "t")
        assert not contents.display
        assert "├── 2 Method" not in screen_text(app)

        # / finds: every block holding the words counts, the first is marked.
        find = screen.query_one("#reader-find", Input)
        await press(app, pilot, "slash")
        assert find.display and app.focused is find
        await type_text(app, pilot, "method")
        await press(app, pilot, "enter")
        assert not find.display
        assert line_of(app, "#reader-status") == "Match 1 of 3"
        [first] = matched(screen)
        assert "a method with a table" in first
        await press(app, pilot, "n")
        assert line_of(app, "#reader-status") == "Match 2 of 3"
        assert matched(screen) == ["## 2 Method\n"]
        await press(app, pilot, "n")
        [third] = matched(screen)
        assert "Our method scores" in third
        await press(app, pilot, "n")  # round again
        assert line_of(app, "#reader-status") == "Match 1 of 3"
        await press(app, pilot, "N")  # and back
        assert line_of(app, "#reader-status") == "Match 3 of 3"
        assert matched(screen) == [third]

        await press(app, pilot, "slash")
        await type_text(app, pilot, "zzqx")
        await press(app, pilot, "enter")
        assert line_of(app, "#reader-status") == "“zzqx” is not in the text."
        assert matched(screen) == []

        # esc closes the find box first, then the reader.
        await press(app, pilot, "slash")
        assert find.display
        await press(app, pilot, "escape")
        assert not find.display
        assert app.screen is screen

        await press(app, pilot, "g")
        await press(app, pilot, "space")
        await press(app, pilot, "j", "j")
        place = screen.scroll.scroll_y
        assert place > 0
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, ReaderScreen)
        assert app.main_screen.paper_views.reading_positions == {SHOWCASE_ID: place}
        assert app.focused is app.main_screen.paper_list

        # Reopened, it is where it was left.
        screen = await open_reader(app, pilot)
        assert screen.has_text
        assert screen.scroll.scroll_y == place
        await press(app, pilot, "q")  # q leaves the reader, not the app
        assert app.is_running
        assert not isinstance(app.screen, ReaderScreen)


async def test_a_paper_without_full_text_shows_why_with_the_abstract_and_links(monkeypatch):
    assert not demo_has_full_text(NO_TEXT_ID)
    app = demo_app()
    opener = RecordingOpener()
    monkeypatch.setattr(app.session.desktop, "open_url", opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, NO_TEXT_ID)
        paper = app.main_screen.paper_list.current
        screen = await open_reader(app, pilot)
        assert not screen.has_text
        assert line_of(app, "#reader-status").startswith(
            "Hugging Face has no full text for this paper."
        )
        fallback = screen.query_one("#reader-fallback").text
        assert fallback.startswith("Hugging Face has no full text for this paper.")
        assert " ".join(paper.summary.split()[:12]) in " ".join(fallback.split())
        assert f"https://huggingface.co/papers/{NO_TEXT_ID}" in fallback
        assert f"https://arxiv.org/pdf/{NO_TEXT_ID}" in fallback
        assert not screen.query_one("#reader-body").display
        assert "Hugging Face has no full text" in screen_text(app)
        await press(app, pilot, "slash")  # nothing to find in
        assert not screen.query_one("#reader-find").display
        # The footer offers the paper page, and its key opens it from the reader.
        assert "o Open" in screen_text(app).splitlines()[-1]
        await press(app, pilot, "o")
        assert opener.urls == [f"https://huggingface.co/papers/{NO_TEXT_ID}"]
        assert isinstance(app.screen, ReaderScreen)
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, ReaderScreen)
        assert app.main_screen.paper_views.reading_positions.get(NO_TEXT_ID, 0) == 0


async def test_a_full_text_once_read_opens_offline_in_a_later_session(make_service, fake_hub):
    online = make_service()
    app = PaperReaderApp(online)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, fakehub.RICH_PAPER_ID)
        screen = await open_reader(app, pilot)
        assert screen.has_text
        assert len(fake_hub.requests_to(f"/papers/{fakehub.RICH_PAPER_ID}.md")) == 1
        # Text from the hub stays text: its markup-looking line is shown as it is.
        await press(app, pilot, "slash")
        await type_text(app, pilot, "brackets")
        await press(app, pilot, "enter")
        assert line_of(app, "#reader-status") == "Match 1 of 1"
        literal = "A line with [bold]brackets[/bold] and [@click=app.quit]a fake link[/]."
        assert literal in screen_text(app)
        await press(app, pilot, "escape")
        assert app.is_running

    fake_hub.reset()
    offline = make_service(offline=True)
    app = PaperReaderApp(offline)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "offline" in app.main_screen.status.text
        await select(app, pilot, fakehub.RICH_PAPER_ID)
        screen = await open_reader(app, pilot)
        assert screen.has_text
        contents = screen.query_one(MarkdownTableOfContents).table_of_contents
        assert [label for _level, label, _id in contents] == [
            "Tiny Models Read Papers",
            "Abstract",
            "1 Introduction",
            "2 Results",
            "2.1 Text that must stay literal",
            "3 Conclusion",
        ]
        await press(app, pilot, "slash")
        await type_text(app, pilot, "tiny-3b")
        await press(app, pilot, "enter")
        assert line_of(app, "#reader-status") == "Match 1 of 1"
        # A paper never opened has nothing to show offline, and says so.
        await press(app, pilot, "escape")
        await select(app, pilot, fakehub.PLAIN_PAPER_ID)
        screen = await open_reader(app, pilot)
        assert not screen.has_text
        assert "was never opened" in line_of(app, "#reader-status")
        assert fake_hub.requests == []  # nothing reached the network


LINKS_MARKDOWN = """# Links

A [local file](file:///etc/passwd) next to a [relative one](../secret.md) here.

An [ftp site](ftp://example.org/pub/paper.pdf) and then a [web page](https://example.org/page).

Back to the [top](#links).
"""


async def click_words(app: PaperReaderApp, pilot: Pilot, words: str) -> None:
    """Click on `words` where the active screen shows them."""
    lines = screen_text(app).split("\n")
    y = next(n for n, line in enumerate(lines) if words in line)
    await pilot.click(offset=(lines[y].index(words) + 1, y))
    await settle(app, pilot)


async def test_only_web_links_in_a_full_text_are_opened(monkeypatch):
    source = PaperSource(latest_daily_items(), full_text=LINKS_MARKDOWN)
    app = PaperReaderApp(fake_service(source, None))
    opener = RecordingOpener()
    monkeypatch.setattr(app.session.desktop, "open_url", opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_reader(app, pilot)
        # A file: link is not even a link: the parser leaves it as the characters it is.
        assert "[local file](file:///etc/passwd)" in screen_text(app)
        await click_words(app, pilot, "local file")
        assert opener.urls == []

        await click_words(app, pilot, "relative one")
        assert opener.urls == []
        assert notes_of(app, "warning") == ["Only web links are opened."]
        await click_words(app, pilot, "ftp site")
        assert opener.urls == []
        assert notes_of(app, "warning") == ["Only web links are opened."] * 2

        await click_words(app, pilot, "top")  # an anchor moves within the text
        assert opener.urls == []
        assert len(notes_of(app, "warning")) == 2

        await click_words(app, pilot, "web page")
        assert opener.urls == ["https://example.org/page"]
        assert "Opened https://example.org/page" in notes(app)
        assert isinstance(app.screen, ReaderScreen)


# ---------------------------------------------------------------------- the discussion


async def test_c_shows_the_discussion_with_replies_under_their_parent(monkeypatch):
    app = demo_app()
    forced: list[bool] = []
    fetch = app.session.details.get_discussion

    async def spy(paper_id: str, *, force: bool = False):
        forced.append(force)
        return await fetch(paper_id, force=force)

    monkeypatch.setattr(app.session.details, "get_discussion", spy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiscussionScreen)
        assert forced == [False]
        assert line_of(app, "#discussion-title").startswith("Discussion: Lumen-2 Technical")
        assert line_of(app, "#discussion-status") == "16 comments"
        lines = screen.body.text.splitlines()

        # Every author is named; a reply comes right under its parent, indented with ↳.
        discussion = screen.discussion
        assert discussion is not None and discussion.total == 16
        for depth, comment in discussion.walk():
            heading = ("    ↳ " if depth else "") + comment.author + " · "
            assert any(line.startswith(heading) for line in lines), heading
        parents = [c for c in discussion.comments if c.replies]
        assert parents
        for parent in parents:
            start = next(n for n, line in enumerate(lines) if line.startswith(parent.author))
            after = [line for line in lines[start + 1 :] if re.match(r"^\S|^    ↳", line)]
            assert after[0].startswith(f"    ↳ {parent.replies[0].author} · ")

        # The hidden comment says so, and its reply still hangs under it.
        at = lines.index("  [comment hidden: Off-Topic]")
        assert lines[at - 1].startswith("grace · ")
        assert "Check out my unrelated project" not in screen.body.text
        assert any(line.startswith("    ↳ liskov · ") for line in lines[at : at + 4])

        # Comment text that looks like markup is shown as it is, on screen too.
        assert "        Interesting, [bold]this bracket text[/bold] stays literal." in lines
        assert "Interesting, [bold]this bracket text[/bold] stays literal." in screen_text(app)
        # Its Markdown is drawn, not shown as source.
        assert "Great paper! Is the code going to be released?" in screen.body.text

        await press(app, pilot, "r")
        assert forced == [False, True]
        assert line_of(app, "#discussion-status") == "16 comments"
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, DiscussionScreen)
        assert app.focused is app.main_screen.paper_list
        assert app.is_running


async def test_a_discussion_that_cannot_be_had_is_one_sentence_and_the_app_carries_on():
    source = PaperSource(
        latest_daily_items(), paper_error=OfflineError("The network is unreachable.")
    )
    app = PaperReaderApp(fake_service(source, None))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiscussionScreen)
        assert screen.body.text == "The network is unreachable."
        assert line_of(app, "#discussion-status") == "The network is unreachable."
        assert not screen.body.loading
        assert not notes_of(app, "error")
        await press(app, pilot, "r")  # trying again fails the same way, quietly
        assert screen.body.text == "The network is unreachable."
        await press(app, pilot, "escape")
        assert app.is_running
        await press(app, pilot, "j")
        assert app.main_screen.paper_list.cursor == 1
        assert app.main_screen.detail.paper == app.main_screen.paper_list.current


# ---------------------------------------------------------------------- the links menu


def menu_lines(app: PaperReaderApp) -> list[str]:
    """The menu's choices as they read: number, label, link (a narrow dialog's two lines of a
    choice joined)."""
    options = app.screen.query_one(OptionList)
    prompts = (options.get_option_at_index(n).prompt for n in range(options.option_count))
    return [str(prompt).replace("\n", " ") for prompt in prompts]


async def test_L_lists_every_link_and_opens_copies_or_picks_one(monkeypatch):
    clipboard = Clipboard(monkeypatch)
    app = demo_app()
    opener = RecordingOpener()
    monkeypatch.setattr(app.session.desktop, "open_url", opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        expected = [
            ("Hugging Face", f"https://huggingface.co/papers/{SHOWCASE_ID}"),
            ("arXiv", f"https://arxiv.org/abs/{SHOWCASE_ID}"),
            ("PDF", f"https://arxiv.org/pdf/{SHOWCASE_ID}"),
            ("GitHub", paper.github_repo),
            ("Project page", paper.project_page),
            ("Model: tidepool-collective/lumen-2-instruct", None),
            ("Model: tidepool-collective/lumen-2-base", None),
            ("Dataset: tidepool-collective/lumen-2-eval", None),
            ("Space: tidepool-collective/lumen-2-demo", None),
            (
                "Models: all 4, on the hub",
                f"https://huggingface.co/models?other=arxiv:{SHOWCASE_ID}",
            ),
        ]

        async def open_menu() -> MenuScreen:
            await open_modal(app, pilot, "L")
            assert isinstance(app.screen, MenuScreen)
            return app.screen

        await open_menu()
        shown = menu_lines(app)
        assert len(shown) == len(expected)
        for n, (line, (label, url)) in enumerate(zip(shown, expected, strict=True), 1):
            number = f"{n}  " if n <= 9 else "   "  # 1-9 pick; the rest are chosen by moving
            assert line.startswith(f"{number}{label[:39]}")
            if url is not None:  # drawn without its https://
                assert url.removeprefix("https://")[:30] in line
        assert "enter or 1-9 opens in the browser · y copies · esc closes" in screen_text(app)

        await press(app, pilot, "enter")  # the highlighted (first) one
        assert not in_menu(app)
        assert opener.urls == [f"https://huggingface.co/papers/{SHOWCASE_ID}"]

        await open_menu()
        await press(app, pilot, "j", "j", "y")  # y copies instead of opening
        assert not in_menu(app)
        assert clipboard.texts == [f"https://arxiv.org/pdf/{SHOWCASE_ID}"]
        assert app.clipboard == f"https://arxiv.org/pdf/{SHOWCASE_ID}"
        assert f"Copied PDF link: https://arxiv.org/pdf/{SHOWCASE_ID}" in notes(app)
        assert len(opener.urls) == 1

        await open_menu()
        await press(app, pilot, "8")  # a digit picks by number
        assert not in_menu(app)
        assert opener.urls[-1] == "https://huggingface.co/datasets/tidepool-collective/lumen-2-eval"
        await open_menu()
        await press(app, pilot, "4")
        assert opener.urls[-1] == paper.github_repo

        await open_menu()
        await press(app, pilot, "escape")
        assert not in_menu(app)
        assert len(opener.urls) == 3
        assert len(clipboard.texts) == 1
        assert not notes_of(app, "warning")


async def test_L_still_opens_with_the_papers_own_links_when_repos_fail_to_load(monkeypatch):
    source = PaperSource(
        latest_daily_items(), paper_error=BadResponseError("Hugging Face sent nonsense.")
    )
    app = PaperReaderApp(fake_service(source, None))
    opener = RecordingOpener()
    monkeypatch.setattr(app.session.desktop, "open_url", opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        # The background fill-in failed quietly.
        assert "On Hugging Face" not in app.main_screen.detail.text
        assert not notes(app)
        await open_modal(app, pilot, "L")
        await settle(app, pilot)
        assert in_menu(app)
        assert notes_of(app, "warning") == ["Linked repos unavailable: Hugging Face sent nonsense."]
        labels = [line.split("  ")[1] for line in menu_lines(app)]
        assert labels == ["Hugging Face", "arXiv", "PDF", "GitHub", "Project page"]
        await press(app, pilot, "5")
        assert opener.urls == [paper.project_page]
        assert app.is_running
