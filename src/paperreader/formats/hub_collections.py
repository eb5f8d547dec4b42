"""The hub's collection JSON read defensively into `Collection`s.

A collection's items may be models, datasets, Spaces or papers; only papers with a valid id
are read, each with its note (`note.text`, cleaned like a note the user typed here). Titles
and notes come from the network: escapes are removed, and they are shown as text, never markup.
"""

from __future__ import annotations

import re
from typing import Any

from paperreader.domain.collection_sync import ITEM_ID, SLUG, Collection, RemoteItem
from paperreader.domain.errors import BadResponseError
from paperreader.domain.ids import PAPER_ID
from paperreader.formats.hub_values import read_str
from paperreader.formats.records import clean_note


def parse_collection(data: object) -> Collection:
    """One collection (`GET /api/collections/{slug}`); BadResponseError without a slug."""
    if not isinstance(data, dict):
        raise BadResponseError("Hugging Face sent a collection that is not a JSON object.")
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise BadResponseError("Hugging Face sent a collection without a valid name (slug).")
    raw_items = data.get("items")
    items = raw_items if isinstance(raw_items, list) else []
    papers: dict[str, RemoteItem] = {}
    for raw in items:
        paper = _paper_item(raw)
        if paper is not None and paper.paper_id not in papers:  # a paper once, as the hub does
            papers[paper.paper_id] = paper
    count = data.get("numItems", data.get("itemCount"))
    return Collection(
        slug=slug,
        title=read_str(data.get("title")) or slug,
        private=data.get("private") is True,
        item_count=count if isinstance(count, int) and count >= len(items) else len(items),
        papers=tuple(papers.values()),
    )


def parse_collections(data: object) -> list[Collection]:
    """The user's collections (`GET /api/collections?owner=NAME`); unreadable ones skipped."""
    if not isinstance(data, list):
        raise BadResponseError("Hugging Face sent something other than a list of collections.")
    found = []
    for raw in data:
        try:
            found.append(parse_collection(raw))
        except BadResponseError:
            continue
    return found


def parse_username(data: object) -> str:
    """The account name `GET /api/whoami-v2` answers."""
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not re.match(r"\A[A-Za-z0-9][\w.-]{0,95}\Z", name):
        raise BadResponseError("Hugging Face did not say which account the token belongs to.")
    return name


def _paper_item(raw: Any) -> RemoteItem | None:
    if not isinstance(raw, dict) or raw.get("type") != "paper":
        return None
    paper_id, item_id = raw.get("id"), raw.get("_id")
    if not isinstance(paper_id, str) or not PAPER_ID.match(paper_id):
        return None
    if not isinstance(item_id, str) or not ITEM_ID.match(item_id):
        return None  # it goes into API paths: nothing but an id may
    note = raw.get("note")
    text = note.get("text") if isinstance(note, dict) else None
    return RemoteItem(
        paper_id=paper_id,
        item_id=item_id,
        note=clean_note(text) if isinstance(text, str) else "",
        title=read_str(raw.get("title")),
    )
