"""Styled text wrapped into lines of segments exactly as Rich's console wraps it, for the
text the panes show, without building a `Text` for every line on the way.

Rich wraps a `Text` by dividing it into a `Text` per line, joining those into one, and
rendering and splitting that again: most of the time the detail pane took to describe a
paper, on every cursor rest and in the first frame. This walks the same word breaks
(`rich._wrap.divide_line`, which Rich's wrapping uses) and cuts the text's spans at them
directly. What it does not handle (tabs, justified or cropped text, a line that would need
cutting) it leaves to Rich: `wrap_text` says None.
"""

from __future__ import annotations

from itertools import pairwise

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


def wrap_text(
    text: Text, width: int, console: Console, *, pad: bool = False
) -> list[list[Segment]] | None:
    """The lines of `text` at `width` cells, as `console.render_lines` gives them (word
    wrapped, long words folded; `pad`: each padded to `width` as `Text.truncate` pads it);
    None for text this cannot wrap as Rich would."""
    plain = text.plain
    if (
        not plain  # Rich draws it as one line, empty or holding one empty run, by its style
        or width < 1
        or text.no_wrap
        or text.justify not in (None, "default")
        or text.overflow not in (None, "fold")
        or text.end != "\n"
        or "\t" in plain
    ):
        return None
    lines: list[tuple[int, int]] = []
    start = 0
    for paragraph in plain.split("\n"):
        pieces = [*divide_line(paragraph, width, fold=True), len(paragraph)]
        piece_start = 0
        for piece_end in pieces:
            line = paragraph[piece_start:piece_end]
            if len(line) > width:  # trailing whitespace beyond the width goes, as in Rich
                kept = line.rstrip()
                line = line[: max(len(kept), width)]
            if cell_len(line) > width:
                return None  # Rich would cut it: a case left to Rich
            lines.append((start + piece_start, start + piece_start + len(line)))
            piece_start = piece_end
        start += len(paragraph) + 1
    return _segments(text, plain, lines, console, width if pad else 0)


def line_runs(text: Text, console: Console, *, pad_to: int = 0) -> list[Segment] | None:
    """`text` on one line as Rich renders a text that fits (padded to `pad_to` cells as
    `Text.truncate` pads it); None when it holds a line break or a tab."""
    plain = text.plain
    if not plain or "\n" in plain or "\t" in plain:
        return None
    return _segments(text, plain, [(0, len(plain))], console, pad_to)[0]


def _segments(
    text: Text, plain: str, lines: list[tuple[int, int]], console: Console, pad_to: int = 0
) -> list[list[Segment]]:
    """Each line's runs between span edges, in their spans' styles combined in the spans'
    order (the text's own style first), as `Text.render` combines them; padded with spaces
    to `pad_to` cells, which join the last run unless a span styles it."""
    null = Style.null()
    own = [console.get_style(text.style, default=null)] if text.style else []
    spans = [
        (span.start, span.end, console.get_style(span.style, default=null)) for span in text.spans
    ]
    styles: dict[tuple[int, ...], Style | None] = {}
    result: list[list[Segment]] = []
    for line_start, line_end in lines:
        inside = [  # the spans on this line, cut to it, with their place in the text's order
            (max(start, line_start), min(end, line_end), index)
            for index, (start, end, _style) in enumerate(spans)
            if max(start, line_start) < min(end, line_end)
        ]
        edges = sorted(
            {line_start, line_end, *(s for s, _, _ in inside), *(e for _, e, _ in inside)}
        )
        segments = []
        active: tuple[int, ...] = ()
        for left, right in pairwise(edges):
            active = tuple(index for start, end, index in inside if start <= left and end >= right)
            if active not in styles:
                chosen = own + [spans[index][2] for index in active]
                styles[active] = Style.combine(chosen) if chosen else None
            segments.append(Segment(plain[left:right], styles[active]))
        room = pad_to - cell_len(plain[line_start:line_end])
        if room > 0:
            if segments and not active:
                last = segments.pop()  # unstyled by a span: the spaces run on in its style
                segments.append(Segment(last.text + " " * room, last.style))
            else:
                segments.append(Segment(" " * room, own[0] if own else None))
        result.append(segments)
    return result
