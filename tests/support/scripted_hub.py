"""A hub answered by a function, in process: `httpx.MockTransport` under a real `HubClient`.

Not the fake hub (`fakehub.py`), which serves a whole, realistic hub over loopback: here
each request is answered by the test's function, which is told the request and its number,
so a test can script page 3 to fail, the second try to succeed, or a body never seen on the
real hub. That is what HubClient's own tests need: pagination, retries and every error.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from paperreader.sources.hub import HubClient

BASE = "https://hub.test"
"""The scripted hub's address (nothing is sent there: the transport answers in process)."""


class Recorder:
    """A MockTransport handler that records requests and answers from a function."""

    def __init__(self, answer: Callable[[httpx.Request, int], httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request, len(self.requests) - 1)

    @property
    def params(self) -> list[dict[str, str]]:
        return [dict(r.url.params) for r in self.requests]


def make_hub(answer: Callable[[httpx.Request, int], httpx.Response]) -> tuple[HubClient, Recorder]:
    """A HubClient (no waits between retries) whose requests `answer` answers, and the record."""
    recorder = Recorder(answer)
    client = httpx.AsyncClient(base_url=BASE, transport=httpx.MockTransport(recorder))
    return HubClient(client, retry_delays=(0, 0)), recorder
