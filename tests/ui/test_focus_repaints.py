"""A change of focus repaints what it changes: the list's cursor row, the detail, the keys.

Not the whole screen (Textual's `Screen.focused` repaints it), not every row of the list
(Textual's focus handlers repaint the widget), and the detail takes its focused background
without wrapping its text again.
"""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import press, settle
from textual.widget import Widget

from paperreader.ui.widgets import rich_pane
from paperreader.ui.widgets.paper_list import PaperList


async def test_tab_repaints_the_cursor_row_and_the_detail_not_the_screen(monkeypatch):
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        detail = screen.detail
        before = detail.render_line(0)
        refreshed: list[tuple[str, tuple]] = []
        wrapped: list[int] = []
        original_refresh = Widget.refresh
        original_lines = rich_pane.content_lines

        def refresh(self, *regions, **options):
            refreshed.append((type(self).__name__, regions))
            return original_refresh(self, *regions, **options)

        def content_lines(*args):
            wrapped.append(1)
            return original_lines(*args)

        monkeypatch.setattr(Widget, "refresh", refresh)
        monkeypatch.setattr(rich_pane, "content_lines", content_lines)
        await press(app, pilot, "tab")
        await settle(app, pilot)

        assert app.focused is detail
        assert not [regions for name, regions in refreshed if name == "MainScreen" and not regions]
        rows = [regions for name, regions in refreshed if name == PaperList.__name__]
        assert rows and all(regions for regions in rows)  # never the whole list
        cursor_top = screen.paper_list.cursor * screen.paper_list.row_height
        assert {region.y for regions in rows for region in regions} == {cursor_top}
        assert not wrapped  # the detail's lines made again on the new background only
        after = detail.render_line(0)
        assert after.text == before.text
        assert after != before  # the focused background
