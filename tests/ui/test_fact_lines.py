"""The detail's facts are drawn cell for cell as the Rich table they replace draws them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from paperreader.ui.widgets.fact_lines import FactLines
from paperreader.ui.widgets.link_line import LinkLine

CONSOLE = Console(width=200, color_system="truecolor", force_terminal=True)
LABELS = st.sampled_from(
    ["arXiv", "Daily Papers", "Organization", "Upvotes", "Submitted by", "GitHub", "PDF"]
)
WORDS = st.text(alphabet="abcdefghij ★▲·é世界", min_size=1, max_size=90).filter(str.strip)
LINKS = st.builds(
    LinkLine,
    st.text(alphabet="abcdefghij/-.", min_size=1, max_size=60).map("https://x.org/".__add__),
    st.sampled_from(["", "  ★ 1,234"]),
)
VALUES = st.one_of(WORDS.map(Text), LINKS)


def cells(renderable: object, width: int) -> list[list[tuple[str, object]]]:
    options = CONSOLE.options.update(width=width, no_wrap=False, overflow="fold")
    lines = CONSOLE.render_lines(renderable, options, pad=False)
    return [[(ch, seg.style) for seg in line for ch in seg.text] for line in lines]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(LABELS, VALUES), min_size=1, max_size=7), st.integers(1, 120))
def test_fact_lines_draw_what_the_table_draws(rows, width):
    facts = FactLines(rows)
    assert cells(facts, width) == cells(facts._table(), width)


def test_a_row_per_fact_in_a_wide_pane():
    facts = FactLines([("arXiv", Text("2026-03-10")), ("Daily Papers", Text("2026-03-13"))])
    lines = ["".join(ch for ch, _ in line) for line in cells(facts, 60)]
    assert lines == ["arXiv         2026-03-10", "Daily Papers  2026-03-13"]
    assert facts.plain == "arXiv  2026-03-10\nDaily Papers  2026-03-13\n"  # copied, tested
