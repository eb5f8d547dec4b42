"""The line views' scrollbar draws exactly what Textual's own would, only faster."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Offset, Region, Size
from textual.strip import Strip
from textual.widget import Widget

from paperreader.ui.widgets.line_scrollbar import LineScrollBar
from paperreader.ui.widgets.scrolling import LineScrollView


class Lines(LineScrollView):
    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


class OneView(App[None]):
    def compose(self) -> ComposeResult:
        yield Lines()


def cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


async def test_the_bar_matches_textuals_at_every_position_and_state():
    app = OneView()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(Lines)
        view.set_virtual_size(Size(40, 500))
        await pilot.pause()
        bar = view.vertical_scrollbar
        assert isinstance(bar, LineScrollBar)
        whole = Region(0, 0, *bar.size)
        compared = 0
        for state in ("plain", "hover", "grabbed"):
            bar.mouse_over = state == "hover"
            bar.grabbed = Offset(0, 0) if state == "grabbed" else None
            for y in (0, 1, 123, 250, 481, 500):
                view.scroll_to(y=y, animate=False, immediate=True)
                await pilot.pause()
                assert cells(bar.render_lines(whole)) == cells(Widget.render_lines(bar, whole))
                compared += 1
        part = Region(0, 3, 1, 5)
        assert cells(bar.render_lines(part)) == cells(Widget.render_lines(bar, part))
        app.theme = "textual-light"
        await pilot.pause()
        assert cells(bar.render_lines(whole)) == cells(Widget.render_lines(bar, whole))
        assert compared == 18
