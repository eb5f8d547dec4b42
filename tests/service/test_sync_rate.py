"""The rate `sync` shows is the one its promise is about: requests started in the last
minute, never more than the pacing allows (60 / MIN_INTERVAL, 86), however short the run."""

from __future__ import annotations

import math
from datetime import date

import pytest
from support import fakehub

from paperreader.service.sync import MAX_PER_MINUTE, MIN_INTERVAL, Pacer, SyncProgress, sync
from paperreader.storage.library import Library


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "data" / "library.sqlite3") as store:
        yield store


def test_the_promise_is_what_the_pacing_allows():
    assert MAX_PER_MINUTE == math.floor(60 / MIN_INTERVAL) + 1 == 86


async def test_a_short_run_shows_its_requests_not_a_rate_extrapolated_from_a_second(
    fake_hub, make_hub_client, library
):
    clock = [1000.0]

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    def monotonic() -> float:
        clock[0] += 0.01  # each look at the clock: a little time passes, as it does
        return clock[0]

    events: list[SyncProgress] = []
    await sync(
        make_hub_client(),
        library,
        date(2026, 9, 25),
        date(2026, 10, 2),
        now=lambda: fakehub.NOW,
        sleep=sleep,
        monotonic=monotonic,
        progress=events.append,
    )
    rates = [e.rate_per_min for e in events]
    assert max(rates) <= MAX_PER_MINUTE
    assert events[-1].rate_per_min == events[-1].requests == 10  # all within the minute


async def test_a_long_run_never_shows_more_than_the_promise():
    clock = [0.0]

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    pacer = Pacer(MIN_INTERVAL, lambda: clock[0], sleep)
    seen = []
    for _ in range(400):
        await pacer.before_request()
        clock[0] += 0.05  # the answer takes a moment
        seen.append(pacer.per_minute())
    assert max(seen) <= MAX_PER_MINUTE
    assert seen[-1] >= MAX_PER_MINUTE - 6  # and the figure is near it when it runs flat out
