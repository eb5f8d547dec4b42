"""Turning Hugging Face Papers JSON into models, defensively.

The API is loosely specified (see docs/hf-api.md section 8): fields move between the wrapper
and the nested `paper`, usernames hide in `name` or `user`, optional fields are missing or
null. Unknown fields are ignored; an item that cannot be read is skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .models import Author, Organization, Paper, TextSpan
from .text import clean, one_line, reflow

PAPER_ID = re.compile(r"\A\d{4}\.\d{4,5}\Z", re.ASCII)
"""arXiv ids as Hugging Face uses them: unversioned, `YYMM.NNNN(N)`."""


@dataclass(frozen=True, slots=True)
class ParsedItems:
    """The papers read from a response and how many items had to be skipped."""

    papers: tuple[Paper, ...]
    skipped: int = 0


def parse_datetime(value: object) -> datetime | None:
    """Read an ISO-8601 timestamp such as `2024-07-31T17:54:27.000Z`; None if unreadable."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # unreadable, or out of range once moved to UTC
        return None


def _str(value: object) -> str | None:
    """A non-empty cleaned string, or None."""
    if isinstance(value, str):
        cleaned = one_line(value)
        return cleaned or None
    return None


def _int(value: object) -> int | None:
    """An integer from a JSON number (never from a bool), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _url(value: object) -> str | None:
    """An http(s) URL, or None: links from the API are only kept when they are web links."""
    text = _str(value)
    if text and re.match(r"^https?://[^\s]+$", text, re.IGNORECASE):
        return text
    return None


def _username(user: object) -> str | None:
    """The username of a UserOverview: `name` in some payloads, `user` in others."""
    if not isinstance(user, Mapping):
        return None
    return _str(user.get("name")) or _str(user.get("user"))


def _organization(value: object) -> Organization | None:
    if not isinstance(value, Mapping):
        return None
    name = _str(value.get("name"))
    fullname = _str(value.get("fullname"))
    if not name and not fullname:
        return None
    return Organization(name=name or fullname or "", fullname=fullname)


def _authors(value: object) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    authors = []
    for raw in value:
        if not isinstance(raw, Mapping) or raw.get("hidden") is True:
            continue
        name = _str(raw.get("name"))
        if name:
            authors.append(Author(name=name, username=_username(raw.get("user"))))
    return tuple(authors)


def _keywords(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(k for k in (_str(v) for v in value) if k)


def _spans(value: object) -> tuple[TextSpan, ...]:
    if not isinstance(value, list):
        return ()
    spans = []
    for raw in value:
        if isinstance(raw, Mapping) and isinstance(raw.get("text"), str):
            text = re.sub(r"\s+", " ", clean(raw["text"]))  # a title is one line
            spans.append(TextSpan(text, raw.get("type") == "highlight"))
    return tuple(spans)


def _pick(*sources: Mapping[str, Any], key: str) -> object:
    """The first non-null value of `key` among the sources (nested paper first)."""
    for source in sources:
        value = source.get(key)
        if value is not None:
            return value
    return None


def parse_paper(item: object) -> Paper:
    """Read one listing item, search item or paper detail; raises ValueError if unusable.

    Listing and search items wrap the paper in `paper`; the detail endpoint is flat. Fields are
    looked up in the nested paper first, then the wrapper, so either shape works.
    """
    if not isinstance(item, Mapping):
        raise ValueError("item is not an object")
    inner = item.get("paper")
    paper: Mapping[str, Any] = inner if isinstance(inner, Mapping) else item
    wrapper: Mapping[str, Any] = item

    paper_id = _str(paper.get("id"))
    if not paper_id or not PAPER_ID.match(paper_id):
        raise ValueError(f"missing or malformed paper id: {paper.get('id')!r}")
    title = _str(_pick(paper, wrapper, key="title"))
    if not title:
        raise ValueError(f"paper {paper_id} has no title")

    summary = _pick(paper, wrapper, key="summary")
    highlighted = _spans(wrapper.get("highlightedTitle"))
    if highlighted and one_line("".join(s.text for s in highlighted)) != title:
        highlighted = ()  # highlighting that does not spell the title would mislead

    return Paper(
        id=paper_id,
        title=title,
        summary=reflow(summary if isinstance(summary, str) else ""),
        authors=_authors(paper.get("authors")),
        published_at=parse_datetime(paper.get("publishedAt")),
        submitted_on_daily_at=parse_datetime(paper.get("submittedOnDailyAt")),
        upvotes=_int(_pick(paper, wrapper, key="upvotes")) or 0,
        num_comments=_int(_pick(wrapper, paper, key="numComments")),
        organization=_organization(_pick(paper, wrapper, key="organization")),
        submitted_by=_username(wrapper.get("submittedBy"))
        or _username(paper.get("submittedOnDailyBy")),
        github_repo=_url(_pick(paper, wrapper, key="githubRepo")),
        github_stars=_int(_pick(paper, wrapper, key="githubStars")),
        project_page=_url(_pick(paper, wrapper, key="projectPage")),
        ai_summary=_str(_pick(paper, wrapper, key="ai_summary")),
        ai_keywords=_keywords(_pick(paper, wrapper, key="ai_keywords")),
        withdrawn=_pick(paper, wrapper, key="withdrawnAt") is not None,
        highlighted_title=highlighted,
    )


def parse_items(items: object) -> ParsedItems:
    """Read a listing or search response; unreadable items are skipped and counted.

    Raises ValueError when the response is not a list at all.
    """
    if not isinstance(items, list):
        raise ValueError("expected a JSON list of papers")
    papers: list[Paper] = []
    seen: set[str] = set()
    skipped = 0
    for item in items:
        try:
            paper = parse_paper(item)
        except ValueError:
            skipped += 1
            continue
        if paper.id in seen:
            continue
        seen.add(paper.id)
        papers.append(paper)
    return ParsedItems(tuple(papers), skipped)
