"""Integration tests over loopback: HubClient and Session against tests/support/fakehub.py.

Nothing here reaches the internet: every client points at the fake hub on 127.0.0.1 (or at a
closed loopback port).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pytest
from support.fakehub import (
    ANSI_TITLE_CLEAN,
    BIG_DAY,
    BOLD_TITLE,
    CLICK_TITLE,
    LATEST_DAY,
    MANY_AUTHORS,
    NO_ID_TITLE,
    PLAIN_PAPER_ID,
    Q_ANSI,
    Q_BOLD,
    Q_CLICK,
    Q_HIDDEN_AUTHOR,
    Q_MANY_AUTHORS,
    Q_NULLS,
    Q_ORG_WRAPPER,
    Q_USER_ONLY,
    Q_WITHDRAWN,
    Q_WRAPPED,
    RICH_PAPER_ID,
    TRENDING_EXTRAS,
    UNKNOWN_PAPER_ID,
    closed_port_url,
    raw_ids,
)
from support.sessions import collect

from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    NotFoundError,
    OfflineError,
    PaperReaderError,
    RateLimitedError,
)
from paperreader.domain.models import ListingKind, ListingQuery, Origin
from paperreader.formats.hub_json import parse_items, parse_paper
from paperreader.platform import paths
from paperreader.service.compose import build_session
from paperreader.sources.hub import MAX_BODY_BYTES

DAILY, WEEKLY, MONTHLY = ListingKind.DAILY, ListingKind.WEEKLY, ListingKind.MONTHLY
TRENDING, SEARCH = ListingKind.TRENDING, ListingKind.SEARCH
W40_DAYS = ("2026-09-29", "2026-09-30", "2026-10-01", "2026-10-02")
OCTOBER_DAYS = ("2026-10-01", "2026-10-02")


def day_ids(hub, *days):
    return [paper_id for day in days for paper_id in hub.data.day_ids(day)]


def raw_day_items(hub, day):
    """The raw items of one fixture day, as the hub would send them."""
    return list(hub.data.days[day])


# --------------------------------------------------------------------------------------------
# The fake hub itself serves the documented shapes
# --------------------------------------------------------------------------------------------


async def test_fake_hub_validates_parameters_like_the_hub(fake_hub):
    async with httpx.AsyncClient(base_url=fake_hub.url) as http:
        for params in (
            {"date": "2025-13-40"},
            {"week": "2026-W53"},
            {"month": "2026-13"},
            {"limit": "0"},
            {"limit": "101"},
            {"p": "-1"},
        ):
            response = await http.get("/api/daily_papers", params=params)
            assert response.status_code == 400, params
            assert "Invalid" in response.json()["error"]
        response = await http.get("/api/papers/search", params={"q": "x", "limit": "121"})
        assert response.status_code == 400
        default = await http.get("/api/daily_papers")
        assert len(default.json()) == len(fake_hub.data.days[LATEST_DAY])  # default limit 50


async def test_fake_hub_sends_a_next_link_until_the_last_page(fake_hub):
    async with httpx.AsyncClient(base_url=fake_hub.url) as http:
        first = await http.get("/api/daily_papers", params={"date": BIG_DAY, "limit": 100})
        last = await http.get("/api/daily_papers", params={"date": BIG_DAY, "limit": 100, "p": 2})
    assert first.links["next"]["url"].startswith("/api/daily_papers?")
    assert "p=1" in first.links["next"]["url"] and f"date={BIG_DAY}" in first.links["next"]["url"]
    assert "link" not in last.headers
    assert len(last.json()) == 30


async def test_fake_hub_serves_comments_and_markdown(fake_hub):
    async with httpx.AsyncClient(base_url=fake_hub.url) as http:
        plain = (await http.get(f"/api/papers/{RICH_PAPER_ID}")).json()
        detail = (await http.get(f"/api/papers/{RICH_PAPER_ID}?field=comments")).json()
        markdown = await http.get(f"/papers/{RICH_PAPER_ID}.md")
        missing_md = await http.get(f"/papers/{PLAIN_PAPER_ID}.md")
    assert "comments" not in plain and "numComments" not in plain
    assert plain["numTotalModels"] > len(plain["linkedModels"]) > 0
    comments = detail["comments"]
    assert [c["data"]["hidden"] for c in comments].count(True) == 1
    replies = [c for c in comments if c["data"].get("parentCommentId")]
    assert [r["data"]["parentCommentId"] for r in replies] == [comments[0]["id"]]
    assert any("[@click=app.quit]" in c["data"]["latest"]["raw"] for c in comments)
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    for piece in ("\n# ", "\n## ", "|---|", "```python", "$$"):
        assert piece in "\n" + markdown.text
    assert missing_md.status_code == 404


def test_fake_hub_runs_by_hand_without_pythonpath(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    script = Path(__file__).resolve().parents[1] / "support" / "fakehub.py"
    process = subprocess.Popen(
        [sys.executable, str(script), "--port", "0", "--quiet"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert first_line.startswith("Fake Hugging Face hub serving at http://127.0.0.1:")
        url = first_line.split()[-1]
        response = httpx.get(f"{url}/api/daily_papers", params={"limit": 2}, timeout=5)
        assert response.status_code == 200 and len(response.json()) == 2
        process.send_signal(signal.SIGINT)  # Ctrl-C
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()


# --------------------------------------------------------------------------------------------
# Listings through HubClient
# --------------------------------------------------------------------------------------------


async def test_daily_latest_is_the_latest_day(fake_hub, make_hub_client):
    items = await make_hub_client().fetch_listing(ListingQuery(DAILY))

    (request,) = fake_hub.requests
    assert request.path == "/api/daily_papers"
    assert request.params == {"limit": "100", "p": "0"}
    assert len(items) == len(fake_hub.data.days[LATEST_DAY])
    parsed = parse_items(items)
    assert parsed.skipped == 1  # the item without an id
    assert {p.daily_date for p in parsed.papers if p.daily_date} == {date(2026, 10, 2)}


async def test_daily_by_date_follows_three_pages(fake_hub, make_hub_client):
    progress = []
    items = await make_hub_client().fetch_listing(
        ListingQuery(DAILY, BIG_DAY), progress=lambda pages, n: progress.append((pages, n))
    )

    assert fake_hub.pages() == [0, 1, 2]
    assert all(r.params["date"] == BIG_DAY for r in fake_hub.requests)
    assert all(r.params["limit"] == "100" for r in fake_hub.requests)
    ids = raw_ids(items)
    assert len(ids) == 230 == len(set(ids))
    assert ids == day_ids(fake_hub, BIG_DAY)
    assert progress == [(1, 100), (2, 200), (3, 230)]


async def test_weekly_selects_the_iso_week(fake_hub, make_hub_client):
    items = await make_hub_client().fetch_listing(ListingQuery(WEEKLY, "2026-W40"))

    assert {r.params["week"] for r in fake_hub.requests} == {"2026-W40"}
    assert fake_hub.pages() == [0, 1, 2, 3]
    ids = [i["paper"].get("id") for i in items]
    assert sorted(filter(None, ids)) == sorted(day_ids(fake_hub, *W40_DAYS))
    assert not set(ids) & set(fake_hub.data.day_ids("2026-09-25"))  # W39


async def test_monthly_selects_the_calendar_month(fake_hub, make_hub_client):
    client = make_hub_client()
    october = await client.fetch_listing(ListingQuery(MONTHLY, "2026-10"))
    september = await client.fetch_listing(ListingQuery(MONTHLY, "2026-09"))

    assert sorted(filter(None, (i["paper"].get("id") for i in october))) == sorted(
        day_ids(fake_hub, *OCTOBER_DAYS)
    )
    assert sorted(raw_ids(september)) == sorted(
        day_ids(fake_hub, "2026-09-25", "2026-09-29", BIG_DAY)
    )
    assert [r.params["month"] for r in fake_hub.requests] == ["2026-10"] + ["2026-09"] * 3


async def test_trending_asks_for_the_trending_sort(fake_hub, make_hub_client):
    items = await make_hub_client().fetch_listing(ListingQuery(TRENDING))

    (request,) = fake_hub.requests
    assert request.params["sort"] == "trending"
    assert raw_ids(items) == raw_ids(fake_hub.data.trending)
    assert set(TRENDING_EXTRAS) <= set(raw_ids(items))  # older papers trend too


async def test_search_parses_highlights(fake_hub, make_hub_client):
    items = await make_hub_client().fetch_listing(ListingQuery(SEARCH, text="tiny models"))

    (request,) = fake_hub.requests
    assert request.path == "/api/papers/search"
    assert request.params == {"q": "tiny models", "limit": "120"}
    assert all("submittedBy" not in item and "organization" not in item for item in items)
    papers = parse_items(items).papers
    assert papers[0].id == RICH_PAPER_ID
    spans = papers[0].highlighted_title
    assert "".join(s.text for s in spans) == papers[0].title == "Tiny Models Read Papers"
    assert [s.text for s in spans if s.highlight] == ["Tiny", "Models"]


async def test_search_results_match_every_word(fake_hub, make_hub_client):
    items = await make_hub_client().fetch_listing(
        ListingQuery(SEARCH, text="diffusion transformers")
    )

    papers = parse_items(items).papers
    assert len(papers) > 5
    for paper in papers:
        text = f"{paper.title} {paper.summary}".lower()
        assert "diffusion" in text and "transformers" in text
    titled = [p for p in papers if "diffusion" in p.title.lower()]
    assert titled and all(any(s.highlight for s in p.highlighted_title) for p in titled)
    assert all("".join(s.text for s in p.highlighted_title) == p.title for p in titled)


async def test_paper_detail_is_flat_with_linked_repos(fake_hub, make_hub_client):
    data = await make_hub_client().fetch_paper(RICH_PAPER_ID)

    assert fake_hub.requests[0].path == f"/api/papers/{RICH_PAPER_ID}"
    assert data["linkedModels"][0]["id"] == "example/tiny-1b"
    paper = parse_paper(data)
    assert paper.title == "Tiny Models Read Papers"
    assert [a.name for a in paper.authors] == ["Ada Lovelace", "Alan Turing"]
    assert paper.github_repo == "https://github.com/example/tiny"
    assert paper.ai_summary == "Tiny models read papers well."
    assert paper.num_comments is None  # the detail endpoint has no numComments


async def test_hf_token_is_sent_as_a_bearer_header(fake_hub, make_hub_client, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "x")
    await make_hub_client(token=paths.token()).fetch_paper(RICH_PAPER_ID)
    await make_hub_client(token=None).fetch_paper(RICH_PAPER_ID)

    with_token, without = fake_hub.requests
    assert with_token.header("Authorization") == "Bearer x"
    assert without.header("Authorization") is None
    assert with_token.header("User-Agent").startswith("paperreader/")


async def test_build_session_uses_the_endpoint_and_token(fake_hub, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "secret-token")
    session = build_session(endpoint=fake_hub.url, token=paths.token())
    try:
        listing = await session.papers.get_listing(ListingQuery(DAILY, LATEST_DAY))
    finally:
        await session.aclose()

    assert listing.origin is Origin.NETWORK and len(listing.papers) == 30
    assert {r.header("authorization") for r in fake_hub.requests} == {"Bearer secret-token"}
    assert any(paths.cache_dir().iterdir())  # cached in the isolated cache dir


# --------------------------------------------------------------------------------------------
# Failures map to typed errors
# --------------------------------------------------------------------------------------------


async def test_invalid_date_is_a_400_hub_error(fake_hub, make_hub_client):
    with pytest.raises(HubError) as caught:
        await make_hub_client().fetch_listing(ListingQuery(DAILY, "2025-13-40"))
    assert caught.value.status == 400
    assert "2025-13-40" in caught.value.message


async def test_429_is_rate_limited_with_retry_after(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "status", status=429, headers={"Retry-After": "3"}, times=1)

    with pytest.raises(RateLimitedError) as caught:
        await make_hub_client().fetch_listing(ListingQuery(DAILY))
    assert caught.value.retry_after == 3.0
    assert "rate-limiting" in caught.value.message and "3 s" in caught.value.message
    assert len(fake_hub.requests) == 1  # a 429 is not hammered with retries


async def test_429_reads_the_ratelimit_header_when_there_is_no_retry_after(
    fake_hub, make_hub_client
):
    fake_hub.fail("/", "status", status=429, headers={"RateLimit": '"api";r=0;t=42'})

    with pytest.raises(RateLimitedError) as caught:
        await make_hub_client().fetch_paper(RICH_PAPER_ID)
    assert caught.value.retry_after == 42.0


async def test_500_is_a_hub_error_with_the_message(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "status", status=500, error="database on fire")

    with pytest.raises(HubError) as caught:
        await make_hub_client().fetch_listing(ListingQuery(DAILY))
    assert caught.value.status == 500
    assert caught.value.message == "Hugging Face answered HTTP 500: database on fire"
    assert len(fake_hub.requests) == 1  # 500 is not retried


async def test_503_is_retried_then_succeeds(fake_hub, make_hub_client):
    fault = fake_hub.fail("/api/daily_papers", "status", status=503, times=1)

    items = await make_hub_client().fetch_listing(ListingQuery(DAILY, LATEST_DAY))

    assert fault.hits == 1
    assert fake_hub.pages() == [0, 0]
    assert len(items) == len(fake_hub.data.days[LATEST_DAY])


async def test_503_that_persists_gives_up_after_the_retries(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "status", status=503)

    with pytest.raises(HubError) as caught:
        await make_hub_client(retry_delays=(0, 0)).fetch_listing(ListingQuery(DAILY))
    assert caught.value.status == 503
    assert len(fake_hub.requests) == 3


async def test_a_stalled_hub_is_offline_after_the_timeout(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "stall")

    started = time.monotonic()
    with pytest.raises(OfflineError) as caught:
        await make_hub_client(timeout=0.3).fetch_listing(ListingQuery(DAILY))
    assert time.monotonic() - started < 2.0
    assert "did not answer in time" in caught.value.message
    assert fake_hub.url in caught.value.message


async def test_a_short_delay_is_still_an_answer(fake_hub, make_hub_client):
    fake_hub.fail("/api/papers/", "delay", seconds=0.1)

    data = await make_hub_client(timeout=2.0).fetch_paper(RICH_PAPER_ID)

    assert data["id"] == RICH_PAPER_ID


async def test_connection_refused_is_offline(make_hub_client):
    url = closed_port_url()

    with pytest.raises(OfflineError) as caught:
        await make_hub_client(endpoint=url).fetch_listing(ListingQuery(DAILY))
    assert caught.value.message.startswith(f"Cannot reach {url}")


async def test_a_dropped_connection_is_offline(fake_hub, make_hub_client):
    fake_hub.fail("/", "disconnect")

    with pytest.raises(OfflineError):
        await make_hub_client().fetch_paper(RICH_PAPER_ID)


@pytest.mark.parametrize("path", ["/api/daily_papers", "/api/papers/"])
async def test_a_truncated_body_is_an_error(fake_hub, make_hub_client, path):
    fake_hub.fail(path, "truncate")
    client = make_hub_client()

    with pytest.raises(PaperReaderError) as caught:
        if path == "/api/daily_papers":
            await client.fetch_listing(ListingQuery(DAILY))
        else:
            await client.fetch_paper(RICH_PAPER_ID)
    assert caught.value.message


async def test_invalid_json_is_a_bad_response(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "invalid_json")

    with pytest.raises(BadResponseError) as caught:
        await make_hub_client().fetch_listing(ListingQuery(DAILY))
    assert "not valid JSON" in caught.value.message


async def test_an_object_instead_of_a_list_is_a_bad_response(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "wrong_shape")

    with pytest.raises(BadResponseError) as caught:
        await make_hub_client().fetch_listing(ListingQuery(TRENDING))
    assert "other than a list" in caught.value.message


async def test_a_list_instead_of_a_paper_is_a_bad_response(fake_hub, make_hub_client):
    fake_hub.fail("/api/papers/", "wrong_shape")

    with pytest.raises(BadResponseError):
        await make_hub_client().fetch_paper(RICH_PAPER_ID)


async def test_a_huge_declared_body_is_refused_without_reading_it(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "huge")

    started = time.monotonic()
    with pytest.raises(BadResponseError) as caught:
        await make_hub_client().fetch_listing(ListingQuery(DAILY))
    assert "too large" in caught.value.message
    assert time.monotonic() - started < 2.0


async def test_a_huge_streamed_body_is_capped(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "huge", declared=False, size=MAX_BODY_BYTES + 2**20)

    with pytest.raises(BadResponseError) as caught:
        await make_hub_client(timeout=5.0).fetch_listing(ListingQuery(DAILY))
    assert "too large" in caught.value.message


async def test_a_huge_error_body_is_not_read_to_the_end(fake_hub, make_hub_client):
    fake_hub.fail("/api/papers/", "huge", declared=False, size=2**30, status=500)

    started = time.monotonic()
    with pytest.raises(HubError) as caught:
        await make_hub_client(timeout=5.0).fetch_paper(RICH_PAPER_ID)
    assert caught.value.status == 500
    assert time.monotonic() - started < 3.0


async def test_a_redirect_loop_is_a_hub_error(fake_hub, make_hub_client):
    fake_hub.fail("/api/daily_papers", "redirect_loop")

    with pytest.raises(HubError) as caught:
        await make_hub_client().fetch_listing(ListingQuery(DAILY))
    assert "redirect" in caught.value.message
    assert 1 < len(fake_hub.requests) <= 10
    assert fake_hub.requests[-1].path.startswith("/__redirect/")


async def test_an_unknown_paper_is_not_found(fake_hub, make_hub_client):
    with pytest.raises(NotFoundError) as caught:
        await make_hub_client().fetch_paper(UNKNOWN_PAPER_ID)
    assert caught.value.status == 404
    assert "Paper not found" in caught.value.message


async def test_an_empty_list_is_an_empty_listing(fake_hub, make_service):
    fake_hub.fail("/api/daily_papers", "empty")

    listing = await make_service().papers.get_listing(ListingQuery(DAILY, LATEST_DAY))

    assert listing.papers == () and listing.skipped == 0
    assert listing.origin is Origin.NETWORK and listing.error is None


# --------------------------------------------------------------------------------------------
# Session: cache-then-network, offline, defensive parsing
# --------------------------------------------------------------------------------------------


async def test_second_call_is_served_from_the_cache(fake_hub, make_service):
    session = make_service()
    query = ListingQuery(DAILY, BIG_DAY)
    first = await session.papers.get_listing(query)
    assert first.origin is Origin.NETWORK and len(first.papers) == 230
    requests_before = len(fake_hub.requests)

    listings = await collect(session, query)

    assert [(x.origin, x.stale) for x in listings] == [(Origin.CACHE, False)]
    assert listings[0].papers == first.papers
    assert len(fake_hub.requests) == requests_before == 3


async def test_a_stale_cache_is_shown_then_refreshed(fake_hub, make_service):
    session = make_service()
    query = ListingQuery(DAILY, BIG_DAY)
    full = await session.papers.get_listing(query)
    old_items = raw_day_items(fake_hub, BIG_DAY)[:10]
    session.cache.put_listing(query, old_items, fetched_at=time.time() - 3 * 86400)
    fake_hub.reset()

    listings = await collect(session, query)

    assert [(x.origin, x.stale) for x in listings] == [
        (Origin.CACHE, True),
        (Origin.NETWORK, False),
    ]
    assert len(listings[0].papers) == 10
    assert listings[1].papers == full.papers and listings[1].error is None
    assert fake_hub.pages() == [0, 1, 2]
    again = await collect(session, query)  # the refresh was stored
    assert [(x.origin, x.stale, len(x.papers)) for x in again] == [(Origin.CACHE, False, 230)]


@pytest.mark.parametrize(
    ("mode", "options", "expected"),
    [
        ("status", {"status": 500}, "HTTP 500"),
        ("stall", {}, "did not answer in time"),
        ("invalid_json", {}, "not valid JSON"),
        ("wrong_shape", {}, "other than a list"),
    ],
)
async def test_a_failed_refresh_keeps_the_cached_copy(
    fake_hub, make_service, mode, options, expected
):
    session = make_service(timeout=0.3)
    query = ListingQuery(DAILY, LATEST_DAY)
    items = raw_day_items(fake_hub, LATEST_DAY)
    session.cache.put_listing(query, items, fetched_at=time.time() - 86400)
    fake_hub.fail("/api/daily_papers", mode, **options)

    listings = await collect(session, query)

    assert len(listings) == 2
    cached, kept = listings
    assert cached.origin is Origin.CACHE and cached.stale and cached.error is None
    assert kept.origin is Origin.CACHE and kept.stale
    assert expected in kept.error
    assert kept.papers == cached.papers and len(kept.papers) == 30
    fake_hub.clear_faults()
    fake_hub.fail("/", "disconnect")
    again = await collect(session, query)  # the bad answer did not replace the cached copy
    assert again[0].papers == cached.papers and again[-1].error


async def test_a_failure_with_nothing_cached_raises(fake_hub, make_service):
    fake_hub.fail("/api/daily_papers", "status", status=429, headers={"Retry-After": "7"})

    with pytest.raises(RateLimitedError) as caught:
        await make_service().papers.get_listing(ListingQuery(DAILY))
    assert caught.value.retry_after == 7.0


async def test_force_goes_to_the_network_even_when_fresh(fake_hub, make_service):
    session = make_service()
    query = ListingQuery(TRENDING)
    await session.papers.get_listing(query)

    listings = await collect(session, query, force=True)

    assert [x.origin for x in listings] == [Origin.NETWORK]
    assert len(fake_hub.requests) == 2


async def test_offline_mode_never_touches_the_hub(fake_hub, make_service):
    query = ListingQuery(DAILY, BIG_DAY)
    online = make_service()
    await online.papers.get_listing(query)
    await online.papers.get_paper(RICH_PAPER_ID)
    await online.aclose()
    fake_hub.reset()

    offline = make_service(offline=True)
    listings = await collect(offline, query)
    forced = await collect(offline, query, force=True)
    paper, origin = await offline.papers.get_paper(RICH_PAPER_ID)
    with pytest.raises(OfflineError) as listing_error:
        await offline.papers.get_listing(ListingQuery(DAILY, "2026-09-25"))
    with pytest.raises(OfflineError) as paper_error:
        await offline.papers.get_paper(PLAIN_PAPER_ID)

    assert fake_hub.requests == []
    assert [(x.origin, len(x.papers), x.error) for x in listings] == [(Origin.CACHE, 230, None)]
    assert [x.origin for x in forced] == [Origin.CACHE] and "Offline" in forced[0].error
    assert paper.id == RICH_PAPER_ID and origin is Origin.CACHE
    assert "nothing is cached" in listing_error.value.message
    assert PLAIN_PAPER_ID in paper_error.value.message


async def test_offline_with_an_empty_cache_raises(fake_hub, make_service):
    with pytest.raises(OfflineError):
        await make_service(offline=True).papers.get_listing(ListingQuery(TRENDING))
    assert fake_hub.requests == []


async def test_paper_detail_is_cached(fake_hub, make_service):
    session = make_service()
    paper, origin = await session.papers.get_paper(RICH_PAPER_ID)
    again, again_origin = await session.papers.get_paper(f"arXiv:{RICH_PAPER_ID}")

    assert (origin, again_origin) == (Origin.NETWORK, Origin.CACHE)
    assert again == paper
    assert len(fake_hub.requests) == 1


async def test_an_unreadable_paper_detail_is_a_bad_response(fake_hub, make_service):
    fake_hub.fail("/api/papers/", "wrong_types")

    with pytest.raises(BadResponseError):
        await make_service().papers.get_paper(RICH_PAPER_ID)


async def test_an_unknown_paper_through_the_service(fake_hub, make_service):
    with pytest.raises(NotFoundError):
        await make_service().papers.get_paper(UNKNOWN_PAPER_ID)


async def test_malformed_items_are_skipped_and_counted(fake_hub, make_service):
    listing = await make_service().papers.get_listing(ListingQuery(DAILY))

    assert listing.skipped == 1
    assert len(listing.papers) == len(fake_hub.data.days[LATEST_DAY]) - 1 == 30
    assert NO_ID_TITLE not in {p.title for p in listing.papers}
    assert listing.effective_period == LATEST_DAY


async def test_items_of_the_wrong_types_are_skipped(fake_hub, make_service):
    fake_hub.fail("/api/daily_papers", "wrong_types")

    listing = await make_service().papers.get_listing(ListingQuery(DAILY, LATEST_DAY))

    assert listing.papers == ()
    assert listing.skipped == len(fake_hub.data.days[LATEST_DAY])


async def test_fields_of_the_wrong_types_fall_back_to_defaults(fake_hub, make_service):
    fake_hub.fail("/api/daily_papers", "wrong_types", keep_ids=True)

    listing = await make_service().papers.get_listing(ListingQuery(DAILY, LATEST_DAY))

    assert len(listing.papers) == 30 and listing.skipped == 1
    for paper in listing.papers:
        assert paper.summary == "" and paper.upvotes == 0 and paper.authors == ()
        assert paper.published_at is None and paper.submitted_on_daily_at is None
        assert paper.github_repo is None and paper.github_stars is None
        assert paper.project_page is None and paper.organization is None
        assert paper.ai_summary is None and paper.ai_keywords == ()
        assert paper.num_comments is None and paper.submitted_by is None
        assert paper.highlighted_title == ()


async def test_markup_titles_stay_literal_and_escapes_are_stripped(fake_hub, make_service):
    listing = await make_service().papers.get_listing(ListingQuery(DAILY))
    by_id = {p.id: p for p in listing.papers}

    assert by_id[Q_BOLD].title == BOLD_TITLE
    assert by_id[Q_CLICK].title == CLICK_TITLE
    assert by_id[Q_ANSI].title == ANSI_TITLE_CLEAN
    assert "[red]summary[/red]" in by_id[Q_BOLD].summary
    assert by_id[Q_ANSI].summary == "Escapes bold and a link must not reach the terminal."
    for paper in listing.papers:
        assert "\x1b" not in paper.title + paper.summary


async def test_quirk_items_are_read_defensively(fake_hub, make_service):
    listing = await make_service().papers.get_listing(ListingQuery(DAILY))
    by_id = {p.id: p for p in listing.papers}

    user_only = by_id[Q_USER_ONLY]
    assert user_only.submitted_by == "quirky"
    assert user_only.authors[0].username == "ada"
    assert [a.name for a in by_id[Q_HIDDEN_AUTHOR].authors] == ["Visible First", "Visible Last"]
    nulls = by_id[Q_NULLS]
    assert nulls.submitted_on_daily_at is None and nulls.organization is None
    assert nulls.github_repo is None and nulls.ai_keywords == () and not nulls.withdrawn
    assert by_id[Q_WRAPPED].summary == (
        "The first paragraph of this abstract is hard-wrapped at odd places like arXiv "
        "sources are.\n\nA second paragraph follows after a blank line."
    )
    assert by_id[Q_ORG_WRAPPER].organization.label == "Open Science Collective"
    assert by_id[Q_WITHDRAWN].withdrawn
    assert len(by_id[Q_MANY_AUTHORS].authors) == MANY_AUTHORS
    regular = [p for p in listing.papers if p.id < "2610.029"]
    assert regular and all("\n" not in p.summary for p in regular)


async def test_search_through_the_service(fake_hub, make_service):
    listing = await make_service().papers.get_listing(ListingQuery(SEARCH, text="Tiny Models"))

    assert listing.origin is Origin.NETWORK
    top = listing.papers[0]
    assert top.id == RICH_PAPER_ID
    assert [s.text for s in top.highlighted_title if s.highlight] == ["Tiny", "Models"]


@pytest.mark.parametrize(
    ("kind", "param", "expected", "days"),
    [
        (WEEKLY, "week", "2026-W40", W40_DAYS),
        (MONTHLY, "month", "2026-10", OCTOBER_DAYS),
    ],
)
async def test_latest_week_and_month_ask_for_the_current_period(
    fake_hub, make_service, kind, param, expected, days
):
    listing = await make_service().papers.get_listing(ListingQuery(kind))

    assert {r.params.get(param) for r in fake_hub.requests} == {expected}
    assert sorted(p.id for p in listing.papers) == sorted(day_ids(fake_hub, *days))


async def test_when_the_hub_answers_500_the_library_answers(fake_hub, make_service, tmp_path):
    from paperreader.storage.library import Library

    day = ListingQuery(DAILY, "2026-09-29")
    first = make_service()
    first.library.store = Library(tmp_path / "library.sqlite3")
    fetched = await first.papers.get_listing(day)  # stored in the library behind the listing
    await first.aclose()
    first.cache.clear()  # the listing cache may be deleted at any time

    fake_hub.fail("/api/", "status", status=500, error="boom")
    second = make_service()
    second.library.store = Library(tmp_path / "library.sqlite3")
    listing = await second.papers.get_listing(day)
    paper, origin = await second.papers.get_paper(fetched.papers[0].id)
    await second.aclose()

    assert listing.origin is Origin.LIBRARY
    assert "HTTP 500" in listing.error
    assert {p.id for p in listing.papers} == {p.id for p in fetched.papers}
    assert (paper.id, paper.title, origin) == (
        fetched.papers[0].id,
        fetched.papers[0].title,
        Origin.LIBRARY,
    )
    assert fake_hub.requests  # the hub was asked, and failed
