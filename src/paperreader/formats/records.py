"""Papers as plain JSON records: the bookmarks file the user may edit by hand, and the rows of
the paper library. `paper_from_record` is the one reader of them.

Unlike `export.paper_json.paper_to_dict`, which is a description for scripts, these records are
lossless: `paper_from_record(paper_to_record(p))` gives `p` back (search highlighting aside,
which only means something next to the query that produced it). Reading is defensive the way
`hub_json` is: unknown keys are ignored, a wrong-typed optional field becomes its default, and
every string is cleaned again (or checked to need no cleaning), so a hand-edited file cannot
put escape sequences on screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from paperreader.domain.ids import PAPER_ID
from paperreader.domain.links import is_web_url
from paperreader.domain.models import Author, Bookmark, Organization, Paper, TextSpan
from paperreader.domain.sharing import (
    shared_author,
    shared_moment,
    shared_organization,
    shared_text,
    shared_words,
)
from paperreader.domain.tags import normalise_tags
from paperreader.domain.text import clean_lines
from paperreader.formats.hub_values import (
    parse_datetime,
    read_int,
    read_organization,
    read_str,
    read_strings,
    read_url,
)

Record = dict[str, Any]
"""A JSON-ready mapping: str keys; str, int, bool, None, list and dict values."""
TitleMarker = Callable[[str], tuple[TextSpan, ...]]
"""Splits a title into runs, marking some (the words a search matched)."""


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def datetime_to_text(value: datetime | None) -> str | None:
    """An ISO-8601 timestamp in UTC, as `parse_datetime` reads it back; None stays None."""
    return None if value is None else as_utc(value).isoformat()


def multiline_text(value: object) -> str:
    """A cleaned string that keeps its line breaks (summaries, notes); "" for non-strings."""
    return clean_lines(value) if isinstance(value, str) else ""


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
            authors.append(shared_author(name, read_str(raw.get("username"))))
    return tuple(authors)


def _organization(value: object) -> Organization | None:
    """An organization record, or a hand-written name alone."""
    return read_organization({"name": value} if isinstance(value, str) else value)


def paper_to_record(paper: Paper) -> Record:
    """Every field of `paper` as JSON-ready data; the title highlighting is left out.

    Raises ValueError for a paper whose texts are held elsewhere: a record without them
    would lose its abstract silently.
    """
    if paper.texts_elsewhere:
        raise ValueError(f"paper {paper.id} does not hold its abstract (complete it first)")
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


def paper_from_record(data: object, *, mark_title: TitleMarker | None = None) -> Paper:
    """Read a record written by `paper_to_record`; raises ValueError if it is unusable.

    Unusable means not an object, or without a well-formed arXiv id and a title: the id ends
    up in web addresses, so it is held to the same rule as ids from the hub. `mark_title`
    sets `highlighted_title` (a library search hit marks the words it matched).

    A record exactly as `paper_to_record` writes it from a clean paper (every record the
    program wrote) is read by checking its strings instead of cleaning them, several times
    faster, which a library search decoding hundreds of hits needs. Any other record (edited
    by hand, damaged, older) is read carefully; both give the same paper for the same record.
    """
    try:
        return _paper_as_written(data, mark_title)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        pass  # OverflowError: a date that leaves the calendar once moved to UTC
    return _paper_read_carefully(data, mark_title)


def _paper_read_carefully(data: object, mark_title: TitleMarker | None) -> Paper:
    """Any record: unknown keys ignored, wrong-typed optional fields dropped, strings cleaned."""
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
        published_at=parse_datetime(data.get("published_at")),
        submitted_on_daily_at=parse_datetime(data.get("submitted_on_daily_at")),
        upvotes=read_int(data.get("upvotes")) or 0,
        num_comments=read_int(data.get("num_comments")),
        organization=_organization(data.get("organization")),
        submitted_by=shared_text(read_str(data.get("submitted_by"))),
        github_repo=read_url(data.get("github_repo")),
        github_stars=read_int(data.get("github_stars")),
        project_page=read_url(data.get("project_page")),
        ai_summary=read_str(data.get("ai_summary")),
        ai_keywords=shared_words(read_strings(data.get("ai_keywords"))),
        withdrawn=data.get("withdrawn") is True,
        highlighted_title=mark_title(title) if mark_title else (),
    )


def _paper_as_written(data: Any, mark_title: TitleMarker | None) -> Paper:
    """A record exactly as `paper_to_record` writes a clean paper; raises on anything else.

    Each check accepts a value only where the careful reading would give it back unchanged
    (a one-line string that cleaning and folding spaces leave as it is, an int that is no
    bool, a UTC timestamp, a link `is_web_url` accepts), so the two readings never differ.
    """
    paper_id, title = data["id"], _line(data["title"])
    if not title or not PAPER_ID.match(paper_id):
        raise ValueError("not a record as written")
    org = data.get("organization")
    summary = data.get("summary") or ""
    if not isinstance(summary, str) or not summary.replace("\n", " ").isprintable():
        raise ValueError("summary")
    keywords = data.get("ai_keywords") or []
    if not isinstance(keywords, list):
        raise TypeError("ai_keywords")
    return Paper(
        id=paper_id,
        title=title,
        summary=summary,
        authors=tuple(
            shared_author(_required_line(a["name"]), _line(a.get("username")))
            for a in data.get("authors") or ()
        ),
        published_at=_moment(data.get("published_at")),
        submitted_on_daily_at=_moment(data.get("submitted_on_daily_at")),
        upvotes=_int_or_none(data.get("upvotes")) or 0,
        num_comments=_int_or_none(data.get("num_comments")),
        organization=(
            shared_organization(_required_line(org["name"]), _line(org.get("fullname")))
            if org
            else None
        ),
        submitted_by=shared_text(_line(data.get("submitted_by"))),
        github_repo=_link(data.get("github_repo")),
        github_stars=_int_or_none(data.get("github_stars")),
        project_page=_link(data.get("project_page")),
        ai_summary=_line(data.get("ai_summary")),
        ai_keywords=shared_words(k for k in map(_line, keywords) if k),
        withdrawn=data.get("withdrawn") is True,
        highlighted_title=mark_title(title) if mark_title else (),
    )


def _line(value: object) -> str | None:
    """A string `read_str` gives back unchanged (or None for None and ""); raises otherwise.

    A printable string holds no escape or control character (nothing for `clean` to take
    out), and its only whitespace is the ASCII space: without doubled or outer spaces, folding
    whitespace leaves it as it is.
    """
    if value is None:
        return None
    if (
        isinstance(value, str)
        and value.isprintable()
        and "  " not in value
        and value == value.strip()
    ):
        return value or None
    raise ValueError("not a clean one-line string")


def _required_line(value: object) -> str:
    text = _line(value)
    if text is None:
        raise ValueError("a name is missing")
    return text


def _int_or_none(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError("not an integer")


_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?")
"""A shape `is_web_url` always accepts (no space, `@` or bracket before the path), matched
without its per-character loop and `urlsplit`, which cost more than the rest of a record."""


def _link(value: object) -> str | None:
    text = _line(value)
    if text is None or (len(text) <= 4096 and _PLAIN_WEB_URL.fullmatch(text)):
        return text
    if not is_web_url(text):
        raise ValueError("not a web link")
    return text


def _moment(value: object) -> datetime | None:
    """A timestamp with its offset, as `datetime_to_text` writes it; raises for a naive one
    (read as UTC carefully, but as local time by `fromisoformat`)."""
    text = _line(value)
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a timestamp without an offset")
    return shared_moment(moment.astimezone(UTC))


# ------------------------------------------------------------------ bookmarks


def clean_note(note: object) -> str:
    """A note as stored: escapes removed, line breaks kept, outer blank space dropped."""
    return multiline_text(note).strip()


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
    added_at = parse_datetime(data.get("added_at"))
    if added_at is None:
        raise ValueError(f"bookmark of {paper.id} has no readable added_at")
    raw_tags = data.get("tags")
    if isinstance(raw_tags, str):
        raw_tags = raw_tags.split(",")
    tags = normalise_tags(raw_tags) if isinstance(raw_tags, list) else ()
    return Bookmark(paper, added_at, tags, multiline_text(data.get("note")))
