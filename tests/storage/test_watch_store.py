"""The watch list on disk: as safe as the bookmarks against damage, newer files and a second
instance, private, and readable by hand."""

from __future__ import annotations

import json
import os
import stat

import pytest
from support.files import read_json, temporaries
from support.user_data import Clock

from paperreader.domain.errors import StorageError
from paperreader.domain.watches import make_watch
from paperreader.storage.watches import FILE_NAME, WatchStore


def test_added_watches_are_kept_in_order_each_once(tmp_path):
    store = WatchStore(tmp_path)
    assert store.add(make_watch("author", "Jane Doe"))[1] is True
    assert store.add(make_watch("query", "agents"))[1] is True
    kept, added = store.add(make_watch("author", "jane  doe"))
    assert added is False and kept.text == "Jane Doe"
    assert [w.label for w in WatchStore(tmp_path).watches()] == [
        "author: Jane Doe",
        "query: agents",
    ]
    data = read_json(tmp_path / FILE_NAME)
    assert data["version"] == 1
    assert data["watches"][0]["kind"] == "author"


def test_removing_counts_from_one_and_refuses_what_is_not_there(tmp_path):
    store = WatchStore(tmp_path)
    for text in ("a1", "b2", "c3"):
        store.add(make_watch("query", text))
    assert store.remove(2).text == "b2"
    assert [w.text for w in store.watches()] == ["a1", "c3"]
    with pytest.raises(IndexError):
        store.remove(3)
    with pytest.raises(IndexError):
        store.remove(0)


def test_two_instances_never_undo_each_other(tmp_path):
    first, second = WatchStore(tmp_path), WatchStore(tmp_path)
    first.watches(), second.watches()  # both have read the (empty) list
    first.add(make_watch("query", "agents"))
    second.add(make_watch("author", "Jane"))
    assert {w.text for w in first.watches()} == {"agents", "Jane"}


def test_a_mark_remembers_when_and_what_was_seen(tmp_path):
    clock = Clock()
    store = WatchStore(tmp_path, clock=clock)
    assert store.mark("digest") is None
    store.set_mark("digest", ["2603.00001", "2603.00002", "2603.00001"])
    mark = WatchStore(tmp_path).mark("digest")
    assert mark is not None
    assert mark.at == clock()
    assert mark.ids == {"2603.00001", "2603.00002"}


def test_a_damaged_file_is_moved_aside_and_its_readable_watches_saved(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text('{"version": 1, "watches": [{"kind": "author", "text": "Jane"}, {"kind": "qu')
    store = WatchStore(tmp_path)
    assert [w.text for w in store.watches()] == ["Jane"]
    assert store.problem is not None and "moved to" in store.problem
    aside = [p for p in tmp_path.iterdir() if p.name.startswith(f"{FILE_NAME}.corrupt-")]
    assert len(aside) == 1
    assert aside[0].read_text().endswith('"qu')  # the original, byte for byte
    store.add(make_watch("query", "agents"))
    assert [w.text for w in WatchStore(tmp_path).watches()] == ["Jane", "agents"]


def test_unknown_keys_and_unreadable_records_are_written_back_as_they_were(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps({"version": 1, "theirs": [1], "watches": [{"kind": 5}]}))
    store = WatchStore(tmp_path)
    assert store.watches() == ()
    store.add(make_watch("query", "agents"))
    data = read_json(path)
    assert data["theirs"] == [1]
    assert data["watches"][0] == {"kind": 5}


def test_a_newer_file_is_read_but_never_written(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps({"version": 9, "watches": [{"kind": "org", "text": "ai2"}]}))
    before = path.read_bytes()
    store = WatchStore(tmp_path)
    assert [w.text for w in store.watches()] == ["ai2"]
    with pytest.raises(StorageError, match="newer paperreader"):
        store.add(make_watch("query", "agents"))
    assert path.read_bytes() == before


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_file_is_private_and_no_temporary_is_left(tmp_path):
    directory = tmp_path / "data"
    WatchStore(directory).add(make_watch("query", "agents"))
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE((directory / FILE_NAME).stat().st_mode) == 0o600
    assert temporaries(directory) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_folder_others_can_change_is_refused_and_nothing_written(tmp_path):
    directory = tmp_path / "shared"
    directory.mkdir()
    directory.chmod(0o777)
    store = WatchStore(directory)
    with pytest.raises(StorageError, match="keeps nothing there"):
        store.add(make_watch("query", "agents"))
    assert not (directory / FILE_NAME).exists()


def _add_watches(directory, who, count):
    import sys

    from paperreader.domain.watches import make_watch
    from paperreader.storage.watches import WatchStore

    store = WatchStore(directory)
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(count):
        store.add(make_watch("query", f"{who} topic {n}"))
    print("done", flush=True)


def test_processes_adding_at_once_lose_none_of_the_watches(tmp_path):
    from support.killing import Child, child_source, kill_all, release_together

    calls = [f"_add_watches({str(tmp_path)!r}, 'p{i}', 15)" for i in range(4)]
    children = [Child.python(child_source(_add_watches, call=c), stdin=True) for c in calls]
    try:
        release_together(children)
        assert [child.finish() for child in children] == [0, 0, 0, 0]
    finally:
        kill_all(children)
    texts = {w.text for w in WatchStore(tmp_path).watches()}
    assert texts == {f"p{i} topic {n}" for i in range(4) for n in range(15)}
    assert temporaries(tmp_path) == []
