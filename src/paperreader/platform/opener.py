"""Opening links in the user's browser, safely: only http(s), never through a shell."""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser

from paperreader.domain.errors import PaperReaderError, UsageError
from paperreader.domain.links import is_web_url
from paperreader.platform.browser_command import browser_argv


class NoBrowserError(PaperReaderError):
    """No graphical browser can be started from here (for example over SSH)."""


def has_display() -> bool:
    """True where a graphical program can be shown: macOS, Windows, or an X or Wayland display."""
    if sys.platform in {"darwin", "win32"}:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_url(url: str, browser: str | None = None) -> None:
    """Open `url` in a browser; raise UsageError for non-web links, NoBrowserError if none.

    `browser` is the config's command ("firefox", "w3m %s"), run without a shell. Without a
    display only an explicit $BROWSER is used: a console browser started behind a running
    full-screen app would fight it for the terminal.
    """
    if not is_web_url(url):
        raise UsageError("Only http(s) links are opened.")
    if browser:
        _run_browser(browser, url)
        return
    if not has_display() and not os.environ.get("BROWSER"):
        raise NoBrowserError(f"No browser available here. The link is {url}")
    try:
        opened = webbrowser.open(url, new=2)
    except webbrowser.Error:
        opened = False
    if not opened:
        raise NoBrowserError(f"No browser could be started. The link is {url}")


def _run_browser(command: str, url: str) -> None:
    """Start the configured browser command, detached, its output discarded."""
    try:
        argv = browser_argv(command, url)
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except ValueError as error:
        raise NoBrowserError(
            f"The browser command is not usable ({error}). The link is {url}"
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise NoBrowserError(
            f"{command!r} could not be started ({reason}). The link is {url}"
        ) from None
