"""The status line: what is shown, where it came from, how old it is, and what is going on;
the keys that work now under it.

Both lines are one widget, the footer's (`KeyFooter`) with the status drawn above its keys:
each widget a screen holds is composed, styled, laid out and drawn on its own, some 2.5 ms of
the first frame for a line this simple.
"""

from __future__ import annotations

from datetime import UTC, datetime

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip

from paperreader.domain.models import Listing, Origin
from paperreader.domain.text import clean, counted
from paperreader.ui.widgets.key_footer import KeyFooter


def describe_age(fetched_at: datetime, now: datetime | None = None) -> str:
    """'just now', '12 min ago', '3 h ago', '2 days ago'."""
    seconds = ((now or datetime.now(UTC)) - fetched_at).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{counted(days, 'day')} ago"


class StatusLine(KeyFooter):
    """One line under the panes, the keys under it; updated by the app, never does work
    itself.

    Not a Static: a Static asks for a screen-wide layout on every update, and the status
    changes on every filter keystroke. Fixed lines only need a repaint.
    """

    DEFAULT_CSS = """
    StatusLine {
        height: 2;
        & > .status-line--text { background: $panel; color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {"status-line--text"}
    KEYS_ROW = 1

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    @property
    def text(self) -> str:
        """What the line says."""
        return self._text.plain

    def update(self, text: Text) -> None:
        """Show `text` (a repaint of its line, never a layout)."""
        self._text = text
        self.refresh(Region(0, 0, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        return self.status_strip(self.size.width) if y == 0 else super().render_line(y)

    def status_strip(self, width: int) -> Strip:
        """The status at `width` cells, as Textual draws a one-line text with
        `text-overflow: ellipsis` and a cell of padding either side (without the widget a
        line of its own would need)."""
        room = max(0, width - 2)
        content = Content.from_rich_text(self._text, self.app.console)
        if "\n" in content.plain:  # one line: the first, as a one-line widget would show
            content = content.split("\n")[0]
        runs = (
            content.expand_tabs()
            .truncate(room, ellipsis=True)
            .render_segments(self.get_visual_style("status-line--text"))
        )
        blank = Style(bgcolor=self.get_component_rich_style("status-line--text").bgcolor)
        return Strip([Segment(" ", blank), *runs]).crop_extend(0, width, blank)

    def show_listing(
        self,
        listing: Listing,
        *,
        shown: int | None,
        sort: str,
        filter_text: str,
        offline: bool,
        busy: str = "",
        new: int = 0,
        hidden: int | None = None,
    ) -> None:
        """Describe the listing on screen: `shown` rows (None: still counting the filter's
        matches), `new` of them new, `hidden` read papers left out (None: none are hidden),
        and while `busy` what is under way instead of how old the listing is."""
        text = Text()
        period = listing.query.period or listing.effective_period
        name = listing.query.label if listing.query.period is None else listing.query.kind.title
        text.append(name, style="bold")
        if period and listing.query.period is not None:
            text.append(f" {period}", style="bold")
        elif period:
            text.append(f" · {period}")
        text.append(f" · {_count(listing, shown, filter_text, hidden or 0)}")
        if hidden is not None:
            text.append(f" · {hidden:,} read hidden", style="italic")
        text.append(f" · by {sort}")
        if new:
            text.append(f" · {new} new", style="bold green")
        if listing.skipped:
            text.append(f" · {listing.skipped} unreadable skipped", style="yellow")
        if listing.origin is Origin.DEMO:
            text.append(" · ")
            text.append("demo data", style="bold magenta")
        elif listing.origin is Origin.LOCAL:
            text.append(" · saved on this machine")
        if busy:  # what the listing was is no news while a newer one is on its way
            text.append(f" · {busy}", style="italic")
            self.update(text)
            return
        if listing.origin is Origin.LIBRARY:
            text.append(f" · from the library, fetched {describe_age(listing.fetched_at)}")
        elif listing.origin is Origin.CACHE:
            text.append(f" · cached {describe_age(listing.fetched_at)}")
            if listing.stale and not listing.error and not offline:
                text.append(" (old)")
        elif listing.origin is not Origin.DEMO and listing.origin is not Origin.LOCAL:
            text.append(f" · updated {describe_age(listing.fetched_at)}")
        if listing.error:
            text.append(f" · {listing.error}", style="bold red")
        elif offline and listing.origin is not Origin.LOCAL:
            text.append(" · offline", style="bold yellow")
        self.update(text)

    def show_message(self, message: str, *, error: bool = False) -> None:
        """Show one sentence instead of a listing description (cleaned: it may quote what
        a server said)."""
        self.update(Text(clean(message), style="bold red" if error else "italic"))


def _count(listing: Listing, shown: int | None, filter_text: str, hidden: int) -> str:
    """How many papers the list shows, of how many: '12 papers', '10 of 12 papers',
    '3 of 10 match “x”' (hidden papers are not among those matched against)."""
    loaded = len(listing.papers)
    if filter_text:
        matched = "…" if shown is None else f"{shown:,}"  # None: still counting
        return f"{matched} of {loaded - hidden:,} match “{filter_text}”"
    more = listing.total is not None and listing.total > loaded
    if not hidden:
        if more:
            return f"{loaded:,} of {counted(listing.total or 0, 'paper')}"
        return counted(loaded, "paper")
    count = f"{loaded - hidden:,} of {counted(loaded, 'paper')}"
    return f"{count} ({listing.total:,} in all)" if more else count
