"""The reader's table of contents: `t` goes into it, choosing a heading goes there and back
to the text, `t` again hides it."""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import SIZE, open_reader, press, settle
from textual.widgets import Tree

from paperreader.ui.screens.reader import ReaderScreen


async def test_t_focuses_the_contents_and_choosing_a_heading_returns_to_the_text():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = await open_reader(app, pilot)
        tree = screen.contents.query_one(Tree)
        await press(app, pilot, "t")
        assert screen.contents.display and app.focused is tree
        labels = [str(tree.get_node_at_line(n).label) for n in range(tree.last_line + 1)]
        method = next(n for n, label in enumerate(labels) if label.endswith("2 Method"))
        await press(app, pilot, *["down"] * (method - tree.cursor_line), "enter")
        assert app.focused is screen.scroll
        assert screen.contents.display  # still there to choose again
        heading = screen.query_one(f"#{tree.get_node_at_line(method).data['block_id']}")
        assert screen.scroll.scroll_y > 0
        assert 0 <= heading.region.y - screen.scroll.region.y <= 2  # at the top of the text

        await press(app, pilot, "t")  # hidden, and the text keeps the keys
        assert not screen.contents.display and app.focused is screen.scroll
        await press(app, pilot, "t")
        assert app.focused is tree
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, ReaderScreen)
