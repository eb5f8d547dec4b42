"""The fake hub's Collections endpoints: accounts, collections and their paper items, in memory.

Served by `fakehub.FakeHub` (its `collections` attribute), with the shapes the real hub uses:
items carry `_id`, `id`, `type`, `position` and `note: {text, html}`.

- `GET /api/whoami-v2`: the token's account (401 without a known token)
- `GET /api/collections?owner=NAME`: NAME's collections, the first 4 items of each
- `GET /api/collections/{slug}`: one collection, every item (404 when gone, or private and
  not the token's)
- `POST /api/collections` `{title, namespace, private, description}`
- `POST /api/collections/{slug}/items` `{item: {type, id}, note}` (409 when already there,
  400 for a note over 500 characters)
- `PATCH /api/collections/{slug}/items/{_id}` `{note, position}`
- `DELETE /api/collections/{slug}/items/{_id}`

Writes need a token with write access (403 otherwise). Tests play the web page through the
helpers: `add_collection`, `web_add`, `web_note`, `web_remove`, `delete_collection`, `notes`.
Standard library only, like the fake hub.
"""

from __future__ import annotations

import copy
import hashlib
import html
import itertools
import re
import threading
from typing import Any

TOKEN = "hf_fake_write_token"
"""The token of the account `USER`, with write access."""
READ_TOKEN = "hf_fake_read_token"
"""The same account's read-only token: every write is a 403."""
USER = "ada"
NOTE_LIMIT = 500
LISTED_ITEMS = 4
"""Items a collection shows in a listing of collections, as the real hub."""

Answer = tuple[int, Any, dict[str, str]]
_COLLECTION = re.compile(r"^/api/collections/([^/]+/[^/]+)$")
_ITEMS = re.compile(r"^/api/collections/([^/]+/[^/]+)/items$")
_ITEM = re.compile(r"^/api/collections/([^/]+/[^/]+)/items/([^/]+)$")


class FakeCollections:
    """Every collection on the fake hub, and the tokens it knows."""

    def __init__(self, titles: dict[str, str] | None = None) -> None:
        self._titles = titles or {}
        """Paper id -> title, for the items (the fake hub's papers)."""
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.tokens: dict[str, tuple[str, bool]] = {}
        """Token -> (account, may write)."""
        self.collections: dict[str, dict[str, Any]] = {}
        self.clear()

    def clear(self) -> None:
        """No collections; the default tokens."""
        with self._lock:
            self.tokens = {TOKEN: (USER, True), READ_TOKEN: (USER, False)}
            self.collections = {}

    # -- the web page, for tests ------------------------------------------------------------

    def add_collection(
        self,
        title: str,
        papers: dict[str, str] | None = None,
        *,
        owner: str = USER,
        private: bool = True,
    ) -> str:
        """A collection with `papers` (id -> note); returns its slug."""
        with self._lock:
            slug = self._create(title, owner, private)
            for paper_id, note in (papers or {}).items():
                self._add_item(slug, paper_id, note)
        return slug

    def web_add(self, slug: str, paper_id: str, note: str = "") -> None:
        """Add a paper as the web page does."""
        with self._lock:
            self._add_item(slug, paper_id, note)

    def web_note(self, slug: str, paper_id: str, note: str) -> None:
        """Edit a paper's note as the web page does."""
        with self._lock:
            self._item_of(slug, paper_id)["note"] = _note(note)

    def web_remove(self, slug: str, paper_id: str) -> None:
        """Remove a paper as the web page does."""
        with self._lock:
            item = self._item_of(slug, paper_id)
            self.collections[slug]["items"].remove(item)

    def delete_collection(self, slug: str) -> None:
        with self._lock:
            del self.collections[slug]

    def notes(self, slug: str) -> dict[str, str]:
        """Paper id -> note text of a collection's papers."""
        with self._lock:
            return {
                item["id"]: item.get("note", {}).get("text", "")
                for item in self.collections[slug]["items"]
                if item["type"] == "paper"
            }

    # -- serving ----------------------------------------------------------------------------

    def answer(
        self, method: str, path: str, params: dict[str, str], token: str | None, body: Any
    ) -> Answer | None:
        """The answer to a request, or None when the path is not a collections path."""
        if not (path == "/api/whoami-v2" or path.startswith("/api/collections")):
            return None
        account = self.tokens.get(token or "")
        if account is None:
            return 401, {"error": "Invalid credentials in Authorization header"}, {}
        user, may_write = account
        if method != "GET" and not may_write:
            return 403, {"error": "You don't have the rights to change this collection"}, {}
        with self._lock:
            return self._route(method, path, params, user, body)

    def _route(
        self, method: str, path: str, params: dict[str, str], user: str, body: Any
    ) -> Answer:
        if path == "/api/whoami-v2" and method == "GET":
            return 200, {"type": "user", "name": user, "fullname": user.title()}, {}
        if path == "/api/collections":
            if method == "GET":
                owner = params.get("owner", "")
                found = [
                    self._listed(c)
                    for c in self.collections.values()
                    if c["owner"]["name"] == owner and (not c["private"] or owner == user)
                ]
                return 200, found, {}
            if method == "POST":
                return self._post_collection(user, body)
        if (match := _COLLECTION.match(path)) and method == "GET":
            collection = self._visible(match[1], user)
            if collection is None:
                return 404, {"error": "Collection not found"}, {}
            return 200, copy.deepcopy(collection), {}
        if (match := _ITEMS.match(path)) and method == "POST":
            return self._post_item(match[1], user, body)
        if match := _ITEM.match(path):
            if self._visible(match[1], user) is None:
                return 404, {"error": "Collection not found"}, {}
            items = self.collections[match[1]]["items"]
            item = next((i for i in items if i["_id"] == match[2]), None)
            if item is None:
                return 404, {"error": "Item not found"}, {}
            if method == "DELETE":
                items.remove(item)
                return 200, {"success": True}, {}
            if method == "PATCH":
                note = body.get("note") if isinstance(body, dict) else None
                if isinstance(note, str):
                    if len(note.encode("utf-16-le")) // 2 > NOTE_LIMIT:
                        return 400, {"error": "Note is too long (max 500 characters)"}, {}
                    item["note"] = _note(note)
                return 200, copy.deepcopy(self.collections[match[1]]), {}
        return 405, {"error": "Method not allowed"}, {}

    def _post_collection(self, user: str, body: Any) -> Answer:
        if not isinstance(body, dict) or not isinstance(body.get("title"), str):
            return 400, {"error": "title is required"}, {}
        namespace = body.get("namespace") or user
        if namespace != user:
            return 403, {"error": "You cannot create collections in this namespace"}, {}
        slug = self._create(body["title"], user, bool(body.get("private", False)))
        self.collections[slug]["description"] = body.get("description")
        return 200, copy.deepcopy(self.collections[slug]), {}

    def _post_item(self, slug: str, user: str, body: Any) -> Answer:
        if self._visible(slug, user) is None:
            return 404, {"error": "Collection not found"}, {}
        item = body.get("item") if isinstance(body, dict) else None
        if not isinstance(item, dict) or item.get("type") != "paper":
            return 400, {"error": "item is required"}, {}
        paper_id = str(item.get("id"))
        if any(i["id"] == paper_id for i in self.collections[slug]["items"]):
            return 409, {"error": "Item already in collection"}, {}
        note = body.get("note") or ""
        if len(note.encode("utf-16-le")) // 2 > NOTE_LIMIT:
            return 400, {"error": "Note is too long (max 500 characters)"}, {}
        self._add_item(slug, paper_id, note)
        return 200, copy.deepcopy(self.collections[slug]), {}

    # -- the store --------------------------------------------------------------------------

    def _create(self, title: str, owner: str, private: bool) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "collection"
        slug = f"{owner}/{words}-{self._hex()}"
        self.collections[slug] = {
            "slug": slug,
            "title": title,
            "owner": {"name": owner, "type": "user"},
            "private": private,
            "description": None,
            "position": len(self.collections),
            "theme": "orange",
            "upvotes": 0,
            "items": [],
        }
        return slug

    def _add_item(self, slug: str, paper_id: str, note: str) -> None:
        items = self.collections[slug]["items"]
        item: dict[str, Any] = {
            "_id": self._hex(),
            "id": paper_id,
            "type": "paper",
            "position": len(items),
            "title": self._titles.get(paper_id, f"Paper {paper_id}"),
            "upvotes": 1,
        }
        if note:
            item["note"] = _note(note)
        items.append(item)

    def _item_of(self, slug: str, paper_id: str) -> dict[str, Any]:
        return next(i for i in self.collections[slug]["items"] if i["id"] == paper_id)

    def _visible(self, slug: str, user: str) -> dict[str, Any] | None:
        collection = self.collections.get(slug)
        if collection is None or (collection["private"] and collection["owner"]["name"] != user):
            return None
        return collection

    def _listed(self, collection: dict[str, Any]) -> dict[str, Any]:
        listed = copy.deepcopy(collection)
        listed["items"] = listed["items"][:LISTED_ITEMS]
        return listed

    def _hex(self) -> str:
        return hashlib.sha1(str(next(self._ids)).encode()).hexdigest()[:24]


def _note(text: str) -> dict[str, str]:
    return {"text": text, "html": f"<p>{html.escape(text)}</p>"}
