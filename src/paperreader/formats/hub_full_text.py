"""A paper's full text from `/papers/{id}.md` (E6): Markdown kept as sent, only made safe,
and read into the pieces a reader shows a long text by (its headings, chunks of blocks)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperreader.domain.details import FullText
from paperreader.domain.text import clean_lines

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def parse_full_text(paper_id: str, text: object) -> FullText:
    """The Markdown full text, cleaned of escape sequences and controls but otherwise raw.

    None (the hub has no full text), a non-string or a blank text give `markdown=None`.
    """
    if not isinstance(text, str):
        return FullText(paper_id, None)
    cleaned = clean_lines(text.removeprefix("\ufeff"))
    return FullText(paper_id, cleaned if cleaned.strip() else None)


@dataclass(frozen=True, slots=True)
class Heading:
    """One ATX heading (`## Title`) of a Markdown text."""

    level: int
    """1 to 6."""
    title: str
    line: int
    """Its line in the text, counted from 0."""


@dataclass(frozen=True, slots=True)
class TextShape:
    """What a Markdown text is made of, read in one pass without parsing it.

    A reader decides from it how much to show at once: each heading and paragraph becomes
    a widget, and 20,000 of them take minutes and gigabytes to mount.
    """

    headings: list[Heading]
    blocks: int
    """Roughly how many blocks (paragraphs, headings, fences) the text has."""
    chunks: list[str]
    """The text cut between blocks into pieces of about `chunk_blocks` blocks each (never
    inside a fenced code block), which joined give the text back."""


def text_shape(markdown: str, chunk_blocks: int = 40) -> TextShape:
    """The headings, the block count and the chunks of `markdown` (fences respected: a `#`
    line inside a code block is code, not a heading)."""
    headings: list[Heading] = []
    chunks: list[str] = []
    blocks = 0
    fence: str | None = None
    previous_blank = True
    after_blank = True  # the line before was blank: a cut may go here
    chunk_start = 0
    chunk_blocks_seen = 0
    lines = markdown.splitlines(keepends=True)
    for number, line in enumerate(lines):
        stripped = line.strip()
        opened = _FENCE.match(line)
        if fence is not None:
            after_blank = False
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
        heading = _HEADING.match(line.rstrip("\n")) if fence is None else None
        starts_block = bool(stripped) and (previous_blank or heading is not None or opened)
        if starts_block:
            if chunk_blocks_seen >= chunk_blocks and after_blank:
                chunks.append("".join(lines[chunk_start:number]))
                chunk_start = number
                chunk_blocks_seen = 0
            blocks += 1
            chunk_blocks_seen += 1
        if heading is not None:
            title = heading.group(2).strip()
            headings.append(Heading(len(heading.group(1)), title or "(untitled)", number))
            previous_blank = True  # the next line starts a block of its own
        else:
            previous_blank = not stripped
        after_blank = not stripped
    rest = "".join(lines[chunk_start:])
    if rest or not chunks:
        chunks.append(rest)
    return TextShape(headings, blocks, chunks)
