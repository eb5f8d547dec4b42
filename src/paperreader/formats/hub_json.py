"""Listings and papers from Hugging Face Papers JSON, defensively.

The API is loosely specified (see docs/hf-api.md section 8): fields move between the wrapper
and the nested `paper`, usernames hide in `name` or `user`, optional fields are missing or
null. Unknown fields are ignored; an item that cannot be read is skipped and counted.
What only the paper endpoint has is read by `hub_extras`, `hub_discussion` and
`hub_full_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from paperreader.domain.ids import PAPER_ID, exact_id
from paperreader.domain.models import Author, Paper, TextSpan
from paperreader.domain.sharing import shared_author, shared_text, shared_words
from paperreader.domain.text import clean, reflow
from paperreader.formats.hub_values import (
    parse_datetime,
    read_hub_organization,
    read_int,
    read_str,
    read_strings,
    read_url,
    read_username,
)


class ParsedItems(NamedTuple):
    """The papers read from a response and how many items had to be skipped."""

    papers: tuple[Paper, ...]
    skipped: int = 0


def _authors(value: object) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    authors = []
    for raw in value:
        if not isinstance(raw, dict) or raw.get("hidden") is True:
            continue
        name = read_str(raw.get("name"))
        if name:
            authors.append(shared_author(name, read_username(raw.get("user"))))
    return tuple(authors)


def _spans(value: object) -> tuple[TextSpan, ...]:
    if not isinstance(value, list):
        return ()
    spans = []
    for raw in value:
        if isinstance(raw, dict) and isinstance(raw.get("text"), str):
            text = re.sub(r"\s+", " ", clean(raw["text"]))  # a title is one line
            spans.append(TextSpan(text, raw.get("type") == "highlight"))
    return tuple(spans)


def _spelling(spans: tuple[TextSpan, ...], title: str) -> tuple[TextSpan, ...]:
    """`spans` cut to spell `title` exactly, or () when they spell something else.

    The hub's spans keep the raw title's spacing (a leading newline, doubled spaces), which
    the title loses to `one_line`: the extra spaces go, so a row drawn from the spans reads
    as the title does. Highlighting that does not spell the title would mislead.
    """
    if not spans:
        return ()
    fitted: list[TextSpan] = []
    at = 0
    for span in spans:
        kept = []
        for char in span.text:
            if at < len(title) and char == title[at]:
                kept.append(char)
                at += 1
            elif not char.isspace():
                return ()
        if kept:
            fitted.append(TextSpan("".join(kept), span.highlight))
    return tuple(fitted) if at == len(title) else ()


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
    if not isinstance(item, dict):
        raise ValueError("item is not an object")
    inner = item.get("paper")
    paper: Mapping[str, Any] = inner if isinstance(inner, dict) else item
    wrapper: Mapping[str, Any] = item

    paper_id = exact_id(paper.get("id"), PAPER_ID)
    if not paper_id:
        raise ValueError(f"missing or malformed paper id: {paper.get('id')!r}")
    title = read_str(_pick(paper, wrapper, key="title"))
    if not title:
        raise ValueError(f"paper {paper_id} has no title")

    summary = _pick(paper, wrapper, key="summary")
    highlighted = _spelling(_spans(wrapper.get("highlightedTitle")), title)

    return Paper(
        id=paper_id,
        title=title,
        summary=reflow(summary if isinstance(summary, str) else ""),
        authors=_authors(paper.get("authors")),
        published_at=parse_datetime(paper.get("publishedAt")),
        submitted_on_daily_at=parse_datetime(paper.get("submittedOnDailyAt")),
        upvotes=read_int(_pick(paper, wrapper, key="upvotes")) or 0,
        num_comments=read_int(_pick(wrapper, paper, key="numComments")),
        organization=read_hub_organization(_pick(paper, wrapper, key="organization")),
        submitted_by=shared_text(
            read_username(wrapper.get("submittedBy"))
            or read_username(paper.get("submittedOnDailyBy"))
        ),
        github_repo=read_url(_pick(paper, wrapper, key="githubRepo")),
        github_stars=read_int(_pick(paper, wrapper, key="githubStars")),
        project_page=read_url(_pick(paper, wrapper, key="projectPage")),
        ai_summary=read_str(_pick(paper, wrapper, key="ai_summary")),
        ai_keywords=shared_words(read_strings(_pick(paper, wrapper, key="ai_keywords"))),
        withdrawn=_pick(paper, wrapper, key="withdrawnAt") is not None,
        highlighted_title=highlighted,
    )


def parse_items(
    items: object, hold: Callable[[Iterable[Paper]], tuple[Paper, ...]] = tuple
) -> ParsedItems:
    """Read a listing or search response; unreadable items are skipped and counted.

    `items` is a list, or an iterator of items decoded one at a time (a large cached
    listing); `hold` makes the papers read, in order, into what is kept (the service's
    `PaperTexts.slimmed` keeps a large listing's texts in the library), each paper as it is
    read. Raises ValueError when the response is not a list at all.
    """
    if not isinstance(items, list | Iterator):
        raise ValueError("expected a JSON list of papers")
    skipped = 0

    def papers() -> Iterator[Paper]:
        nonlocal skipped
        seen: set[str] = set()
        for item in items:
            try:
                paper = parse_paper(item)
            except ValueError:
                skipped += 1
                continue
            if paper.id in seen:
                continue
            seen.add(paper.id)
            yield paper

    held = hold(papers())
    return ParsedItems(held, skipped)
