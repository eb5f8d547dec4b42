"""Reading back what the stores left on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def temporaries(directory: Path) -> list[str]:
    """The atomic writes' temporary files left in `directory` (there should be none)."""
    return sorted(p.name for p in directory.glob(".*.tmp"))
