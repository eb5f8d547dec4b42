"""A row's strip is what Rich would draw from its text, character by character and style."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from paperreader.ui.widgets.paper_rows import to_strip

CONSOLE = Console()
BASE = Style(color="#e0e0e0", bgcolor="#1e1e1e")
STYLES = [Style(color="red", bold=True), Style(color="#ffaa00", underline=True), Style()]


def rich_strip(text: Text, width: int, background: Style | None) -> list[tuple[str, Style]]:
    """The strip as drawn through `Text.render`, one cell per character."""
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis", pad=True)
    style = BASE + background if background else BASE
    segments = [
        Segment(s.text, style + s.style if s.style else style)
        for s in text.render(CONSOLE)
        if s.text != "\n"
    ]
    return _cells(Strip(segments, width).adjust_cell_length(width, style))


def _cells(segments) -> list[tuple[str, Style]]:
    return [(char, segment.style) for segment in segments for char in segment.text]


pieces = st.lists(
    st.tuples(st.text(alphabet="ab 論文é…▲★", max_size=12), st.sampled_from(range(4))),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(
    pieces=pieces,
    whole=st.sampled_from(["", *STYLES]),
    width=st.integers(1, 40),
    selected=st.booleans(),
)
def test_rows_appended_piece_by_piece_draw_as_rich_draws_them(pieces, whole, width, selected):
    text = Text(style=whole)
    for piece, style_index in pieces:
        text.append(piece, style=STYLES[style_index] if style_index < 3 else None)
    background = Style(bgcolor="#003054") if selected else None
    ours = to_strip(text.copy(), width, BASE, CONSOLE, background)
    assert _cells(ours) == rich_strip(text.copy(), width, background)
    assert ours.cell_length == width


def test_overlapping_styles_are_left_to_rich():
    text = Text("overlapping marks")
    text.stylize(STYLES[0], 0, 11)
    text.stylize(STYLES[1], 4, 17)
    assert _cells(to_strip(text.copy(), 20, BASE, CONSOLE)) == rich_strip(text, 20, None)
