"""Opening links in the user's browser, safely: only http(s), never through a shell."""

from __future__ import annotations

import os
import sys
import webbrowser

from .errors import PaperReaderError, UsageError
from .links import is_web_url


class NoBrowserError(PaperReaderError):
    """No graphical browser can be started from here (for example over SSH)."""


def _has_display() -> bool:
    if sys.platform in {"darwin", "win32"}:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_url(url: str) -> None:
    """Open `url` in a browser; raise UsageError for non-web links, NoBrowserError if none.

    Without a display only an explicit $BROWSER is used: a console browser started behind a
    running full-screen app would fight it for the terminal.
    """
    if not is_web_url(url):
        raise UsageError("Only http(s) links are opened.")
    if not _has_display() and not os.environ.get("BROWSER"):
        raise NoBrowserError(f"No browser available here. The link is {url}")
    try:
        opened = webbrowser.open(url, new=2)
    except webbrowser.Error:
        opened = False
    if not opened:
        raise NoBrowserError(f"No browser could be started. The link is {url}")
