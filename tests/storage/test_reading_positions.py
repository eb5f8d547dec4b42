"""`ReadingPositions`: each paper's place in its full text, kept in the data dir."""

from __future__ import annotations

import json

import pytest

from paperreader.domain.errors import StorageError
from paperreader.storage.reading_positions import FILE_NAME, KEPT, ReadingPositions


def test_a_place_is_kept_across_stores_on_one_dir_and_zero_forgets_it(tmp_path):
    first = ReadingPositions(tmp_path / "data")
    assert first.get("2603.08522") is None
    first.set("2603.08522", 42.0)
    first.set("arXiv:2603.09230", 7.5)
    second = ReadingPositions(tmp_path / "data")  # another instance, or the next run
    assert second.get("2603.08522") == 42.0
    assert second.get("2603.09230") == 7.5
    second.set("2603.08522", 0)
    assert first.get("2603.08522") is None
    assert first.get("2603.09230") == 7.5


def test_the_places_left_longest_ago_are_forgotten_first(tmp_path):
    store = ReadingPositions(tmp_path)
    data = {"version": 1, "positions": {f"2601.{n:05d}": float(n + 1) for n in range(KEPT)}}
    (tmp_path / FILE_NAME).write_text(json.dumps(data))
    store.set("2601.00000", 5.0)  # left again: now the newest
    store.set("2602.00001", 9.0)
    kept = json.loads((tmp_path / FILE_NAME).read_text())["positions"]
    assert len(kept) == KEPT
    assert "2601.00001" not in kept
    assert list(kept)[-2:] == ["2601.00000", "2602.00001"]


@pytest.mark.parametrize("content", [b"{not json", b'{"positions": [1, 2]}', b"\xff\xfe"])
def test_a_damaged_file_is_moved_aside_and_the_places_start_over(tmp_path, content):
    (tmp_path / FILE_NAME).write_bytes(content)
    store = ReadingPositions(tmp_path)
    assert store.get("2603.08522") is None
    [aside] = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == content
    store.set("2603.08522", 3.0)
    assert store.get("2603.08522") == 3.0


def test_nonsense_places_in_the_file_are_skipped(tmp_path):
    raw = {"2603.08522": "x", "2603.09230": -4, "2603.10629": 12, "2603.00001": float("nan")}
    (tmp_path / FILE_NAME).write_text(json.dumps({"version": 1, "positions": raw}))
    store = ReadingPositions(tmp_path)
    assert store.get("2603.10629") == 12.0
    assert store.get("2603.08522") is None and store.get("2603.09230") is None


def test_a_place_that_cannot_be_saved_is_one_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StorageError, match=r"^The reading place was not saved: .*\.$"):
        ReadingPositions(blocker / "data").set("2603.08522", 1.0)
