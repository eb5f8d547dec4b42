"""Reliability: the app under load (docs/reliability.md, area "load").

A library of thousands of papers searched and filtered in the Library tab; a month of 3,000
papers fetched page by page; 120 search results whose titles look like markup; and a key
held down for ten seconds on a long list. Correctness and the absence of backlogs are
checked; speed is measured in bench/, so the only clocks here are generous hang guards.
"""

from __future__ import annotations

import asyncio
import copy
import os
import re
import sys
import time
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from pathlib import Path

import pytest
from support import fakehub
from support.frames import check_list, check_main, frame
from support.pilot import SIZE, press, settle, status, type_text, wait_until
from textual import events
from textual.pilot import Pilot
from textual.worker import WorkerState

from paperreader.domain.models import ListingKind, ListingQuery, Paper
from paperreader.service.library import LIBRARY_RECENT
from paperreader.service.session import Session
from paperreader.storage.library import Library
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.controllers.detail import DetailFollower
from paperreader.ui.widgets.paper_rows import ROW_HEIGHT

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.data import synthetic_papers  # bench/ is beside tests/

pytestmark = pytest.mark.reliability("load")


def papers_count(shown: int, total: int) -> str:
    """How the status line counts a listing of `shown` out of `total` papers."""
    return f"{shown:,} of {total:,} papers" if total > shown else f"{shown:,} papers"


# ---------------------------------------------------------------------- (1) a large library


class BuiltLibrary:
    """A library file holding `papers`, built once per module and size."""

    def __init__(self, path: Path, papers: list[Paper]) -> None:
        self.path = path
        self.papers = papers

    def search(self, text: str, limit: int = 500):
        with Library(self.path) as archive:
            return archive.search(text, limit=limit)

    def recent(self, limit: int = LIBRARY_RECENT) -> tuple[Paper, ...]:
        with Library(self.path) as archive:
            return archive.recent(limit)


@pytest.fixture(
    scope="module",
    params=[5_000, pytest.param(50_000, marks=pytest.mark.slow)],
    ids=["5k", "50k"],
)
def library(request, tmp_path_factory) -> BuiltLibrary:
    """The synthetic papers of bench/data.py stored day by day, as bench/library_search.py
    does (50,000 take about a minute to build, hence `slow`; 5,000 run by default)."""
    count = request.param
    path = tmp_path_factory.mktemp(f"library-{count}") / "library.sqlite3"
    papers = synthetic_papers(count)
    with Library(path) as archive:
        for day, group in groupby(papers, key=lambda p: p.daily_date):
            archive.add_papers(list(group), day=day, complete=True)
        assert archive.info().papers == count
    return BuiltLibrary(path, papers)


def library_app(library: BuiltLibrary) -> PaperReaderApp:
    service = Session(
        source_factory=None,
        cache=None,
        offline=True,
        clock=lambda: datetime(2026, 12, 1, 12, tzinfo=UTC),
        library=Library(library.path),
    )
    return PaperReaderApp(service, ListingQuery(ListingKind.LIBRARY))


async def library_search(
    app: PaperReaderApp, pilot: Pilot, text: str, *, paste: bool = True
) -> list[Paper]:
    """Paste (or type) `text` into the emptied search box; the papers shown after."""
    if app.focused is not app.main_screen.filter_input:
        await press(app, pilot, "slash")
    await press(app, pilot, "ctrl+u")
    if paste:  # a terminal's bracketed paste: one event, one search
        app.main_screen.filter_input.post_message(events.Paste(text))
        await pilot.pause()
    else:  # a search per key, each replacing the last
        await type_text(app, pilot, text)
    await settle(app, pilot)
    assert app.main_screen.filter_input.value == text
    assert (
        app.main_screen.listings.listing is not None
        and app.main_screen.listings.listing.query.text == " ".join(text.split())
    )
    return list(app.main_screen.paper_list.papers)


def words_in(paper: Paper) -> str:
    """Everything the library searches, lower-cased."""
    parts = [paper.title, paper.summary or "", *(a.name for a in paper.authors)]
    if paper.organization:
        parts += [paper.organization.name, paper.organization.fullname or ""]
    parts += paper.ai_keywords
    return " ".join(parts).lower()


async def test_the_library_tab_searches_filters_and_moves_through_a_large_library(
    library, record_property
):
    count = len(library.papers)
    record_property("papers", count)
    app = library_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        plist = app.main_screen.paper_list

        # Nothing typed: the newest papers, newest first, with the library's size.
        recent = library.recent()
        assert [p.id for p in plist.papers] == [p.id for p in recent]
        assert len(recent) == min(count, LIBRARY_RECENT)
        days = [p.daily_date for p in plist.papers]
        assert days == sorted(days, reverse=True)
        assert status(app).startswith(f"Library · {papers_count(len(recent), count)} · ")
        check_main(app, "library at start")

        # Moving: the last of them, back to the first, a few pages down.
        await press(app, pilot, "G")
        assert plist.cursor == len(recent) - 1 and plist.current.id == recent[-1].id
        assert app.main_screen.detail.paper == plist.current
        check_main(app, "library, last paper")
        await press(app, pilot, "g", "pagedown", "pagedown", "pagedown", "j")
        assert plist.cursor == 3 * plist._page_rows() + 1
        check_main(app, "library, paged")

        # Words: what the library finds, in its order; each result holds the word.
        hits = await library_search(app, pilot, "diffusion", paste=False)
        expected = library.search("diffusion")
        assert [p.id for p in hits] == [p.id for p in expected.papers]
        brute = [p for p in library.papers if re.search(r"\bdiffusion", words_in(p))]
        assert expected.total == len(brute) > 0
        assert status(app).startswith(
            f'Library "diffusion" · {papers_count(len(hits), expected.total)} · '
        )
        for paper in hits:
            assert re.search(r"\bdiffusion", words_in(paper)), paper.title
            if paper.highlighted_title:
                assert "".join(s.text for s in paper.highlighted_title) == paper.title
                assert {s.text.lower() for s in paper.highlighted_title if s.highlight} <= {
                    "diffusion"
                }
        title_hits = [p for p in hits if "diffusion" in p.title.lower()]
        assert hits[: len(title_hits)] == title_hits  # title matches rank first
        assert plist.cursor == 0 and app.main_screen.detail.paper == hits[0]
        check_main(app, "library search")

        # Filters alone, and with words: every result satisfies them, none is missing.
        popular = await library_search(app, pilot, "upvotes:>100 has:code")
        brute = [p for p in library.papers if p.upvotes > 100 and p.github_repo]
        result = library.search("upvotes:>100 has:code")
        assert result.total == len(brute) > 0
        assert {p.id for p in popular} <= {p.id for p in brute}
        assert len(popular) == min(len(brute), 500)
        assert [p.id for p in popular] == [p.id for p in result.papers]

        narrow = await library_search(app, pilot, "author:wang year:2025 diffusion")
        result = library.search("author:wang year:2025 diffusion")
        assert [p.id for p in narrow] == [p.id for p in result.papers]
        for paper in narrow:
            assert any("wang" in a.name.lower().split() for a in paper.authors), paper.authors
            assert paper.published_at is not None and paper.published_at.year == 2025
            assert re.search(r"\bdiffusion", words_in(paper))
        assert 0 < len(narrow) < len(hits)

        # Moving through results, sorting them, and a search with no result.
        hits = await library_search(app, pilot, "reasoning")
        await press(app, pilot, "enter")  # back to the list, the search kept
        assert app.focused is plist
        await press(app, pilot, "G")
        assert plist.current == hits[-1] and app.main_screen.detail.paper == hits[-1]
        check_main(app, "library results, last")
        await press(app, pilot, "s")  # by upvotes
        votes = [plist.papers[i].upvotes for i in plist._rows]
        assert votes == sorted(votes, reverse=True) and len(votes) == len(hits)
        assert plist.current == hits[-1]  # the cursor kept its paper
        check_main(app, "library results by upvotes")
        assert await library_search(app, pilot, "zzqxv") == []
        assert status(app).startswith('Library "zzqxv" · 0 papers')
        assert app.main_screen.detail.paper is None
        check_main(app, "library, nothing found")

        await press(app, pilot, "escape")
        assert [p.id for p in plist.papers] == [p.id for p in recent]
        assert [n.message for n in app._notifications if n.severity == "error"] == []


# ---------------------------------------------------------------------- a big month


MONTH = "2026-08"
MONTH_SIZE = 3_000
RARE = "Zebrafish"
"""A word in one title in 25: 120 titles, as many as one search answers."""


def month_items() -> list[dict]:
    """3,000 well-formed daily items over the weekdays of MONTH, upvotes all different.

    Every 25th title is wrapped in markup-looking text around the RARE word.
    """
    template = fakehub.build_data().days[fakehub.DAYS[0]][1]
    days = [
        date(2026, 8, day) for day in range(1, 32) if date(2026, 8, day).weekday() < 5
    ]  # 21 weekdays
    items = []
    for n in range(MONTH_SIZE):
        day = days[n * len(days) // MONTH_SIZE]
        item = copy.deepcopy(template)
        paper = item["paper"]
        paper_id = f"2608.{n + 10000:05d}"
        title = f"Scalable Reading Study {n:04d}"
        if n % 25 == 0:
            title = f"[bold]{RARE}[/bold] Study {n:04d} [@click=app.quit]quit[/]"
        moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(minutes=n % 480)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        paper.update(
            id=paper_id,
            title=title,
            upvotes=MONTH_SIZE - n,  # the feed's order, and no ties to sort
            submittedOnDailyAt=stamp,
            publishedAt=stamp,
            summary=f"Paper {n} of the big month.",
        )
        item.update(title=title, summary=paper["summary"], publishedAt=stamp)
        items.append(item)
    return items


@pytest.fixture(scope="module")
def month_hub():
    """A fake hub serving only the big month (and searches over it)."""
    data = fakehub.build_data()
    items = month_items()
    data.days = {}
    for item in items:
        data.days.setdefault(item["paper"]["submittedOnDailyAt"][:10], []).append(item)
    data.search_pool = copy.deepcopy(items)
    data.trending = items[:100]
    data.details = {
        item["paper"]["id"]: {
            **copy.deepcopy(item["paper"]),
            **copy.deepcopy(fakehub.NO_LINKED_REPOS),
        }
        for item in items
    }
    with fakehub.FakeHub(data) as hub:
        yield hub


@pytest.fixture
def big_hub(month_hub):
    month_hub.reset()
    yield month_hub
    month_hub.reset()


async def open_month(app: PaperReaderApp, pilot: Pilot, hub) -> list[str]:
    """Wait for the month to arrive; the status lines seen on the way."""
    seen: list[str] = []

    def arrived() -> bool:
        text = status(app)
        if not seen or seen[-1] != text:
            seen.append(text)
        return app.main_screen.listings.listing is not None and not app.main_screen.listings.busy

    await wait_until(pilot, arrived, "the month of 3,000")
    await settle(app, pilot)
    return seen


async def test_a_month_of_3000_papers_arrives_whole_and_is_usable(
    big_hub, make_service, record_property
):
    big_hub.fail("/api/daily_papers", "delay", seconds=0.05)  # each page takes a moment
    app = PaperReaderApp(
        make_service(endpoint=big_hub.url), ListingQuery(ListingKind.MONTHLY, MONTH)
    )
    async with app.run_test(size=SIZE) as pilot:
        seen = await open_month(app, pilot, big_hub)
        pages = big_hub.pages()
        assert pages == list(range(MONTH_SIZE // 100 + 1))  # 30 full pages, then an empty one
        progress = [
            (int(m[1]), int(m[2]))
            for text in seen
            if (m := re.search(r"fetched page (\d+) \((\d+) papers\)", text))
        ]
        assert progress, f"no progress shown: {seen}"
        assert progress == sorted(progress) and progress[-1][1] <= MONTH_SIZE
        record_property("progress_updates_seen", len(progress))

        plist = app.main_screen.paper_list
        assert len(plist.papers) == plist.visible_count == MONTH_SIZE
        assert len({p.id for p in plist.papers}) == MONTH_SIZE
        assert status(app).startswith(f"Monthly {MONTH} · 3,000 papers · by upvotes")
        assert plist.current.upvotes == MONTH_SIZE  # the first by upvotes
        check_main(app, "month at start")

        await press(app, pilot, "G")
        assert plist.cursor == MONTH_SIZE - 1
        assert plist.current.id == f"2608.{MONTH_SIZE - 1 + 10000:05d}"  # fewest upvotes
        assert app.main_screen.detail.paper == plist.current
        check_main(app, "month, the last paper")

        await press(app, pilot, "slash")
        await type_text(app, pilot, RARE.lower())
        await wait_until(pilot, lambda: not plist.counting, "the filter's count")
        await settle(app, pilot)
        assert plist.visible_count == MONTH_SIZE // 25
        shown = [plist.papers[i] for i in plist._rows]
        assert all(RARE in p.title for p in shown)
        assert re.match(rf"Monthly {MONTH} · 120 of 3,?000 match “{RARE.lower()}”", status(app))
        await press(app, pilot, "enter", "G")
        assert plist.current == shown[-1]
        check_main(app, "month, filtered, last")
        await press(app, pilot, "escape")  # clears the filter, keeps the paper
        assert plist.visible_count == MONTH_SIZE and plist.current == shown[-1]
        check_main(app, "month, filter cleared")
        assert app.is_running
        assert [n.message for n in app._notifications if n.severity == "error"] == []


# ---------------------------------------------------------------------- 120 search results


async def test_120_search_results_show_their_highlights_as_data(big_hub, make_service):
    app = PaperReaderApp(
        make_service(endpoint=big_hub.url), ListingQuery(ListingKind.SEARCH, text=RARE.lower())
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running  # no [@click=app.quit] took effect
        plist = app.main_screen.paper_list
        assert plist.visible_count == len(plist.papers) == 120
        assert status(app).startswith(f'Search "{RARE.lower()}" · 120 papers')
        for paper in plist.papers:
            assert paper.title.startswith(f"[bold]{RARE}[/bold] Study ")
            spans = paper.highlighted_title
            assert "".join(s.text for s in spans) == paper.title
            assert [s.text for s in spans if s.highlight] == [RARE]

        match_style = plist._painter.style("paper-list--match")
        title_style = plist._painter.style("paper-list--title")
        assert match_style.underline and not title_style.underline
        for step in range(4):  # the first rows, then rows further down
            strips = frame(app)
            scrolled = int(plist.scroll_offset.y)
            rows = [
                row for row in range(120) if 0 <= row * ROW_HEIGHT - scrolled < plist.size.height
            ]
            assert len(rows) >= plist.size.height // ROW_HEIGHT
            for row in rows:
                y = plist.region.y + row * ROW_HEIGHT - scrolled
                line = strips[y].crop(plist.region.x, plist.region.right)
                paper = plist.papers[plist._rows[row]]
                assert f"[bold]{RARE}[/bold] Study" in line.text, line.text
                underlined = "".join(s.text for s in line._segments if s.style.underline)
                assert underlined == RARE, f"row {row}: {underlined!r} underlined"
                assert paper.title[:20] in line.text
            check_list(app, strips, f"search results, page {step}")
            await press(app, pilot, "pagedown")
        await press(app, pilot, "G")
        assert plist.cursor == 119
        assert app.main_screen.detail.paper == plist.current
        # Literally, in the detail too.
        assert app.main_screen.detail.text.startswith(plist.current.title)
        check_main(app, "search results, the last")

        # Highlights inside the markup-looking part: "quit" in "[@click=app.quit]quit[/]".
        await press(app, pilot, "f", "ctrl+u")
        await type_text(app, pilot, "quit")
        await press(app, pilot, "enter")
        assert plist.visible_count == 120 and app.main_screen.listings.listing.query.text == "quit"
        for paper in plist.papers:
            assert [s.text for s in paper.highlighted_title if s.highlight] == ["quit", "quit"]
        strips = frame(app)
        line = strips[plist.region.y].crop(plist.region.x, plist.region.right)
        assert "[@click=app.quit]quit[/]" in line.text
        underlined = [s.text for s in line._segments if s.style.underline]
        assert underlined == ["quit", "quit"], underlined
        await pilot.click(plist, offset=(40, 0))  # a click on the "link" is a click on a row
        await pilot.click(plist, offset=(40, 0))
        await settle(app, pilot)
        assert app.is_running
        check_main(app, "search for quit")


# ---------------------------------------------------------------------- holding a key


REAL_DETAIL_DELAY = 0.05
"""DetailFollower.DETAIL_DELAY as shipped (conftest sets 0 for the other tests)."""
REPEAT_RATE = 30.0
"""Key presses a second while a key is held (a common auto-repeat rate)."""


def post_keys(app: PaperReaderApp, key: str, count: int) -> None:
    """Queue key events as a terminal's driver does, without waiting for the app."""
    for _ in range(count):
        event = events.Key(key, key)
        event.set_sender(app)
        app._driver.send_message(event)


async def hold(app: PaperReaderApp, key: str, seconds: float, rate: float, sample) -> int:
    """Auto-repeat: `rate` presses a second for `seconds`, each sent on time whether or not
    the app has caught up; `sample()` is called between presses. Returns the presses sent."""
    count = round(seconds * rate)
    started = time.monotonic()
    for n in range(count):
        post_keys(app, key, 1)
        sample()
        delay = started + (n + 1) / rate - time.monotonic()
        await asyncio.sleep(max(0.0, delay))
    return count


def live_workers(app: PaperReaderApp, group: str | None = None) -> list:
    """Workers pending or running and not on their way out (a cancelled one is)."""
    return [
        w
        for w in app.workers
        if w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        and not w.is_cancelled
        and (group is None or w.group == group)
    ]


def live_timers(app: PaperReaderApp) -> list:
    """The timers of the app and its main screen still due to fire."""
    return [
        t
        for node in (app, app.main_screen)
        for t in list(node._timers)
        if t._task is not None and not t._task.done()
    ]


def detail_requests(hub) -> list:
    """The requests for single papers (the detail's linked repos and comments)."""
    return [r for r in hub.requests if r.path.startswith("/api/papers/")]


async def drained(app: PaperReaderApp, pilot: Pilot, cursor_at: int, sample) -> None:
    """After the key is released: the queued keys are handled, the list rests at `cursor_at`
    and the detail has caught up with it (bounded wait)."""
    plist = app.main_screen.paper_list

    def calm() -> bool:
        sample()
        return (
            app._message_queue.empty()
            and app.main_screen._message_queue.empty()
            and plist._message_queue.empty()
            and plist.cursor == cursor_at
            and app.main_screen.detail_follower.timer is None
            and app.main_screen.detail.paper == plist.current
        )

    await wait_until(pilot, calm, f"the keys to drain (cursor {plist.cursor}, not {cursor_at})")
    await settle(app, pilot)


HOLD_SECONDS = float(os.environ.get("PAPERREADER_HOLD_SECONDS", "10"))
"""How long the slow test holds each key (the default run holds them 2 s)."""


@pytest.mark.parametrize(
    ("mode", "seconds"),
    [
        ("burst", 10.0),
        ("auto-repeat", 2.0),
        pytest.param("auto-repeat", HOLD_SECONDS, marks=pytest.mark.slow),
    ],
    ids=["burst-10s-of-presses", "auto-repeat-2s", "auto-repeat-long"],
)
async def test_holding_j_then_k_on_3000_papers_leaves_no_backlog(
    big_hub, make_service, monkeypatch, mode, seconds, record_property
):
    """j then k held at 30 presses a second (the usual auto-repeat rate), or the same
    presses all at once (a terminal whose app fell behind): each press moves one row, the
    detail catches up once the cursor rests, and the hub is asked about the paper the
    cursor stops at, not about every paper it passes."""
    monkeypatch.setattr(DetailFollower, "DETAIL_DELAY", REAL_DETAIL_DELAY)
    app = PaperReaderApp(
        make_service(endpoint=big_hub.url), ListingQuery(ListingKind.MONTHLY, MONTH)
    )
    async with app.run_test(size=SIZE) as pilot:
        await open_month(app, pilot, big_hub)
        plist = app.main_screen.paper_list
        assert plist.visible_count == MONTH_SIZE and plist.cursor == 0
        await wait_until(
            pilot,
            lambda: plist.current.id in app.main_screen.paper_views.extras,
            "the first extras",
        )
        before = len(detail_requests(big_hub))

        peak = {"timers": 0, "extras": 0, "fetches": 0, "queue": 0}

        def sample() -> None:
            peak["timers"] = max(peak["timers"], len(live_timers(app)))
            peak["extras"] = max(peak["extras"], len(live_workers(app, "extras")))
            peak["fetches"] = max(peak["fetches"], len(app.session.details._detail_tasks))
            queued = app._message_queue.qsize() + app.main_screen._message_queue.qsize()
            peak["queue"] = max(peak["queue"], queued)

        down = min(round(seconds * REPEAT_RATE), MONTH_SIZE - 1)
        up = down - 20  # a little less k than j: no stop at either end hides a lost press
        if mode == "auto-repeat":
            await hold(app, "j", down / REPEAT_RATE, REPEAT_RATE, sample)
            await drained(app, pilot, down, sample)
            check_main(app, "after holding j")
            await hold(app, "k", up / REPEAT_RATE, REPEAT_RATE, sample)
        else:
            post_keys(app, "j", down)
            await drained(app, pilot, down, sample)
            check_main(app, "after a burst of j")
            post_keys(app, "k", up)
        await drained(app, pilot, down - up, sample)
        record_property("iterations", down + up)
        record_property("lost", abs(plist.cursor - (down - up)))

        assert plist.cursor == down - up == 20
        assert plist.current.upvotes == MONTH_SIZE - 20
        assert app.main_screen.detail.paper == plist.current
        check_main(app, "after holding k")

        # Resting there, the detail fills in: one request for the paper it stopped at.
        await wait_until(
            pilot, lambda: plist.current.id in app.main_screen.paper_views.extras, "the extras"
        )
        await wait_until(pilot, lambda: not live_workers(app), "the workers")
        requests = [r.path for r in detail_requests(big_hub)[before:]]
        record_property("detail_requests", len(requests))
        record_property("peak", peak)
        assert f"/api/papers/{plist.current.id}" in requests
        # No pile-up: a handful of requests for all those presses (a rest between the two
        # keys may add one), at most one detail fetch and a few timers alive at any moment.
        assert len(requests) <= 3, f"{len(requests)} detail requests for {down + up} presses"
        assert peak["extras"] <= 1 and peak["fetches"] <= 1, peak
        assert peak["timers"] <= 8, peak  # the debounce restarts one timer, never stacks them
        assert (
            app.main_screen.detail_follower.timer is None
            and app.main_screen.paper_views.extras_timer is None
        )
        assert [n.message for n in app._notifications if n.severity == "error"] == []
