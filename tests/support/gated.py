"""A demo source whose full texts and discussions wait at a gate: the reader and the
discussion stay loading for as long as a test needs."""

from __future__ import annotations

import asyncio
from typing import Any

from paperreader.service.session import Session
from paperreader.sources.demo import DemoSource
from support.sessions import fake_service


class GatedSource(DemoSource):
    """The demo's answers; a paper's details (its extras and discussion) and its full text
    wait until `gate` is set, so `settle` (which waits for every worker) hangs meanwhile.

    `full_text`, when given, replaces every paper's full text.
    """

    def __init__(self, *, full_text: str | None = None) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.full_text = full_text

    async def fetch_paper(self, paper_id: str, comments: bool = False) -> dict[str, Any]:
        await self.gate.wait()
        return await super().fetch_paper(paper_id, comments)

    async def fetch_full_text(self, paper_id: str) -> str | None:
        await self.gate.wait()
        if self.full_text is not None:
            return self.full_text
        return await super().fetch_full_text(paper_id)


def gated_session(source: GatedSource) -> Session:
    """A session on `source` with no cache, on the demo's clock."""
    return fake_service(source, None)
