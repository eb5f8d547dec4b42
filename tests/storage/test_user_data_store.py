"""The user-data store: bookmarks, tags and notes, read marks, seen-at-last-visit."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from support.files import read_json
from support.user_data import T0, full_paper, numbered

from paperreader.domain.models import Bookmark, Paper
from paperreader.storage.user_data import (
    BOOKMARKS_FILE,
    STATE_FILE,
    UserDataStore,
)
from paperreader.storage.user_data import store as store_module

# --------------------------------------------------------------------------------------------
# Bookmarks
# --------------------------------------------------------------------------------------------


def test_an_empty_store_reads_without_creating_anything(lib, data_dir):
    assert lib.bookmarks() == []
    assert lib.bookmark("2603.00001") is None
    assert lib.bookmarked_ids() == frozenset()
    assert lib.read_ids() == frozenset()
    assert lib.seen_ids("daily:latest") is None
    assert lib.problem is None
    assert not data_dir.exists()


def test_add_bookmark_stores_a_snapshot_that_reads_back(lib, data_dir, clock):
    paper = full_paper()
    bookmark = lib.add_bookmark(paper, tags=["To Read", "ml"], note="Read §3.\nThen §4.")
    assert bookmark.paper == paper._replace(highlighted_title=())
    assert bookmark.added_at == T0
    assert bookmark.tags == ("ml", "to-read")
    assert bookmark.note == "Read §3.\nThen §4."
    assert lib.bookmark(paper.id) == bookmark
    assert lib.bookmarked_ids() == {paper.id}
    again = UserDataStore(data_dir)
    assert again.bookmarks() == [bookmark]
    assert again.problem is None


def test_bookmarks_are_listed_newest_first(lib, clock):
    for n in (1, 2, 3):
        lib.add_bookmark(numbered(n))
        clock.tick()
    lib.add_bookmark(numbered(4), added_at=T0 - timedelta(days=1))
    assert [b.paper.id for b in lib.bookmarks()] == [
        "2603.00003",
        "2603.00002",
        "2603.00001",
        "2603.00004",
    ]


def test_added_at_is_kept_in_utc(lib):
    naive = lib.add_bookmark(numbered(1), added_at=datetime(2026, 1, 2, 3, 4, 5))
    assert naive.added_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    offset = lib.add_bookmark(
        numbered(2), added_at=datetime(2026, 1, 2, 5, 0, tzinfo=timezone(timedelta(hours=2)))
    )
    assert offset.added_at.tzinfo == UTC and offset.added_at.hour == 3
    assert lib.bookmark("2603.00002").added_at == offset.added_at


def test_adding_again_refreshes_only_the_snapshot(lib, clock):
    first = lib.add_bookmark(numbered(1, upvotes=1), tags=["keep"], note="my note")
    clock.tick(3600)
    newer = numbered(1, title="Revised title", upvotes=99)
    second = lib.add_bookmark(newer, tags=["ignored"], note="ignored", added_at=T0 + timedelta(1))
    assert second.paper == newer
    assert (second.added_at, second.tags, second.note) == (first.added_at, ("keep",), "my note")
    assert lib.bookmark(newer.id) == second
    assert len(lib.bookmarks()) == 1


def test_toggle_bookmark(lib):
    assert lib.toggle_bookmark(numbered(1)) is True
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert lib.toggle_bookmark(numbered(1)) is False
    assert lib.bookmarks() == []
    assert lib.toggle_bookmark(numbered(1)) is True


def test_remove_bookmark(lib):
    lib.add_bookmark(numbered(1))
    lib.add_bookmark(numbered(2))
    assert lib.remove_bookmark("2603.00001") is True
    assert lib.remove_bookmark("2603.00001") is False
    assert lib.remove_bookmark("2603.09999") is False
    assert lib.bookmarked_ids() == {"2603.00002"}


def test_set_tags_normalises_and_needs_a_bookmark(lib, data_dir):
    lib.add_bookmark(numbered(1), tags=["old"])
    updated = lib.set_tags("2603.00001", [" Deep Learning ", "NLP", "nlp", ""])
    assert updated.tags == ("deep-learning", "nlp")
    assert UserDataStore(data_dir).bookmark("2603.00001").tags == ("deep-learning", "nlp")
    assert lib.set_tags("2603.00001", []).tags == ()
    with pytest.raises(KeyError):
        lib.set_tags("2603.00002", ["x"])


def test_set_note_keeps_lines_and_needs_a_bookmark(lib, data_dir):
    lib.add_bookmark(numbered(1))
    note = "Why it matters:\n\n- point one\n- point two\r\n  indented"
    updated = lib.set_note("2603.00001", note)
    assert updated.note == "Why it matters:\n\n- point one\n- point two\n  indented"
    assert UserDataStore(data_dir).bookmark("2603.00001").note == updated.note
    assert lib.set_note("2603.00001", "  \n").note == ""
    with pytest.raises(KeyError):
        lib.set_note("2603.00002", "x")


def test_a_paper_that_could_not_be_read_back_is_refused(lib, data_dir):
    with pytest.raises(ValueError):
        lib.add_bookmark(Paper(id="not-an-arxiv-id", title="Bad"))
    with pytest.raises(ValueError):
        lib.toggle_bookmark(Paper(id="2603.00001", title="  "))
    assert not (data_dir / BOOKMARKS_FILE).exists()


def test_import_merges_without_duplicates(lib, data_dir):
    lib.add_bookmark(numbered(1), tags=["mine"], note="my note", added_at=T0)
    lib.add_bookmark(numbered(2), tags=["mine"], added_at=T0)
    imported = [
        Bookmark(numbered(1, title="Their title"), T0 - timedelta(days=2), ("Theirs",), "theirs"),
        Bookmark(numbered(2), T0 + timedelta(days=2), ("theirs",), "their note"),
        Bookmark(numbered(3), T0, ("new",), "new note"),
        Bookmark(numbered(3), T0 - timedelta(days=5), ("dup",), ""),
    ]
    assert lib.import_bookmarks(imported).added == 1
    one, two, three = (lib.bookmark(f"2603.0000{n}") for n in (1, 2, 3))
    assert one.paper.title == "Paper number 1"  # the local snapshot is kept
    both = "my note\n--- imported 2026-03-01 ---\ntheirs"  # neither note is lost
    assert (one.tags, one.note, one.added_at) == (("mine", "theirs"), both, T0 - timedelta(2))
    assert (two.tags, two.note, two.added_at) == (("mine", "theirs"), "their note", T0)
    assert (three.tags, three.note, three.added_at) == (
        ("dup", "new"),
        "new note",
        T0 - timedelta(5),
    )
    records = read_json(data_dir / BOOKMARKS_FILE)["bookmarks"]
    assert sorted(r["paper"]["id"] for r in records) == ["2603.00001", "2603.00002", "2603.00003"]
    before = (data_dir / BOOKMARKS_FILE).stat().st_mtime_ns
    assert lib.import_bookmarks(imported).unchanged == 3
    assert (data_dir / BOOKMARKS_FILE).stat().st_mtime_ns == before  # nothing to write


def test_import_with_an_unstorable_paper_changes_nothing(lib):
    lib.add_bookmark(numbered(1))
    with pytest.raises(ValueError):
        lib.import_bookmarks([Bookmark(numbered(2), T0), Bookmark(Paper("x", "Bad"), T0)])
    assert lib.bookmarked_ids() == {"2603.00001"}


# --------------------------------------------------------------------------------------------
# Read marks and seen-at-last-visit
# --------------------------------------------------------------------------------------------


def test_read_marks(lib, data_dir, clock):
    assert not lib.is_read("2603.00001")
    lib.set_read("2603.00001")
    clock.tick()
    lib.set_read("2603.00002", True)
    lib.set_read("2603.00001")  # already read: the first time is kept
    assert lib.read_ids() == {"2603.00001", "2603.00002"}
    assert lib.is_read("2603.00002")
    lib.set_read("2603.00002", False)
    lib.set_read("2603.00003", False)
    assert UserDataStore(data_dir).read_ids() == {"2603.00001"}
    state = read_json(data_dir / STATE_FILE)
    assert state["version"] == 1
    assert state["read"] == {"2603.00001": "2026-03-01T12:00:00+00:00"}


def test_read_marks_are_not_bookmarks(lib):
    lib.set_read("2603.00001")
    assert lib.bookmarks() == []
    lib.add_bookmark(numbered(2))
    assert lib.read_ids() == {"2603.00001"}


def test_record_visit_counts_what_is_new_since_the_last_visit(lib, data_dir, clock):
    assert lib.record_visit("daily:latest", ["a", "b", "c"]) == 0  # first visit: nothing new
    assert lib.seen_ids("daily:latest") == {"a", "b", "c"}
    assert lib.record_visit("daily:latest", ["b", "c", "d", "e", "d"]) == 2
    assert lib.record_visit("daily:latest", ["a", "e"]) == 0  # a was seen two visits ago
    assert lib.seen_ids("daily:latest") == {"a", "b", "c", "d", "e"}
    assert lib.record_visit("trending:latest", ["a", "z"]) == 0  # listings are separate
    assert lib.record_visit("trending:latest", ["z", "y"]) == 1
    assert UserDataStore(data_dir, clock=clock).record_visit("daily:latest", ["a", "f"]) == 1
    seen = read_json(data_dir / STATE_FILE)["seen"]
    assert list(seen) == ["trending:latest", "daily:latest"]  # least recently visited first
    assert seen["daily:latest"]["ids"] == ["b", "c", "d", "e", "a", "f"]
    assert seen["daily:latest"]["visited_at"] == "2026-03-01T12:00:00+00:00"


def test_a_first_visit_to_an_empty_listing_makes_everything_later_new(lib):
    assert lib.record_visit("daily:2026-03-01", []) == 0
    assert lib.seen_ids("daily:2026-03-01") == frozenset()
    assert lib.record_visit("daily:2026-03-01", ["a", "b"]) == 2


def test_seen_sets_are_capped(lib, data_dir, monkeypatch):
    assert store_module.SEEN_IDS_PER_LISTING == 5_000
    assert store_module.SEEN_LISTINGS == 200
    monkeypatch.setattr(store_module, "SEEN_IDS_PER_LISTING", 4)
    monkeypatch.setattr(store_module, "SEEN_LISTINGS", 3)
    lib.record_visit("search:x", ["1", "2", "3"])
    lib.record_visit("search:x", ["4", "5", "1"])  # 1 was shown again, so it is recent
    assert read_json(data_dir / STATE_FILE)["seen"]["search:x"]["ids"] == ["3", "4", "5", "1"]
    assert lib.record_visit("search:x", ["2"]) == 1  # forgotten, so new again
    for key in ("a", "b", "c"):
        lib.record_visit(key, ["1"])
    assert list(read_json(data_dir / STATE_FILE)["seen"]) == ["a", "b", "c"]
    assert lib.seen_ids("search:x") is None
    lib.record_visit("a", ["2"])
    lib.record_visit("d", ["1"])
    assert list(read_json(data_dir / STATE_FILE)["seen"]) == ["c", "a", "d"]


def test_the_real_id_cap_keeps_the_last_five_thousand(lib, data_dir):
    ids = [f"id{n}" for n in range(6_000)]
    assert lib.record_visit("search:big", ids) == 0
    kept = read_json(data_dir / STATE_FILE)["seen"]["search:big"]["ids"]
    assert kept == ids[-5_000:]
    assert lib.record_visit("search:big", ["id0", "id5999"]) == 1


def test_read_ids_are_not_capped(lib, data_dir):
    many = {f"2603.{n:05d}": "2026-03-01T00:00:00+00:00" for n in range(20_000)}
    data_dir.mkdir(parents=True)
    (data_dir / STATE_FILE).write_text(json.dumps({"version": 1, "read": many, "seen": {}}))
    lib.set_read("2604.00001")
    assert len(UserDataStore(data_dir).read_ids()) == 20_001
