"""Where the reader was left in each paper's full text, kept in the data dir.

A small JSON file, `reading.json`: {"version": 1, "positions": {paper id: lines scrolled}},
the most recently left paper last. It is written atomically under its own lock, so two
running instances never lose each other's places; a damaged file is moved aside and the
places start over (a place is a convenience, never the user's work).
"""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path

from paperreader.domain.errors import StorageError
from paperreader.domain.ids import normalise_paper_id
from paperreader.platform.files import atomic_write, lock, move_aside, reason, unlock

FILE_NAME = "reading.json"
LOCK_NAME = "reading.lock"
LOCK_TIMEOUT = 5.0
KEPT = 1_000
"""Places kept; the papers left longest ago are forgotten first."""


class ReadingPositions:
    """Each paper's place in its full text, shared by every instance on one data dir."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / FILE_NAME

    def get(self, paper_id: str) -> float | None:
        """The place `paper_id`'s text was left at, or None (never left, or unreadable)."""
        return self._read().get(normalise_paper_id(paper_id))

    def set(self, paper_id: str, position: float) -> None:
        """Remember `position` for `paper_id` (0 forgets it); StorageError if it cannot."""
        pid = normalise_paper_id(paper_id)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = lock(self.directory / LOCK_NAME, LOCK_TIMEOUT)
        except Exception as error:
            raise StorageError(f"The reading place was not saved: {reason(error)}.") from error
        try:
            positions = self._read()
            positions.pop(pid, None)
            if position > 0 and math.isfinite(position):
                positions[pid] = round(position, 2)
            kept = dict(list(positions.items())[-KEPT:])
            data = json.dumps({"version": 1, "positions": kept}, indent=0).encode()
            atomic_write(self.path, data)
        except OSError as error:
            raise StorageError(f"The reading place was not saved: {reason(error)}.") from error
        finally:
            unlock(fd)

    def _read(self) -> dict[str, float]:
        try:
            raw = self.path.read_bytes()
        except OSError:
            return {}
        try:
            positions = json.loads(raw)["positions"]
            return {
                str(key): float(value)
                for key, value in positions.items()
                if isinstance(value, int | float) and math.isfinite(value) and value > 0
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            with contextlib.suppress(OSError):
                move_aside(self.path)
            return {}
