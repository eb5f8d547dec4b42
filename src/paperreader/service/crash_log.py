"""What the app leaves behind when it stops on a bug: the traceback, in a file the user can
send, so the terminal gets one line instead of a screenful."""

from __future__ import annotations

import time
from pathlib import Path

from paperreader.platform import paths
from paperreader.platform.files import atomic_write


def save_crash_report(traceback_text: str) -> Path:
    """Write `traceback_text` to `crash-YYYYmmdd-HHMMSS.log` in the cache dir; its path.

    Raises OSError when it cannot be written.
    """
    directory = paths.cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = directory / f"crash-{stamp}.log"
    for attempt in range(1, 100):
        if not path.exists():
            break
        path = directory / f"crash-{stamp}-{attempt}.log"
    atomic_write(path, traceback_text.encode("utf-8", "replace"))
    return path
