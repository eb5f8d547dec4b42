"""Linked repos, the discussion and the full text end to end: HubClient and Session
against the loopback fake hub (tests/support/fakehub.py), and the demo source.

Fixture papers: RICH_PAPER_ID has linked repos, four comments (one a reply, one hidden as
spam, one whose text looks like markup and carries escapes) and a Markdown full text with
headings, a table, code and math; PLAIN_PAPER_ID has nothing linked and no full text (404).
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from support.fakehub import PLAIN_PAPER_ID, RICH_MARKDOWN, RICH_PAPER_ID, UNKNOWN_PAPER_ID
from support.fakes import no_sockets
from support.scripted_hub import make_hub
from support.sessions import demo_session

from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    UsageError,
)
from paperreader.domain.models import Origin
from paperreader.platform import paths
from paperreader.service.compose import build_session
from paperreader.sources.demo import SHOWCASE_ID, demo_has_full_text, demo_items, demo_repo_level
from paperreader.storage.cache import DISCUSSION_TTL, EXTRAS_TTL, NO_FULL_TEXT_TTL, ListingCache

RICH_PATH = f"/api/papers/{RICH_PAPER_ID}"
RICH_MD = f"/papers/{RICH_PAPER_ID}.md"
PLAIN_MD = f"/papers/{PLAIN_PAPER_ID}.md"


def cache_for(fake_hub) -> ListingCache:
    """The cache the sessions of `make_service` share (to age entries by hand)."""
    return ListingCache(paths.cache_dir(), fake_hub.url)


# --- HubClient ----------------------------------------------------------------------------


async def test_fetch_paper_asks_for_comments_only_when_told(fake_hub, make_hub_client):
    client = make_hub_client()
    plain = await client.fetch_paper(RICH_PAPER_ID)
    with_comments = await client.fetch_paper(RICH_PAPER_ID, comments=True)
    assert "comments" not in plain
    assert len(with_comments["comments"]) == 4
    assert plain["numTotalModels"] == with_comments["numTotalModels"] == 7
    first, second = fake_hub.requests_to(RICH_PATH)
    assert "field" not in first.query
    assert second.query["field"] == ["comments"]


async def test_fetch_full_text_reads_markdown(fake_hub, make_hub_client):
    text = await make_hub_client().fetch_full_text(RICH_PAPER_ID)
    assert text == RICH_MARKDOWN
    (request,) = fake_hub.requests_to(RICH_MD)
    accept = request.header("accept") or ""
    assert "text/markdown" in accept and "application/json" not in accept


@pytest.mark.parametrize("paper_id", [PLAIN_PAPER_ID, UNKNOWN_PAPER_ID])
async def test_no_full_text_is_none(fake_hub, make_hub_client, paper_id):
    assert await make_hub_client().fetch_full_text(paper_id) is None


async def test_a_malformed_id_is_refused_before_any_request(fake_hub, make_hub_client):
    with pytest.raises(UsageError):
        await make_hub_client().fetch_full_text("../../etc/passwd")
    with pytest.raises(UsageError):
        await make_hub_client().fetch_paper("2603.1", comments=True)
    assert fake_hub.requests == []


async def test_full_text_as_plain_text_is_accepted(fake_hub, make_hub_client):
    fake_hub.fail("/papers/", "status", status=200, body="# Plain\n\nText ✓\n")
    assert await make_hub_client().fetch_full_text(RICH_PAPER_ID) == "# Plain\n\nText ✓\n"


@pytest.mark.parametrize(
    ("mode", "options", "error", "words"),
    [
        ("status", {"status": 500}, HubError, "HTTP 500"),
        ("status", {"status": 403}, HubError, "HTTP 403"),
        ("status", {"status": 429, "headers": {"Retry-After": "7"}}, RateLimitedError, "7 s"),
        ("json", {"body": {"markdown": "# no"}}, BadResponseError, "instead of"),
        ("huge", {}, BadResponseError, "too large"),
        ("stall", {}, OfflineError, "did not answer in time"),
        ("disconnect", {}, OfflineError, "Cannot reach"),
    ],
)
async def test_full_text_failures_are_typed(fake_hub, make_hub_client, mode, options, error, words):
    fake_hub.fail("/papers/", mode, **options)
    with pytest.raises(error) as caught:
        await make_hub_client(timeout=0.3).fetch_full_text(RICH_PAPER_ID)
    assert words in caught.value.message
    assert not isinstance(caught.value, NotFoundError)


async def test_a_busy_hub_is_retried_for_the_full_text(fake_hub, make_hub_client):
    fake_hub.fail("/papers/", "status", status=503, times=2)
    assert await make_hub_client().fetch_full_text(RICH_PAPER_ID) == RICH_MARKDOWN
    assert len(fake_hub.requests_to(RICH_MD)) == 3


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/markdown; charset=utf-8", "# Ü\n".encode(), "# Ü\n"),
        ("text/x-markdown", b"# x\n", "# x\n"),
        ("text/plain; charset=ISO-8859-1", "# café\n".encode("latin-1"), "# café\n"),
        ('text/markdown; charset="utf-8"', "# “q”\n".encode(), "# “q”\n"),
        ("text/markdown; charset=no-such-codec", "# é\n".encode(), "# é\n"),
        (None, b"# untyped\n", "# untyped\n"),
        ("text/markdown", b"bad \xff byte", "bad \ufffd byte"),
    ],
)
async def test_full_text_charsets(content_type, body, expected):
    def answer(request: httpx.Request, _: int) -> httpx.Response:
        assert request.url.path == f"/papers/{RICH_PAPER_ID}.md"
        headers = {"Content-Type": content_type} if content_type else {}
        return httpx.Response(200, content=body, headers=headers)

    hub, _ = make_hub(answer)
    assert await hub.fetch_full_text(RICH_PAPER_ID) == expected


async def test_an_html_page_is_not_taken_for_the_full_text():
    def answer(request: httpx.Request, _: int) -> httpx.Response:
        return httpx.Response(
            200, text="<html>sign in</html>", headers={"Content-Type": "text/html"}
        )

    hub, _ = make_hub(answer)
    with pytest.raises(BadResponseError, match="text/html"):
        await hub.fetch_full_text(RICH_PAPER_ID)


# --- Session: extras ------------------------------------------------------------------


async def test_extras_of_a_paper_with_linked_repos(fake_hub, make_service):
    extras = await make_service().details.get_extras(RICH_PAPER_ID)
    assert extras.paper_id == RICH_PAPER_ID
    assert extras.origin is Origin.NETWORK
    assert [(r.id, r.downloads, r.likes) for r in extras.models] == [
        ("example/tiny-1b", 1200, 8),
        ("example/tiny-3b", 300, 2),
    ]
    assert [r.id for r in extras.datasets] == ["example/reading-bench"]
    assert [(r.id, r.emoji) for r in extras.spaces] == [("example/tiny-demo", "📄")]
    assert (extras.total_models, extras.total_datasets, extras.total_spaces) == (7, 1, 3)
    assert extras.num_comments == 4
    (request,) = fake_hub.requests_to(RICH_PATH)
    assert request.query["field"] == ["comments"]


async def test_extras_of_a_paper_with_nothing_linked(fake_hub, make_service):
    extras = await make_service().details.get_extras(f"arXiv:{PLAIN_PAPER_ID} ")
    assert extras.paper_id == PLAIN_PAPER_ID
    assert extras.repos == () and not extras.has_repos
    assert extras.num_comments == 0


async def test_extras_and_discussion_share_one_cached_request(fake_hub, make_service):
    session = make_service()
    await session.details.get_extras(RICH_PAPER_ID)
    again = await session.details.get_extras(RICH_PAPER_ID)
    discussion = await session.details.get_discussion(RICH_PAPER_ID)
    assert again.origin is Origin.CACHE
    assert discussion.origin is Origin.CACHE
    assert discussion.total == 4
    assert len(fake_hub.requests_to(RICH_PATH)) == 1

    await session.details.get_extras(RICH_PAPER_ID, force=True)
    assert len(fake_hub.requests_to(RICH_PATH)) == 2


async def test_concurrent_callers_share_the_request(fake_hub, make_service):
    fake_hub.fail(RICH_PATH, "delay", seconds=0.3)
    session = make_service()
    extras, discussion = await asyncio.gather(
        session.details.get_extras(RICH_PAPER_ID), session.details.get_discussion(RICH_PAPER_ID)
    )
    assert extras.num_comments == discussion.total == 4
    assert len(fake_hub.requests_to(RICH_PATH)) == 1


async def test_a_cancelled_caller_does_not_cancel_the_request(fake_hub, make_service):
    """The detail pane cancels its fetch when the selection moves on; the answer still lands
    in the cache, and a caller waiting on the same request still gets it."""
    fake_hub.fail(RICH_PATH, "delay", seconds=0.3)
    session = make_service()
    first = asyncio.create_task(session.details.get_extras(RICH_PAPER_ID))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(session.details.get_discussion(RICH_PAPER_ID))
    await asyncio.sleep(0.05)
    first.cancel()
    assert (await second).total == 4
    with pytest.raises(asyncio.CancelledError):
        await first
    assert len(fake_hub.requests_to(RICH_PATH)) == 1
    assert (await session.details.get_extras(RICH_PAPER_ID)).origin is Origin.CACHE


async def test_extras_are_fresh_for_an_hour_the_discussion_for_ten_minutes(
    fake_hub, make_service, make_hub_client
):
    session = make_service()
    data = await make_hub_client().fetch_paper(RICH_PAPER_ID, comments=True)
    fake_hub.reset()
    cache = cache_for(fake_hub)
    cache.put_discussion(RICH_PAPER_ID, data, time.time() - DISCUSSION_TTL - 60)
    cache.close()

    assert (await session.details.get_extras(RICH_PAPER_ID)).origin is Origin.CACHE
    assert fake_hub.requests == []
    assert (await session.details.get_discussion(RICH_PAPER_ID)).origin is Origin.NETWORK
    assert len(fake_hub.requests_to(RICH_PATH)) == 1

    cache = cache_for(fake_hub)
    cache.put_discussion(RICH_PAPER_ID, data, time.time() - EXTRAS_TTL - 60)
    cache.close()
    assert (await session.details.get_extras(RICH_PAPER_ID)).origin is Origin.NETWORK
    assert len(fake_hub.requests_to(RICH_PATH)) == 2


async def test_extras_errors_are_typed_when_nothing_is_cached(fake_hub, make_service):
    fake_hub.fail("/api/papers/", "status", status=500)
    session = make_service()
    with pytest.raises(HubError) as caught:
        await session.details.get_extras(RICH_PAPER_ID)
    assert caught.value.status == 500
    with pytest.raises(HubError):
        await session.details.get_discussion(RICH_PAPER_ID)
    with pytest.raises(NotFoundError):
        fake_hub.reset()
        await session.details.get_extras(UNKNOWN_PAPER_ID)
    with pytest.raises(UsageError):
        await session.details.get_extras("2603.1")


async def test_a_failed_refresh_keeps_the_cached_copy(fake_hub, make_service):
    session = make_service()
    await session.details.get_extras(RICH_PAPER_ID)
    fake_hub.fail("/api/papers/", "status", status=500)
    extras = await session.details.get_extras(RICH_PAPER_ID, force=True)
    discussion = await session.details.get_discussion(RICH_PAPER_ID, force=True)
    assert extras.origin is Origin.CACHE and extras.total_models == 7
    assert discussion.origin is Origin.CACHE and discussion.total == 4


async def test_offline_extras_come_from_the_cache(fake_hub, make_service):
    online = make_service()
    await online.details.get_extras(RICH_PAPER_ID)
    await online.papers.get_paper(PLAIN_PAPER_ID)  # the plain detail only: no comments fetched
    before = len(fake_hub.requests)

    offline = make_service(offline=True)
    extras = await offline.details.get_extras(RICH_PAPER_ID)
    assert extras.origin is Origin.CACHE and extras.total_spaces == 3
    assert (await offline.details.get_discussion(RICH_PAPER_ID)).total == 4
    plain = await offline.details.get_extras(PLAIN_PAPER_ID)  # from the detail get_paper cached
    assert plain.origin is Origin.CACHE
    assert plain.num_comments is None  # unknown: that copy was fetched without comments
    with pytest.raises(OfflineError):
        await offline.details.get_discussion(PLAIN_PAPER_ID)
    with pytest.raises(OfflineError, match="not cached"):
        await offline.details.get_extras("2610.02003")
    assert len(fake_hub.requests) == before


async def test_an_unreachable_hub_is_offline(make_service):
    from support.fakehub import closed_port_url

    session = make_service(endpoint=closed_port_url())
    with pytest.raises(OfflineError):
        await session.details.get_extras(RICH_PAPER_ID)
    with pytest.raises(OfflineError):
        await session.details.get_full_text(RICH_PAPER_ID)


# --- Session: the discussion ----------------------------------------------------------


async def test_discussion_with_replies_hidden_and_markup(fake_hub, make_service):
    discussion = await make_service().details.get_discussion(RICH_PAPER_ID)
    assert discussion.origin is Origin.NETWORK
    assert discussion.total == 4 and discussion.skipped == 0
    first, spam, org = discussion.comments
    assert (first.author, first.text, first.reactions) == (
        "grace",
        "Nice **work**!",
        (("rocket", 1),),
    )
    (reply,) = first.replies
    assert (reply.author, reply.text) == ("ada", "Thanks! The code is on GitHub.")
    assert (spam.hidden, spam.hidden_reason, spam.text, spam.author) == (
        True,
        "Spam",
        "",
        "spammer",
    )
    assert org.author == "example-lab"
    assert org.text == "[bold]not bold[/bold] [@click=app.quit]quit[/] red"
    created = [c.created_at for _, c in discussion.walk()]
    assert all(created) and created[0] < created[2] < created[3]
    assert [(d, c.author) for d, c in discussion.walk()] == [
        (0, "grace"),
        (1, "ada"),
        (0, "spammer"),
        (0, "example-lab"),
    ]


async def test_a_paper_without_comments(fake_hub, make_service):
    discussion = await make_service().details.get_discussion(PLAIN_PAPER_ID)
    assert discussion.comments == () and discussion.total == 0


# --- Session: the full text -----------------------------------------------------------


async def test_full_text_is_read_once_then_opens_offline(fake_hub, make_service):
    online = make_service()
    full = await online.details.get_full_text(RICH_PAPER_ID)
    assert full.available and full.origin is Origin.NETWORK
    assert full.markdown == RICH_MARKDOWN
    for part in ("## 1 Introduction", "|---|---:|---:|", "```python", "$$", "[bold]brackets"):
        assert part in full.markdown
    again = await online.details.get_full_text(RICH_PAPER_ID)
    assert again.origin is Origin.CACHE and again.markdown == full.markdown
    assert len(fake_hub.requests_to(RICH_MD)) == 1

    offline = make_service(offline=True)  # a later session without network, same cache dir
    reopened = await offline.details.get_full_text(RICH_PAPER_ID)
    assert reopened.markdown == RICH_MARKDOWN and reopened.origin is Origin.CACHE
    with pytest.raises(OfflineError, match="never opened"):
        await offline.details.get_full_text(PLAIN_PAPER_ID)
    assert len(fake_hub.requests_to(RICH_MD)) == 1


async def test_an_old_full_text_still_opens_offline(fake_hub, make_service):
    cache = cache_for(fake_hub)
    cache.put_full_text(RICH_PAPER_ID, "# Old\n", time.time() - 365 * 24 * 3600)
    cache.close()
    full = await make_service(offline=True).details.get_full_text(RICH_PAPER_ID)
    assert full.markdown == "# Old\n"


async def test_no_full_text_is_remembered_for_a_day(fake_hub, make_service):
    session = make_service()
    first = await session.details.get_full_text(PLAIN_PAPER_ID)
    assert first.markdown is None and not first.available
    assert first.origin is Origin.NETWORK
    second = await session.details.get_full_text(PLAIN_PAPER_ID)
    assert second.markdown is None and second.origin is Origin.CACHE
    assert len(fake_hub.requests_to(PLAIN_MD)) == 1

    offline = await make_service(offline=True).details.get_full_text(PLAIN_PAPER_ID)
    assert offline.markdown is None and offline.origin is Origin.CACHE

    cache = cache_for(fake_hub)
    cache.put_full_text(PLAIN_PAPER_ID, None, time.time() - NO_FULL_TEXT_TTL - 60)
    cache.close()
    await session.details.get_full_text(PLAIN_PAPER_ID)
    assert len(fake_hub.requests_to(PLAIN_MD)) == 2
    await session.details.get_full_text(PLAIN_PAPER_ID, force=True)
    assert len(fake_hub.requests_to(PLAIN_MD)) == 3


async def test_a_full_text_once_read_survives_a_later_404(fake_hub, make_service):
    cache = cache_for(fake_hub)
    cache.put_full_text(PLAIN_PAPER_ID, "# Kept\n", time.time() - 40 * 24 * 3600)
    cache.close()
    full = await make_service().details.get_full_text(PLAIN_PAPER_ID)  # stale: the hub is asked
    assert len(fake_hub.requests_to(PLAIN_MD)) == 1
    assert full.markdown == "# Kept\n" and full.origin is Origin.CACHE


async def test_full_text_errors(fake_hub, make_service):
    session = make_service()
    fake_hub.fail("/papers/", "status", status=500)
    with pytest.raises(HubError) as caught:
        await session.details.get_full_text(RICH_PAPER_ID)
    assert caught.value.status == 500
    fake_hub.reset()
    await session.details.get_full_text(RICH_PAPER_ID)
    fake_hub.fail("/papers/", "status", status=500)
    kept = await session.details.get_full_text(RICH_PAPER_ID, force=True)
    assert kept.markdown == RICH_MARKDOWN and kept.origin is Origin.CACHE
    with pytest.raises(UsageError):
        await session.details.get_full_text("x")


async def test_a_failed_full_text_is_not_cached_as_missing(fake_hub, make_service):
    session = make_service()
    fake_hub.fail("/papers/", "status", status=503)
    with pytest.raises(HubError):
        await session.details.get_full_text(RICH_PAPER_ID)
    fake_hub.reset()
    assert (await session.details.get_full_text(RICH_PAPER_ID)).markdown == RICH_MARKDOWN


# --- the links menu -------------------------------------------------------------------------


async def test_repo_links_for_the_links_menu(fake_hub, make_service):
    session = make_service()
    paper, _ = await session.papers.get_paper(RICH_PAPER_ID)
    extras = await session.details.get_extras(RICH_PAPER_ID)
    web = fake_hub.url
    assert session.papers.repo_links(paper, extras) == [
        ("Hugging Face", f"{web}/papers/{RICH_PAPER_ID}"),
        ("arXiv", f"https://arxiv.org/abs/{RICH_PAPER_ID}"),
        ("PDF", f"https://arxiv.org/pdf/{RICH_PAPER_ID}"),
        ("GitHub", "https://github.com/example/tiny"),
        ("Project page", "https://example.org/tiny"),
        ("Model: example/tiny-1b", f"{web}/example/tiny-1b"),
        ("Model: example/tiny-3b", f"{web}/example/tiny-3b"),
        ("Dataset: example/reading-bench", f"{web}/datasets/example/reading-bench"),
        ("Space: example/tiny-demo", f"{web}/spaces/example/tiny-demo"),
        # the hub counts 7 models and 3 Spaces but sent 2 and 1: its pages of all of them
        ("Models: all 7, on the hub", f"{web}/models?other=arxiv:{RICH_PAPER_ID}"),
        ("Spaces: all 3, on the hub", f"{web}/spaces?other=arxiv:{RICH_PAPER_ID}"),
    ]
    assert session.papers.repo_links(paper) == session.papers.repo_links(paper, extras)[:5]


# --- the demo -------------------------------------------------------------------------------


async def test_the_demo_answers_extras_discussion_and_full_text(monkeypatch):
    attempts = no_sockets(monkeypatch)
    session = build_session(endpoint="http://127.0.0.1:9", token=None, demo=True)

    extras = await session.details.get_extras(SHOWCASE_ID)
    assert extras.origin is Origin.DEMO
    assert extras.models and extras.datasets and extras.spaces
    assert extras.total_models >= len(extras.models)
    downloads = [r.downloads for r in extras.models]
    assert downloads == sorted(downloads, reverse=True)

    item = next(i for i in demo_items() if i["paper"]["id"] == SHOWCASE_ID)
    discussion = await session.details.get_discussion(SHOWCASE_ID)
    assert discussion.total == item["numComments"] == extras.num_comments
    assert any(c.replies for c in discussion.comments)
    hidden = [c for _, c in discussion.walk() if c.hidden]
    assert [(c.hidden_reason, c.text) for c in hidden] == [("Off-Topic", "")]

    full = await session.details.get_full_text(SHOWCASE_ID)
    assert full.origin is Origin.DEMO and full.markdown is not None
    for part in ("# Lumen-2", "## 1 Introduction", "## 2 Method", "| Setting |", "```python"):
        assert part in full.markdown
    assert "$$" in full.markdown and "## 3 Results" in full.markdown
    assert "## References" in full.markdown

    ids = [i["paper"]["id"] for i in demo_items()]
    without = next(pid for pid in ids if not demo_has_full_text(pid))
    assert (await session.details.get_full_text(without)).markdown is None
    nothing = next(pid for pid in ids if demo_repo_level(pid) == 0)
    assert not (await session.details.get_extras(nothing)).has_repos
    await session.aclose()
    assert attempts == []


async def test_demo_extras_are_deterministic_and_varied():
    session = demo_session()
    ids = [i["paper"]["id"] for i in demo_items()]
    first = [await session.details.get_extras(pid) for pid in ids]
    second = [await session.details.get_extras(pid) for pid in ids]
    assert first == second
    levels = {demo_repo_level(pid) for pid in ids}
    assert levels == {0, 1, 2, 3}
    with_text = [pid for pid in ids if demo_has_full_text(pid)]
    assert SHOWCASE_ID in with_text and 3 <= len(with_text) < len(ids) // 2
    for pid in ids:  # every demo discussion matches the count the listing shows
        item = next(i for i in demo_items() if i["paper"]["id"] == pid)
        assert (await session.details.get_discussion(pid)).total == min(item["numComments"], 25)
    await session.aclose()


# --- the cache entries ----------------------------------------------------------------------


def test_the_cache_tells_no_full_text_from_not_cached(tmp_path):
    cache = ListingCache(tmp_path / "c", "http://hub.test")
    assert cache.get_full_text(RICH_PAPER_ID) is None
    cache.put_full_text(RICH_PAPER_ID, None, fetched_at=100.0)
    marker = cache.get_full_text(RICH_PAPER_ID)
    assert marker is not None and marker.data is None and marker.fetched_at == 100.0
    cache.put_full_text(RICH_PAPER_ID, "# T\n")
    assert cache.get_full_text(RICH_PAPER_ID).data == "# T\n"
    cache._put(f"fulltext:{PLAIN_PAPER_ID}", {"markdown": 42}, None)  # a damaged entry
    assert cache.get_full_text(PLAIN_PAPER_ID) is None
    cache._put(f"fulltext:{PLAIN_PAPER_ID}", ["not", "a", "dict"], None)
    assert cache.get_full_text(PLAIN_PAPER_ID) is None
    cache.put_discussion(RICH_PAPER_ID, {"id": RICH_PAPER_ID, "comments": []})
    assert cache.get_discussion(RICH_PAPER_ID).data == {"id": RICH_PAPER_ID, "comments": []}
    assert cache.get_paper(RICH_PAPER_ID) is None  # distinct keys
    other = ListingCache(tmp_path / "c", "http://other.test")
    assert other.get_full_text(RICH_PAPER_ID) is None  # keyed by endpoint too
    other.close()
    cache.close()
