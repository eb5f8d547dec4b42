"""A paper's discussion from the paper endpoint (E4: `?field=comments`), as a tree.

The hub's shape is not documented for certain, so both are read, and a mix of them: flat,
replies linked to their parent by `data.parentCommentId`, or nested, a comment's replies in
its `replies` list (or `data.replies`), its reactions in `data.reactions` or on the comment
itself. `parse_discussion` raises ValueError only when the response is neither an object nor a list;
any comment that cannot be read is skipped and counted (a property test checks it). A thread
from the network can be hostile: the tree is built without recursion and cycles of parents
are broken.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from paperreader.domain.details import Comment, Discussion
from paperreader.domain.ids import COMMENT_ID, exact_id
from paperreader.domain.text import clean_lines
from paperreader.formats.hub_values import parse_datetime, read_int, read_str, read_username


def comment_text(value: object) -> str:
    """Comment Markdown as plain text: escapes and controls removed, newlines kept."""
    if not isinstance(value, str):
        return ""
    text = clean_lines(value)
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


def _comment(raw: Mapping[str, object], index: int, nested_in: str | None) -> _RawComment | None:
    """One comment; `nested_in` is the id of the comment whose `replies` held it."""
    comment_id = exact_id(raw.get("id"), COMMENT_ID)
    kind = raw.get("type")
    if not comment_id or (kind is not None and kind != "comment"):
        return None
    data = raw.get("data")
    data = data if isinstance(data, Mapping) else {}
    latest = data.get("latest")
    latest = latest if isinstance(latest, Mapping) else {}
    hidden = data.get("hidden") is True
    num_edits = read_int(data.get("numEdits"))
    parent = nested_in or exact_id(data.get("parentCommentId"), COMMENT_ID)
    reactions = data.get("reactions")
    comment = Comment(
        id=comment_id,
        author=read_username(raw.get("author")) or read_username(latest.get("author")),
        created_at=parse_datetime(raw.get("createdAt")),
        text="" if hidden else comment_text(latest.get("raw")),
        hidden=hidden,
        hidden_reason=read_str(data.get("hiddenReason")) if hidden else None,
        reactions=_reactions(reactions if isinstance(reactions, list) else raw.get("reactions")),
        edited=data.get("edited") is True or bool(num_edits and num_edits > 0),
    )
    return _RawComment(comment, parent if parent != comment_id else None, index, [])


def _replies(raw: Mapping[str, object]) -> list[object]:
    """The replies nested in a comment: its `replies`, else its `data.replies`."""
    data = raw.get("data")
    for value in (raw.get("replies"), data.get("replies") if isinstance(data, Mapping) else None):
        if isinstance(value, list):
            return value
    return []


def _read_all(items: list[object]) -> tuple[dict[str, _RawComment], int]:
    """Every readable comment by id, nested replies included, in the hub's order (a comment,
    then its replies), and how many could not be read. Without recursion: a nested thread
    from the network can be deep."""
    by_id: dict[str, _RawComment] = {}
    skipped = 0
    stack: list[tuple[object, str | None]] = [(raw, None) for raw in reversed(items)]
    while stack:
        raw, nested_in = stack.pop()
        parsed = _comment(raw, len(by_id), nested_in) if isinstance(raw, Mapping) else None
        if parsed is None or parsed.comment.id in by_id:
            skipped += 1
        else:
            by_id[parsed.comment.id] = parsed
        if isinstance(raw, Mapping):  # the replies of an unreadable comment are kept too
            parent = parsed.comment.id if parsed is not None else None
            stack.extend((reply, parent) for reply in reversed(_replies(raw)))
    return by_id, skipped


def _order(raw: _RawComment) -> tuple[bool, datetime, int]:
    """Oldest first; undated comments last; ties in the hub's order."""
    created = raw.comment.created_at
    return (created is None, created or datetime.min.replace(tzinfo=UTC), raw.index)


def parse_discussion(paper_id: str, data: object) -> Discussion:
    """Read a paper's comments (E4: the detail with `comments`, or the bare list) as a tree.

    Replies are nested under their parent (the comment whose `replies` held them, else
    `data.parentCommentId`); a reply whose parent is missing, or that sits in a cycle of
    parents, stays at the top level. Hidden comments keep their reason but not their text.
    Raises ValueError only when `data` is neither an object nor a list; an object without
    `comments` is a discussion with none.
    """
    if isinstance(data, Mapping):
        value = data.get("comments")
        items = value if isinstance(value, list) else []
    elif isinstance(data, list):
        items = data
    else:
        raise ValueError("comments are neither an object nor a list")

    by_id, skipped = _read_all(items)

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
