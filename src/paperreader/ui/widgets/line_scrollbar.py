"""A vertical scrollbar drawn as a few shared strips instead of through Rich, line by line.

Textual draws a scrollbar as a Rich renderable: every line goes through Rich's renderer and
Textual's style cache, about 30 µs a line, so a 46-line bar cost 1.4 ms of each filter
keystroke on a 50k list, as much as half the list's own rows. This one asks Textual's own
`ScrollBarRender.render_bar` for the cells (the same glyphs, colours and mouse actions) and
makes one strip per distinct cell: a bar is at most five of them, repeated.
"""

from __future__ import annotations

from math import ceil

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip

DEFAULT_BACK = Color.parse("#555555")
DEFAULT_BAR = Color.parse("bright_magenta")
"""`ScrollBarRender`'s own colours for a style without them."""

BarKey = tuple[Style, Style, int, int, int, int, float]
"""What a bar looks like: its style, the widget's own style under it, height, width, virtual
size, window size, position."""


class LineScrollBar(ScrollBar):
    """Textual's vertical scrollbar, its lines made once per look and shared."""

    def __init__(self, *, thickness: int = 1) -> None:
        super().__init__(vertical=True, name="vertical", thickness=thickness)
        self._drawn: tuple[BarKey, list[Strip]] | None = None

    def bar_style(self) -> Style:
        """The bar's colours as `ScrollBar.render` works them out (hover, grab, theme)."""
        assert self.parent is not None
        styles = self.parent.styles
        if self.grabbed:
            background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.mouse_over:
            background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            background = self.parent.background_colors[0] + background
        color = background + color
        return Style.from_color(color.rich_color, background.rich_color)

    def render_lines(self, crop: Region) -> list[Strip]:
        width, height = self.size
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size if self.window_size < self.window_virtual_size else 0)
        position = self.position
        if self.screen.styles.scrollbar_color.a == 0:  # no thumb drawn, as `ScrollBar.render`
            virtual, window, position = 100, 0, 0
        key: BarKey = (self.bar_style(), self.rich_style, height, width, virtual, window, position)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._draw(key))
        lines = self._drawn[1][crop.y : crop.y + crop.height]
        if crop.column_span != (0, width):
            lines = [line.crop(crop.x, crop.right) for line in lines]
        return lines

    def _draw(self, key: BarKey) -> list[Strip]:
        style, base, height, width, virtual, window, position = key
        cells = self.renderer.render_bar(
            size=height,
            virtual_size=virtual,
            window_size=window,
            position=position,
            thickness=width,
            vertical=True,
            back_color=style.bgcolor or DEFAULT_BACK,
            bar_color=style.color or DEFAULT_BAR,
        ).segments
        filters = self.get_line_filters()
        background = self.background_colors[1]
        made: dict[int, Strip] = {}  # render_bar repeats the same Segment objects

        def strip_of(cell: Segment) -> Strip:
            strip = made.get(id(cell))
            if strip is None:
                strip = Strip([Segment(cell.text, base + cell.style, cell.control)], width)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                made[id(cell)] = strip
            return strip

        return [strip_of(cell) for cell in cells]
