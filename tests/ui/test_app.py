"""Pilot tests of the app: press the keys a user presses, check what the app shows.

Most tests run on the bundled demo data (a fixed clock, no network); failure and offline
cases use a tiny in-test source and a real on-disk cache in tmp_path.
"""

from __future__ import annotations

import re
import time
from typing import Any

from support.apps import demo_app
from support.demo_data import FIRST_TITLE, latest_daily_items
from support.fakes import FakeSource, RecordingOpener
from support.pilot import (
    NARROW,
    SIZE,
    filter_box_shown,
    list_lines,
    list_words,
    notes,
    notes_of,
    open_modal,
    open_prompt,
    press,
    resize,
    screen_text,
    settle,
    shown_papers,
    status,
    type_text,
)
from support.sessions import fake_service
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from paperreader.domain.errors import OfflineError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.platform.opener import NoBrowserError
from paperreader.storage.cache import ListingCache
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.prompt import PromptScreen

EVIL_TITLE = "[bold]x[/bold] [@click=app.quit]q[/]"


# ---------------------------------------------------------------------- helpers


def assert_detail_follows(app: PaperReaderApp) -> None:
    assert app.main_screen.detail.paper is not None
    assert app.main_screen.detail.paper == app.main_screen.paper_list.current


def cache_with(tmp_path, items: list[Any], age: float = 0.0) -> ListingCache:
    """An on-disk cache holding `items` as the latest daily listing, fetched `age` s ago."""
    cache = ListingCache(tmp_path / "fake-cache", "http://fake")
    cache.put_listing(ListingQuery(ListingKind.DAILY), items, time.time() - age)
    return cache


# ---------------------------------------------------------------------- start-up


async def test_startup_on_a_search_from_the_command_line():
    app = demo_app(ListingQuery(ListingKind.SEARCH, text="attention"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.navigation.kind is ListingKind.SEARCH
        assert app.query_one("#tabs").active == "search"
        assert status(app).startswith('Search "attention"')
        assert app.main_screen.paper_list.visible_count > 0


# ---------------------------------------------------------------------- moving


async def test_startup_shows_the_latest_day_and_j_k_g_G_move_the_cursor():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert status(app).startswith("Daily (latest) · 2026-03-13 · 14 papers · by upvotes")
        assert status(app).endswith("demo data")  # no wall-clock age in demo mode
        plist = app.main_screen.paper_list
        assert plist.visible_count == 14
        assert len(shown_papers(app)) == 14
        assert plist.cursor == 0
        assert app.main_screen.detail.paper is not None
        assert app.main_screen.detail.paper.title == FIRST_TITLE
        assert shown_papers(app)[0] == app.main_screen.detail.paper
        assert app.focused is plist
        text = screen_text(app)
        assert "1 Daily" in text and "5 Search" in text
        assert "Lumen-2 Technical Report: Open" in text  # the detail pane's heading

        first = plist.current
        for keys, row in [
            (("j",), 1),
            (("down", "down"), 3),
            (("k",), 2),
            (("up",), 1),
            (("G",), 13),
            (("j",), 13),  # stays on the last row
            (("g",), 0),
            (("k",), 0),  # stays on the first row
            (("end",), 13),
            (("home",), 0),
        ]:
            await press(app, pilot, *keys)
            assert plist.cursor == row, keys
            assert_detail_follows(app)
        assert app.main_screen.detail.paper == first


async def test_paging_moves_a_screenful_and_scrolls_the_list():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3")  # Monthly 2026-03: more papers than fit
        plist = app.main_screen.paper_list
        total = plist.visible_count
        assert total == 52
        rows_on_screen = plist.scrollable_content_region.height // 2
        await press(app, pilot, "ctrl+d")
        page = plist.cursor
        assert 1 < page < rows_on_screen  # a screenful, keeping one row of context
        assert_detail_follows(app)
        await press(app, pilot, "pagedown")
        assert plist.cursor == 2 * page
        assert plist.scroll_offset.y > 0  # the cursor row was scrolled into view
        assert plist.current in shown_papers(app)
        assert_detail_follows(app)
        await press(app, pilot, "ctrl+u")
        assert plist.cursor == page
        await press(app, pilot, "pageup")
        assert plist.cursor == 0
        assert plist.scroll_offset.y == 0
        await press(app, pilot, "G")
        assert plist.cursor == total - 1
        assert shown_papers(app)[-1] == plist.current  # scrolled to the bottom
        await press(app, pilot, "pagedown")
        assert plist.cursor == total - 1


async def test_mouse_and_tab_move_between_rows_and_panes():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # Rows are two lines high: line 4 of the list is the first line of the third paper.
        await pilot.click("#papers", offset=(20, 4))
        await settle(app, pilot)
        assert app.main_screen.paper_list.cursor == 2
        assert_detail_follows(app)
        await pilot.click("#papers", offset=(20, 7))  # the second line of the fourth paper
        await settle(app, pilot)
        assert app.main_screen.paper_list.cursor == 3
        assert_detail_follows(app)

        await press(app, pilot, "tab")
        assert app.focused is app.main_screen.detail
        await press(app, pilot, "j", "j")
        await pilot.wait_for_scheduled_animations()
        assert app.main_screen.paper_list.cursor == 3  # j scrolled the detail, not the list
        assert app.main_screen.detail.scroll_y > 0
        await press(app, pilot, "shift+tab")
        assert app.focused is app.main_screen.paper_list
        await press(app, pilot, "j")
        assert app.main_screen.paper_list.cursor == 4
        assert app.main_screen.detail.scroll_y == 0  # a new paper starts at its top


# ---------------------------------------------------------------------- tabs and periods


async def test_number_keys_and_clicks_switch_listings():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key, tab, expected in [
            ("2", "weekly", "Weekly 2026-W11 · 44 papers · by upvotes"),
            ("3", "monthly", "Monthly 2026-03 · 52 papers · by upvotes"),
            ("4", "trending", "Trending · 60 papers · by trending rank"),
            ("1", "daily", "Daily (latest) · 2026-03-13 · 14 papers · by upvotes"),
        ]:
            await press(app, pilot, key)
            assert app.query_one("#tabs").active == tab
            assert app.main_screen.navigation.kind is ListingKind(tab)
            assert status(app).startswith(expected)
            assert app.main_screen.paper_list.cursor == 0
            assert_detail_follows(app)
            assert shown_papers(app)[0] == app.main_screen.detail.paper
        assert app.main_screen.detail.paper.title == FIRST_TITLE

        weekly = next(span for span in app.main_screen.tabs.spans() if span.tab_id == "weekly")
        await pilot.click("#tabs", offset=(weekly.label_start, 0))
        await settle(app, pilot)
        assert app.main_screen.navigation.kind is ListingKind.WEEKLY
        assert status(app).startswith("Weekly 2026-W11 · 44 papers")
        assert_detail_follows(app)

        # The search tab has nothing to show until asked, and asks only when f is pressed:
        # a prompt of its own would take the next key (f, a tab's number) as the query.
        await press(app, pilot, "5")
        assert app.screen is app.main_screen
        assert app.main_screen.navigation.kind is ListingKind.SEARCH
        assert app.main_screen.paper_list.visible_count == 0
        assert app.main_screen.detail.paper is None
        assert status(app) == "Search: press f and type what to look for."
        assert "Press f to search Hugging Face Papers." in list_words(app)
        await press(app, pilot, "j", "o", "r")  # nothing to act on: no crash
        assert app.is_running
        assert "Nothing to refresh: press f to search." in notes(app)
        await open_modal(app, pilot, "f")
        box = app.screen.query_one("#prompt-input", Input)
        assert box.value == ""  # the key that opened it is not typed into it
        await type_text(app, pilot, "1")  # a tab's number is text here
        assert box.value == "1"


async def test_brackets_and_full_stop_step_through_days():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "]")
        assert "Already at the latest." in notes(app)
        assert status(app).startswith("Daily (latest) · 2026-03-13 · 14 papers")
        for key, expected in [
            ("[", "Daily 2026-03-12 · 12 papers"),
            ("[", "Daily 2026-03-11 · 10 papers"),
            ("]", "Daily 2026-03-12 · 12 papers"),
            ("]", "Daily 2026-03-13 · 14 papers"),
            (".", "Daily (latest) · 2026-03-13 · 14 papers"),
        ]:
            await press(app, pilot, key)
            assert status(app).startswith(expected)
            assert_detail_follows(app)
            day = expected.split()[1] if "latest" not in expected else "2026-03-13"
            assert app.main_screen.detail.paper.daily_date.isoformat() == day

        await press(app, pilot, "[", "[", "[", "[")  # 2026-03-09 has no papers
        assert status(app).startswith("Daily 2026-03-09 · 0 papers")
        assert app.main_screen.paper_list.visible_count == 0
        assert app.main_screen.detail.paper is None
        assert "No papers for 2026-03-09. Press [ for the one before." in list_words(app)


async def test_weeks_and_months_step_too_but_trending_does_not():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "2", "]")
        assert "Already at the latest." in notes(app)
        assert status(app).startswith("Weekly 2026-W11 · 44 papers")
        await press(app, pilot, "[")
        assert status(app).startswith("Weekly 2026-W10 · 8 papers")
        await press(app, pilot, "3", "[")
        assert status(app).startswith("Monthly 2026-02 · 8 papers")
        await press(app, pilot, "2")  # the weekly tab remembered its period
        assert status(app).startswith("Weekly 2026-W10 · 8 papers")
        await press(app, pilot, "4", "[")
        assert "Trending has no days to step through." in notes_of(app, "warning")
        assert status(app).startswith("Trending · 60 papers")


async def test_d_goes_to_a_typed_week_and_rejects_bad_periods():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "[")  # Daily 2026-03-12: the prompt suggests that date
        await open_modal(app, pilot, "d")
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one("#prompt-input", Input).value == "2026-03-12"
        await type_text(app, pilot, "2026-W10")  # typing replaces the suggestion
        await press(app, pilot, "enter")
        assert not isinstance(app.screen, PromptScreen)
        assert app.main_screen.navigation.kind is ListingKind.WEEKLY
        assert app.query_one("#tabs").active == "weekly"
        assert status(app).startswith("Weekly 2026-W10 · 8 papers")
        assert_detail_follows(app)

        # A mistake keeps the prompt open, saying why under what was typed.
        box = await open_prompt(app, pilot, "d")
        prompt = app.screen
        await type_text(app, pilot, "x")
        await press(app, pilot, "enter")
        assert app.screen is prompt
        assert prompt.problem.startswith("'x' is not a date")
        assert status(app).startswith("Weekly 2026-W10 · 8 papers")
        await press(app, pilot, "backspace", *"2026-04", "enter")
        assert app.screen is prompt
        assert prompt.problem == "2026-04 is in the future: nothing has been published yet."
        assert box.value == "2026-04"
        await press(app, pilot, "backspace", "3", "enter")
        assert app.screen is app.main_screen
        assert status(app).startswith("Monthly 2026-03 · 52 papers")
        assert notes_of(app, "error") == notes_of(app, "warning") == []


# ---------------------------------------------------------------------- search, filter, sort


async def test_f_searches_and_shows_highlighted_titles():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "f")
        assert isinstance(app.screen, PromptScreen)
        await type_text(app, pilot, "attention")
        await press(app, pilot, "enter")
        assert app.main_screen.navigation.kind is ListingKind.SEARCH
        assert app.query_one("#tabs").active == "search"
        assert status(app).startswith('Search "attention" · ')
        assert "by relevance" in status(app)
        plist = app.main_screen.paper_list
        assert plist.visible_count > 5
        assert all(p.highlighted_title for p in plist.papers)
        marked = [span.text for p in plist.papers for span in p.highlighted_title if span.highlight]
        assert marked and all(text.lower() == "attention" for text in marked)
        assert shown_papers(app)[0] == app.main_screen.detail.paper

        # f again suggests the last search; what is typed replaces it.
        await open_modal(app, pilot, "f")
        assert app.screen.query_one("#prompt-input", Input).value == "attention"
        await type_text(app, pilot, "zzq")
        await press(app, pilot, "enter")
        assert status(app).startswith('Search "zzq" · 0 papers')
        assert "No papers match “zzq”." in list_words(app)
        assert app.main_screen.detail.paper is None

        await open_modal(app, pilot, "f")
        await press(app, pilot, "escape")  # cancelled: the results stay
        assert status(app).startswith('Search "zzq"')


async def test_keys_arriving_together_edit_the_filter_in_the_order_typed():
    """Fast typing over SSH arrives as one burst: a backspace or an arrow among the
    letters must act where it was typed, not after the letters that followed it."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        burst = ["m", "o", "backspace", "a", "b", "left", "left", "x", "end", "c"]
        for key in burst:  # posted at once, none waiting for the one before
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot)
        assert app.main_screen.filter_input.value == "mxabc"
        assert app.main_screen.paper_list.filter_text == "mxabc"


async def test_keys_typed_with_the_slash_go_to_the_filter():
    """`/vis` typed in one burst filters by "vis": the box takes the keys that follow the
    slash at once (they used to reach the list, where `v` opened the reader)."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key in ["slash", "v", "i", "s"]:  # posted at once, none waiting for the one before
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(app, pilot)
        assert app.screen is app.main_screen
        assert app.focused is app.main_screen.filter_input
        assert app.main_screen.filter_input.value == "vis"
        assert app.main_screen.paper_list.filter_text == "vis"
        # The same from the detail pane, the focus moved there first.
        await press(app, pilot, "escape")
        app.main_screen.detail.focus()
        await settle(app, pilot)
        for key in ["slash", "a", "t", "t"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(app, pilot)
        assert app.focused is app.main_screen.filter_input
        assert app.main_screen.paper_list.filter_text == "att"


async def test_slash_filters_as_you_type_and_esc_clears():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        plist = app.main_screen.paper_list
        await press(app, pilot, "slash")
        assert app.focused is app.main_screen.filter_input
        assert filter_box_shown(app)
        await type_text(app, pilot, "att")
        wider = plist.visible_count
        await type_text(app, pilot, "ention")
        shown = plist.visible_count
        assert 0 < shown <= wider < 14
        assert f"{shown} of 14 match “attention”" in status(app)
        # Typed letters never fired bindings.
        assert app.main_screen.filter_input.value == "attention"
        assert notes(app) == []
        papers = shown_papers(app)
        assert len(papers) == shown
        for paper in papers:
            assert "attention" in (paper.title + " ".join(paper.ai_keywords)).lower()
        await press(app, pilot, "enter")  # back to the list, the filter stays
        assert app.focused is plist
        await press(app, pilot, "j")
        assert app.main_screen.detail.paper == papers[1]

        await press(app, pilot, "escape")
        assert plist.visible_count == 14
        assert plist.filter_text == ""
        assert app.main_screen.filter_input.value == ""
        assert not filter_box_shown(app)
        assert len(shown_papers(app)) == 14
        assert status(app).startswith("Daily (latest) · 2026-03-13 · 14 papers · by upvotes")
        assert app.focused is plist
        assert app.main_screen.detail.paper == papers[1]  # the cursor stayed on the same paper

        # esc inside the box clears it too; q typed there is a letter, not quit.
        await press(app, pilot, "slash")
        await type_text(app, pilot, "q")
        assert app.is_running
        assert app.main_screen.filter_input.value == "q"
        assert plist.filter_text == "q"
        await press(app, pilot, "escape")
        assert plist.visible_count == 14
        assert not filter_box_shown(app)
        assert app.focused is plist


async def test_s_cycles_the_sort_order():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        by_upvotes = shown_papers(app)
        assert len(by_upvotes) == 14
        votes = [p.upvotes for p in by_upvotes]
        assert votes == sorted(votes, reverse=True)

        await press(app, pilot, "s")
        assert "· by newest ·" in status(app)
        assert "Sorted by newest" in notes(app)
        by_newest = shown_papers(app)
        assert by_newest != by_upvotes
        dates = [p.published_at for p in by_newest]
        assert dates == sorted(dates, reverse=True)

        await press(app, pilot, "s")
        assert "· by title ·" in status(app)
        titles = [p.title for p in shown_papers(app)]
        assert titles == sorted(titles, key=str.casefold)

        await press(app, pilot, "s")
        assert "· by comments ·" in status(app)
        comments = [p.num_comments or 0 for p in shown_papers(app)]
        assert comments == sorted(comments, reverse=True)

        await press(app, pilot, "s")
        assert "· by upvotes ·" in status(app)
        assert shown_papers(app) == by_upvotes

        await press(app, pilot, "j", "j", "j")  # the cursor stays on its paper
        chosen = app.main_screen.paper_list.current
        await press(app, pilot, "s")
        assert app.main_screen.paper_list.current == chosen
        assert app.main_screen.detail.paper == chosen


# ---------------------------------------------------------------------- refresh


async def test_r_refreshes_bypassing_a_fresh_cache_and_keeps_the_cursor(tmp_path):
    source = FakeSource(latest_daily_items())
    app = PaperReaderApp(fake_service(source, cache_with(tmp_path, latest_daily_items()[:5])))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert source.listing_calls == []  # the cached copy is fresh: no request
        assert app.main_screen.paper_list.visible_count == 5
        assert "cached just now" in status(app)
        await press(app, pilot, "j", "j")
        chosen = app.main_screen.paper_list.current
        await press(app, pilot, "r")
        assert source.listing_calls == [ListingQuery(ListingKind.DAILY)]
        assert app.main_screen.paper_list.visible_count == 14
        assert "updated just now" in status(app)
        assert app.main_screen.paper_list.current == chosen
        assert app.main_screen.detail.paper == chosen


# ---------------------------------------------------------------------- opening links


async def test_o_and_p_open_the_page_and_the_pdf(monkeypatch):
    app = demo_app()
    opener = RecordingOpener()
    monkeypatch.setattr(app.session.desktop, "open_url", opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper_id = app.main_screen.paper_list.current.id
        await press(app, pilot, "o")
        assert opener.urls == [f"https://huggingface.co/papers/{paper_id}"]
        assert f"Opened https://huggingface.co/papers/{paper_id}" in notes(app)
        await press(app, pilot, "j", "p")
        second = app.main_screen.paper_list.current.id
        assert second != paper_id
        assert opener.urls[-1] == f"https://arxiv.org/pdf/{second}"

        opener.error = NoBrowserError("No browser available here.")
        await press(app, pilot, "o")
        assert "No browser available here." in notes_of(app, "warning")
        opener.error = RuntimeError("boom")  # a bug in the opener: reported, not fatal
        await press(app, pilot, "p")
        assert any("Something went wrong" in m for m in notes_of(app, "error"))
        assert app.is_running
        await press(app, pilot, "j")
        assert app.main_screen.paper_list.cursor == 2
        assert_detail_follows(app)


# ---------------------------------------------------------------------- help and palette


async def test_help_lists_the_live_keys_and_closes():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"│ / +Filter this list as you type", text)
        assert re.search(r"│ \[ +Previous day, week or month", text)
        # Rows further down are scrolled out of sight; the table itself lists them.
        assert ("General", "?", "Help: every key that works now") in app.screen._rows
        assert ("General", "b", "Bookmark on / off") in app.screen._rows
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.focused is app.main_screen.paper_list

        # A remapped key is listed as it now works; q closes the dialog, not the app.
        app.set_keymap({"filter": "ctrl+f"})
        await open_modal(app, pilot, "question_mark")
        assert ("General", "^f", "Filter this list as you type") in app.screen._rows
        await press(app, pilot, "q")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running
        await press(app, pilot, "ctrl+f")
        assert app.focused is app.main_screen.filter_input


async def test_palette_finds_and_runs_our_commands(tmp_path):
    source = FakeSource(latest_daily_items())
    app = PaperReaderApp(fake_service(source, cache_with(tmp_path, latest_daily_items())))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Filter", "Search", "Sort", "Prev", "Next", "Refresh", "Open"):
            assert title in titles
        for kind in ListingKind:
            assert f"Show {kind.title}" in titles

        await open_modal(app, pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(app, pilot, "Refresh")
        await settle(app, pilot)
        hits = app.screen.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any(p.startswith("Refresh") and "(key: r)" in p for p in prompts)
        assert source.listing_calls == []
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommandPalette)
        assert source.listing_calls == [ListingQuery(ListingKind.DAILY)]  # it refreshed
        assert "updated just now" in status(app)


# ---------------------------------------------------------------------- narrow terminals


async def test_narrow_terminal_shows_the_detail_on_enter_and_esc_returns():
    app = demo_app()
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        papers = app.main_screen.paper_list
        assert app.screen.has_class("-narrow")
        assert not app.main_screen.detail.display
        assert papers.display
        await press(app, pilot, "j", "enter")
        assert app.main_screen.detail.display
        assert not papers.display
        assert app.focused is app.main_screen.detail
        assert app.main_screen.detail.paper == app.main_screen.paper_list.current
        assert "Video World Models Still Fail at Object Permanence" in screen_text(app)
        await press(app, pilot, "escape")
        assert not app.main_screen.detail.display
        assert papers.display
        assert app.focused is app.main_screen.paper_list
        assert app.main_screen.paper_list.cursor == 1

        await resize(app, pilot, *SIZE)  # wide again: the detail is back beside the list
        await settle(app, pilot)
        assert not app.screen.has_class("-narrow")
        assert app.main_screen.detail.display
        assert papers.display


async def test_narrow_terminal_filters_from_the_detail_with_the_list_and_box_in_view():
    app = demo_app()
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "enter")  # the detail in the list's place
        assert not app.main_screen.paper_list.display
        await press(app, pilot, "slash")
        await type_text(app, pilot, "vis")
        assert app.main_screen.paper_list.display  # what is typed, and what it finds
        assert filter_box_shown(app)
        assert app.focused is app.main_screen.filter_input
        assert app.main_screen.paper_list.visible_count == 6


# ---------------------------------------------------------------------- failures


async def test_offline_with_nothing_cached_explains_and_keeps_running(tmp_path):
    cache = ListingCache(tmp_path / "empty-cache", "http://fake")
    app = PaperReaderApp(fake_service(None, cache, offline=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.visible_count == 0
        assert app.main_screen.detail.paper is None
        assert "nothing is cached" in status(app)
        assert "Go online, or try paperreader --demo." in list_words(app)
        assert "Press r to try again" in list_words(app)
        await press(app, pilot, "j", "r", "s", "o", "2")
        assert app.is_running
        # Nothing is cached: r reads again what this machine has, and says no more.
        assert "Offline mode: nothing is fetched; reading what is on this machine again." in (
            notes_of(app, "warning")
        )
        assert app.main_screen.navigation.kind is ListingKind.WEEKLY
        assert "paperreader --demo" in list_words(app)


async def test_network_failure_with_nothing_cached_then_r_recovers():
    source = FakeSource(error=OfflineError("Could not reach http://fake."))
    app = PaperReaderApp(fake_service(source, None))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.visible_count == 0
        assert "Could not reach http://fake." in status(app)
        assert "Press r to try again. Or try paperreader --demo" in list_words(app)
        source.error = None
        source.items = latest_daily_items()
        await press(app, pilot, "r")  # back online
        assert app.main_screen.paper_list.visible_count == 14
        assert "Could not reach" not in status(app)
        assert_detail_follows(app)


async def test_network_failure_keeps_the_cached_papers_on_screen(tmp_path):
    source = FakeSource(error=OfflineError("Could not reach http://fake."))
    app = PaperReaderApp(fake_service(source, cache_with(tmp_path, latest_daily_items()[:4], 7200)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert source.listing_calls  # the stale copy was refreshed behind the screen
        assert app.main_screen.paper_list.visible_count == 4
        assert len(shown_papers(app)) == 4
        assert app.main_screen.detail.paper is not None
        assert app.main_screen.detail.paper.title == FIRST_TITLE
        assert "cached 2 h ago" in status(app)
        assert status(app).endswith("Could not reach http://fake.")
        assert "Could not reach http://fake." in notes_of(app, "warning")
        await press(app, pilot, "r")  # still failing: still the cached papers
        assert len(source.listing_calls) == 2
        assert app.main_screen.paper_list.visible_count == 4
        assert status(app).endswith("Could not reach http://fake.")


# ---------------------------------------------------------------------- untrusted text


def evil_items() -> list[dict[str, Any]]:
    item = dict(latest_daily_items()[0])
    paper = dict(item["paper"])
    paper["title"] = f"\x1b[31m{EVIL_TITLE}\x1b]0;pwned\x07\x1b[0m"
    paper["summary"] = "[link=https://evil.example]click[/link] \x1b[2J"
    item["paper"] = paper
    return [item, *latest_daily_items()[1:3]]


async def test_markup_and_escapes_in_titles_are_shown_literally():
    app = PaperReaderApp(fake_service(FakeSource(evil_items()), None))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paper = app.main_screen.paper_list.current
        assert paper is not None and paper.title == EVIL_TITLE
        assert any(EVIL_TITLE in line for line in list_lines(app))
        text = screen_text(app)
        assert text.count(EVIL_TITLE) == 2  # in the list and in the detail
        assert "[link=https://evil.example]click[/link]" in text
        assert "\x1b" not in text and "pwned" not in text
        svg = app.export_screenshot().replace("&#160;", " ")
        assert "[@click=app.quit]" in svg
        # Clicking the title in the list and in the detail, or opening it, quits nothing.
        await pilot.click("#papers", offset=(22, 0), times=2)
        await pilot.click("#detail", offset=(8, 0))
        await press(app, pilot, "escape", "enter", "escape")
        assert app.is_running
        assert app.return_code is None


async def test_q_quits_and_closes_the_service():
    source = FakeSource(latest_daily_items())
    app = PaperReaderApp(fake_service(source, None))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
        assert source.closed
    assert app.return_code == 0
