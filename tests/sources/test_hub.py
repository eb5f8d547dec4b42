"""HubClient over httpx.MockTransport: pagination, parameters, retries and typed errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from support.fakehub import raw_ids
from support.scripted_hub import BASE, Recorder, make_hub

from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    UsageError,
)
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.sources import hub as hub_module
from paperreader.sources.hub import PAGE_SIZE, SEARCH_LIMIT, HubClient, make_client

DAY = ListingQuery(ListingKind.DAILY, "2026-03-06")


def page(start: int, count: int) -> list[dict[str, Any]]:
    """`count` daily items with distinct ids starting at `start`."""
    numbers = range(start, start + count)
    return [{"paper": {"id": f"2603.{n:05d}", "title": f"Paper {n}"}} for n in numbers]


def pages_by_p(pages: list[list[Any]]) -> Callable[[httpx.Request, int], httpx.Response]:
    """Answer `/api/daily_papers?p=N` with pages[N] (an empty list past the end)."""

    def answer(request: httpx.Request, _: int) -> httpx.Response:
        number = int(request.url.params["p"])
        return httpx.Response(200, json=pages[number] if number < len(pages) else [])

    return answer


# --- pagination --------------------------------------------------------------------------------


async def test_pagination_stops_on_a_short_page():
    hub, rec = make_hub(pages_by_p([page(0, 100), page(100, 30), page(130, 100)]))
    items = await hub.fetch_listing(DAY)
    assert raw_ids(items) == raw_ids(page(0, 130))
    assert [p["p"] for p in rec.params] == ["0", "1"]
    assert all(r.url.path == "/api/daily_papers" for r in rec.requests)
    assert all(p["date"] == "2026-03-06" and p["limit"] == str(PAGE_SIZE) for p in rec.params)
    assert PAGE_SIZE == 100


async def test_pagination_stops_on_an_empty_page():
    hub, rec = make_hub(pages_by_p([page(0, 100), page(100, 100), []]))
    items = await hub.fetch_listing(DAY)
    assert len(items) == 200
    assert [p["p"] for p in rec.params] == ["0", "1", "2"]


async def test_pagination_stops_when_a_page_repeats():
    # A hub that ignores `p` sends the same full page forever.
    hub, rec = make_hub(lambda request, n: httpx.Response(200, json=page(0, 100)))
    items = await hub.fetch_listing(DAY)
    assert raw_ids(items) == raw_ids(page(0, 100))
    assert len(rec.requests) == 2


async def test_pagination_drops_overlap_and_continues():
    hub, rec = make_hub(pages_by_p([page(0, 100), page(50, 100), page(150, 10)]))
    items = await hub.fetch_listing(DAY)
    assert raw_ids(items) == raw_ids(page(0, 160))
    assert len(rec.requests) == 3


async def test_pagination_is_capped(monkeypatch):
    monkeypatch.setattr(hub_module, "MAX_PAGES", 3)
    hub, rec = make_hub(lambda r, n: httpx.Response(200, json=page(n * 100, 100)))
    items = await hub.fetch_listing(DAY)
    assert len(items) == 300
    assert len(rec.requests) == 3


async def test_progress_is_called_per_page():
    hub, _ = make_hub(pages_by_p([page(0, 100), page(100, 100), page(200, 5)]))
    calls: list[tuple[int, int]] = []
    await hub.fetch_listing(DAY, progress=lambda pages, n: calls.append((pages, n)))
    assert calls == [(1, 100), (2, 200), (3, 205)]


@pytest.mark.parametrize(
    ("query", "name", "value"),
    [
        (ListingQuery(ListingKind.WEEKLY, "2026-W10"), "week", "2026-W10"),
        (ListingQuery(ListingKind.MONTHLY, "2026-03"), "month", "2026-03"),
        (ListingQuery(ListingKind.DAILY, "2026-03-06"), "date", "2026-03-06"),
    ],
)
async def test_dated_listings_send_their_period(query, name, value):
    hub, rec = make_hub(pages_by_p([page(0, 3)]))
    await hub.fetch_listing(query)
    assert rec.params == [{name: value, "limit": "100", "p": "0"}]


async def test_latest_daily_sends_no_period():
    hub, rec = make_hub(pages_by_p([page(0, 3)]))
    await hub.fetch_listing(ListingQuery(ListingKind.DAILY))
    assert rec.params == [{"limit": "100", "p": "0"}]


async def test_items_without_ids_are_kept_for_the_parser_to_count():
    odd = [None, "junk", {"no": "id"}, {"paper": "flat"}]
    hub, _ = make_hub(pages_by_p([odd]))
    assert await hub.fetch_listing(DAY) == odd


# --- search and trending --------------------------------------------------------------------


async def test_search_sends_q_and_limit_120():
    hub, rec = make_hub(lambda r, n: httpx.Response(200, json=page(0, 120)))
    calls: list[tuple[int, int]] = []
    items = await hub.fetch_listing(
        ListingQuery(ListingKind.SEARCH, text="  tiny models  "),
        progress=lambda pages, n: calls.append((pages, n)),
    )
    assert len(items) == 120
    assert len(rec.requests) == 1  # no pagination for search
    assert rec.requests[0].url.path == "/api/papers/search"
    assert rec.params == [{"q": "tiny models", "limit": "120"}]
    assert SEARCH_LIMIT == 120
    assert calls == [(1, 120)]


@pytest.mark.parametrize(("text", "message"), [("", "Type something"), ("x" * 251, "250")])
async def test_bad_search_text_is_refused_without_a_request(text, message):
    hub, rec = make_hub(lambda r, n: httpx.Response(200, json=[]))
    with pytest.raises(UsageError, match=message):
        await hub.fetch_listing(ListingQuery(ListingKind.SEARCH, text=text))
    assert rec.requests == []


async def test_trending_sends_sort_trending_and_one_page():
    hub, rec = make_hub(lambda r, n: httpx.Response(200, json=page(0, 100)))
    calls: list[tuple[int, int]] = []
    items = await hub.fetch_listing(
        ListingQuery(ListingKind.TRENDING), progress=lambda p, n: calls.append((p, n))
    )
    assert len(items) == 100
    assert rec.params == [{"sort": "trending", "limit": "100", "p": "0"}]
    assert rec.requests[0].url.path == "/api/daily_papers"
    assert calls == [(1, 100)]


# --- paper detail ---------------------------------------------------------------------------------


async def test_fetch_paper():
    detail = {"id": "2603.01234", "title": "Tiny Models Read Papers", "linkedModels": []}
    hub, rec = make_hub(lambda r, n: httpx.Response(200, json=detail))
    assert await hub.fetch_paper("2603.01234") == detail
    assert rec.requests[0].url.path == "/api/papers/2603.01234"


@pytest.mark.parametrize(
    "bad",
    ["", "2603.123", "../../api/x", "2603.01234/../../x", "2603.01234\n", "2603.01234?x=1",
     "٢٦٠٣.٠١٢٣٤", "2603.01234v1"],
)  # fmt: skip
async def test_invalid_paper_id_is_refused_without_a_request(bad):
    hub, rec = make_hub(lambda r, n: httpx.Response(200, json={}))
    with pytest.raises(UsageError, match="is not an arXiv id"):
        await hub.fetch_paper(bad)
    assert rec.requests == []


async def test_paper_that_is_not_an_object():
    hub, _ = make_hub(lambda r, n: httpx.Response(200, json=[{"id": "2603.01234"}]))
    with pytest.raises(BadResponseError, match="not a JSON object"):
        await hub.fetch_paper("2603.01234")


# --- rate limiting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "retry_after"),
    [
        ({"Retry-After": "42"}, 42.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"RateLimit": '"api";r=0;t=42'}, 42.0),
        ({"RateLimit": '"api";r=0;t=7', "RateLimit-Policy": '"fixed window";"api";w=300'}, 7.0),
        ({"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT", "RateLimit": '"api";r=0;t=9'}, 9.0),
        ({}, None),
        ({"Retry-After": "soon"}, None),
    ],
)  # fmt: skip
async def test_429_is_rate_limited_with_retry_after(headers, retry_after):
    hub, rec = make_hub(lambda r, n: httpx.Response(429, headers=headers, json={"error": "slow"}))
    with pytest.raises(RateLimitedError) as info:
        await hub.fetch_listing(DAY)
    assert info.value.retry_after == retry_after
    assert len(rec.requests) == 1  # a 429 is not hammered with retries
    if retry_after:
        assert f"Try again in {retry_after:.0f} s." in info.value.message
    else:
        assert "Try again shortly." in info.value.message


# --- retries and HTTP errors ------------------------------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_are_retried_then_succeed(status):
    def answer(request: httpx.Request, n: int) -> httpx.Response:
        return httpx.Response(status) if n < 2 else httpx.Response(200, json=page(0, 3))

    hub, rec = make_hub(answer)
    assert len(await hub.fetch_listing(DAY)) == 3
    assert len(rec.requests) == 3


async def test_gateway_errors_give_up_after_the_retries():
    hub, rec = make_hub(lambda r, n: httpx.Response(503, json={"error": "maintenance"}))
    with pytest.raises(HubError) as info:
        await hub.fetch_paper("2603.01234")
    assert info.value.status == 503
    assert "maintenance" in info.value.message
    assert len(rec.requests) == 3


async def test_retry_delays_are_honoured(monkeypatch):
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(hub_module.asyncio, "sleep", fake_sleep)
    recorder = Recorder(lambda r, n: httpx.Response(502))
    client = httpx.AsyncClient(base_url=BASE, transport=httpx.MockTransport(recorder))
    hub = HubClient(client)
    with pytest.raises(HubError):
        await hub.fetch_paper("2603.01234")
    assert slept == list(hub_module.RETRY_DELAYS)
    assert len(recorder.requests) == len(hub_module.RETRY_DELAYS) + 1


@pytest.mark.parametrize("status", [400, 401, 403, 500])
async def test_other_errors_are_not_retried(status):
    hub, rec = make_hub(lambda r, n: httpx.Response(status, json={"error": "Invalid date"}))
    with pytest.raises(HubError) as info:
        await hub.fetch_listing(DAY)
    assert info.value.status == status
    assert info.value.message == f"Hugging Face answered HTTP {status}: Invalid date"
    assert len(rec.requests) == 1


async def test_404_is_not_found_with_the_json_error():
    hub, rec = make_hub(
        lambda r, n: httpx.Response(404, json={"error": "Paper 1234.56789 not found"})
    )
    with pytest.raises(NotFoundError) as info:
        await hub.fetch_paper("1234.56789")
    assert info.value.status == 404
    assert "Paper 1234.56789 not found" in info.value.message
    assert len(rec.requests) == 1


async def test_error_message_from_header_or_default():
    hub, _ = make_hub(
        lambda r, n: httpx.Response(404, headers={"X-Error-Message": "Gone away"}, text="<html>")
    )
    with pytest.raises(NotFoundError, match="Gone away"):
        await hub.fetch_paper("2603.01234")
    hub, _ = make_hub(lambda r, n: httpx.Response(404, json=["not", "an", "object"]))
    with pytest.raises(NotFoundError, match="not found"):
        await hub.fetch_paper("2603.01234")


async def test_error_message_is_one_bounded_line():
    hostile = "line one\nline two\x1b[31m" + "x" * 1000
    hub, _ = make_hub(lambda r, n: httpx.Response(400, json={"error": hostile}))
    with pytest.raises(HubError) as info:
        await hub.fetch_listing(DAY)
    assert "\n" not in info.value.message
    assert "\x1b" not in info.value.message
    assert "line one line two" in info.value.message
    assert len(info.value.message) < 260


async def test_huge_error_page_is_not_read_whole():
    sent: list[int] = []

    async def endless():
        for _ in range(10_000):
            sent.append(1)
            yield b"<html>" + b"x" * 1000

    hub, _ = make_hub(lambda r, n: httpx.Response(500, content=endless()))
    with pytest.raises(HubError) as info:
        await hub.fetch_listing(DAY)
    assert info.value.status == 500
    assert len(sent) < 100


# --- bad bodies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [b"not json", b'[{"paper": {"id": "2603.01234"', b"", b"\xff\xfe\x00garbage"]
)
async def test_invalid_json_is_a_bad_response(body):
    hub, _ = make_hub(lambda r, n: httpx.Response(200, content=body))
    with pytest.raises(BadResponseError, match="not valid JSON"):
        await hub.fetch_listing(DAY)


@pytest.mark.parametrize("body", [b'{"papers": []}', b'{"error": "x"}', b'"text"', b"42", b"null"])
async def test_listing_that_is_not_a_list_is_a_bad_response(body):
    hub, _ = make_hub(lambda r, n: httpx.Response(200, content=body))
    with pytest.raises(BadResponseError, match="other than a list"):
        await hub.fetch_listing(DAY)
    with pytest.raises(BadResponseError):
        await hub.fetch_listing(ListingQuery(ListingKind.SEARCH, text="x"))


async def test_body_over_the_limit_with_content_length(monkeypatch):
    monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", 1000)
    hub, _ = make_hub(lambda r, n: httpx.Response(200, json=page(0, 100)))
    with pytest.raises(BadResponseError, match="too large"):
        await hub.fetch_listing(DAY)


async def test_streamed_body_over_the_limit(monkeypatch):
    monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", 1000)
    chunks_sent: list[int] = []

    async def endless():
        yield b"["
        for _ in range(10_000):
            chunks_sent.append(1)
            yield b'{"paper": {"id": "2603.00001"}},'

    def answer(request: httpx.Request, n: int) -> httpx.Response:
        return httpx.Response(200, content=endless())

    hub, _ = make_hub(answer)
    with pytest.raises(BadResponseError, match="too large"):
        await hub.fetch_listing(DAY)
    assert len(chunks_sent) < 100  # reading stopped early


async def test_body_at_the_limit_is_read(monkeypatch):
    body = json.dumps(page(0, 3)).encode()
    monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", len(body))
    hub, _ = make_hub(lambda r, n: httpx.Response(200, content=body))
    assert len(await hub.fetch_listing(DAY)) == 3


# --- network failures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ConnectError("[Errno -2] Name or service not known"),
        httpx.ReadError("connection reset"),
        httpx.RemoteProtocolError("peer closed connection"),
        OSError("network is unreachable"),
    ],
)
async def test_connection_failures_are_offline(exc):
    def answer(request: httpx.Request, n: int) -> httpx.Response:
        raise exc

    hub, rec = make_hub(answer)
    with pytest.raises(OfflineError) as info:
        await hub.fetch_listing(DAY)
    assert info.value.message.startswith(f"Cannot reach {BASE}")
    assert len(rec.requests) == 1  # said at once, not after silent retries


@pytest.mark.parametrize(
    "exc",
    [httpx.ConnectTimeout("connect"), httpx.ReadTimeout("read"), httpx.PoolTimeout("pool")],
)
async def test_timeouts_are_offline(exc):
    def answer(request: httpx.Request, n: int) -> httpx.Response:
        raise exc

    hub, rec = make_hub(answer)
    with pytest.raises(OfflineError, match="did not answer in time"):
        await hub.fetch_paper("2603.01234")
    assert len(rec.requests) == 1


async def test_offline_then_back_online():
    def answer(request: httpx.Request, n: int) -> httpx.Response:
        if n == 0:
            raise httpx.ConnectError("blip")
        return httpx.Response(200, json={"id": "2603.01234", "title": "T"})

    hub, rec = make_hub(answer)
    with pytest.raises(OfflineError, match="blip"):
        await hub.fetch_paper("2603.01234")
    assert (await hub.fetch_paper("2603.01234"))["id"] == "2603.01234"
    assert len(rec.requests) == 2


async def test_redirect_loop_is_a_hub_error():
    recorder = Recorder(lambda r, n: httpx.Response(302, headers={"Location": "/api/loop"}))
    client = httpx.AsyncClient(
        base_url=BASE,
        transport=httpx.MockTransport(recorder),
        follow_redirects=True,
        max_redirects=3,
    )
    hub = HubClient(client, retry_delays=(0, 0))
    with pytest.raises(HubError, match="too many redirects"):
        await hub.fetch_paper("2603.01234")
    assert len(recorder.requests) == 4


# --- the real client's settings ---------------------------------------------------------------


async def test_make_client_settings():
    client = make_client("https://example.test/", token="hf_secret", timeout=20.0)
    try:
        assert str(client.base_url).rstrip("/") == "https://example.test"
        assert client.headers["User-Agent"].startswith("paperreader/")
        assert client.headers["Accept"] == "application/json"
        assert "Authorization" not in client.headers  # added per request, for its host only
        assert len(client.event_hooks["request"]) == 1
        assert client.timeout.read == 20.0
        assert client.timeout.connect == 5.0
        assert client.follow_redirects is True
        assert client.max_redirects == 5
        assert HubClient(client).endpoint == "https://example.test"
    finally:
        await client.aclose()
    anonymous = make_client("https://example.test")
    assert "Authorization" not in anonymous.headers and anonymous.event_hooks["request"] == []
    await anonymous.aclose()


async def test_aclose_closes_the_client():
    hub, _ = make_hub(lambda r, n: httpx.Response(200, json=[]))
    await hub.aclose()
    assert hub._client.is_closed
