"""The Hugging Face Papers client: one method per endpoint, typed errors, bounded reads.

Works on one injected `httpx.AsyncClient`, so tests can hand it a MockTransport or point it
at the local fake hub. Returns raw JSON (what the cache stores); `formats.hub_json` makes models.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from paperreader import __version__
from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    NotFoundError,
    OfflineError,
    PaperReaderError,
    RateLimitedError,
    RedirectLoopError,
    UsageError,
)
from paperreader.domain.ids import checked_paper_id
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.domain.text import one_line
from paperreader.sources.base import ProgressCallback
from paperreader.sources.bodies import ACCEPT_ENCODING, read_body, read_start
from paperreader.sources.credentials import EndpointToken, without_token
from paperreader.sources.server_waits import retry_after
from paperreader.sources.transport import SchemeTransport

PAGE_SIZE = 100
"""Largest page `/api/daily_papers` serves."""
MAX_PAGES = 60
"""A month holds a few thousand papers; more pages than this means the hub ignores `p`."""
SEARCH_LIMIT = 120
MAX_BODY_BYTES = 32 * 1024 * 1024
"""Largest response read before giving up, counted once decoded: a broken or hostile
server cannot exhaust memory, whatever its encodings (`bodies`)."""
ERROR_PAGE_BYTES = 4096
"""How much of an error page is read for its message."""
RETRY_STATUSES = frozenset({502, 503, 504})
MARKDOWN_ACCEPT = "text/markdown, text/plain;q=0.9"
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown", "text/plain", ""})
"""Content types a full text may come as ("" = none declared)."""
RETRY_DELAYS = (0.5, 1.5)
DEADLINE_FACTOR = 4
"""A request, headers and body, may take at most this many read timeouts in all: a server
that drips its answer a byte at a time never lets a single read time out."""


def make_client(
    endpoint: str,
    token: str | None = None,
    timeout: float = 15.0,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """The one HTTP client the program uses: base URL, identity, timeouts, bounded redirects,
    and the token only on requests to the endpoint's host (`credentials`). `transport` is
    for tests (an in-process hub)."""
    headers = {
        "User-Agent": f"paperreader/{__version__}",
        "Accept": "application/json",
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    hooks: dict[str, list[Callable[..., Any]]] = {}
    if token:
        hooks["request"] = [EndpointToken(endpoint, token)]
    limits = httpx.Limits(max_connections=4)
    return httpx.AsyncClient(
        base_url=endpoint,
        headers=headers,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        follow_redirects=True,
        max_redirects=5,
        limits=limits,  # for the proxies the environment names, which have their own transport
        event_hooks=hooks,
        transport=transport or SchemeTransport(limits=limits),
    )


class HubClient:
    """Typed access to the Hugging Face Papers endpoints (see docs/hf-api.md)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        before_request: Callable[[], Awaitable[None]] | None = None,
        on_response: Callable[[int, Mapping[str, str]], None] | None = None,
    ):
        self._client = client
        self._retry_delays = retry_delays
        self.before_request = before_request
        """Awaited before every HTTP request, retries included (sync paces itself with it)."""
        self.on_response = on_response
        """Called with the status and headers of every response (sync reads `RateLimit`)."""

    @property
    def endpoint(self) -> str:
        """The base URL requests go to."""
        return str(self._client.base_url).rstrip("/")

    async def aclose(self) -> None:
        """Close the underlying connection pool."""
        await self._client.aclose()

    async def fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None = None
    ) -> list[Any]:
        """Every raw item of a listing, following pages for dated listings."""
        if query.kind is ListingKind.SEARCH:
            text = (query.text or "").strip()
            if not text:
                raise UsageError("Type something to search for.")
            if len(text) > 250:
                raise UsageError("Search text is limited to 250 characters.")
            items = await self._get_list("/api/papers/search", {"q": text, "limit": SEARCH_LIMIT})
            if progress:
                progress(1, len(items))
            return items
        params: dict[str, Any] = {"limit": PAGE_SIZE}
        if query.kind is ListingKind.TRENDING:
            params["sort"] = "trending"
            items = await self._get_list("/api/daily_papers", {**params, "p": 0})
            if progress:
                progress(1, len(items))
            return items
        if query.period:
            name = {
                ListingKind.DAILY: "date",
                ListingKind.WEEKLY: "week",
                ListingKind.MONTHLY: "month",
            }[query.kind]
            params[name] = query.period
        return await self._get_pages("/api/daily_papers", params, progress)

    async def fetch_paper(self, paper_id: str, comments: bool = False) -> dict[str, Any]:
        """The raw detail object of one paper; with `comments`, its discussion too (E4)."""
        checked_paper_id(paper_id)
        params = {"field": "comments"} if comments else {}
        data = await self._get_json(f"/api/papers/{paper_id}", params)
        if not isinstance(data, dict):
            raise BadResponseError("Hugging Face sent a paper that is not a JSON object.")
        return data

    async def fetch_full_text(self, paper_id: str) -> str | None:
        """The raw Markdown full text of a paper (`/papers/{id}.md`); None when there is none.

        The hub answers 404 both for papers without a full text and for unknown papers.
        Anything but Markdown or plain text is a BadResponseError.
        """
        checked_paper_id(paper_id)
        try:
            body, content_type = await self._fetch(
                f"/papers/{paper_id}.md", {}, {"Accept": MARKDOWN_ACCEPT}
            )
        except NotFoundError:
            return None
        media, _, options = content_type.partition(";")
        if media.strip().lower() not in MARKDOWN_TYPES:
            raise BadResponseError(
                f"Hugging Face sent {one_line(media)[:60] or 'an untyped answer'} "
                "instead of the paper's Markdown."
            )
        match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", options, re.IGNORECASE)
        try:
            return body.decode(match[1] if match else "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return body.decode("utf-8", errors="replace")

    async def _get_pages(
        self, path: str, params: dict[str, Any], progress: ProgressCallback | None
    ) -> list[Any]:
        items: list[Any] = []
        seen: set[str] = set()
        for page in range(MAX_PAGES):
            batch = await self._get_list(path, {**params, "p": page})
            fresh = [item for item in batch if _item_id(item) not in seen]
            seen.update(_item_id(item) for item in fresh)
            items.extend(fresh)
            if progress:
                progress(page + 1, len(items))
            if len(batch) < params["limit"] or not fresh:
                break
        return items

    async def _get_list(self, path: str, params: dict[str, Any]) -> list[Any]:
        data = await self._get_json(path, params)
        if not isinstance(data, list):
            raise BadResponseError("Hugging Face sent something other than a list of papers.")
        return data

    async def _get_json(self, path: str, params: dict[str, Any]) -> Any:
        body = await self._get(path, params)
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: too deep
            raise BadResponseError(
                "Hugging Face sent a response that is not valid JSON (cut short or garbled)."
            ) from None

    async def _get(self, path: str, params: dict[str, Any]) -> bytes:
        """GET with bounded retries on a busy hub (502/503/504); returns the body bytes."""
        body, _content_type = await self._fetch(path, params)
        return body

    async def _fetch(
        self, path: str, params: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[bytes, str]:
        """GET with bounded retries on a busy hub (502/503/504): (body, Content-Type).

        Connection failures and timeouts are not retried: the user already waited, and the
        status line says so at once instead of after a string of silent attempts.
        """
        attempt = 0
        while True:
            try:
                return await self._get_once(path, params, headers)
            except HubError as error:
                if error.status not in RETRY_STATUSES or attempt >= len(self._retry_delays):
                    raise
                await asyncio.sleep(self._retry_delays[attempt])
                attempt += 1

    async def _get_once(
        self, path: str, params: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[bytes, str]:
        if self.before_request is not None:
            await self.before_request()
        answering = False  # set once the status line and headers have arrived
        deadline = DEADLINE_FACTOR * (self._client.timeout.read or 15.0)
        try:
            async with (
                asyncio.timeout(deadline),
                self._client.stream("GET", path, params=params, headers=headers) as response,
            ):
                answering = True
                if self.on_response is not None:
                    self.on_response(response.status_code, response.headers)
                if response.status_code >= 400:
                    raise await status_error(response)
                body = await read_body(response, MAX_BODY_BYTES)
                return body, response.headers.get("content-type", "")
        except PaperReaderError:
            raise
        except httpx.TooManyRedirects:
            raise RedirectLoopError(self.endpoint) from None
        except TimeoutError:  # the deadline, not one read: a trickle of bytes
            raise OfflineError(
                f"Hugging Face sent its answer too slowly to wait for ({self.endpoint})."
            ) from None
        except httpx.ConnectTimeout:
            raise OfflineError(
                f"Hugging Face did not answer in time: connecting to {self.endpoint} timed out."
            ) from None
        except httpx.TimeoutException:
            if answering:
                raise OfflineError(
                    f"Hugging Face stopped sending partway through an answer ({self.endpoint})."
                ) from None
            raise OfflineError(f"Hugging Face did not answer in time ({self.endpoint}).") from None
        except (httpx.TransportError, OSError) as error:
            if answering:
                raise OfflineError(
                    f"Hugging Face broke off an answer partway through ({self.endpoint})."
                ) from None
            raise OfflineError(f"Cannot reach {self.endpoint}: {error_reason(error)}.") from None
        except httpx.HTTPError as error:
            raise HubError(0, error_reason(error)) from None


async def status_error(response: httpx.Response) -> PaperReaderError:
    """The error an HTTP status stands for, with the start of the page read within bounds
    (the collections client shares it)."""
    status = response.status_code
    if status == 429:
        return RateLimitedError(retry_after(response.headers))
    try:
        # An error page is read only as far as its message.
        body = await read_start(response, ERROR_PAGE_BYTES, MAX_BODY_BYTES)
        error = json.loads(body).get("error")
        message = error if isinstance(error, str) else ""  # never a repr of an object
    except Exception:
        message = ""
    message = message or response.headers.get("x-error-message", "")
    message = without_token(message, response.request)  # a hub that repeats it back
    message = one_line(message)[:200]  # from the network: no escapes reach a terminal
    if status == 404:
        return NotFoundError(message)
    return HubError(status, message)


def _item_id(item: Any) -> str:
    if isinstance(item, dict):
        inner = item.get("paper")
        source = inner if isinstance(inner, dict) else item
        return str(source.get("id"))
    return repr(item)


def error_reason(error: BaseException) -> str:
    """Why a connection failed, in words: no errno numbers, no final full stop."""
    cause: BaseException | None = error
    for _ in range(8):  # httpx wraps httpcore wraps the OSError
        if cause is None:
            break
        if isinstance(cause, socket.gaierror):
            return "its host name was not found (DNS)"
        if isinstance(cause, ConnectionRefusedError):
            return "the connection was refused"
        cause = cause.__cause__ or cause.__context__
    text = str(error).strip()
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text.splitlines()[0] if text else "")
    return text[:160].rstrip(". ") or type(error).__name__
