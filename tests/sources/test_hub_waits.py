"""Every wait a hub can ask for is capped: Retry-After and the RateLimit header's t=, however
large, malformed or long the number."""

from __future__ import annotations

import httpx
import pytest
from support.scripted_hub import make_hub

from paperreader.domain.errors import RateLimitedError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.sources.server_waits import MAX_SERVER_WAIT, parse_ratelimit, retry_after

DAY = ListingQuery(ListingKind.DAILY, "2026-03-06")
HUGE = "100000000"
ENDLESS = "9" * 5000
"""More digits than Python turns into an int by default."""


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": HUGE},
        {"Retry-After": ENDLESS},
        {"RateLimit": f'"api";r=0;t={HUGE}'},
        {"RateLimit": f'"api";r=0;t={ENDLESS}'},
    ],
    ids=["Retry-After huge", "Retry-After endless", "t= huge", "t= endless"],
)
async def test_a_429_asking_for_an_endless_wait_is_capped(headers):
    hub, _ = make_hub(lambda r, n: httpx.Response(429, headers=headers))
    with pytest.raises(RateLimitedError) as info:
        await hub.fetch_listing(DAY)
    assert info.value.retry_after == MAX_SERVER_WAIT == 300.0
    assert info.value.message.endswith("Try again in 300 s.")


def test_the_ratelimit_header_is_read_with_its_reset_capped():
    assert parse_ratelimit({"RateLimit": '"api";r=42;t=120'}) == (42, 120.0)
    assert parse_ratelimit({"ratelimit": '"api";t=9;r=0'}) == (0, 9.0)
    assert parse_ratelimit({"RateLimit": f'"api";r=0;t={HUGE}'}) == (0, MAX_SERVER_WAIT)
    assert parse_ratelimit({"RateLimit": f'"api";r={ENDLESS};t={ENDLESS}'}) == (
        10**9,
        MAX_SERVER_WAIT,
    )
    assert parse_ratelimit({}) == (None, None)
    several = httpx.Headers([("RateLimit", '"api";r=499;t=300'), ("RateLimit", '"x";r=0;t=60')])
    assert parse_ratelimit(several) == (0, 60.0)  # the tightest limit rules


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "42"}, 42.0),
        ({"Retry-After": " 1.5 "}, 1.5),
        ({"Retry-After": "-5"}, None),
        ({"Retry-After": "1e999"}, None),
        ({"Retry-After": "soon", "RateLimit": '"api";r=0;t=9'}, 9.0),
        ({"Retry-After": HUGE}, MAX_SERVER_WAIT),
        ({}, None),
    ],
)
def test_retry_after_reads_seconds_then_the_ratelimit_reset(headers, seconds):
    assert retry_after(httpx.Headers(headers)) == seconds
