"""What the screens ask of the app they run in, typed without importing the app."""

from __future__ import annotations

from typing import Protocol, cast

from textual.dom import DOMNode

from paperreader.service.reader import ReaderService


class ScreenHost(Protocol):
    """The app as a screen sees it: its service, and a safe way to open a web link."""

    service: ReaderService

    def open_link(self, url: str) -> None:
        """Open a web link in the browser (anything but http(s) is refused)."""


def host(node: DOMNode) -> ScreenHost:
    """The app `node` runs in (the app imports the screens, so they cannot import it)."""
    return cast(ScreenHost, node.app)
