"""A Markdown reading list: one bullet per paper or bookmark, linking Hugging Face and arXiv.

Titles, names and tags are escaped so they cannot change a line's inline structure (end a
link, start emphasis or HTML); notes are the user's own text and are kept as written (they
may use Markdown), only indented under their bullet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperreader.domain.links import HF_WEB, links_for
from paperreader.domain.models import Bookmark, Paper
from paperreader.domain.text import clean_lines, one_line

# Backslash-escaping any ASCII punctuation is valid CommonMark; these are the characters that
# would end a link text or start a link, code span, emphasis, strikethrough or HTML inside it,
# plus an `&` that would be read as an entity such as `&amp;`.
_MARKDOWN_SPECIAL = re.compile(r"[\\\[\]()`*_<>~]|&(?=#?\w+;)")
_MAX_AUTHORS = 3


def escape_markdown(text: str) -> str:
    """`text` as one line of Markdown that renders as itself, inside or outside a link."""
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), one_line(text))


def _markdown_url(url: str) -> str:
    """A link destination that cannot end early: spaces, brackets and parens percent-encoded."""
    return "".join(f"%{ord(ch):02X}" if ch in " ()<>" else ch for ch in url)


def markdown_link(paper: Paper, web: str | None = None) -> str:
    """`[title](Hugging Face page)`, the title escaped so it cannot break the link."""
    hf = links_for(paper, web or HF_WEB).hf
    return f"[{escape_markdown(paper.title)}]({_markdown_url(hf)})"


def _short_authors(paper: Paper) -> str:
    """The first few author names, then "et al."."""
    names = [n for n in (one_line(a.name) for a in paper.authors) if n]
    shown = ", ".join(escape_markdown(n) for n in names[:_MAX_AUTHORS])
    return shown + " et al." if len(names) > _MAX_AUTHORS else shown


def _markdown_note(note: str) -> list[str]:
    """The note as the lines of a nested list item; paragraphs and line breaks kept."""
    lines = clean_lines(note).strip("\n").split("\n")
    out = [f"  - Note: {lines[0].strip()}"]
    out += [f"    {line.rstrip()}" if line.strip() else "" for line in lines[1:]]
    return out


def _markdown_item(item: Paper | Bookmark, web: str | None) -> list[str]:
    """The lines of one bullet."""
    paper = item.paper if isinstance(item, Bookmark) else item
    head = f"- {markdown_link(paper, web)}"
    authors = _short_authors(paper)
    if authors:
        head += f" — {authors}"
    head += f" · [arXiv:{escape_markdown(paper.id)}]({_markdown_url(links_for(paper).arxiv)})"
    lines = [head]
    if isinstance(item, Bookmark):
        tags = [t for t in (one_line(t) for t in item.tags) if t]
        if tags:
            lines.append("  - Tags: " + ", ".join(escape_markdown(t) for t in tags))
        if item.note.strip():
            lines += _markdown_note(item.note)
    return lines


def markdown_list(
    papers_or_bookmarks: Iterable[Paper | Bookmark],
    web: str | None = None,
    heading: str | None = None,
) -> str:
    """A Markdown reading list: a heading, then one bullet per paper or bookmark.

    Each bullet links the Hugging Face page, names up to three authors and links arXiv;
    a bookmark adds its tags and its note as nested items. `heading` defaults to
    "Bookmarks" when any item is a bookmark, else "Papers".
    """
    items = list(papers_or_bookmarks)
    if heading is None:
        heading = "Bookmarks" if any(isinstance(i, Bookmark) for i in items) else "Papers"
    lines = [f"# {escape_markdown(heading)}", ""]
    for item in items:
        lines += _markdown_item(item, web)
    if not items:
        lines.append("Nothing to list.")
    return "\n".join(lines) + "\n"
