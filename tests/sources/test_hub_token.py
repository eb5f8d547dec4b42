"""The token goes only to the endpoint's own host: never to a redirect target elsewhere,
never into an error message, a log line, a cache key or a file of ours."""

from __future__ import annotations

import logging

import httpx
import pytest
from support.fakehub import RICH_PAPER_ID

from paperreader.domain.errors import HubError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.platform import paths
from paperreader.service.compose import build_session
from paperreader.sources.hub import HubClient, make_client

TOKEN = "hf_SeCrEtToKeN0123456789"
BEARER = f"Bearer {TOKEN}"
DAY = ListingQuery(ListingKind.DAILY, "2026-10-01")


class Hosts:
    """A MockTransport handler: `routes` maps a URL prefix to its answer; records requests."""

    def __init__(self, routes: dict[str, httpx.Response]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for prefix, response in self.routes.items():
            if str(request.url).startswith(prefix):
                return response
        return httpx.Response(200, json=[])

    def authorization(self) -> list[tuple[str, str | None]]:
        """(URL up to the path, the Authorization header sent) per request."""
        return [
            (f"{r.url.scheme}://{r.url.netloc.decode()}", r.headers.get("authorization"))
            for r in self.requests
        ]


def hub_on(endpoint: str, hosts: Hosts, token: str | None = TOKEN) -> HubClient:
    client = make_client(endpoint, token, transport=httpx.MockTransport(hosts))
    return HubClient(client, retry_delays=())


def redirect(to: str) -> httpx.Response:
    return httpx.Response(302, headers={"Location": to})


async def test_the_token_goes_to_the_endpoint():
    hosts = Hosts({})
    hub = hub_on("https://hub.test", hosts)
    await hub.fetch_listing(DAY)
    assert hosts.authorization() == [("https://hub.test", BEARER)]
    await hub.aclose()


@pytest.mark.parametrize(
    "target",
    [
        "https://elsewhere.test/api/daily_papers",
        "https://hub.test.elsewhere.test/api/daily_papers",
        "https://hub.test:8443/api/daily_papers",
        "http://hub.test/api/daily_papers",  # down to plain http
    ],
)
async def test_a_redirect_to_another_host_or_port_gets_no_token(target):
    hosts = Hosts({"https://hub.test/api/daily_papers": redirect(target)})
    hub = hub_on("https://hub.test", hosts)
    await hub.fetch_listing(DAY)
    (first, sent_first), (second, sent_second) = hosts.authorization()
    assert (first, sent_first) == ("https://hub.test", BEARER)
    assert sent_second is None, second
    await hub.aclose()


async def test_a_redirect_back_to_the_endpoint_carries_the_token_again():
    hosts = Hosts(
        {
            "https://hub.test/api/daily_papers": redirect("https://cdn.test/hop"),
            "https://cdn.test/hop": redirect("https://hub.test/api/other"),
        }
    )
    hub = hub_on("https://hub.test", hosts)
    await hub.fetch_listing(DAY)
    assert [sent for _, sent in hosts.authorization()] == [BEARER, None, BEARER]
    await hub.aclose()


async def test_an_upgrade_to_https_on_the_same_host_keeps_the_token():
    hosts = Hosts({"http://hub.test/api/daily_papers": redirect("https://hub.test/api/x")})
    hub = hub_on("http://hub.test", hosts)
    await hub.fetch_listing(DAY)
    assert hosts.authorization() == [("http://hub.test", BEARER), ("https://hub.test", BEARER)]
    await hub.aclose()


async def test_no_token_no_header():
    hosts = Hosts({})
    hub = hub_on("https://hub.test", hosts, token=None)
    await hub.fetch_listing(DAY)
    assert hosts.authorization() == [("https://hub.test", None)]
    await hub.aclose()


async def test_an_error_that_repeats_the_token_never_shows_it():
    answer = httpx.Response(401, json={"error": f"Invalid token {TOKEN} for this endpoint"})
    hub = hub_on("https://hub.test", Hosts({"https://hub.test": answer}))
    with pytest.raises(HubError) as caught:
        await hub.fetch_listing(DAY)
    assert TOKEN not in caught.value.message
    assert caught.value.message == (
        "Hugging Face answered HTTP 401: Invalid token … for this endpoint"
    )
    await hub.aclose()


async def test_the_token_is_in_no_log_line_cache_key_or_file(fake_hub, caplog):
    caplog.set_level(logging.DEBUG)
    session = build_session(endpoint=fake_hub.url, token=TOKEN)
    try:
        listing = await session.papers.get_listing(DAY)
        await session.papers.get_paper(RICH_PAPER_ID)
    finally:
        await session.aclose()
    assert listing.papers
    assert {r.header("authorization") for r in fake_hub.requests} == {BEARER}
    assert caplog.records  # httpx and httpcore did log the requests
    assert not [r for r in caplog.records if TOKEN in r.getMessage()]
    kept = [
        path
        for directory in (paths.cache_dir(), paths.data_dir())
        for path in directory.rglob("*")
        if path.is_file()
    ]
    assert kept  # the cache and the library were written
    assert not [path for path in kept if TOKEN.encode() in path.read_bytes()]
