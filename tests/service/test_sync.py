"""`sync` against the fake hub: every day and page, pacing, 429s, bad pages, kill and resume;
and the session storing what it fetches in the library."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from support import fakehub

from paperreader.domain import periods
from paperreader.domain.errors import UsageError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.service.sync import Pacer, SyncProgress, parse_ratelimit, sync
from paperreader.sources.server_waits import MAX_SERVER_WAIT
from paperreader.storage.library import Library

ROOT = Path(__file__).resolve().parents[2]
SINCE, UNTIL = date(2026, 9, 25), date(2026, 10, 2)
ALL_DAYS = {(SINCE + timedelta(days=k)).isoformat() for k in range(8)}
EMPTY_DAYS = {"2026-09-26", "2026-09-27", "2026-09-28"}
BIG = fakehub.BIG_DAY


def now() -> datetime:
    return fakehub.NOW


class Sleeper:
    """An injected sleep that records every wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "data" / "library.sqlite3") as store:
        yield store


def requested_days(hub) -> list[str]:
    return [r.params.get("date", "") for r in hub.requests_to("/api/daily_papers")]


async def run_sync(hub_client, library, **options):
    options.setdefault("now", now)
    options.setdefault("sleep", Sleeper())
    options.setdefault("min_interval", 0.0)
    return await sync(hub_client, library, SINCE, UNTIL, **options)


async def test_every_day_and_every_page_is_stored(fake_hub, make_hub_client, library):
    events: list[SyncProgress] = []
    report = await run_sync(make_hub_client(), library, progress=events.append)
    assert report.days_fetched == 8
    assert report.days_skipped == 0
    assert report.failed_days == ()
    assert report.stopped is None and report.complete
    assert report.days_total == 8
    data = fake_hub.data
    expected = {day: data.day_ids(day) for day in fakehub.DAYS}
    assert report.papers == sum(len(v) for v in expected.values())
    assert report.skipped_items == 1  # the fixture item without an id
    assert library.count() == report.papers
    assert library.days_done(SINCE, UNTIL) == ALL_DAYS
    records = library.day_records(SINCE, UNTIL)
    for day, ids in expected.items():
        assert records[day].papers == len(ids)
        assert all(library.get(pid) is not None for pid in ids)
    assert records[fakehub.BIG_DAY].pages == 3 and records[fakehub.BIG_DAY].papers == 230
    assert all(records[day].papers == 0 for day in EMPTY_DAYS)
    # newest first, one request per page: 8 days, 2 more pages for the 230-paper day
    newest_first = sorted(ALL_DAYS, reverse=True)
    assert requested_days(fake_hub) == [*newest_first[:3], BIG, BIG, *newest_first[3:]]
    assert report.requests == 10
    big = [r for r in fake_hub.requests_to("/api/daily_papers") if r.params["date"] == BIG]
    assert [r.params["p"] for r in big] == ["0", "1", "2"]
    # progress: a start, then days counted up to the total, papers adding up, then done
    assert events[0].event == "start" and events[0].days_total == 8
    assert events[-1].event == "done"
    days = [e for e in events if e.event == "day"]
    assert [e.days_done for e in days] == list(range(1, 9))
    assert days[-1].papers == report.papers
    assert days[-1].eta_seconds == 0
    assert {e.current_day for e in days} == ALL_DAYS


async def test_requests_are_paced_per_page(fake_hub, make_hub_client, library):
    clock = [1000.0]
    sleeper = Sleeper()

    async def sleep(seconds: float) -> None:
        await sleeper(seconds)
        clock[0] += seconds

    report = await run_sync(
        make_hub_client(), library, min_interval=0.5, sleep=sleep, monotonic=lambda: clock[0]
    )
    assert report.requests == 10
    # every request but the first waited the whole interval (the fake clock only moves in
    # sleep), the pages of the 230-paper day included
    assert sleeper.waits == [0.5] * 9
    client = make_hub_client()
    assert client.before_request is None  # the hook is the sync's only while it runs


async def test_a_429_mid_way_is_waited_out_and_the_day_retried(fake_hub, make_hub_client, library):
    sleeper = Sleeper()
    first_day: list[str] = []

    def progress(p: SyncProgress) -> None:
        if p.event == "day" and not first_day:
            first_day.append(p.current_day)
            fake_hub.fail(
                "/api/daily_papers", "status", status=429, headers={"Retry-After": "7"}, times=1
            )

    report = await run_sync(make_hub_client(), library, progress=progress, sleep=sleeper)
    assert sleeper.waits == [7.0]
    assert report.days_fetched == 8 and report.failed_days == ()
    assert library.days_done(SINCE, UNTIL) == ALL_DAYS
    days = requested_days(fake_hub)
    assert days[:3] == ["2026-10-02", "2026-10-01", "2026-10-01"]  # the same day, again
    assert report.requests == 11


async def test_persistent_429s_back_off_then_stop(fake_hub, make_hub_client, library):
    fake_hub.fail("/api/daily_papers", "status", status=429)  # no Retry-After at all
    sleeper = Sleeper()
    report = await run_sync(make_hub_client(), library, sleep=sleeper, max_retries=4)
    assert sleeper.waits == [30.0, 60.0, 120.0, 240.0]
    assert report.stopped and "rate-limiting" in report.stopped
    assert report.days_fetched == 0 and not report.complete
    assert library.days_done(SINCE, UNTIL) == set()


async def test_a_dropped_connection_is_retried_then_the_network_is_given_up(
    fake_hub, make_hub_client, library
):
    fake_hub.fail("/api/daily_papers", "disconnect", times=1)
    sleeper = Sleeper()
    report = await run_sync(make_hub_client(), library, sleep=sleeper)
    assert sleeper.waits == [5.0] and report.complete
    fake_hub.reset()
    fake_hub.fail("/api/daily_papers", "disconnect")
    sleeper = Sleeper()
    report = await run_sync(make_hub_client(), library, sleep=sleeper, refresh_recent_days=9)
    assert sleeper.waits == [5.0, 15.0]
    assert report.stopped and report.days_fetched == 0
    assert library.days_done(SINCE, UNTIL) == ALL_DAYS  # what the first run stored stays


async def test_a_corrupt_page_fails_its_day_and_the_rest_goes_on(
    fake_hub, make_hub_client, library
):
    def progress(p: SyncProgress) -> None:
        if p.event == "day-start" and p.current_day == "2026-09-29":
            fake_hub.fail("/api/daily_papers", "invalid_json", times=1)
        # the second page of the 230-paper day is cut short
        if p.event == "page" and p.current_day == fakehub.BIG_DAY and p.day_papers == 100:
            fake_hub.fail("/api/daily_papers", "invalid_json", times=1)

    report = await run_sync(make_hub_client(), library, progress=progress)
    assert report.failed_days == ("2026-09-30", "2026-09-29")
    assert len(report.problems) == 2
    assert report.problems[1].startswith("2026-09-29: ") and "JSON" in report.problems[1]
    assert report.days_fetched == 6
    assert library.days_done(SINCE, UNTIL) == ALL_DAYS - {"2026-09-30", "2026-09-29"}
    assert library.get(fake_hub.data.day_ids("2026-09-29")[0]) is None
    assert library.get(fake_hub.data.day_ids(fakehub.BIG_DAY)[0]) is None  # nothing half-kept
    # the next run fetches the two failed days (and the recent ones), nothing else
    fake_hub.reset()
    report = await run_sync(make_hub_client(), library)
    assert set(requested_days(fake_hub)) == {"2026-10-02", "2026-10-01", "2026-09-30", "2026-09-29"}
    assert report.complete and library.days_done(SINCE, UNTIL) == ALL_DAYS


async def test_a_rerun_refreshes_only_days_that_can_still_change(
    fake_hub, make_hub_client, library
):
    await run_sync(make_hub_client(), library)
    fake_hub.reset()
    report = await run_sync(make_hub_client(), library)
    # fetched on 2026-10-02: the last three days may still gain papers and upvotes
    assert set(requested_days(fake_hub)) == {"2026-10-02", "2026-10-01", "2026-09-30"}
    assert (report.days_fetched, report.days_skipped) == (3, 5)
    # a week later they are fetched once more (they were fetched too early to be final)...
    later = fakehub.NOW + timedelta(days=7)
    fake_hub.reset()
    report = await run_sync(make_hub_client(), library, now=lambda: later)
    assert set(requested_days(fake_hub)) == {"2026-10-02", "2026-10-01", "2026-09-30"}
    # ...and never again after that
    fake_hub.reset()
    report = await run_sync(make_hub_client(), library, now=lambda: later)
    assert requested_days(fake_hub) == []
    assert (report.days_fetched, report.days_skipped, report.requests) == (0, 8, 0)
    assert library.count() == sum(len(fake_hub.data.day_ids(d)) for d in fakehub.DAYS)


async def test_cancelling_keeps_finished_days(fake_hub, make_hub_client, library):
    fake_hub.fail("/api/daily_papers", "delay", seconds=0.05)
    client = make_hub_client()
    stored = asyncio.Event()

    def progress(p: SyncProgress) -> None:
        if p.event == "day" and p.days_done == 2:
            stored.set()

    task = asyncio.create_task(run_sync(client, library, progress=progress))
    await asyncio.wait_for(stored.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert library.days_done(SINCE, UNTIL) == {"2026-10-02", "2026-10-01"}
    assert client.before_request is None and client.on_response is None


KILL_SCRIPT = """
import asyncio, sys
from datetime import date, datetime, timezone
from pathlib import Path
from paperreader.storage.library import Library
from paperreader.sources.hub import HubClient, make_client
from paperreader.service.sync import sync

async def main():
    hub = HubClient(make_client(sys.argv[1]))
    now = lambda: datetime(2026, 10, 2, 18, tzinfo=timezone.utc)
    await sync(hub, Library(Path(sys.argv[2])), date(2026, 9, 25), date(2026, 10, 2),
               now=now, min_interval=0, refresh_recent_days=0)

asyncio.run(main())
"""


async def test_kill_9_mid_way_then_resume_fetches_no_finished_day_twice(
    fake_hub, make_hub_client, tmp_path
):
    path = tmp_path / "data" / "library.sqlite3"
    fake_hub.fail("/api/daily_papers", "delay", seconds=0.25)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, fake_hub.url, str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    watcher = Library(path)  # a second process's view, as the app would have
    try:
        deadline = time.monotonic() + 20
        while len(watcher.days_done(SINCE, UNTIL)) < 3:
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the sync never stored three days"
            await asyncio.sleep(0.02)
        child.kill()  # SIGKILL: no cleanup of any kind
        child.wait(10)
        finished = watcher.days_done(SINCE, UNTIL)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        child.stderr.close()
        watcher.close()
    assert 3 <= len(finished) < 8
    fake_hub.reset()
    with Library(path) as library:
        assert library.days_done(SINCE, UNTIL) == finished  # the file survived the kill
        report = await run_sync(make_hub_client(), library, refresh_recent_days=0)
        again = set(requested_days(fake_hub))
        assert again == ALL_DAYS - finished  # not one finished day fetched twice
        assert report.days_skipped == len(finished)
        assert library.days_done(SINCE, UNTIL) == ALL_DAYS
        assert library.count() == sum(len(fake_hub.data.day_ids(d)) for d in fakehub.DAYS)


# ------------------------------------------------------------------------------ edges


class RecordingSource:
    """A hub without the pacing hooks: answers every day with nothing."""

    def __init__(self) -> None:
        self.days: list[str] = []

    async def fetch_listing(self, query: ListingQuery, progress=None):
        assert query.kind is ListingKind.DAILY
        self.days.append(query.period)
        if progress:
            progress(1, 0)
        return []


async def test_the_range_is_clamped_to_daily_papers_history(library):
    source = RecordingSource()
    moment = datetime(2023, 5, 10, 18, tzinfo=UTC)
    report = await sync(
        source,
        library,
        date(2020, 1, 1),
        date(2030, 1, 1),
        now=lambda: moment,
        sleep=Sleeper(),
        min_interval=0,
    )
    assert source.days[0] == "2023-05-10" and source.days[-1] == periods.FIRST_DAY.isoformat()
    assert len(source.days) == 7 == report.days_fetched == report.days_total == report.requests
    with pytest.raises(UsageError):
        await sync(source, library, date(2026, 2, 1), date(2026, 1, 1), now=lambda: moment)
    with pytest.raises(UsageError):  # entirely in the future
        await sync(source, library, date(2024, 1, 1), date(2024, 2, 1), now=lambda: moment)


async def test_pacer_reads_the_ratelimit_header():
    assert parse_ratelimit({"RateLimit": '"api";r=42;t=120'}) == (42, 120.0)
    assert parse_ratelimit({"ratelimit": '"api";t=9;r=0'}) == (0, 9.0)
    assert parse_ratelimit({}) == (None, None)
    clock = [0.0]
    sleeper = Sleeper()

    async def sleep(seconds: float) -> None:
        await sleeper(seconds)
        clock[0] += seconds

    waits: list[str] = []
    pacer = Pacer(1.0, lambda: clock[0], sleep, on_wait=lambda s, why: waits.append(why))
    await pacer.before_request()
    pacer.on_response(200, {"RateLimit": '"api";r=400;t=300'})
    await pacer.before_request()
    assert sleeper.waits == [1.0]
    pacer.on_response(200, {"RateLimit": '"api";r=10;t=100'})  # running low: spread them out
    await pacer.before_request()
    assert sleeper.waits[-1] == 10.0
    pacer.on_response(200, {"RateLimit": '"api";r=0;t=30'})  # used up: wait for the reset
    await pacer.before_request()
    assert sleeper.waits[-1] == pytest.approx(31.0)
    assert pacer.requests == 4
    assert waits and "rate limit" in waits[-1]


@pytest.mark.parametrize(
    "header",
    ['"api";r=0;t=100000000', '"api";r=1;t=100000000', '"api";r=0;t=' + "9" * 5000],
    ids=["used up", "one left", "5000 digits"],
)
async def test_the_pacer_never_waits_longer_than_the_cap_and_says_so(header):
    clock = [0.0]
    sleeper = Sleeper()

    async def sleep(seconds: float) -> None:
        await sleeper(seconds)
        clock[0] += seconds

    said: list[str] = []
    pacer = Pacer(0.7, lambda: clock[0], sleep, on_wait=lambda s, why: said.append(why))
    await pacer.before_request()
    pacer.on_response(200, {"RateLimit": header})
    await pacer.before_request()
    assert 0 < sleeper.waits[-1] <= MAX_SERVER_WAIT + 1
    assert said == [f"near the rate limit: waiting {sleeper.waits[-1]:.0f} s"]


async def test_a_sync_told_to_wait_100_million_seconds_waits_the_cap(
    fake_hub, make_hub_client, library
):
    fake_hub.fail(
        "/api/daily_papers",
        "json",
        body=[],
        headers={"RateLimit": '"api";r=0;t=100000000'},
        times=1,
    )
    clock = [0.0]
    sleeper = Sleeper()

    async def sleep(seconds: float) -> None:  # the time passes, at once
        await sleeper(seconds)
        clock[0] += seconds

    events: list[SyncProgress] = []
    report = await run_sync(
        make_hub_client(), library, sleep=sleep, monotonic=lambda: clock[0], progress=events.append
    )
    assert report.complete
    assert len(sleeper.waits) == 1 and 0 < sleeper.waits[0] <= MAX_SERVER_WAIT + 1
    waits = [p.message for p in events if p.event == "wait"]
    assert waits == [f"near the rate limit: waiting {max(sleeper.waits):.0f} s"]


async def test_a_429_asking_for_100_million_seconds_is_waited_the_cap(
    fake_hub, make_hub_client, library
):
    fake_hub.fail(
        "/api/daily_papers", "status", status=429, headers={"Retry-After": "100000000"}, times=1
    )
    sleeper = Sleeper()
    events: list[SyncProgress] = []
    report = await run_sync(make_hub_client(), library, sleep=sleeper, progress=events.append)
    assert report.complete and sleeper.waits == [MAX_SERVER_WAIT]
    assert [p.message for p in events if p.event == "wait"] == ["rate limited: waiting 300 s"]


# ------------------------------------------------------------------------------ the session


async def test_every_listing_fetched_lands_in_the_library(
    fake_hub, make_service, tmp_path, monkeypatch
):
    session = make_service()
    session.library.store = Library(tmp_path / "library.sqlite3")
    try:
        await session.papers.get_listing(ListingQuery(ListingKind.DAILY, "2026-09-25"))
        await session.papers.get_listing(ListingQuery(ListingKind.SEARCH, text="diffusion"))
        paper, _ = await session.papers.get_paper(fakehub.RICH_PAPER_ID)
        info = await session.library.info()
        assert info.days == 1 and info.first_day == "2026-09-25"
        records = session.library.store.day_records("2026-09-25", "2026-09-25")
        assert records["2026-09-25"].complete and records["2026-09-25"].papers == 12
        assert (await session.library.search(paper.title)).hits[0].paper.id == paper.id
        assert info.papers >= 12 + 1
        recent = await session.library.recent(5)
        assert len(recent) == 5

        # a library that cannot be written never costs the user a listing
        def broken(*args, **kwargs):
            raise OSError("disk full")

        monkeypatch.setattr(session.library.store, "add_papers", broken)
        listing = await session.papers.get_listing(ListingQuery(ListingKind.DAILY, "2026-09-29"))
        assert len(listing.papers) == 25
    finally:
        await session.aclose()


async def test_the_session_syncs_into_its_library(fake_hub, make_service, tmp_path, monkeypatch):
    monkeypatch.setattr("paperreader.service.sync.MIN_INTERVAL", 0.0)
    session = make_service()
    session.library.store = Library(tmp_path / "library.sqlite3")
    try:
        report = await session.sync.run(date(2026, 9, 29), date(2026, 10, 1))
        assert report.days_fetched == 3 and report.requests == 5
        assert (await session.library.info()).days == 3
    finally:
        await session.aclose()


async def test_the_demo_has_a_library_to_search(monkeypatch):
    from paperreader.service.compose import build_session

    session = build_session(endpoint="https://huggingface.co", token=None, demo=True)
    try:
        info = await session.library.info()
        assert info.papers > 20 and info.days >= 3
        result = await session.library.search("language")
        assert result.total > 0
        assert all("".join(s.text for s in h.title_spans) == h.paper.title for h in result.hits)
    finally:
        await session.aclose()
