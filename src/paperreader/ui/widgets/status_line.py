"""The status line: what is shown, where it came from, how old it is, and what is going on."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.widget import Widget

from paperreader.domain.models import Listing, Origin
from paperreader.domain.text import counted


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


class StatusLine(Widget):
    """One line under the panes; updated by the app, never does work itself.

    Not a Static: a Static asks for a screen-wide layout on every update, and the status
    changes on every filter keystroke. One fixed line only needs a repaint.
    """

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        /* One line: what does not fit ends in '…' (Textual wraps a Text, whatever it says). */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    @property
    def text(self) -> str:
        """What the line says."""
        return self._text.plain

    def update(self, text: Text) -> None:
        """Show `text` (a repaint, never a layout)."""
        self._text = text
        self.refresh()

    def render(self) -> Text:
        line = self._text.copy()
        line.no_wrap = True
        line.overflow = "ellipsis"
        return line

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
        """Show one sentence instead of a listing description."""
        self.update(Text(message, style="bold red" if error else "italic"))


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
