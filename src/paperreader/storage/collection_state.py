"""What the last sync with a collection left: the linked collection and, per paper, the
fingerprints of both notes then. The base of the three-way merge (`domain.collection_sync`).

One JSON file beside the bookmarks, private to the user (created 0600), replaced atomically
after every step of a sync, so a sync killed halfway leaves a base that says exactly which
steps were done. A lock file keeps two syncs (a window and a command) from running at once.
A damaged file is moved aside, never deleted; the next sync then starts from no base, which
adds rather than removes: nothing is lost.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperreader.domain.collection_errors import SyncBusyError
from paperreader.domain.collection_sync import Synced
from paperreader.domain.errors import StorageError
from paperreader.platform.files import (
    LockFailed,
    LockTimeout,
    atomic_write,
    lock,
    move_aside,
    reason,
    unlock,
)

STATE_FILE = "collection_sync.json"
LOCK_FILE = "collection_sync.lock"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class SyncState:
    """The linked collection (None: none yet) and the base of the next merge."""

    endpoint: str | None = None
    """The hub the collection lives on: a link to another hub's collection does not count."""
    slug: str | None = None
    title: str | None = None
    synced: Mapping[str, Synced] = field(default_factory=dict)
    """Per paper synced last time: the fingerprints of its note here and there."""
    last_sync: str | None = None
    """When the last sync ended, ISO 8601 UTC."""

    def linked_to(self, endpoint: str) -> str | None:
        """The slug linked on `endpoint`, or None."""
        return self.slug if self.endpoint == endpoint else None


class CollectionStateStore:
    """The sync state file in the data dir, and the lock that one sync at a time holds."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / STATE_FILE
        self.problem: str | None = None
        """One sentence when the file was damaged and moved aside."""

    def load(self) -> SyncState:
        """The state on disk; an empty one when there is none or it was damaged."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return SyncState()
        except OSError as error:
            raise StorageError(f"Cannot read {self.path}: {reason(error)}.") from None
        try:
            return _state_from(json.loads(raw.decode("utf-8")))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            pass
        try:
            aside = move_aside(self.path)
        except OSError as error:
            raise StorageError(
                f"The sync state {self.path} is damaged and cannot be moved aside: {reason(error)}."
            ) from None
        self.problem = (
            f"The sync state {self.path} was damaged and is kept as {aside.name}; "
            "this sync starts afresh and removes nothing."
        )
        return SyncState()

    def save(self, state: SyncState) -> None:
        """Replace the file with `state`, atomically; StorageError when it cannot be saved."""
        data = {
            "format": FORMAT,
            "endpoint": state.endpoint,
            "collection": state.slug,
            "title": state.title,
            "last_sync": state.last_sync,
            "papers": {
                paper_id: {"here": entry.local, "there": entry.remote}
                for paper_id, entry in sorted(state.synced.items())
            },
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
        except OSError as error:
            raise StorageError(
                f"Cannot save the sync state {self.path}: {reason(error)}."
            ) from None

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Hold the sync lock while the body runs; SyncBusyError when another sync holds it."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = lock(self.directory / LOCK_FILE, timeout=0.0)
        except LockTimeout:
            raise SyncBusyError() from None
        except (LockFailed, OSError) as error:
            raise StorageError(f"Cannot lock {self.directory}: {reason(error)}.") from None
        try:
            yield
        finally:
            unlock(fd)


def _state_from(data: Any) -> SyncState:
    """The state in a parsed file; raises ValueError/TypeError/KeyError for a damaged one."""
    if not isinstance(data, dict) or not isinstance(data["format"], int):
        raise ValueError("not a sync state")
    papers = data.get("papers") or {}
    synced = {
        str(paper_id): Synced(str(entry["here"]), str(entry["there"]))
        for paper_id, entry in papers.items()
    }
    return SyncState(
        endpoint=_text(data.get("endpoint")),
        slug=_text(data.get("collection")),
        title=_text(data.get("title")),
        synced=synced,
        last_sync=_text(data.get("last_sync")),
    )


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError("not text")
