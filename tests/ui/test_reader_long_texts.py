"""Long full texts in the reader: a few dozen Markdown blocks at a time, and a text too long
for Markdown shown as plain lines, with a table of contents that lists the first headings
and counts the rest."""

from __future__ import annotations

from support.gated import GatedSource, gated_session
from support.pilot import SIZE, line_of, press, settle, type_text, wait_until
from textual.widgets import Markdown, Tree
from textual.widgets.markdown import MarkdownBlock

from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.reader import CHUNK_BLOCKS, MAX_CONTENTS, ReaderScreen

MANY_HEADINGS = "\n\n".join(f"## H{n:05d} w\n\nx" for n in range(3_000))
"""6,000 blocks: too many to mount as widgets."""
LONG_PAPER = "\n\n".join(
    f"## {n} Part\n\n" + "\n\n".join([f"Paragraph of part {n}, words words words."] * 3)
    for n in range(100)
)
"""400 blocks: shown as Markdown, in pieces."""


async def open_reader(app: PaperReaderApp, pilot, source: GatedSource) -> ReaderScreen:
    await wait_until(pilot, lambda: app.main_screen.paper_list.current is not None)
    source.gate.set()
    await settle(app, pilot)
    await pilot.press("v")
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.has_text)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def test_a_text_of_thousands_of_headings_is_shown_as_plain_lines():
    source = GatedSource(full_text=MANY_HEADINGS)
    app = PaperReaderApp(gated_session(source))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(app, pilot, source)
        await settle(app, pilot)
        assert screen.plain is not None and screen.complete
        assert line_of(app, "#reader-status").startswith("A long text, shown as plain text")
        assert not screen.query(MarkdownBlock)
        assert len(screen.query("*")) < 100  # a bounded number of widgets, whatever the text
        assert screen.plain.lines[:3] == ["## H00000 w", "", "x"]

        # The contents list the first headings and count the rest on a last line.
        entries = screen.contents.table_of_contents
        assert len(entries) == MAX_CONTENTS + 1
        assert entries[1] == (2, "H00001 w", "line-4")
        assert entries[-1] == (1, f"… {3_000 - MAX_CONTENTS:,} more headings", "")

        # t goes into the contents; choosing a heading goes there and back to the text.
        await press(app, pilot, "t")
        tree = screen.contents.query_one(Tree)
        assert app.focused is tree
        await press(app, pilot, "down", "down", "enter")
        assert app.focused is screen.plain
        assert screen.plain.line_at(int(screen.plain.scroll_y)) == 4  # "## H00001 w"

        await press(app, pilot, "slash")
        await type_text(app, pilot, "h02999")
        await press(app, pilot, "enter")
        assert line_of(app, "#reader-status") == "Match 1 of 1"
        assert screen.plain.marked == 4 * 2_999
        assert screen.plain.scroll_y == screen.plain.max_scroll_y  # as near the top as can be
        await press(app, pilot, "g")
        assert screen.plain.scroll_y == 0
        await press(app, pilot, "G")
        assert screen.plain.scroll_y == screen.plain.max_scroll_y > 0
        place = screen.plain.scroll_y
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, ReaderScreen)
        assert app.main_screen.paper_views.reading_positions == {
            app.main_screen.paper_list.current.id: place
        }


async def test_a_long_paper_comes_in_pieces_and_a_find_meanwhile_waits_for_the_end(monkeypatch):
    pieces: list[str] = []
    finds: list[tuple[bool, str]] = []
    for name in ("update", "append"):
        original = getattr(Markdown, name)

        def spy(self, markdown: str, original=original):
            pieces.append(markdown)
            return original(self, markdown)

        monkeypatch.setattr(Markdown, name, spy)
    source = GatedSource(full_text=LONG_PAPER)
    app = PaperReaderApp(gated_session(source))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.main_screen.paper_list.current is not None)
        source.gate.set()
        await settle(app, pilot)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        screen = app.screen
        # Asked before the end is in, the find is made once it is.
        await wait_until(pilot, lambda: screen.has_text)
        finds.append((screen.complete, line_of(app, "#reader-status")))
        screen.find("part 99,")
        await wait_until(pilot, lambda: screen.complete)
        await settle(app, pilot)
        assert screen.plain is None
        assert pieces[0] == "" and "".join(pieces[1:]) == LONG_PAPER  # "" when mounted
        assert len(pieces) > 400 // CHUNK_BLOCKS
        assert all(piece.count("\n## ") <= CHUNK_BLOCKS for piece in pieces)
        assert len(screen.query(MarkdownBlock)) == 400
        assert line_of(app, "#reader-status") == "Match 1 of 3"
        headings = [label for _level, label, _id in screen.contents.table_of_contents]
        assert len(headings) == 100 and headings[-1] == "99 Part"
