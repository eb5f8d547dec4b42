"""Turning Hugging Face Papers JSON into models, defensively.

The API is loosely specified (see docs/hf-api.md section 8): fields move between the wrapper
and the nested `paper`, usernames hide in `name` or `user`, optional fields are missing or
null. Unknown fields are ignored; an item that cannot be read is skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from paperreader.domain.ids import PAPER_ID
from paperreader.domain.links import is_web_url
from paperreader.domain.models import (
    Author,
    Comment,
    Discussion,
    FullText,
    LinkedRepo,
    Organization,
    Paper,
    PaperExtras,
    TextSpan,
)
from paperreader.domain.text import clean, one_line, reflow


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


def read_str(value: object) -> str | None:
    """A non-empty cleaned one-line string, or None (shared with the bookmark codec)."""
    if isinstance(value, str):
        cleaned = one_line(value)
        return cleaned or None
    return None


def read_int(value: object) -> int | None:
    """An integer from a JSON number (never from a bool), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def read_url(value: object) -> str | None:
    """A web link, or None: links are only kept when `links.is_web_url` accepts them."""
    text = read_str(value)
    return text if text and is_web_url(text) else None


def _username(user: object) -> str | None:
    """The username of a UserOverview: `name` in some payloads, `user` in others."""
    if not isinstance(user, Mapping):
        return None
    return read_str(user.get("name")) or read_str(user.get("user"))


def _organization(value: object) -> Organization | None:
    if not isinstance(value, Mapping):
        return None
    name = read_str(value.get("name"))
    fullname = read_str(value.get("fullname"))
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
        name = read_str(raw.get("name"))
        if name:
            authors.append(Author(name=name, username=_username(raw.get("user"))))
    return tuple(authors)


def _keywords(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(k for k in (read_str(v) for v in value) if k)


def _spans(value: object) -> tuple[TextSpan, ...]:
    if not isinstance(value, list):
        return ()
    spans = []
    for raw in value:
        if isinstance(raw, Mapping) and isinstance(raw.get("text"), str):
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
    if not isinstance(item, Mapping):
        raise ValueError("item is not an object")
    inner = item.get("paper")
    paper: Mapping[str, Any] = inner if isinstance(inner, Mapping) else item
    wrapper: Mapping[str, Any] = item

    paper_id = read_str(paper.get("id"))
    if not paper_id or not PAPER_ID.match(paper_id):
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
        organization=_organization(_pick(paper, wrapper, key="organization")),
        submitted_by=_username(wrapper.get("submittedBy"))
        or _username(paper.get("submittedOnDailyBy")),
        github_repo=read_url(_pick(paper, wrapper, key="githubRepo")),
        github_stars=read_int(_pick(paper, wrapper, key="githubStars")),
        project_page=read_url(_pick(paper, wrapper, key="projectPage")),
        ai_summary=read_str(_pick(paper, wrapper, key="ai_summary")),
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


# --------------------------------------------------------------------------------------------
# The paper endpoint's extras (linked repos, comments) and the Markdown full text
# --------------------------------------------------------------------------------------------
#
# The contract, checked by a property test: `parse_extras` and `parse_discussion` raise
# ValueError only when the response is not usable at all (not an object, no paper id);
# anything else unreadable inside it is skipped, so a response always gives a result.

REPO_ID = re.compile(r"\A[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?\Z", re.ASCII)
"""A repo id as the hub writes them (`owner/name`, or a bare name for old models): nothing
that could leave the `/{id}` path of a URL or carry markup."""


def _repo(raw: object, kind: str) -> LinkedRepo | None:
    if not isinstance(raw, Mapping):
        return None
    repo_id = read_str(raw.get("id"))
    if not repo_id or not REPO_ID.match(repo_id) or ".." in repo_id:
        return None
    likes = read_int(raw.get("likes"))
    downloads = read_int(raw.get("downloads")) if kind != "space" else None
    emoji = read_str(raw.get("emoji")) if kind == "space" else None
    return LinkedRepo(
        kind=kind,
        id=repo_id,
        likes=likes if likes is not None and likes >= 0 else None,
        downloads=downloads if downloads is not None and downloads >= 0 else None,
        emoji=emoji[:8] if emoji else None,
        description=read_str(raw.get("shortDescription")) if kind == "space" else None,
    )


def _repos(value: object, kind: str) -> tuple[LinkedRepo, ...]:
    """The readable repos of one `linked*` list, best first, each id once."""
    if not isinstance(value, list):
        return ()
    repos: dict[str, LinkedRepo] = {}
    for raw in value:
        repo = _repo(raw, kind)
        if repo is not None and repo.id not in repos:
            repos[repo.id] = repo

    def rank(repo: LinkedRepo) -> tuple[int, int]:
        likes = repo.likes if repo.likes is not None else -1
        if kind == "space":
            return (-likes, 0)
        downloads = repo.downloads if repo.downloads is not None else -1
        return (-downloads, -likes)

    return tuple(sorted(repos.values(), key=rank))  # stable: ties keep the hub's order


def _total(value: object, listed: int) -> int:
    """`numTotal*`, never less than what was actually listed."""
    total = read_int(value)
    return max(total if total is not None else 0, listed)


def parse_extras(data: object, paper_id: str | None = None) -> PaperExtras:
    """Read linked repos and the comment count from a paper detail (E3, or E4 with comments).

    `paper_id` is used when the payload's own `id` is missing or malformed. Raises ValueError
    only when `data` is not an object or no paper id is known.
    """
    if not isinstance(data, Mapping):
        raise ValueError("paper detail is not an object")
    own_id = read_str(data.get("id"))
    pid = own_id if own_id and PAPER_ID.match(own_id) else paper_id
    if not pid:
        raise ValueError(f"missing or malformed paper id: {data.get('id')!r}")
    models = _repos(data.get("linkedModels"), "model")
    datasets = _repos(data.get("linkedDatasets"), "dataset")
    spaces = _repos(data.get("linkedSpaces"), "space")
    num_comments = read_int(data.get("numComments"))
    if isinstance(data.get("comments"), list):
        num_comments = parse_discussion(pid, data).total
    return PaperExtras(
        paper_id=pid,
        models=models,
        datasets=datasets,
        spaces=spaces,
        total_models=_total(data.get("numTotalModels"), len(models)),
        total_datasets=_total(data.get("numTotalDatasets"), len(datasets)),
        total_spaces=_total(data.get("numTotalSpaces"), len(spaces)),
        num_comments=num_comments if num_comments is None or num_comments >= 0 else None,
    )


def comment_text(value: object) -> str:
    """Comment Markdown as plain text: escapes and controls removed, newlines kept."""
    if not isinstance(value, str):
        return ""
    text = clean(value.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _reactions(value: object) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, list):
        return ()
    found: list[tuple[str, int]] = []
    for raw in value:
        if not isinstance(raw, Mapping):
            continue
        name = read_str(raw.get("reaction"))
        count = read_int(raw.get("count"))
        if count is None and isinstance(raw.get("users"), list):
            count = len(raw["users"])
        if name and count and count > 0:
            found.append((name[:32], count))
    return tuple(found)


@dataclass(slots=True)
class _RawComment:
    """A comment read from the response, before the replies are nested."""

    comment: Comment
    parent: str | None
    index: int
    replies: list[_RawComment]


def _comment(raw: object, index: int) -> _RawComment | None:
    if not isinstance(raw, Mapping):
        return None
    comment_id = read_str(raw.get("id"))
    kind = raw.get("type")
    if not comment_id or (kind is not None and kind != "comment"):
        return None
    data = raw.get("data")
    data = data if isinstance(data, Mapping) else {}
    latest = data.get("latest")
    latest = latest if isinstance(latest, Mapping) else {}
    hidden = data.get("hidden") is True
    num_edits = read_int(data.get("numEdits"))
    parent = read_str(data.get("parentCommentId"))
    comment = Comment(
        id=comment_id,
        author=_username(raw.get("author")) or _username(latest.get("author")),
        created_at=parse_datetime(raw.get("createdAt")),
        text="" if hidden else comment_text(latest.get("raw")),
        hidden=hidden,
        hidden_reason=read_str(data.get("hiddenReason")) if hidden else None,
        reactions=_reactions(data.get("reactions")),
        edited=data.get("edited") is True or bool(num_edits and num_edits > 0),
    )
    return _RawComment(comment, parent if parent != comment_id else None, index, [])


def _order(raw: _RawComment) -> tuple[bool, datetime, int]:
    """Oldest first; undated comments last; ties in the hub's order."""
    created = raw.comment.created_at
    return (created is None, created or datetime.min.replace(tzinfo=UTC), raw.index)


def parse_discussion(paper_id: str, data: object) -> Discussion:
    """Read a paper's comments (E4: the detail with `comments`, or the bare list) as a tree.

    Replies are nested under their parent (`data.parentCommentId`); a reply whose parent is
    missing, or that sits in a cycle of parents, stays at the top level. Hidden comments keep
    their reason but not their text. Raises ValueError only when `data` is neither an object
    nor a list; an object without `comments` is a discussion with none.
    """
    if isinstance(data, Mapping):
        value = data.get("comments")
        items = value if isinstance(value, list) else []
    elif isinstance(data, list):
        items = data
    else:
        raise ValueError("comments are neither an object nor a list")

    by_id: dict[str, _RawComment] = {}
    skipped = 0
    for index, raw in enumerate(items):
        parsed = _comment(raw, index)
        if parsed is None or parsed.comment.id in by_id:
            skipped += 1
            continue
        by_id[parsed.comment.id] = parsed

    # A comment in a cycle of parents goes to the top level, so a chain that runs into a
    # cycle ends at a top-level comment too: the nesting is always a forest. Each comment is
    # walked once (a long reply chain must not cost its length squared).
    in_cycle: set[str] = set()
    done: set[str] = set()
    for start in by_id:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current in by_id and current not in done:
            if current in on_path:
                in_cycle.update(path[path.index(current) :])
                break
            path.append(current)
            on_path.add(current)
            current = by_id[current].parent
        done.update(path)

    roots: list[_RawComment] = []
    for node in by_id.values():
        if node.parent in by_id and node.comment.id not in in_cycle:
            by_id[node.parent].replies.append(node)
        else:
            roots.append(node)

    # Build the frozen tree bottom-up without recursion (a hostile thread can be deep).
    order: list[_RawComment] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.replies)
    built: dict[str, Comment] = {}
    for node in reversed(order):
        replies = tuple(built[r.comment.id] for r in sorted(node.replies, key=_order))
        built[node.comment.id] = replace(node.comment, replies=replies)
    return Discussion(
        paper_id=paper_id,
        comments=tuple(built[r.comment.id] for r in sorted(roots, key=_order)),
        total=len(built),
        skipped=skipped,
    )


def parse_full_text(paper_id: str, text: object) -> FullText:
    """The Markdown full text, cleaned of escape sequences and controls but otherwise raw.

    None (the hub has no full text), a non-string or a blank text give `markdown=None`.
    """
    if not isinstance(text, str):
        return FullText(paper_id, None)
    cleaned = clean(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    return FullText(paper_id, cleaned if cleaned.strip() else None)
