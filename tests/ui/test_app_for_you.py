"""Pilot tests of the For-you tab (8), `w` to watch and `m` for papers like this one, on the
demo's throwaway library and watch list."""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import SIZE, list_lines, notes, open_modal, press, settle, status, type_text

from paperreader.domain.models import ListingKind
from paperreader.domain.watches import offered_watches
from paperreader.ui.screens.menu import MenuScreen
from paperreader.ui.screens.prompt import PromptScreen


def tab_label(app) -> str:
    return app.main_screen.tabs.label("for_you")


async def test_watching_a_papers_organisation_fills_the_for_you_tab():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert tab_label(app) == "8 For you"  # nothing watched: nothing new
        paper = app.main_screen.paper_list.current
        offered = offered_watches(paper)
        org = next(w for w in offered if w.kind.value == "org")
        await open_modal(app, pilot, "w")
        assert isinstance(app.screen, MenuScreen)
        await press(app, pilot, str(offered.index(org) + 1))
        assert f"Watching {org.label}" in notes(app)
        assert tab_label(app).startswith("8 For you (")

        await press(app, pilot, "8")
        assert app.main_screen.navigation.kind is ListingKind.FOR_YOU
        assert status(app).startswith("For you · ")
        shown = app.main_screen.paper_list.papers
        assert shown and all(p.organization == paper.organization for p in shown)
        assert f"new · watch {org.label}" in list_lines(app)[1]
        assert tab_label(app) == "8 For you"  # what it showed is no longer new


async def test_a_typed_query_can_be_watched():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        offered = offered_watches(app.main_screen.paper_list.current)
        await open_modal(app, pilot, "w")
        for _ in offered:  # the last choice: a query
            await press(app, pilot, "j")
        await open_modal(app, pilot, "enter")
        assert isinstance(app.screen, PromptScreen)
        await type_text(app, pilot, "attention has:code")
        await press(app, pilot, "enter")
        assert "Watching query: attention has:code" in notes(app)
        assert [w.label for w in await app.session.watches.watches()] == [
            "query: attention has:code"
        ]


async def test_m_shows_papers_like_this_one_and_esc_goes_back():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        await press(app, pilot, "m")
        assert app.main_screen.navigation.kind is ListingKind.FOR_YOU
        assert status(app).startswith(f"Papers like {paper.id} · ")
        alike = app.main_screen.paper_list.papers
        assert alike and paper.id not in {p.id for p in alike}
        reason = list_lines(app)[1].lstrip("▌ ").split()[0]
        words = f"{alike[0].title} {alike[0].summary} {' '.join(alike[0].ai_keywords)}"
        assert reason in words.lower()
        await press(app, pilot, "escape")
        assert status(app).startswith("For you · ")
