"""Network faults met at every layer: the hub client and the service, the CLI, the app, sync.

Each fault in CASES is checked four ways: `HubClient` raises the typed error; the service
keeps its cached copy and says why; `paperreader list` and `show` exit 1 with one line on
stderr and nothing on stdout; and the app, with a listing on screen, keeps it (cursor and
all) after `r`, and on a tab with nothing cached says in the list what happened (a few
faults by default, every one with `-m slow`). Every message is one line a person can read:
no traceback, no exception repr, no errno. Then sync under faults, and answers that are odd
but readable (nulls everywhere, unknown fields), which must show every paper.

Nothing here leaves the machine. The DNS case resolves a name under `.invalid`; this
machine's resolver refuses those at once, but a resolver that forwards them could take
seconds, so `socket.getaddrinfo` is made to refuse `.invalid` names itself (the real httpx
path still runs). The connect timeout is a loopback listener whose backlog is full.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import json
import re
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from support import fakehub
from support.cli import run
from support.fakehub import (
    LATEST_DAY,
    RICH_PAPER_ID,
    UNKNOWN_PAPER_ID,
    closed_port_url,
    unanswered_connect_url,
)
from support.pilot import SIZE, list_words, notes_of, press, settle, status, wait_until
from support.sessions import hub_session

from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    NotFoundError,
    OfflineError,
    PaperReaderError,
    RateLimitedError,
    RedirectLoopError,
)
from paperreader.domain.models import ListingKind, ListingQuery, Origin
from paperreader.formats.hub_json import parse_items
from paperreader.platform import paths
from paperreader.service.session import Session
from paperreader.sources import hub as hub_module
from paperreader.sources.hub import MAX_BODY_BYTES, HubClient
from paperreader.storage.cache import ListingCache
from paperreader.ui.app import PaperReaderApp

pytestmark = pytest.mark.reliability("network")

TIMEOUT = 0.3
"""The client timeout (seconds) for the faults that make a client wait: they outlast it."""
PATIENT = 5.0
"""The client timeout everywhere else: the fake hub shares this process (and its GIL) with
the app under test, so on a busy machine even a quick answer can take a while."""
DAY = "2026-10-01"
"""A day of 18 well-formed papers, one page: what the CLI lists."""
DAILY_DAY = ListingQuery(ListingKind.DAILY, DAY)
DNS_URL = "http://paperreader-test.invalid"
MiB = 1024 * 1024

_DATA = fakehub.build_data()
_DAY_JSON = json.dumps(_DATA.days[DAY]).encode()
TRUNCATED_JSON = _DAY_JSON[: len(_DAY_JSON) // 2]
"""A whole HTTP answer whose JSON stops halfway (Content-Length matches what is sent)."""


def _gzip(blocks: Iterable[bytes]) -> bytes:
    pack = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join([*(pack.compress(block) for block in blocks), pack.flush()])


GZIP_BOMB = _gzip([_gzip(bytes(MiB) for _ in range(64))])
"""`Content-Encoding: gzip, gzip`: a few hundred bytes that decode to 64 MiB of zeros."""


# ---------------------------------------------------------------------- the faults


@dataclass(frozen=True)
class Case:
    """One way the network or the hub can let the program down."""

    error: type[PaperReaderError]
    says: str
    """A pattern the one-sentence message must match: it names what happened."""
    mode: str | None = None
    """A FakeHub fault mode, on every path; None for the cases below that are no hub."""
    options: Mapping[str, Any] = field(default_factory=dict)
    where: str = "hub"
    """"hub" (the fake hub misbehaves), "refused", "dns" or "connect_timeout"."""
    requests: int = 1
    """Requests one failing fetch makes: busy answers (502, 503) are tried three times."""
    listing_raises: bool = True
    """False when the answer arrives but holds nothing readable (no transport error)."""

    @property
    def timeout(self) -> float:
        """The client timeout: short when the fault makes the client wait it out."""
        waits = self.where == "connect_timeout" or self.mode in ("delay", "stall_body", "drip")
        return TIMEOUT if waits else PATIENT


RATE_LIMIT = {"RateLimit": '"api";r=0;t=42', "RateLimit-Policy": '"fixed window";"api";w=300'}
CASES: dict[str, Case] = {
    "connection refused": Case(
        OfflineError, r"^Cannot reach .*: the connection was refused\.$", where="refused"
    ),
    "DNS failure": Case(
        OfflineError,
        r"^Cannot reach .*\.invalid: its host name was not found \(DNS\)\.$",
        where="dns",
    ),
    "connect timeout": Case(
        OfflineError, r"in time: connecting to .* timed out\.$", where="connect_timeout"
    ),
    "read timeout": Case(
        OfflineError, r"did not answer in time \(http", "delay", {"seconds": TIMEOUT * 8}
    ),
    "stall mid-body": Case(
        OfflineError, r"stopped sending partway through an answer", "stall_body"
    ),
    "body dripped a byte at a time": Case(OfflineError, r"too slowly", "drip", {"seconds": 0.02}),
    "connection dropped before answering": Case(
        OfflineError,
        r"^Cannot reach .*: Server disconnected without sending a response\.$",
        "disconnect",
    ),
    "body cut off by the server": Case(OfflineError, r"broke off an answer partway", "truncate"),
    "429 with Retry-After": Case(
        RateLimitedError,
        r"rate-limiting.*Try again in 3 s\.$",
        "status",
        {"status": 429, "headers": {"Retry-After": "3"}},
    ),
    "429 without Retry-After": Case(
        RateLimitedError, r"rate-limiting.*Try again shortly\.$", "status", {"status": 429}
    ),
    "429 with RateLimit headers": Case(
        RateLimitedError,
        r"rate-limiting.*Try again in 42 s\.$",
        "status",
        {"status": 429, "headers": RATE_LIMIT},
    ),
    "HTTP 500": Case(
        HubError,
        r"^Hugging Face answered HTTP 500: database on fire$",
        "status",
        {"status": 500, "error": "database on fire"},
    ),
    "HTTP 500 with an object as its error": Case(
        HubError,
        r"^Hugging Face answered HTTP 500$",
        "status",
        {"status": 500, "body": {"error": {"code": 7}}},
    ),
    "HTTP 502 with an HTML page": Case(
        HubError,
        r"^Hugging Face answered HTTP 502$",
        "status",
        {"status": 502, "body": b"<html><h1>502 Bad Gateway</h1></html>"},
        requests=3,
    ),
    "HTTP 503": Case(
        HubError, r"^Hugging Face answered HTTP 503", "status", {"status": 503}, requests=3
    ),
    "redirect loop": Case(
        RedirectLoopError, r"^Hugging Face sent too many redirects \(http://", "redirect_loop"
    ),
    "gigantic body with Content-Length": Case(
        BadResponseError, r"too large to read", "huge", {"size": 2**40}
    ),
    "gigantic chunked body": Case(
        BadResponseError, r"too large to read", "huge", {"declared": False, "size": 2**30}
    ),
    "stacked gzip bomb": Case(
        BadResponseError,
        r"too large to read \(over 32 MiB once decoded\)\.$",
        "status",
        {"status": 200, "headers": {"Content-Encoding": "gzip, gzip"}, "body": GZIP_BOMB},
    ),
    "truncated JSON": Case(
        BadResponseError, r"not valid JSON", "invalid_json", {"body": TRUNCATED_JSON}
    ),
    "invalid JSON": Case(BadResponseError, r"not valid JSON", "invalid_json"),
    "undecodable gzip body": Case(
        BadResponseError,
        r"could not be decoded",
        "status",
        {"status": 200, "headers": {"Content-Encoding": "gzip"}, "body": b"this is not gzip"},
    ),
    "valid JSON of the wrong shape": Case(
        BadResponseError, r"other than a list of papers|paper that is not a JSON obj", "wrong_shape"
    ),
    "wrong field types": Case(
        BadResponseError,
        r"^Hugging Face sent (nothing readable \(\d+ unreadable items\)\.|an unreadable paper)",
        "wrong_types",
        listing_raises=False,
    ),
}
CLIENT_CASES = [name for name, case in CASES.items() if case.listing_raises]
APP_DEFAULT = {
    "connection refused",
    "read timeout",
    "429 with Retry-After",
    "HTTP 503",
    "gigantic chunked body",
    "invalid JSON",
    "wrong field types",
}
"""An app run takes seconds on a 2-core machine: one case of each kind in the default run."""
APP_CASES = [n if n in APP_DEFAULT else pytest.param(n, marks=pytest.mark.slow) for n in CASES]


@dataclass
class Faulty:
    """A hub address that fails as `case` says, once `on()` (hub faults) or always."""

    case: Case
    url: str
    hub: fakehub.FakeHub

    @property
    def timeout(self) -> float:
        return self.case.timeout

    def on(self) -> None:
        if self.case.mode is not None:
            self.hub.fail("/", self.case.mode, **self.case.options)

    def requests_to(self, path: str) -> int:
        return len(self.hub.requests_to(path))


def _refuse_invalid_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names under .invalid never resolve (RFC 6761): answer so at once, whatever the resolver."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.rstrip(".").endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def faulty(request, fake_hub, monkeypatch) -> Iterator[Faulty]:
    """The case named by the test's parameter, ready to point a client at (off until on())."""
    case = CASES[request.param]
    with contextlib.ExitStack() as stack:
        if case.where == "refused":
            url = closed_port_url()
        elif case.where == "dns":
            _refuse_invalid_names(monkeypatch)
            url = DNS_URL
        elif case.where == "connect_timeout":
            url = stack.enter_context(unanswered_connect_url())
        else:
            url = fake_hub.url
        if case.mode == "drip":  # give up on the trickle after 2 timeouts, not 4
            monkeypatch.setattr(hub_module, "DEADLINE_FACTOR", 2)
        if case.mode == "huge":  # the real cap's bounds: test_a_gigantic_body_is_given_up...
            monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", MiB)
        yield Faulty(case, url, fake_hub)


def assert_one_sentence(message: str | None, says: str) -> None:
    """One line a person can read, naming what happened (`says`)."""
    assert message, "no message"
    assert "\n" not in message and message == message.strip(), repr(message)
    assert message[0].isupper(), message
    assert not re.search(r"Traceback|\w+(Error|Exception)\(|\[Errno|<\w+ object|\.\.$", message)
    assert len(message) <= 200, message
    assert re.search(says, message), f"{message!r} does not match {says!r}"


def day_items(day: str = DAY) -> list[dict[str, Any]]:
    return [item for item in copy.deepcopy(_DATA.days[day]) if "id" in item["paper"]]


@pytest.fixture
def cli_client(monkeypatch) -> Callable[[float], None]:
    """Give the CLI's hub client a timeout (PATIENT until told) and no waits between retries."""
    real = hub_module.make_client

    def use(seconds: float) -> None:
        def make(endpoint: str, token: str | None = None, timeout: float = 15.0):
            return real(endpoint, token, timeout=seconds)

        monkeypatch.setattr(hub_module, "make_client", make)

    use(PATIENT)
    monkeypatch.setattr(hub_module, "HubClient", functools.partial(HubClient, retry_delays=(0, 0)))
    return use


def assert_cli_failed(result: tuple[int, str, str], says: str) -> None:
    code, out, err = result
    assert (code, out) == (1, ""), (code, out, err)
    assert err.startswith("paperreader: ") and err.count("\n") == 1, err
    assert_one_sentence(err.removeprefix("paperreader: ").rstrip("\n"), says)


# ---------------------------------------------------------------------- (a) client and service


@pytest.mark.parametrize("faulty", CLIENT_CASES, indirect=True)
async def test_the_hub_client_raises_one_typed_sentence(faulty, make_hub_client):
    faulty.on()
    client = make_hub_client(endpoint=faulty.url, timeout=faulty.timeout)
    for fetch, path in (
        (lambda: client.fetch_listing(DAILY_DAY), "/api/daily_papers"),
        (lambda: client.fetch_paper(RICH_PAPER_ID), f"/api/papers/{RICH_PAPER_ID}"),
    ):
        with pytest.raises(faulty.case.error) as caught:
            await fetch()
        assert type(caught.value) is faulty.case.error
        assert_one_sentence(caught.value.message, faulty.case.says)
        if faulty.case.where == "hub":
            assert faulty.requests_to(path) == faulty.case.requests


@pytest.mark.parametrize("faulty", list(CASES), indirect=True)
async def test_the_service_keeps_its_cached_copy_and_says_why(faulty, make_service):
    service = make_service(endpoint=faulty.url, timeout=faulty.timeout)
    items = day_items()
    service.cache.put_listing(DAILY_DAY, items, time.time() - 86400)
    faulty.on()

    shown = [listing async for listing in service.papers.stream_listing(DAILY_DAY)]

    cached, kept = shown
    assert cached.origin is Origin.CACHE and cached.error is None and len(cached.papers) == 18
    assert kept.papers == cached.papers and kept.origin is Origin.CACHE
    assert_one_sentence(kept.error, faulty.case.says)
    assert service.cache.get_listing(DAILY_DAY).data == items  # the bad answer stored nothing
    with pytest.raises(faulty.case.error) as caught:  # a paper never cached: the error itself
        await service.papers.get_paper(RICH_PAPER_ID)
    assert_one_sentence(caught.value.message, faulty.case.says)


# ---------------------------------------------------------------------- (b) the command line


@pytest.mark.parametrize("faulty", list(CASES), indirect=True)
def test_cli_list_and_show_exit_1_with_one_line(faulty, cli_client, capsys):
    cli_client(faulty.timeout)
    faulty.on()
    says = faulty.case.says
    assert_cli_failed(run(capsys, "list", "--endpoint", faulty.url, "--date", DAY), says)
    assert_cli_failed(run(capsys, "list", "--endpoint", faulty.url, "--json"), says)
    assert_cli_failed(run(capsys, "show", RICH_PAPER_ID, "--endpoint", faulty.url), says)


def test_cli_a_fault_on_a_later_page_prints_and_caches_nothing(fake_hub, cli_client, capsys):
    fake_hub.fail("/api/daily_papers", "delay", seconds=0, times=1)  # page 0 answers
    fake_hub.fail("/api/daily_papers", "invalid_json")  # page 1 does not
    argv = ("list", "--endpoint", fake_hub.url, "--date", fakehub.BIG_DAY, "--json")

    assert_cli_failed(run(capsys, *argv), r"not valid JSON")
    assert fake_hub.pages() == [0, 1]

    fake_hub.reset()
    code, out, _err = run(capsys, *argv)
    data = json.loads(out)
    assert code == 0 and data["origin"] == "network"  # no half listing was cached
    assert len(data["papers"]) == 230 and fake_hub.pages() == [0, 1, 2]


def test_cli_show_of_an_unknown_paper_is_a_404_in_one_line(fake_hub, cli_client, capsys):
    result = run(capsys, "show", UNKNOWN_PAPER_ID, "--endpoint", fake_hub.url)
    assert_cli_failed(result, r"^Hugging Face answered HTTP 404: Paper not found$")
    assert len(fake_hub.requests_to(f"/api/papers/{UNKNOWN_PAPER_ID}")) == 1  # not retried


def test_cli_show_nope_is_a_usage_error_before_any_request(fake_hub, capsys):
    code, out, err = run(capsys, "show", "NOPE", "--endpoint", fake_hub.url)
    assert (code, out) == (2, "")
    assert err.startswith("paperreader: 'NOPE' is not an arXiv id such as 2603.01234, ")
    assert err.count("\n") == 1
    assert fake_hub.requests == []


async def test_the_service_reports_an_unknown_paper_as_not_found(fake_hub, make_service):
    with pytest.raises(NotFoundError) as caught:
        await make_service().papers.get_paper(UNKNOWN_PAPER_ID)
    assert caught.value.status == 404
    assert_one_sentence(caught.value.message, r"HTTP 404: Paper not found$")


# ---------------------------------------------------------------------- (c) the app


@pytest.fixture
async def services():
    """Services built by a test, closed after it."""
    built: list[Session] = []
    yield built
    for service in built:
        await service.aclose()


def cache_listing(url: str, query: ListingQuery, items: list[Any], age: float = 0.0) -> None:
    cache = ListingCache(paths.cache_dir(), url)
    cache.put_listing(query, items, time.time() - age)
    cache.close()


LATEST = ListingQuery(ListingKind.DAILY)
"""What the app opens on: the latest daily listing."""


@pytest.mark.parametrize("faulty", APP_CASES, indirect=True)
async def test_the_app_keeps_its_papers_and_cursor_and_says_what_happened(faulty, services):
    items = day_items(LATEST_DAY)
    cache_listing(faulty.url, LATEST, items)  # fresh: shown at once, nothing asked
    service = hub_session(faulty.url, timeout=faulty.timeout)
    services.append(service)
    app = PaperReaderApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.visible_count == len(items) == 30
        await press(app, pilot, "j", "j")
        chosen = app.main_screen.paper_list.current
        faulty.on()

        await press(app, pilot, "r")  # a refresh under the fault

        assert app.is_running
        assert app.main_screen.paper_list.visible_count == 30
        assert (
            app.main_screen.paper_list.cursor == 2 and app.main_screen.paper_list.current == chosen
        )
        assert app.main_screen.detail.paper == chosen
        message = app.main_screen.listings.listing.error
        assert_one_sentence(message, faulty.case.says)
        assert status(app).endswith(message)
        assert message in notes_of(app, "warning")

        await press(app, pilot, "2")  # Weekly: nothing cached, so the list says why
        assert app.is_running
        assert app.main_screen.paper_list.visible_count == 0
        if faulty.case.listing_raises:
            message = status(app)
        else:  # an answer of nothing readable: the status line counts what was left out
            message = app.main_screen.listings.listing.unreadable
            assert "unreadable skipped" in status(app)
        assert_one_sentence(message, faulty.case.says)
        assert f"{message} Press r to try again." in list_words(app)

        await press(app, pilot, "1")  # back: the cached papers are all there
        assert app.main_screen.paper_list.visible_count == 30
        assert app.is_running


async def test_the_app_keeps_a_listing_it_fetched_when_a_refresh_fails(fake_hub, services):
    service = hub_session(fake_hub.url, timeout=PATIENT)
    services.append(service)
    app = PaperReaderApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert (
            app.main_screen.listings.listing.origin is Origin.NETWORK
            and app.main_screen.paper_list.visible_count == 30
        )
        await press(app, pilot, "j", "j", "j")
        chosen = app.main_screen.paper_list.current
        fake_hub.fail("/", "status", status=503)

        await press(app, pilot, "r")

        assert app.is_running
        assert (
            app.main_screen.paper_list.visible_count == 30
            and app.main_screen.paper_list.current == chosen
        )
        assert_one_sentence(
            app.main_screen.listings.listing.error, r"^Hugging Face answered HTTP 503"
        )
        assert status(app).endswith(app.main_screen.listings.listing.error)


@pytest.mark.parametrize("faulty", ["HTTP 503", "stall mid-body"], indirect=True)
async def test_a_tab_switch_under_a_fault_keeps_its_cached_papers_and_the_cursor(faulty, services):
    """The cached copy shows at once, the user moves on it, then the refresh behind it fails."""
    weekly = ListingQuery(ListingKind.WEEKLY, "2026-W40")
    weekly_items = [item for day in ("2026-10-01", "2026-09-30") for item in day_items(day)]
    cache_listing(faulty.url, LATEST, day_items(LATEST_DAY))
    cache_listing(faulty.url, weekly, weekly_items, age=2 * 86400)  # stale: refreshed behind
    gate = asyncio.Event()
    gate.set()
    service = hub_session(faulty.url, timeout=faulty.timeout, before_request=gate.wait)
    services.append(service)
    app = PaperReaderApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        gate.clear()  # requests wait here until the cursor has moved
        faulty.on()
        await pilot.press("2")
        await wait_until(
            pilot, lambda: app.main_screen.paper_list.visible_count == len(weekly_items)
        )
        await pilot.press("j", "j", "j", "j")
        await wait_until(pilot, lambda: app.main_screen.paper_list.cursor == 4)
        chosen = app.main_screen.paper_list.current
        gate.set()
        await settle(app, pilot)

        assert app.is_running
        assert app.main_screen.navigation.kind is ListingKind.WEEKLY
        assert app.main_screen.paper_list.visible_count == len(weekly_items) == 248
        assert (
            app.main_screen.paper_list.current == chosen and app.main_screen.paper_list.cursor == 4
        )
        assert_one_sentence(app.main_screen.listings.listing.error, faulty.case.says)
        assert status(app).endswith(app.main_screen.listings.listing.error)
        assert app.main_screen.listings.listing.error in notes_of(app, "warning")


# ---------------------------------------------------------------------- odd but readable


def _nulls(item: dict[str, Any]) -> dict[str, Any]:
    """Only the paper's id and title; every other field, wrapper and paper, null."""
    paper = dict.fromkeys(item["paper"])
    paper.update(id=item["paper"]["id"], title=item["paper"]["title"])
    return {**dict.fromkeys(item), "paper": paper}


def _extras(item: dict[str, Any]) -> dict[str, Any]:
    """The item with fields no version of paperreader knows, at every level."""
    unknown = {"futureField": {"nested": [1, "two", None, {"deep": True}]}, "ünïcødé": 3.5}
    authors = [{**author, "orcid": "0000"} for author in item["paper"]["authors"]]
    paper = {**item["paper"], **unknown, "authors": authors}
    return {**item, **unknown, "paper": paper, "recommendedBy": ["someone"]}


def _detail(transform, paper_id: str = RICH_PAPER_ID) -> dict[str, Any]:
    return transform({"paper": copy.deepcopy(_DATA.details[paper_id])})["paper"]


ODD_ANSWERS = {
    "every optional field null": _nulls,
    "extra unknown fields": _extras,
}


@pytest.fixture(params=list(ODD_ANSWERS))
def odd_hub(request, fake_hub) -> tuple[str, list[dict[str, Any]]]:
    """The fake hub answering every listing and paper with an odd (but readable) shape."""
    transform = ODD_ANSWERS[request.param]
    items = [transform(item) for item in day_items(LATEST_DAY)]
    fake_hub.fail("/api/daily_papers", "json", body=items)
    fake_hub.fail("/api/papers/", "json", body=_detail(transform))
    return request.param, items


async def test_odd_but_readable_answers_are_read_in_full(odd_hub, make_service):
    name, items = odd_hub
    service = make_service()
    listing = await service.papers.get_listing(DAILY_DAY)
    plain = parse_items(day_items(LATEST_DAY)).papers
    assert listing.error is None and listing.skipped == 0 and len(items) == 30
    assert [(p.id, p.title) for p in listing.papers] == [(p.id, p.title) for p in plain]
    if name == "extra unknown fields":  # ignored: the papers read exactly as without them
        assert listing.papers == plain
    else:
        assert all(p.summary == "" and p.authors == () and p.upvotes == 0 for p in listing.papers)
        assert all(p.published_at is None and p.organization is None for p in listing.papers)
    paper, _ = await service.papers.get_paper(RICH_PAPER_ID)
    assert (paper.id, paper.title) == (RICH_PAPER_ID, "Tiny Models Read Papers")
    extras = await service.details.get_extras(RICH_PAPER_ID)
    assert extras.paper_id == RICH_PAPER_ID


def test_odd_but_readable_answers_print_in_full(odd_hub, fake_hub, capsys):
    _name, items = odd_hub
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url, "--date", DAY)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Daily {DAY}: {len(items)} papers (network)"
    titles = [line.split(None, 2)[2].split("  (")[0] for line in lines[1:]]
    assert titles == [paper.title for paper in parse_items(day_items(LATEST_DAY)).papers]
    code, out, err = run(capsys, "show", RICH_PAPER_ID, "--endpoint", fake_hub.url)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Tiny Models Read Papers"
    code, out, err = run(capsys, "show", RICH_PAPER_ID, "--json", "--endpoint", fake_hub.url)
    assert code == 0 and json.loads(out)["title"] == "Tiny Models Read Papers"


async def test_odd_but_readable_answers_show_in_the_app(fake_hub, services):
    """Both odd shapes in one listing (an app run costs seconds): every paper listed."""
    items = [(_nulls if n % 2 else _extras)(item) for n, item in enumerate(day_items(LATEST_DAY))]
    fake_hub.fail("/api/daily_papers", "json", body=items)
    fake_hub.fail("/api/papers/", "json", body=_detail(_nulls))
    service = hub_session(fake_hub.url, timeout=PATIENT)
    services.append(service)
    app = PaperReaderApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.visible_count == len(items)
        await press(app, pilot, "j", "G")
        assert app.is_running
        assert app.main_screen.detail.paper == app.main_screen.paper_list.current
        assert app.main_screen.listings.listing.error is None and not notes_of(app, "error")
        assert notes_of(app, "warning") == []


# ---------------------------------------------------------------------- gigantic bodies


@pytest.mark.parametrize("declared", [True, False], ids=["Content-Length", "chunked"])
async def test_a_gigantic_body_is_given_up_with_bounded_reads_and_memory(
    fake_hub, make_hub_client, declared, record_property
):
    fault = fake_hub.fail("/", "huge", declared=declared, size=2**40 if declared else 2**30)
    client = make_hub_client(timeout=5.0)
    tracemalloc.start()
    try:
        with pytest.raises(BadResponseError) as caught:
            await client.fetch_listing(DAILY_DAY)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_one_sentence(
        caught.value.message, r"^Hugging Face sent a response too large to read \(over 32 MiB"
    )
    sent = await _settled(lambda: fault.sent)  # what the client let itself be sent
    record_property("bytes_sent", sent)
    record_property("peak_bytes", peak)
    assert peak < MAX_BODY_BYTES + 16 * MiB
    assert sent < MAX_BODY_BYTES + 16 * MiB  # the cap plus what socket buffers hold
    if declared:
        assert peak < 4 * MiB  # refused from the header, before reading the body


async def test_a_stacked_gzip_bomb_is_given_up_before_it_is_decoded_whole(
    fake_hub, make_hub_client, record_property
):
    headers = {"Content-Encoding": "gzip, gzip"}
    fake_hub.fail("/", "status", status=200, headers=headers, body=GZIP_BOMB)
    client = make_hub_client(timeout=PATIENT)
    tracemalloc.start()
    try:
        with pytest.raises(BadResponseError) as caught:
            await client.fetch_listing(DAILY_DAY)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_one_sentence(caught.value.message, r"\(over 32 MiB once decoded\)\.$")
    record_property("peak_bytes", peak)
    assert len(GZIP_BOMB) < 4096
    assert peak < MAX_BODY_BYTES + 8 * MiB  # the cap, never the 64 MiB the body decodes to


async def _settled(read, seconds: float = 5.0) -> int:
    """The value once it stops changing (the server writes until it sees the hang-up)."""
    value, deadline = read(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        if read() == value:
            break
        value = read()
    return value


# ---------------------------------------------------------------------- sync under faults


SYNC_RANGE = ("--since", "2026-09-29", "--until", "2026-10-01")


@pytest.fixture
def quick_sync(monkeypatch, cli_client) -> Callable[[float], None]:
    """Sync with no pacing and no wait before retrying a lost connection."""
    monkeypatch.setattr("paperreader.service.sync.MIN_INTERVAL", 0.0)
    monkeypatch.setattr("paperreader.service.sync.OFFLINE_BACKOFF", 0.0)
    return cli_client


@pytest.mark.parametrize(
    ("mode", "options", "times", "says"),
    [
        ("status", {"status": 500, "error": "database on fire"}, 1, r"HTTP 500: database on fire"),
        ("status", {"status": 503}, 3, r"HTTP 503"),
        ("invalid_json", {}, 1, r"not valid JSON"),
        ("invalid_json", {"body": TRUNCATED_JSON}, 1, r"not valid JSON"),
        ("wrong_shape", {}, 1, r"other than a list of papers"),
        ("wrong_types", {}, 1, r"nothing readable \(18 unreadable items\)"),
        ("huge", {"declared": False, "size": 2**30}, 1, r"too large to read"),
        ("redirect_loop", {}, 1, r"too many redirects"),
    ],
    ids=["500", "503", "invalid JSON", "cut JSON", "shape", "types", "huge", "redirects"],
)
def test_sync_reports_a_bad_day_goes_on_and_fetches_it_next_time(
    fake_hub, quick_sync, capsys, mode, options, times, says
):
    fake_hub.fail("/api/daily_papers", mode, times=times, **options)  # the first day asked

    code, out, err = run(capsys, "sync", "--endpoint", fake_hub.url, *SYNC_RANGE)

    assert code == 1
    assert out.startswith("Synced 2 days: ")
    problems = [line for line in err.splitlines() if line.startswith("paperreader: ")]
    assert len(problems) == 2, err
    day, reason = problems[0].removeprefix("paperreader: ").split(": ", 1)
    assert day == "2026-10-01"
    assert_one_sentence(reason, says)
    assert problems[1] == ("paperreader: 1 day could not be fetched; run sync again to retry them.")
    assert "Traceback" not in err
    fake_hub.reset()
    code, out, err = run(capsys, "sync", "--endpoint", fake_hub.url, *SYNC_RANGE)
    assert code == 0, err
    assert "2026-10-01" in [r.params.get("date") for r in fake_hub.requests]  # not stored as done
    assert f"{len(_DATA.day_ids('2026-10-01')):>4} papers" in err


def test_sync_retries_a_stalled_answer_and_stores_the_day(fake_hub, quick_sync, capsys):
    quick_sync(1.0)  # the stall is waited out this long; the other answers come in time
    fake_hub.fail("/api/daily_papers", "stall_body", times=1)
    code, out, err = run(capsys, "sync", "--endpoint", fake_hub.url, *SYNC_RANGE)
    assert code == 0, err
    assert out.startswith("Synced 3 days: ")
    assert "stopped sending partway through an answer" in err and "Retrying" in err


@pytest.mark.parametrize("faulty", ["connection refused", "DNS failure"], indirect=True)
def test_sync_stops_with_one_line_when_the_hub_cannot_be_reached(faulty, quick_sync, capsys):
    code, out, err = run(capsys, "sync", "--endpoint", faulty.url, *SYNC_RANGE)
    assert code == 1
    assert out.startswith("Synced 0 days: ")
    problems = [line for line in err.splitlines() if line.startswith("paperreader: ")]
    assert len(problems) == 1, err
    assert problems[0].startswith("paperreader: stopped: ")
    assert_one_sentence(problems[0].removeprefix("paperreader: stopped: "), faulty.case.says)
