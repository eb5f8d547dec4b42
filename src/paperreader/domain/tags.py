"""Tags on bookmarks: one way to clean them, and the two ways to match them.

An export or `--tag` names a whole tag (`has_tag`); the as-you-type filter's `tag:` word
names the start of one (`has_tag_starting`), so the list narrows while the tag is typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperreader.domain.models import Bookmark
from paperreader.domain.text import one_line


def normalise_tags(tags: Iterable[str] | str) -> tuple[str, ...]:
    """Tags as stored: stripped, lower-cased, inner spaces as '-', deduplicated, sorted."""
    if isinstance(tags, str):  # one tag, not a sequence of one-letter tags
        tags = [tags]
    cleaned = {
        "-".join(one_line(tag).lstrip("#").lower().split()) for tag in tags if isinstance(tag, str)
    }
    return tuple(sorted(tag for tag in cleaned if tag))


def has_tag(bookmark: Bookmark, tag: str | None) -> bool:
    """True when `bookmark` carries `tag`, compared as the exports compare it (normalised, a
    leading # ignored); no tag, or a blank one, matches every bookmark."""

    def normal(text: str) -> str:
        return next(iter(normalise_tags(text)), "").removeprefix("#")

    wanted = normal(tag) if tag is not None else ""
    return not wanted or any(normal(t) == wanted for t in bookmark.tags)


def has_tag_starting(tags: Iterable[str], prefix: str) -> bool:
    """True when one of `tags` (as stored: normalised) starts with `prefix`.

    The filter's `tag:` rule: it matches as the user types, so `tag:read` finds "reading",
    and a bare `tag:` finds every paper that has a tag at all.
    """
    return any(tag.startswith(prefix) for tag in tags)
