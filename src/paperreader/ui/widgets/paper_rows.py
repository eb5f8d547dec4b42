"""Drawing the paper list's rows: the text of each line of a row, and the strip it becomes.

Kept apart from the list, which decides which papers are shown and where the cursor is; this
module only knows how one paper looks. Each paper takes two lines: upvotes and title, then
organisation or first author, comments and date; in compact mode one line has them all, the
title cut to leave room for the rest. The filter's words are marked in the titles, as the
library's search marks its matches. Titles are drawn as `Text`, never markup.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.strip import Strip
from textual.widget import Widget

from paperreader.domain.filtering import TAG_PREFIX
from paperreader.domain.models import Paper, TextSpan

ROW_HEIGHT = 2
"""Lines each paper takes (one in compact mode)."""

COMPACT_META_SHARE = 0.34
"""At most this share of a compact row goes to who, how much discussion and when; the title
has the rest."""
COMPACT_META_MIN_WIDTH = 60
"""Narrower than this, a compact row is the title alone."""

BOOKMARKED, READ, NEW = 1, 2, 4
"""The bits of a row's marks."""

RowKey = tuple[int, int, int, bool, bool, int, tuple[tuple[int, int], ...]]
"""A drawn line's key: index in the view, line, width, cursor, focus, marks, filter marks."""


class RowPainter:
    """Draws a list's row lines, keeping the strips drawn until the rows or styles change.

    Component styles are looked up once per style change, not once per line: Textual
    computes them afresh on each call, and a screenful asks for them dozens of times.
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._styles: dict[str, Style] = {}
        self._strips: LRUCache[RowKey, Strip] = LRUCache(1024)
        self.base = Style()
        """The widget's own style, read once per paint (costly to compute)."""
        self.height = ROW_HEIGHT
        """Lines each paper takes: two, or one in compact mode."""
        self._filter = ""
        self._matcher: re.Pattern[str] | None = None
        """Finds the filter's words in a title (case aside); None: no words to mark."""

    def set_compact(self, compact: bool) -> None:
        """Draw one line per paper (compact) or two."""
        self.height = 1 if compact else ROW_HEIGHT
        self._strips.clear()

    def set_filter(self, text: str) -> None:
        """Mark the words of the list's filter `text` in the titles drawn from now on."""
        if text == self._filter:
            return
        self._filter = text
        self._matcher = filter_matcher(text)
        # The drawn rows stay: each is kept under where its title's marks fall (`row_line`),
        # so a keystroke redraws only the titles whose marks moved.

    def _marked_at(self, paper: Paper) -> tuple[tuple[int, int], ...]:
        """Where the filter marks `paper`'s title (none for a library hit: its own marks
        go with the paper)."""
        if self._matcher is None or paper.highlighted_title:
            return ()
        return tuple(found.span() for found in self._matcher.finditer(paper.title))

    def title_spans(self, paper: Paper) -> tuple[TextSpan, ...]:
        """The title as runs, the matched words marked: the library's search marks, else
        the filter's."""
        if paper.highlighted_title:
            return paper.highlighted_title
        if self._matcher is None:
            return (TextSpan(paper.title),)
        return marked(paper.title, self._matcher)

    def forget_rows(self) -> None:
        """Drop the drawn rows: they are kept by their index in the view, or their marks
        or the width changed."""
        self._strips.clear()

    def forget_styles(self) -> None:
        """Drop the styles and what was drawn with them (the theme or the CSS changed)."""
        self._strips.clear()
        self._styles.clear()

    def row_line(
        self,
        index: int,
        paper: Paper,
        sub: int,
        width: int,
        selected: bool,
        marks: int,
        note: str = "",
    ) -> Strip:
        """Line `sub` of the row of paper `index` in the view, drawn once and then kept;
        `note` (why it is listed) leads its second line."""
        focused = selected and self._widget.has_focus  # only the cursor's colour follows it
        marked_at = self._marked_at(paper) if sub == 0 else ()
        key = (index, sub, width, selected, focused, marks, marked_at)
        strip = self._strips.get(key)
        if strip is None:
            strip = self.draw_row_line(paper, sub, width, selected, marks, note)
            self._strips[key] = strip
        return strip

    def draw_row_line(
        self, paper: Paper, sub: int, width: int, selected: bool, marks: int, note: str = ""
    ) -> Strip:
        """Line `sub` (0 or 1) of a paper's row, exactly `width` cells wide."""
        background = self.cursor_background(self._widget.has_focus) if selected else None
        if self.height == 1:
            text = compact_text(paper, selected, marks, self, note, width)
        else:
            text = row_text(paper, sub, selected, marks, self, note)
        return to_strip(text, width, self.base, self._widget.app.console, background)

    def message_line(self, text: str, width: int) -> Strip:
        """A line of the list's message when it has no rows."""
        styled = Text("  " + text)
        styled.stylize(self.style("paper-list--empty"))  # a span: a whole-text style is dropped
        return to_strip(styled, width, self.base, self._widget.app.console)

    def style(self, component: str) -> Style:
        """A component's foreground style; the row decides the background."""
        style = self._styles.get(component)
        if style is None:
            full = self._widget.get_component_rich_style(component)
            style = Style(
                color=full.color,
                bold=full.bold,
                italic=full.italic,
                underline=full.underline,
            )
            self._styles[component] = style
        return style

    def cursor_background(self, focused: bool) -> Style:
        """The cursor row's background, which differs with focus."""
        key = f"cursor:{focused}"
        style = self._styles.get(key)
        if style is None:
            component = "paper-list--cursor-focus" if focused else "paper-list--cursor"
            style = self._widget.get_component_rich_style(component, partial=True)
            self._styles[key] = style
        return style


def row_text(
    paper: Paper, sub: int, selected: bool, marks: int, painter: RowPainter, note: str = ""
) -> Text:
    """Line `sub` (0 or 1) of a paper's row, unpadded; `note` leads the second line."""
    marker = "▌" if selected else " "
    text = Text(marker, style=painter.style("paper-list--upvotes") if selected else "")
    if sub == 0:
        _title_line(text, paper, marks, painter)
    else:
        text.append(" " * 10)
        _meta(text, paper, marks, painter, note)
    return text


def compact_text(
    paper: Paper, selected: bool, marks: int, painter: RowPainter, note: str, width: int
) -> Text:
    """A paper on one line: upvotes and title, then who and when at the right edge."""
    text = row_text(paper, 0, selected, marks, painter)
    if width < COMPACT_META_MIN_WIDTH:
        return text
    meta = Text()
    _meta(meta, paper, marks, painter, note)
    room = int(width * COMPACT_META_SHARE)
    if meta.cell_len > room:
        meta.truncate(room, overflow="ellipsis")
    title_room = width - meta.cell_len - 2
    if text.cell_len > title_room:
        text.truncate(title_room, overflow="ellipsis")
    text.pad_right(title_room - text.cell_len + 2)
    text.append_text(meta)
    return text


def _title_line(text: Text, paper: Paper, marks: int, painter: RowPainter) -> None:
    text.append("★" if marks & BOOKMARKED else " ", style=painter.style("paper-list--bookmark"))
    text.append(f"▲{paper.upvotes:>5}  ", style=painter.style("paper-list--upvotes"))
    title_style = painter.style("paper-list--read" if marks & READ else "paper-list--title")
    match_style = painter.style("paper-list--match")
    for span in painter.title_spans(paper):
        text.append(span.text, style=match_style if span.highlight else title_style)


def _meta(text: Text, paper: Paper, marks: int, painter: RowPainter, note: str) -> None:
    if marks & NEW:
        text.append("new ", style=painter.style("paper-list--new"))
    if note:
        text.append(note + " · ", style=painter.style("paper-list--upvotes"))
    text.append(meta_line(paper), style=painter.style("paper-list--meta"))


def filter_matcher(text: str) -> re.Pattern[str] | None:
    """What finds the words of a list filter in a title; None when it has none to find.

    The filter matches words anywhere in a paper's text, case aside (`domain.filtering`);
    `tag:` words match bookmarks' tags, not the title, so they are not marked.
    """
    words = {w for w in text.lower().split() if not w.startswith(TAG_PREFIX)}
    if not words:
        return None
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in longest_first), re.IGNORECASE)


def marked(title: str, matcher: re.Pattern[str]) -> tuple[TextSpan, ...]:
    """`title` as runs, the matcher's finds marked; the runs join to `title`."""
    spans: list[TextSpan] = []
    position = 0
    for found in matcher.finditer(title):
        start, end = found.span()
        if start == end:
            continue
        if start > position:
            spans.append(TextSpan(title[position:start]))
        spans.append(TextSpan(title[start:end], highlight=True))
        position = end
    if position < len(title):
        spans.append(TextSpan(title[position:]))
    return tuple(spans) or (TextSpan(title),)


def to_strip(
    text: Text, width: int, base: Style, console: Console, background: Style | None = None
) -> Strip:
    """`text` on one line of exactly `width` cells, cut with an ellipsis when too long."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.truncate(width, overflow="ellipsis", pad=True)
    style = base + background if background else base
    runs = _runs(text, console)
    if runs is None:  # overlapping marks: Rich works out what each character gets
        runs = [(s.text, s.style or Style.null()) for s in text.render(console) if s.text != "\n"]
    segments = [Segment(run, style + run_style if run_style else style) for run, run_style in runs]
    return Strip(segments, width).adjust_cell_length(width, style)


def _runs(text: Text, console: Console) -> list[tuple[str, Style]] | None:
    """The runs of `text` and their styles, as `Text.render` gives them, for text whose
    styled parts follow one another (as a row's are appended); None when some overlap.

    Half of drawing a row went to `Text.render`, which is made for any nesting of styles.
    """
    plain = text.plain
    if not text.spans:
        return [(plain, Style.null())]  # as Rich: unstyled, whatever the text's own style
    whole = console.get_style(text.style, default=Style.null())
    runs: list[tuple[str, Style]] = []
    position = 0
    for span in sorted(text.spans, key=lambda span: span.start):
        start, end = span.start, min(span.end, len(plain))
        if start < position:
            return None
        if start >= end:
            continue
        if start > position:
            runs.append((plain[position:start], whole))
        runs.append((plain[start:end], whole + console.get_style(span.style)))
        position = end
    if position < len(plain):
        runs.append((plain[position:], whole))
    return runs


def meta_line(paper: Paper) -> str:
    """The second line of a row: who, how much discussion, when."""
    parts = []
    if paper.organization:
        parts.append(paper.organization.label)
    elif paper.first_author:
        extra = len(paper.authors) - 1
        parts.append(paper.first_author + (f" +{extra}" if extra else ""))
    if paper.num_comments:
        parts.append(f"{paper.num_comments} comment{'s' if paper.num_comments != 1 else ''}")
    if paper.github_repo:
        parts.append("code")
    if paper.published_at:
        parts.append(paper.published_at.strftime("%Y-%m-%d"))
    if paper.withdrawn:
        parts.append("withdrawn")
    return " · ".join(parts)
