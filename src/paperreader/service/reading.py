"""Where the reader was left in each full text, as the front ends ask for it.

The places are kept in the data dir beside the bookmarks (`storage.reading_positions`), off
the event loop; a session that keeps no user data (no store) remembers them for its own run.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from paperreader.domain.errors import PaperReaderError

if TYPE_CHECKING:
    from paperreader.storage.reading_positions import ReadingPositions


class ReadingService:
    """Each paper's place in its full text."""

    def __init__(self, store: ReadingPositions | None) -> None:
        self.store = store
        """The places on disk; None: kept in memory for this session only."""
        self._memory: dict[str, float] = {}

    async def position(self, paper_id: str) -> float | None:
        """Where `paper_id`'s text was left, or None; never raises (a place is not work)."""
        if paper_id in self._memory:
            return self._memory[paper_id]
        if self.store is None:
            return None
        try:
            return await asyncio.to_thread(self.store.get, paper_id)
        except (PaperReaderError, OSError):
            return None

    async def remember(self, paper_id: str, position: float) -> None:
        """Keep `position` for `paper_id`; StorageError (one sentence) if it cannot be saved,
        and then it is still remembered for this session."""
        self._memory[paper_id] = position
        if self.store is not None:
            await asyncio.to_thread(self.store.set, paper_id, position)
