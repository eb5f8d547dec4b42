"""A file written in pieces that only appears, whole, when it is finished.

A download streams into a hidden temporary beside the target (`.NAME.XXXX.part`) and is
renamed onto the target only once every byte is there and on disk: an interrupted or
refused download never leaves a file that looks complete.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from paperreader.platform.files import fsync_directory

PART_SUFFIX = ".part"
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


class PartialFile:
    """`with PartialFile(target) as part: part.write(...); part.commit()`; leaving the block
    without `commit` deletes the temporary and leaves `target` as it was."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temporary: Path | None = None
        """The temporary the bytes go to, while the file is open."""
        self._handle: BinaryIO | None = None

    def __enter__(self) -> PartialFile:
        """Create the folder if needed and the temporary; raises OSError."""
        self.target.parent.mkdir(parents=True, exist_ok=True)
        while True:  # a fresh name; the umask decides its mode, as for any file the user saves
            name = f".{self.target.name}.{secrets.token_hex(4)}{PART_SUFFIX}"
            try:
                fd = os.open(self.target.parent / name, _CREATE, 0o666)
                break
            except FileExistsError:
                continue
        self.temporary = self.target.parent / name
        self._handle = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> None:
        """Append `data` to the temporary."""
        if self._handle is None:
            raise ValueError("the partial file is not open")
        self._handle.write(data)

    def commit(self) -> None:
        """Flush the bytes to disk and rename the temporary onto the target."""
        if self._handle is None or self.temporary is None:
            raise ValueError("the partial file is not open")
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None
        os.replace(self.temporary, self.target)
        self.temporary = None
        fsync_directory(self.target.parent)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.temporary is not None:
            with contextlib.suppress(OSError):
                self.temporary.unlink()
            self.temporary = None
