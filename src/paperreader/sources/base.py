"""The I/O boundary for papers: what any source of listings and papers answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from paperreader.domain.models import ListingQuery

ProgressCallback = Callable[[int, int], None]
"""Called with (pages fetched, papers so far) while a listing of many pages arrives."""


class ListingSource(Protocol):
    """Anything that answers like the hub: the real client or the bundled demo data."""

    async def fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None = None
    ) -> list[Any]: ...

    async def fetch_paper(self, paper_id: str, comments: bool = False) -> dict[str, Any]: ...

    async def fetch_full_text(self, paper_id: str) -> str | None: ...

    async def aclose(self) -> None: ...
