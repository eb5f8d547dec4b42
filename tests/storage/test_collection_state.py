"""The sync state file: it reads back what was saved, stays private, survives damage by
being moved aside, and lets one sync run at a time."""

from __future__ import annotations

import stat
import sys

import pytest

from paperreader.domain.collection_errors import SyncBusyError
from paperreader.domain.collection_sync import synced
from paperreader.storage.collection_state import STATE_FILE, CollectionStateStore, SyncState

STATE = SyncState(
    endpoint="https://hub.test",
    slug="ada/reading-1",
    title="Reading",
    synced={"2610.00001": synced("here", "there")},
    last_sync="2026-10-02T18:00:00+00:00",
)


def test_it_reads_back_what_was_saved(tmp_path):
    store = CollectionStateStore(tmp_path / "data")
    assert store.load() == SyncState()  # nothing yet
    store.save(STATE)
    assert CollectionStateStore(tmp_path / "data").load() == STATE
    assert STATE.linked_to("https://hub.test") == "ada/reading-1"
    assert STATE.linked_to("https://huggingface.co") is None  # another hub's link


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_file_is_private(tmp_path):
    store = CollectionStateStore(tmp_path)
    store.save(STATE)
    assert stat.S_IMODE((tmp_path / STATE_FILE).stat().st_mode) == 0o600


@pytest.mark.parametrize("damage", [b"{ not json", b"[]", b'{"format": 1, "papers": {"x": 1}}'])
def test_a_damaged_file_is_moved_aside_and_the_state_starts_empty(tmp_path, damage):
    (tmp_path / STATE_FILE).write_bytes(damage)
    store = CollectionStateStore(tmp_path)
    assert store.load() == SyncState()
    assert store.problem is not None and "removes nothing" in store.problem
    [aside] = tmp_path.glob(f"{STATE_FILE}.corrupt-*")
    assert aside.read_bytes() == damage


def test_one_sync_at_a_time(tmp_path):
    first, second = CollectionStateStore(tmp_path), CollectionStateStore(tmp_path)
    with first.running(), pytest.raises(SyncBusyError), second.running():
        pass
    with second.running():  # free again once the first ended
        pass
