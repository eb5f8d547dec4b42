"""Opening a downloaded file with the system's viewer, safely: a regular file given as one
absolute path, never through a shell, detached from the terminal the app runs in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from paperreader.domain.errors import PaperReaderError
from paperreader.platform.opener import has_display


class NoViewerError(PaperReaderError):
    """No program to show the file can be started from here (for example over SSH)."""


def viewer_argv(path: Path, platform: str = sys.platform) -> list[str]:
    """The command that opens `path` with the desktop's default application."""
    if platform == "darwin":
        return ["open", str(path)]
    if platform == "win32":  # Explorer opens a file with its default application, no shell
        return ["explorer", str(path)]
    return ["xdg-open", str(path)]


def open_file(path: Path) -> None:
    """Open the file at `path` with the system's viewer; NoViewerError when none can be
    started (the message says where the file is, so it can be opened by hand)."""
    target = path.expanduser().resolve()  # absolute: a name starting with '-' is no option
    if not target.is_file():
        raise NoViewerError(f"{target} is not there to open.")
    if not has_display():
        raise NoViewerError(f"No viewer can be started here (no display). The file is {target}")
    argv = viewer_argv(target)
    try:
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        why = f"{argv[0]}: {error.strerror or error}"
        raise NoViewerError(f"No viewer could be started ({why}). The file is {target}") from None
