"""Large lists: the filter shows its first screenful at once and a thread counts the rest."""

from __future__ import annotations

from support.demo_data import latest_daily_items
from support.fakes import FakeSource
from support.pilot import settle, status, type_text, wait_until
from support.sessions import fake_service

from paperreader.domain.filtering import SCAN_CHUNK, PaperView, SortOrder
from paperreader.domain.models import Author, Paper
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.widgets.paper_list import PaperList
from paperreader.ui.widgets.row_selection import LARGE_LIST

TOPICS = ("diffusion", "reasoning", "agents", "vision", "speech", "robots", "memory")


def many_papers(n: int) -> tuple[Paper, ...]:
    """`n` papers whose titles name one of TOPICS, in turn, with distinct upvotes."""
    return tuple(
        Paper(
            id=f"2601.{i:05d}",
            title=f"Paper {i} on {TOPICS[i % len(TOPICS)]}",
            authors=(Author(f"Author {i % 97}"),),
            upvotes=n - i,
        )
        for i in range(n)
    )


def many_items(n: int) -> list[dict]:
    """`n` hub listing items like the demo's latest day, titled as in many_papers."""
    template = latest_daily_items()[0]
    # Shallow copies, and two authors: thousands of deep copies of a paper with dozens of
    # authors took most of this module's time, and nothing here reads the authors.
    base = {**template["paper"], "authors": template["paper"]["authors"][:2]}
    return [
        {
            **template,
            "paper": {**base, "id": paper.id, "title": paper.title, "upvotes": paper.upvotes},
            "title": paper.title,
        }
        for paper in many_papers(n)
    ]


async def listed(app: PaperReaderApp, pilot, papers: tuple[Paper, ...]):
    """Show `papers` in the app's list once it has started; the list, settled."""
    await settle(app, pilot)
    app.main_screen.paper_list.set_papers(papers)
    await settle(app, pilot)
    return app.main_screen.paper_list


def expected(papers: tuple[Paper, ...], word: str, order: SortOrder) -> list[int]:
    return PaperView(papers).select(order, word)


def test_a_limited_selection_is_the_start_of_the_full_one_and_is_not_remembered():
    papers = many_papers(500)
    view = PaperView(papers)
    first = view.select(SortOrder.TITLE, "diffusion", limit=10)  # before the index exists
    assert first == expected(papers, "diffusion", SortOrder.TITLE)[:10]
    assert view._last is None  # a partial result must never be narrowed from
    everything = view.select(SortOrder.TITLE, "diffusion")
    assert everything[:10] == first
    assert len(everything) == len([p for p in papers if "diffusion" in p.title])
    # Narrowing from the full result still gives the right answer.
    assert (
        view.select(SortOrder.TITLE, "diffusion 1", limit=5)
        == [i for i in everything if "1" in papers[i].title.lower() or "1" in papers[i].id][:5]
    )


def test_the_index_built_in_a_thread_matches_the_one_built_on_demand():
    papers = many_papers(300)
    built = PaperView(papers)
    built.build_index()
    built.build_index()  # a second call finds it ready
    assert built.select(SortOrder.HUB, "agents") == expected(papers, "agents", SortOrder.HUB)


def test_a_thread_scan_gives_the_full_result_or_stops_when_no_longer_wanted():
    papers = many_papers(3 * SCAN_CHUNK + 7)
    view = PaperView(papers)
    assert view.select_all(SortOrder.UPVOTES, "robots", frozenset(), stop=lambda: False) == (
        expected(papers, "robots", SortOrder.UPVOTES)
    )
    assert view._last is not None  # a full result: the next keystroke narrows from it
    checks = []

    def stop_after_two_chunks() -> bool:
        checks.append(1)
        return len(checks) > 2

    fresh = PaperView(papers)
    assert fresh.select_all(SortOrder.HUB, "robots", frozenset(), stop_after_two_chunks) is None
    assert len(checks) == 3  # asked between chunks, and gave up at once
    assert fresh._last is None  # a scan given up on is never narrowed from


async def test_filtering_a_large_list_shows_the_first_rows_then_the_full_count():
    app = PaperReaderApp(fake_service(FakeSource(many_items(LARGE_LIST + 1500)), None))
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)  # the filter index is built by a worker thread
        plist = app.main_screen.paper_list
        papers = plist.papers
        assert len(papers) == LARGE_LIST + 1500
        assert plist._selection.view._haystacks is not None
        await pilot.press("/")
        await type_text(app, pilot, "speech")
        await settle(app, pilot)
        want = [p.id for p in papers if "speech" in p.title]
        assert not plist.counting
        assert plist.visible_count == len(want)
        assert plist.current is not None and plist.current.id == want[0]
        assert f"{len(want):,} of {len(papers):,} match" in status(app)
        # The cursor can reach the last match once counting is done.
        await pilot.press("enter", "G")
        await settle(app, pilot)
        assert plist.current is not None and plist.current.id == want[-1]


async def test_a_cursor_kept_on_a_paper_deep_in_the_list_follows_it_through_a_filter():
    papers = many_papers(LARGE_LIST + 1500)
    app = PaperReaderApp(fake_service(None, None))
    async with app.run_test(size=(120, 35)) as pilot:
        plist = await listed(app, pilot, papers)
        plist.cursor = 3005  # "Paper 3005 on agents"
        await settle(app, pilot)
        kept = plist.current
        assert kept is not None and "agents" in kept.title
        plist.set_filter("agents")
        await settle(app, pilot)
        assert plist.current == kept
        assert plist.visible_count == sum("agents" in p.title for p in papers)


async def test_a_late_count_for_an_older_filter_is_dropped():
    papers = many_papers(LARGE_LIST + 1500)
    app = PaperReaderApp(fake_service(None, None))
    async with app.run_test(size=(120, 35)) as pilot:
        plist = await listed(app, pilot, papers)
        plist.set_filter("vision")
        plist.set_filter("memory")  # before the first count comes back
        await settle(app, pilot)
        titles = {papers[i].title for i in plist._rows}
        assert titles and all("memory" in title for title in titles)
        assert plist.visible_count == sum("memory" in p.title for p in papers)


async def test_a_large_filter_is_counted_once_the_keys_rest(monkeypatch):
    # A count running while keys come in would compete with them: none starts until the
    # keys rest, and then only for the text typed last.
    monkeypatch.setattr(PaperList, "COUNT_DELAY", 1.0)
    papers = many_papers(LARGE_LIST + 1500)
    app = PaperReaderApp(fake_service(None, None))
    async with app.run_test(size=(120, 35)) as pilot:
        plist = await listed(app, pilot, papers)
        counted: list[str] = []
        count = plist._count_rest

        def recording(generation, find) -> None:
            counted.append(plist.filter_text)
            count(generation, find)

        monkeypatch.setattr(plist, "_count_rest", recording)
        for text in ("s", "sp", "spe"):  # keys in quick succession
            plist.set_filter(text)
        await pilot.pause()
        assert plist.counting and counted == []
        assert plist.visible_count < sum("spe" in p.title for p in papers)  # a first screenful
        await wait_until(pilot, lambda: not plist.counting, "the count")
        assert counted == ["spe"]
        assert plist.visible_count == sum("spe" in p.title for p in papers)


async def test_a_filter_that_matches_nothing_says_so_instead_of_the_listing_message():
    papers = many_papers(40)
    app = PaperReaderApp(fake_service(None, None))
    async with app.run_test(size=(120, 35)) as pilot:
        plist = await listed(app, pilot, papers)
        plist.set_filter("[bold]zebra[/]")
        await settle(app, pilot)
        lines = [plist.render_line(y).text.strip() for y in range(4)]
        assert "No papers match “[bold]zebra[/]”." in lines
        plist.set_filter("")
        await settle(app, pilot)
        assert plist.visible_count == 40
