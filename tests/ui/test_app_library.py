"""Pilot tests of the Library tab (7): every paper ever listed, searched as you type.

The demo seeds its throwaway library with its 60 papers; the fake hub shows that what a
session fetches lands in the library and is found there later with no network.
"""

from __future__ import annotations

from support import fakehub
from support.apps import demo_app
from support.pilot import (
    SIZE,
    filter_box_shown,
    list_words,
    notes_of,
    press,
    settle,
    shown_papers,
    status,
    type_text,
)
from textual.pilot import Pilot

from paperreader.domain.models import ListingKind, Paper
from paperreader.platform import paths
from paperreader.sources.demo import SHOWCASE_ID
from paperreader.storage.library import FILE_NAME, Library
from paperreader.ui.app import PaperReaderApp

NEWEST = "Library · 60 papers · by relevance, then newest · saved on this machine"


async def search(app: PaperReaderApp, pilot: Pilot, text: str) -> list[Paper]:
    """Type `text` into the (emptied) search box, as a user would; the papers it finds."""
    if not app.main_screen.filter_input.has_class("-visible"):
        await press(app, pilot, "slash")
    assert app.focused is app.main_screen.filter_input
    await press(app, pilot, "ctrl+u")  # empty the box
    await type_text(app, pilot, text)
    await settle(app, pilot)
    assert app.main_screen.filter_input.value == text
    return list(app.main_screen.paper_list.papers)


async def test_the_library_tab_searches_everything_as_you_type():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "7")
        assert app.main_screen.navigation.kind is ListingKind.LIBRARY
        assert app.query_one("#tabs").active == "library"
        assert status(app) == NEWEST
        newest = shown_papers(app)
        dates = [p.daily_date for p in app.main_screen.paper_list.papers]
        assert dates == sorted(dates, reverse=True)
        assert len(app.main_screen.paper_list.papers) == 60

        await press(app, pilot, "slash")
        assert app.focused is app.main_screen.filter_input
        assert app.main_screen.filter_input.placeholder.startswith("search the library:")

        # Results follow the typing: the last word is a prefix until a space ends it.
        partial = await search(app, pilot, "atten")
        assert status(app).startswith(f'Library "atten" · {len(partial)} papers')
        hits = await search(app, pilot, "attention")
        assert status(app) == (
            f'Library "attention" · {len(hits)} papers · by relevance, then newest'
            " · saved on this machine"
        )
        assert 0 < len(hits) < 60 and len(hits) <= len(partial)
        assert (
            app.main_screen.detail.paper
            == app.main_screen.paper_list.current
            == shown_papers(app)[0]
        )
        for paper in hits:
            assert paper.highlighted_title  # every hit carries its highlighted title
            assert "".join(span.text for span in paper.highlighted_title) == paper.title
        marked = {s.text.lower() for p in hits for s in p.highlighted_title if s.highlight}
        assert marked == {"attention"}
        in_title = [p for p in hits if "attention" in p.title.lower()]
        assert hits[: len(in_title)] == in_title  # a title match ranks above the rest
        assert notes_of(app, "error") == []

        # Field filters narrow what the words find, or the whole library.
        by_author = await search(app, pilot, "author:lefevre")
        assert SHOWCASE_ID in [p.id for p in by_author]
        assert 0 < len(by_author) < 60
        assert all(any("Lefèvre" in a.name for a in p.authors) for p in by_author)
        assert await search(app, pilot, "attention year:2026") == hits  # every paper is 2026
        assert await search(app, pilot, "attention year:2025") == []
        with_code = await search(app, pilot, "has:code")
        assert 0 < len(with_code) < 60
        assert all(p.github_repo for p in with_code)
        popular = await search(app, pilot, "upvotes:>50")
        assert popular and all(p.upvotes > 50 for p in popular)
        assert len(popular) < len(with_code)
        assert status(app).startswith(f'Library "upvotes:>50" · {len(popular)} papers')
        narrow = await search(app, pilot, "attention has:code upvotes:>10")
        assert narrow and set(narrow) < set(hits)
        assert all(p.github_repo and p.upvotes > 10 for p in narrow)

        assert await search(app, pilot, "zzqx") == []
        assert status(app).startswith('Library "zzqx" · 0 papers')
        assert "Nothing in the library matches “zzqx”." in list_words(app)
        assert app.main_screen.detail.paper is None

        # Text that looks like markup is searched for, and shown, as the characters it is.
        assert await search(app, pilot, "[bold]") == []
        assert status(app).startswith('Library "[bold]" · 0 papers')
        assert "Nothing in the library matches “[bold]”." in list_words(app)
        assert app.is_running

        # esc empties the box and goes back to the newest papers.
        await press(app, pilot, "escape")
        assert status(app) == NEWEST
        assert not filter_box_shown(app)
        assert app.focused is app.main_screen.paper_list
        assert shown_papers(app) == newest


async def test_s_cycles_the_library_sort_and_search_results_keep_it():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "7")
        hits = await search(app, pilot, "attention")
        await press(app, pilot, "enter")  # back to the list; the search stays
        assert app.focused is app.main_screen.paper_list
        assert shown_papers(app) == hits[: len(shown_papers(app))]

        await press(app, pilot, "s")
        assert "· by upvotes ·" in status(app)
        assert "Sorted by upvotes" in [n.message for n in app._notifications]
        votes = [p.upvotes for p in shown_papers(app)]
        assert votes == sorted(votes, reverse=True) and len(votes) > 3
        await press(app, pilot, "s")
        assert "· by newest ·" in status(app)
        await press(app, pilot, "s")
        assert "· by title ·" in status(app)
        titles = [p.title for p in shown_papers(app)]
        assert titles == sorted(titles, key=str.casefold)
        await press(app, pilot, "s")
        assert "· by relevance, then newest ·" in status(app)
        assert shown_papers(app) == hits[: len(shown_papers(app))]

        # Another tab keeps its own sort, and the library its search, shown in its box.
        await press(app, pilot, "s", "1")
        assert "· by upvotes ·" in status(app)
        assert status(app).startswith("Daily (latest)")
        assert not filter_box_shown(app)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "lumen")
        await press(app, pilot, "enter")
        assert app.main_screen.paper_list.visible_count == 1
        await press(app, pilot, "7")
        assert status(app).startswith(f'Library "attention" · {len(hits)} papers · by upvotes')
        assert filter_box_shown(app) and app.main_screen.filter_input.value == "attention"
        assert app.focused is app.main_screen.paper_list
        await press(app, pilot, "escape")  # which clears it
        assert status(app).startswith("Library · 60 papers · by upvotes")
        assert not filter_box_shown(app) and app.main_screen.filter_input.value == ""
        await press(app, pilot, "1")
        assert app.main_screen.paper_list.visible_count == 14  # the daily filter went with the tab


async def test_every_listing_fetched_is_found_in_the_library_offline(make_service, fake_hub):
    online = make_service()
    online.library.store = Library(paths.data_dir() / FILE_NAME)
    app = PaperReaderApp(online)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.papers
        latest = {p.id for p in app.main_screen.paper_list.papers}
        await press(app, pilot, "left_square_bracket")  # the day before
        assert status(app).startswith(f"Daily {fakehub.DAYS[-2]} · ")
        before = {p.id: p.title for p in app.main_screen.paper_list.papers}
        assert before and not before.keys() & latest
        await press(app, pilot, "q")  # the library writes finish before the app closes
    assert not app.is_running

    fake_hub.reset()
    offline = make_service(offline=True)
    offline.library.store = Library(paths.data_dir() / FILE_NAME)
    app = PaperReaderApp(offline)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "7")
        everything = latest | before.keys()
        assert {p.id for p in app.main_screen.paper_list.papers} == everything
        assert status(app).startswith(f"Library · {len(everything)} papers")

        hits = await search(app, pilot, "tiny models read")
        assert [p.id for p in hits][:1] == [fakehub.RICH_PAPER_ID]
        # A paper of the day before, found by its exact title.
        some, title = sorted(before.items())[0]
        hits = await search(app, pilot, f'"{title}"')
        assert some in [p.id for p in hits]
        assert {p.id for p in hits} <= everything
        assert fake_hub.requests == []  # all of it without the network
