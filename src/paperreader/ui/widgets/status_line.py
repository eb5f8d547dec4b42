"""The status line: what is shown, where it came from, how old it is, and what is going on."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.widget import Widget

from paperreader.domain.models import Listing, Origin


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
    return f"{days} day{'s' if days != 1 else ''} ago"


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
        hide_read: bool = False,
    ) -> None:
        """Describe the listing on screen."""
        text = Text()
        period = listing.query.period or listing.effective_period
        name = listing.query.label if listing.query.period is None else listing.query.kind.title
        text.append(name, style="bold")
        if period and listing.query.period is not None:
            text.append(f" {period}", style="bold")
        elif period:
            text.append(f" · {period}")
        count = f"{len(listing.papers):,} papers"
        if listing.total is not None and listing.total > len(listing.papers):
            count = f"{len(listing.papers):,} of {listing.total:,} papers"
        if filter_text:
            matched = "…" if shown is None else f"{shown:,}"  # None: still counting
            count = f"{matched} of {len(listing.papers):,} match “{filter_text}”"
        text.append(f" · {count} · by {sort}")
        if new:
            text.append(f" · {new} new", style="bold green")
        if hide_read:
            text.append(" · read hidden", style="italic")
        if listing.skipped:
            text.append(f" · {listing.skipped} unreadable skipped", style="yellow")
        text.append(" · ")
        if listing.origin is Origin.DEMO:
            text.append("demo data", style="bold magenta")
        elif listing.origin is Origin.LOCAL:
            text.append("saved on this machine")
        elif listing.origin is Origin.LIBRARY:
            text.append(f"from the library, fetched {describe_age(listing.fetched_at)}")
        elif listing.origin is Origin.CACHE:
            text.append(f"cached {describe_age(listing.fetched_at)}")
            if listing.stale and not listing.error and not offline:
                text.append(" (refreshing…)" if busy else " (old)")
        else:
            text.append(f"updated {describe_age(listing.fetched_at)}")
        if listing.error:
            text.append(f" · {listing.error}", style="bold red")
        elif offline and listing.origin is not Origin.LOCAL:
            text.append(" · offline", style="bold yellow")
        if busy:
            text.append(f" · {busy}", style="italic")
        self.update(text)

    def show_message(self, message: str, *, error: bool = False) -> None:
        """Show one sentence instead of a listing description."""
        self.update(Text(message, style="bold red" if error else "italic"))
