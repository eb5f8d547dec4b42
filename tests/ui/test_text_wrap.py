"""Text wrapped by `text_wrap` is what Rich's console draws: the same lines, split into the
same runs, in the same styles (the panes' strips, and so the screen, are unchanged)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from paperreader.ui.widgets.text_wrap import line_runs, wrap_text

CONSOLE = Console(width=200, color_system="truecolor", force_terminal=True)
PIECES = st.text(alphabet="ab cd  ef\n★é世界-.", max_size=40) | st.sampled_from(
    ["supercalifragilisticexpialidocious", "   ", "\n\n", "日本語のテキスト"]
)
STYLES = st.sampled_from(["", "bold", "italic", "bold underline", "dim italic", "red on blue"])


@st.composite
def texts(draw: st.DrawFn) -> Text:
    """A text appended piece by piece, as the panes build theirs, maybe in a style of its
    own, maybe with a style laid over part of it."""
    text = Text(style=draw(st.sampled_from(["", "green"])))
    for piece, style in draw(st.lists(st.tuples(PIECES, STYLES), max_size=8)):
        text.append(piece, style=style)
    if draw(st.booleans()) and len(text):
        start = draw(st.integers(0, len(text) - 1))
        text.stylize("underline", start, draw(st.integers(start, len(text))))
    return text


def runs(lines: list[list[Segment]]) -> list[list[tuple[str, object]]]:
    """The runs of each line; an unstyled run is None, whichever way Rich says it."""
    return [[(segment.text, segment.style or None) for segment in line] for line in lines]


def rich_lines(text: Text, width: int) -> list[list[Segment]]:
    options = CONSOLE.options.update(width=width, no_wrap=False, overflow="fold")
    return CONSOLE.render_lines(text, options, pad=False)


def rich_padded_lines(text: Text, width: int) -> list[list[Segment]]:
    """Wrapped and padded as a table cell pads it (`FactLines`'s values)."""
    lines = list(text.wrap(CONSOLE, width, overflow="fold"))
    for line in lines:
        line.truncate(width, overflow="fold", pad=True)
    return list(Segment.split_lines(Text("\n").join(lines).render(CONSOLE)))


@settings(max_examples=300, deadline=None)
@given(texts(), st.integers(1, 60))
def test_wrapped_as_rich_wraps(text, width):
    wrapped = wrap_text(text, width, CONSOLE)
    if wrapped is not None:  # left to Rich: an empty text, or a line Rich would cut
        assert runs(wrapped) == runs(rich_lines(text, width))


@settings(max_examples=300, deadline=None)
@given(texts(), st.integers(1, 60))
def test_padded_as_a_table_cell_pads(text, width):
    wrapped = wrap_text(text, width, CONSOLE, pad=True)
    if wrapped is not None:
        assert runs(wrapped) == runs(rich_padded_lines(text, width))


@settings(max_examples=200, deadline=None)
@given(texts(), st.integers(0, 60))
def test_line_runs_as_rich_draws_a_line_that_fits(text, pad_to):
    line = line_runs(text, CONSOLE, pad_to=pad_to)
    if line is not None:  # left to Rich: an empty text, or one of several lines
        assert runs([line]) == runs(rich_padded_lines(text, max(pad_to, text.cell_len)))


def test_most_texts_are_wrapped_here_not_left_to_rich():
    text = Text("A paper's abstract, ", style="")
    text.append("with a bold phrase", style="bold")
    text.append(" and more words than fit on one line.\n")
    wrapped = wrap_text(text, 20, CONSOLE)
    assert wrapped is not None
    assert runs(wrapped) == runs(rich_lines(text, 20))
    assert ["".join(s.text for s in line) for line in wrapped] == [
        "A paper's abstract, ",
        "with a bold phrase ",
        "and more words than ",
        "fit on one line.",
        "",
    ]
