"""Papers as plain JSON records, for files the user keeps (bookmarks) and may edit by hand.

Unlike `export.paper_to_dict`, which is a description for scripts, these records are
lossless: `paper_from_record(paper_to_record(p))` gives `p` back (search highlighting aside,
which only means something next to the query that produced it). Reading is defensive the way
`parsing` is: unknown keys are ignored, a wrong-typed optional field becomes its default, and
every string is cleaned again, so a hand-edited file cannot put escape sequences on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from paperreader.domain.ids import PAPER_ID
from paperreader.domain.models import Author, Bookmark, Organization, Paper
from paperreader.domain.tags import normalise_tags
from paperreader.domain.text import clean
from paperreader.formats.hub_json import parse_datetime, read_int, read_str, read_url

Record = dict[str, Any]
"""A JSON-ready mapping: str keys; str, int, bool, None, list and dict values."""


def datetime_to_text(value: datetime | None) -> str | None:
    """An ISO-8601 timestamp in UTC; a naive datetime is taken to be UTC already."""
    if value is None:
        return None
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat()


def datetime_from_text(value: object) -> datetime | None:
    """The UTC datetime an ISO-8601 string names (`Z` or an offset); None if unreadable."""
    return parse_datetime(value)


def multiline_text(value: object) -> str:
    """A cleaned string that keeps its line breaks (summaries, notes); "" for non-strings."""
    if not isinstance(value, str):
        return ""
    return clean(value.replace("\r\n", "\n").replace("\r", "\n"))


def _author_record(author: Author) -> Record:
    record: Record = {"name": author.name}
    if author.username is not None:
        record["username"] = author.username
    return record


def _authors(value: object) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    authors = []
    for raw in value:
        if isinstance(raw, str):  # a hand-written list of names
            raw = {"name": raw}
        if isinstance(raw, Mapping) and (name := read_str(raw.get("name"))):
            authors.append(Author(name=name, username=read_str(raw.get("username"))))
    return tuple(authors)


def _organization(value: object) -> Organization | None:
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        return None
    name = read_str(value.get("name"))
    fullname = read_str(value.get("fullname"))
    if not name and not fullname:
        return None
    return Organization(name=name or fullname or "", fullname=fullname)


def _keywords(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(k for k in (read_str(v) for v in value) if k)


def paper_to_record(paper: Paper) -> Record:
    """Every field of `paper` as JSON-ready data; the title highlighting is left out."""
    organization = paper.organization
    return {
        "id": paper.id,
        "title": paper.title,
        "summary": paper.summary,
        "authors": [_author_record(a) for a in paper.authors],
        "published_at": datetime_to_text(paper.published_at),
        "submitted_on_daily_at": datetime_to_text(paper.submitted_on_daily_at),
        "upvotes": paper.upvotes,
        "num_comments": paper.num_comments,
        "organization": (
            {"name": organization.name, "fullname": organization.fullname} if organization else None
        ),
        "submitted_by": paper.submitted_by,
        "github_repo": paper.github_repo,
        "github_stars": paper.github_stars,
        "project_page": paper.project_page,
        "ai_summary": paper.ai_summary,
        "ai_keywords": list(paper.ai_keywords),
        "withdrawn": paper.withdrawn,
    }


def paper_from_record(data: object) -> Paper:
    """Read a record written by `paper_to_record`; raises ValueError if it is unusable.

    Unusable means not an object, or without a well-formed arXiv id and a title: the id ends
    up in web addresses, so it is held to the same rule as ids from the hub.
    """
    if not isinstance(data, Mapping):
        raise ValueError("paper record is not an object")
    paper_id = read_str(data.get("id"))
    if not paper_id or not PAPER_ID.match(paper_id):
        raise ValueError(f"missing or malformed paper id: {data.get('id')!r}")
    title = read_str(data.get("title"))
    if not title:
        raise ValueError(f"paper {paper_id} has no title")
    return Paper(
        id=paper_id,
        title=title,
        summary=multiline_text(data.get("summary")),
        authors=_authors(data.get("authors")),
        published_at=datetime_from_text(data.get("published_at")),
        submitted_on_daily_at=datetime_from_text(data.get("submitted_on_daily_at")),
        upvotes=read_int(data.get("upvotes")) or 0,
        num_comments=read_int(data.get("num_comments")),
        organization=_organization(data.get("organization")),
        submitted_by=read_str(data.get("submitted_by")),
        github_repo=read_url(data.get("github_repo")),
        github_stars=read_int(data.get("github_stars")),
        project_page=read_url(data.get("project_page")),
        ai_summary=read_str(data.get("ai_summary")),
        ai_keywords=_keywords(data.get("ai_keywords")),
        withdrawn=data.get("withdrawn") is True,
    )


# ------------------------------------------------------------------ bookmarks


def clean_note(note: object) -> str:
    """A note as stored: escapes removed, line breaks kept, outer blank space dropped."""
    return multiline_text(note).strip()


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def bookmark_to_record(bookmark: Bookmark) -> Record:
    """A bookmark as JSON-ready data: metadata first, then the paper snapshot."""
    return {
        "added_at": datetime_to_text(bookmark.added_at),
        "tags": list(bookmark.tags),
        "note": bookmark.note,
        "paper": paper_to_record(bookmark.paper),
    }


def bookmark_from_record(data: object) -> Bookmark:
    """Read a bookmark record; raises ValueError without a usable paper and time added.

    Tags and note are forgiving, since people edit them by hand: tags may be a list or one
    comma-separated string, and a missing note is an empty one.
    """
    if not isinstance(data, Mapping):
        raise ValueError("bookmark record is not an object")
    paper = paper_from_record(data.get("paper"))
    added_at = datetime_from_text(data.get("added_at"))
    if added_at is None:
        raise ValueError(f"bookmark of {paper.id} has no readable added_at")
    raw_tags = data.get("tags")
    if isinstance(raw_tags, str):
        raw_tags = raw_tags.split(",")
    tags = normalise_tags(raw_tags) if isinstance(raw_tags, list) else ()
    return Bookmark(paper, added_at, tags, multiline_text(data.get("note")))
