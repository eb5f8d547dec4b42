"""Stand-ins for what a test must not touch: the hub, the clipboard, the browser, sockets."""

from __future__ import annotations

import socket
from typing import Any

import pyperclip
import pytest

from paperreader.domain.errors import OfflineError
from paperreader.domain.models import ListingQuery


class FakeSource:
    """Answers like the hub from a list of raw items, or fails with `error`."""

    def __init__(self, items: list[Any] | None = None, error: Exception | None = None) -> None:
        self.items = items or []
        self.error = error
        self.listing_calls: list[ListingQuery] = []
        self.closed = False

    async def fetch_listing(self, query: ListingQuery, progress=None) -> list[Any]:
        self.listing_calls.append(query)
        if self.error is not None:
            raise self.error
        return list(self.items)

    async def fetch_paper(self, paper_id: str) -> dict[str, Any]:
        raise OfflineError("no papers here")

    async def aclose(self) -> None:
        self.closed = True


class Clipboard:
    """Stands in for pyperclip.copy: records the texts, or raises like a machine without one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, works: bool = True) -> None:
        self.texts: list[str] = []
        self.works = works
        monkeypatch.setattr(pyperclip, "copy", self)

    def __call__(self, text: str) -> None:
        self.texts.append(text)
        if not self.works:
            raise pyperclip.PyperclipException("could not find a copy/paste mechanism")


class RecordingOpener:
    """Stands in for the session's `desktop.open_url`: records the links, fails if told to."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.error: Exception | None = None

    async def __call__(self, url: str) -> None:
        self.urls.append(url)
        if self.error is not None:
            raise self.error


def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Make every connection attempt fail the test; the attempts, to check there were none."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise AssertionError("the demo must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts
