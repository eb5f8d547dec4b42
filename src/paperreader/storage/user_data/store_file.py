"""One user-data file as last read: its document, how to tell it changed on disk, its trouble.

Reads reload a file whenever it changed on disk (another instance saved it), told by its
stat signature, so a file is parsed again only when it was replaced or rewritten.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from paperreader.platform.files import reason
from paperreader.storage.user_data.documents import BookmarkDoc, StateDoc, Unreadable

_Signature = tuple[int, int, int, int, int]
_ABSENT = object()
"""What `_read_json` returns for a file that does not exist (yet)."""
_NEVER = object()
"""The signature of a file that has not been read yet."""


def _signature(st: os.stat_result) -> _Signature:
    """What changes whenever the file is replaced or rewritten."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def stat_signature(path: Path) -> _Signature | None:
    """The signature of the file at `path` now; None when it cannot be had (missing)."""
    try:
        return _signature(os.stat(path))
    except OSError:
        return None


def _read_json(path: Path) -> tuple[_Signature | None, Any]:
    """The file's signature and parsed JSON; `_ABSENT` if missing; Unreadable if bad."""
    try:
        with open(path, "rb") as file:
            signature = _signature(os.fstat(file.fileno()))
            raw = file.read()
    except (FileNotFoundError, NotADirectoryError):
        return None, _ABSENT
    except OSError as error:
        raise Unreadable(f"reading it failed: {reason(error)}") from error
    try:
        return signature, json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise Unreadable("it is not UTF-8 text") from error
    except (ValueError, RecursionError) as error:
        raise Unreadable("it is not valid JSON") from error


DocT = TypeVar("DocT", BookmarkDoc, StateDoc)


class StoreFile(Generic[DocT]):
    """One of the user-data files: its last-read contents, and what went wrong with it."""

    def __init__(
        self,
        path: Path,
        parse: Callable[[object], DocT],
        empty: DocT,
        what: str,
        fresh: str,
        salvage: Callable[[bytes], tuple[DocT, str] | None],
    ) -> None:
        self.path = path
        self.parse: Callable[[object], DocT] = parse
        self.salvage: Callable[[bytes], tuple[DocT, str] | None] = salvage
        """What can still be read from a damaged file, and a phrase saying how much."""
        self.empty: DocT = empty
        self.what = what
        """How a sentence names the file ("The bookmarks file")."""
        self.fresh = fresh
        """What starting over means, for the moved-aside sentence."""
        self.doc: DocT = empty
        self.signature: object = _NEVER
        self.problem: str | None = None
        """Sticky: the file was moved aside, or is unreadable and had to be left alone."""

    def load(self) -> DocT:
        """Read the file now; raises Unreadable."""
        signature, data = _read_json(self.path)
        self.doc = self.empty if data is _ABSENT else self.parse(data)
        self.signature = signature
        return self.doc

    def unchanged(self) -> bool:
        return self.signature is not _NEVER and stat_signature(self.path) == self.signature

    @property
    def notice(self) -> str | None:
        """A non-sticky remark about the loaded contents (newer format, skipped records)."""
        if self.doc.newer is not None:
            return self.read_only_reason()
        skipped = self.doc.unreadable if isinstance(self.doc, BookmarkDoc) else 0
        if skipped == 1:
            return f"1 bookmark in {self.path} could not be read; it is kept in the file, unshown."
        if skipped:
            return (
                f"{skipped} bookmarks in {self.path} could not be read; "
                "they are kept in the file, unshown."
            )
        return None

    def read_only_reason(self) -> str:
        return (
            f"{self.what} {self.path} was written by a newer paperreader "
            f"(format {self.doc.newer}), so it is shown but not changed."
        )
