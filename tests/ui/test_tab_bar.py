"""The tab bar drawn by one widget: where each tab is, what a click activates, the active
tab's underline, hovering, and scrolling the active tab into a terminal too narrow for all."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from paperreader.ui.widgets.tab_bar import TabBar, TabSpan

TABS = [("daily", "1 Daily"), ("weekly", "2 Weekly"), ("monthly", "3 Monthly")]


class TabsApp(App[None]):
    def __init__(self, active: str = "daily") -> None:
        super().__init__()
        self.bar = TabBar(TABS, active=active)
        self.activated: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.bar

    def on_tab_bar_activated(self, message: TabBar.Activated) -> None:
        self.activated.append(message.tab_id)


def row(app: TabsApp, y: int) -> str:
    return app.bar.render_line(y).text


async def test_each_name_is_padded_a_cell_either_side_or_only_before_when_tight():
    app = TabsApp()
    async with app.run_test(size=(60, 5)):
        assert app.bar.spans() == [
            TabSpan("daily", 0, 9, 1, 8),
            TabSpan("weekly", 9, 19, 10, 18),
            TabSpan("monthly", 19, 30, 20, 29),
        ]
        assert row(app, 0).rstrip() == " 1 Daily  2 Weekly  3 Monthly"
        app.bar.set_labels(["1 Day", "2 Week", "3 Month"], tight=True)
        assert app.bar.labels == ("1 Day", "2 Week", "3 Month")
        assert row(app, 0).rstrip() == " 1 Day 2 Week 3 Month"
        assert [span.end for span in app.bar.spans()] == [6, 13, 21]


async def test_the_bar_lights_the_active_name_and_nothing_else():
    app = TabsApp(active="weekly")
    async with app.run_test(size=(40, 5)):
        bar = app.bar.render_line(1)
        assert bar.text == "━" * 9 + "╸" + "━" * 8 + "╺" + "━" * 21
        lit = {segment.style for segment in bar if segment.text == "━" * 8}
        dull = {segment.style for segment in bar if segment.text.startswith("╺")}
        assert lit and dull and lit.isdisjoint(dull)
        assert [segment.cell_length for segment in bar if segment.style in lit] == [8]


async def test_a_click_on_a_name_or_under_it_activates_that_tab_once():
    app = TabsApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.click(TabBar, offset=(12, 0))
        await pilot.pause()
        assert app.bar.active == "weekly"
        await pilot.click(TabBar, offset=(25, 1))  # the bar under "3 Monthly"
        await pilot.click(TabBar, offset=(25, 0))  # already active: no second message
        await pilot.click(TabBar, offset=(50, 0))  # past the last tab
        await pilot.pause()
        assert app.bar.active == "monthly"
        assert app.activated == ["weekly", "monthly"]


async def test_hovering_brightens_a_name_as_the_active_one_is():
    app = TabsApp()
    async with app.run_test(size=(60, 5)) as pilot:

        def colour(x: int):
            return next(iter(app.bar.render_line(0).crop(x, x + 1))).style.color

        dim = colour(12)
        await pilot.hover(TabBar, offset=(12, 0))
        await pilot.pause()
        assert colour(12) != dim
        assert colour(12) == colour(2)  # the active tab's colour
        assert colour(22) == dim


async def test_tabs_wider_than_the_terminal_scroll_the_active_one_into_view():
    app = TabsApp(active="monthly")
    async with app.run_test(size=(20, 5)):
        monthly = next(span for span in app.bar.spans() if span.tab_id == "monthly")
        assert monthly.start >= 0 and monthly.end <= 20
        assert "3 Monthly" in row(app, 0)
        assert app.bar.tab_at(monthly.label_start) == "monthly"


async def test_an_unknown_tab_cannot_be_activated():
    app = TabsApp()
    async with app.run_test(size=(60, 5)):
        with pytest.raises(ValueError, match="nowhere"):
            app.bar.active = "nowhere"
        assert app.bar.active == "daily"
