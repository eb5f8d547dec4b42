"""A web link drawn on one line: shortened with an ellipsis to the width it is given.

A URL wrapped mid-token (`github.com/tidepool-co` / `llective/...`) reads as two broken
words, so a link is cut instead, and the cut is only what is drawn: the segments carry the
whole URL in their style's meta (`link_style`), which a click in a `LinkPane` opens through
the session, and `str()` of the line is the whole URL for copying and tests. The URL is never
a terminal hyperlink: nothing from the data acts without the app's opener in between.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from paperreader.domain.links import is_web_url
from paperreader.domain.text import shorten

SCHEME = "https://"
"""Left out of what is drawn: every link has it, and the width is better spent on the rest."""

MIN_LINK = 12
"""The narrowest a link is drawn: its host still shows."""


def shown_url(url: str) -> str:
    """`url` as drawn: without the `https://` every link has."""
    return url.removeprefix(SCHEME)


URL_META = "url"
"""The style meta key a drawn link keeps its whole URL under."""


def link_style(url: str, style: Style | None = None) -> Style:
    """`style` carrying `url` for a click to open, if it is a web link (else `style` alone)."""
    style = style or Style()
    return style + Style(meta={URL_META: url}) if is_web_url(url) else style


class LinkLine:
    """`url` (linked when it is a web link) then `suffix` (such as a star count) on one line."""

    def __init__(self, url: str, suffix: str = "", *, suffix_style: str | Style = "") -> None:
        self.url = url
        self.suffix = suffix
        self.suffix_style = suffix_style

    def __str__(self) -> str:
        return self.url + self.suffix

    @property
    def shown(self) -> str:
        """The URL as drawn when there is room for all of it."""
        return shown_url(self.url)

    def text(self, width: int) -> Text:
        """The line at most `width` cells wide: the URL cut, the suffix kept whole."""
        room = max(MIN_LINK, width - cell_len(self.suffix))
        link = link_style(self.url)
        line = Text(shorten(self.shown, room), style=link, no_wrap=True, overflow="ellipsis")
        line.append(self.suffix, style=self.suffix_style)
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text(options.max_width)

    @property
    def widest(self) -> int:
        """The cells the whole line takes, URL uncut."""
        return cell_len(self.shown) + cell_len(self.suffix)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        whole = self.widest
        return Measurement(min(whole, MIN_LINK + cell_len(self.suffix)), whole)
