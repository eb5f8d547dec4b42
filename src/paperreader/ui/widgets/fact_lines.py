"""Labels in one column and their values beside them, drawn cell for cell as
`Table.grid(padding=(0, 2))` draws them with a bold dim label column and a folding value
column, for a fraction of the cost.

The detail pane draws its facts for every paper the cursor rests on, and Rich's Table
measured and padded every cell of its two columns each time: half of drawing the whole pane.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from paperreader.ui.widgets.link_line import LinkLine
from paperreader.ui.widgets.text_wrap import line_runs, wrap_text

GAP = 2
"""Cells between a label and its value."""

MIN_ROOM = 2
"""The fewest cells left for values beside the labels; narrower, Rich's Table draws them."""


class FactLines:
    """(label, value) rows: a label cell as wide as the widest label, then the value, which
    wraps (folding long words) beside it, or a link cut to one line."""

    def __init__(self, rows: Sequence[tuple[str, Text | LinkLine]]) -> None:
        self.rows = rows

    @property
    def plain(self) -> str:
        """The words, a row a line: each label, two spaces, the value (a link whole)."""
        return "".join(f"{label}  {value}\n" for label, value in self.rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines(options.max_width, console)
        if lines is None:  # too narrow for the labels: Rich's Table shrinks them
            yield self._table()
            return
        for line in lines:
            yield from line
            yield Segment.line()

    def lines(self, width: int, console: Console) -> list[list[Segment]] | None:
        """The rows' lines at `width` cells, unpadded; None when the labels leave the values
        too little room (Rich's Table draws them then)."""
        if not self.rows:
            return []
        label_width = max(cell_len(label) for label, _ in self.rows)
        room = width - label_width - GAP
        if room < MIN_ROOM:
            return None
        # The value column is as wide as its widest value, at most the room beside the labels.
        column = min(room, max(_widest(value) for _, value in self.rows))
        label_style = console.get_style("bold dim")
        gap = Segment(" " * GAP, label_style)  # a segment of its own, as a Table's
        lines = []
        for label, value in self.rows:
            for index, segments in enumerate(_value_lines(value, console, column)):
                shown = label if index == 0 else ""
                lines.append([Segment(shown.ljust(label_width), label_style), gap, *segments])
        return lines

    def _table(self) -> Table:
        table = Table.grid(padding=(0, GAP))
        table.add_column(style="bold dim", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in self.rows:
            table.add_row(Text(label), value)
        return table


def _widest(value: Text | LinkLine) -> int:
    if isinstance(value, LinkLine):
        return value.widest
    return max((cell_len(line) for line in value.plain.split("\n")), default=0)


def _value_lines(value: Text | LinkLine, console: Console, column: int) -> list[list[Segment]]:
    """A value's lines in its column, each padded to the column in its own style, as a
    Table pads a cell; drawn by `text_wrap` when it can, else through Rich."""
    text = value.text(column) if isinstance(value, LinkLine) else value
    if text.no_wrap:
        fitting = cell_len(text.plain) <= column
        one = line_runs(text, console, pad_to=column) if fitting else None
        fast = None if one is None else [one]
    else:
        fast = wrap_text(text, column, console, pad=True)
    if fast is not None:
        return fast
    lines = _wrapped(text, console, column)
    for line in lines:
        line.truncate(column, overflow="fold", pad=True)
    # Joined as Rich joins a wrapped text, which keeps each line's own style.
    joined = Text("\n").join(lines)
    return list(Segment.split_lines(joined.render(console)))


def _wrapped(text: Text, console: Console, width: int) -> list[Text]:
    if text.no_wrap:
        line = text.copy()
        line.truncate(width, overflow=text.overflow or "ellipsis")
        return [line]
    return list(text.wrap(console, width, overflow="fold"))
