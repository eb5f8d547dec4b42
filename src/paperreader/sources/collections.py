"""The Hugging Face Collections client: the user's account, collections and their items.

One method per endpoint, sequential and polite: a 429 is waited out as the hub asks (at most
`RATE_LIMIT_WAIT` seconds a time, `RATE_LIMIT_TRIES` times), never hammered. It works on an
`httpx.AsyncClient` from `hub.make_client` (the same identity, timeouts and redirect rules as
the papers client) and reads answers with the papers client's bounded reads and error rules;
only what is particular to collections is here: 401, 403, 404 and 409. Every call needs the
user's token, which `make_client` puts in the headers.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import httpx

from paperreader.domain.collection_errors import (
    CollectionGoneError,
    NoWriteAccessError,
    TokenRejectedError,
)
from paperreader.domain.collection_sync import ITEM_ID, Collection, checked_slug
from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    NotFoundError,
    OfflineError,
    PaperReaderError,
    RateLimitedError,
)
from paperreader.domain.ids import checked_paper_id
from paperreader.formats.hub_collections import (
    parse_collection,
    parse_collections,
    parse_username,
)
from paperreader.sources.bodies import read_body
from paperreader.sources.hub import MAX_BODY_BYTES, error_reason, status_error

RATE_LIMIT_WAIT = 60.0
"""The longest a single 429 is waited out; a hub asking for longer gets a clear error."""
RATE_LIMIT_TRIES = 3
"""How many 429s in a row one call waits out before giving up."""
LISTED_ITEMS = 4
"""The items a listing of collections shows of each (the hub's own limit)."""
DEFAULT_WAIT = 5.0
"""The wait after a 429 that does not say how long to wait."""


class AlreadyInCollection(PaperReaderError):
    """The paper is in the collection already (409): the caller reads the item it has."""


class CollectionsClient:
    """Typed access to the Collections endpoints the sync uses."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._sleep = sleep
        """Waits out a rate limit (tests pass one that records the waits)."""

    async def aclose(self) -> None:
        """Close the underlying connection pool."""
        await self._client.aclose()

    async def username(self) -> str:
        """The name of the account the token belongs to."""
        return parse_username(await self._call("GET", "/api/whoami-v2"))

    async def list_collections(self, owner: str) -> list[Collection]:
        """The collections `owner` has (their items may be only the first few)."""
        data = await self._call("GET", "/api/collections", params={"owner": owner, "limit": 100})
        return parse_collections(data)

    async def get_collection(self, slug: str) -> Collection:
        """One collection with every item; CollectionGoneError when it does not exist."""
        path = _collection_path(slug)
        try:
            return parse_collection(await self._call("GET", path))
        except NotFoundError:
            raise CollectionGoneError(slug) from None

    async def create_collection(self, title: str, namespace: str) -> Collection:
        """A new, private collection in `namespace`."""
        body = {
            "title": title,
            "namespace": namespace,
            "private": True,
            "description": "Bookmarks kept in step with paperreader.",
        }
        return parse_collection(await self._call("POST", "/api/collections", body=body))

    async def add_paper(self, slug: str, paper_id: str, note: str) -> None:
        """Add a paper with its note; AlreadyInCollection (409) when it is there already."""
        body: dict[str, Any] = {"item": {"type": "paper", "id": checked_paper_id(paper_id)}}
        if note:
            body["note"] = note
        await self._item_call("POST", f"{_collection_path(slug)}/items", slug, body)

    async def set_note(self, slug: str, item_id: str, note: str) -> None:
        """Replace an item's note."""
        await self._item_call("PATCH", _item_path(slug, item_id), slug, {"note": note})

    async def remove_item(self, slug: str, item_id: str) -> None:
        """Remove an item; one already gone counts as removed."""
        try:
            await self._item_call("DELETE", _item_path(slug, item_id), slug, None)
        except CollectionGoneError:
            raise
        except NotFoundError:
            return

    async def _item_call(
        self, method: str, path: str, slug: str, body: dict[str, Any] | None
    ) -> None:
        try:
            await self._call(method, path, body=body)
        except HubError as error:
            if error.status == 409:
                raise AlreadyInCollection(str(error)) from None
            if not isinstance(error, NotFoundError):
                raise
            # The item or the whole collection: only asking tells which.
            await self.get_collection(slug)  # CollectionGoneError when it is the collection
            raise

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """One request, a 429 waited out as asked (capped); the JSON answer (None if empty)."""
        for attempt in range(RATE_LIMIT_TRIES + 1):
            try:
                raw = await self._send(method, path, params, body)
            except RateLimitedError as error:
                wait = DEFAULT_WAIT if error.retry_after is None else error.retry_after
                if attempt == RATE_LIMIT_TRIES or wait > RATE_LIMIT_WAIT:
                    raise
                await self._sleep(wait)
                continue
            if not raw.strip():
                return None
            try:
                return json.loads(raw)
            except (ValueError, UnicodeDecodeError, RecursionError):
                raise BadResponseError(
                    "Hugging Face sent a response that is not valid JSON (cut short or garbled)."
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        body: dict[str, Any] | None,
    ) -> bytes:
        endpoint = str(self._client.base_url).rstrip("/")
        try:
            async with self._client.stream(method, path, params=params, json=body) as response:
                status = response.status_code
                if status == 401:
                    raise TokenRejectedError()
                if status == 403:
                    raise NoWriteAccessError()
                if status >= 400:
                    raise await status_error(response)
                return await read_body(response, MAX_BODY_BYTES)
        except PaperReaderError:
            raise
        except httpx.TimeoutException:
            raise OfflineError(f"Hugging Face did not answer in time ({endpoint}).") from None
        except (httpx.TransportError, OSError) as error:
            raise OfflineError(f"Cannot reach {endpoint}: {error_reason(error)}.") from None
        except httpx.HTTPError as error:
            raise HubError(0, error_reason(error)) from None


def _collection_path(slug: str) -> str:
    return "/api/collections/" + quote(checked_slug(slug), safe="/")


def _item_path(slug: str, item_id: str) -> str:
    if not ITEM_ID.match(item_id):
        raise BadResponseError("Hugging Face sent a collection item without a valid id.")
    return f"{_collection_path(slug)}/items/{item_id}"
