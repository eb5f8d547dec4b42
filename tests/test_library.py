"""The user's data store: the paper codec, bookmarks, read marks, seen-at-last-visit, and the
promises that it never loses anything (crashes, two instances, corrupt files, read-only dirs).

The reliability tests use real processes: children killed with SIGKILL mid-write, several
children writing at once, and a forked child without the right to write.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reliability.killing import child_source as _child_source

from paperreader.domain.errors import PaperReaderError, StorageError
from paperreader.domain.ids import PAPER_ID
from paperreader.domain.models import Author, Organization, Paper, TextSpan
from paperreader.domain.text import clean, one_line
from paperreader.formats.hub_json import parse_items
from paperreader.formats.records import paper_from_record, paper_to_record
from paperreader.platform import paths
from paperreader.storage import user_data as library_module
from paperreader.storage.user_data import (
    BOOKMARKS_FILE,
    LOCK_FILE,
    STATE_FILE,
    Bookmark,
    UserDataStore,
    bookmark_from_record,
    bookmark_to_record,
    normalise_tags,
)

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _paper(n: int = 1, **fields) -> Paper:
    values = {"id": f"2603.{n:05d}", "title": f"Paper number {n}"}
    values.update(fields)
    return Paper(**values)


def _full_paper() -> Paper:
    return Paper(
        id="2603.01234",
        title="Tiny Models Read Papers",
        summary="We show that tiny models\ncan read papers.\n\nSecond paragraph.",
        authors=(
            Author("Ada Lovelace", "ada"),
            Author("Alan Turing"),
            Author("Émilie du Châtelet"),
        ),
        published_at=datetime(2026, 3, 4, 17, 8, 18, tzinfo=UTC),
        submitted_on_daily_at=datetime(2026, 3, 6, 3, 55, 12, 777000, tzinfo=UTC),
        upvotes=42,
        num_comments=3,
        organization=Organization("example-lab", "Example Lab"),
        submitted_by="ada",
        github_repo="https://github.com/example/tiny",
        github_stars=17,
        project_page="https://example.org/tiny",
        ai_summary="Tiny models read papers well.",
        ai_keywords=("tiny models", "reading"),
        withdrawn=True,
        highlighted_title=(TextSpan("Tiny", True), TextSpan(" Models Read Papers")),
    )


class Clock:
    """A settable clock for the library, so times in files are predictable."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 60) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def data_dir(isolated_dirs) -> Path:
    return Path(isolated_dirs["PAPERREADER_DATA_DIR"])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def lib(data_dir, clock) -> UserDataStore:
    return UserDataStore(data_dir, clock=clock)


def _json(path: Path):
    return json.loads(path.read_text("utf-8"))


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob(".*.tmp"))


# --------------------------------------------------------------------------------------------
# codec: papers as records
# --------------------------------------------------------------------------------------------


def test_paper_round_trip_keeps_every_field_but_the_highlighting():
    paper = _full_paper()
    record = json.loads(json.dumps(paper_to_record(paper)))
    assert paper_from_record(record) == replace(paper, highlighted_title=())
    assert record["published_at"] == "2026-03-04T17:08:18+00:00"
    assert record["authors"][1] == {"name": "Alan Turing"}
    assert record["organization"] == {"name": "example-lab", "fullname": "Example Lab"}
    assert "highlighted_title" not in record


def test_paper_round_trip_of_a_bare_paper():
    paper = _paper(7)
    assert paper_from_record(json.loads(json.dumps(paper_to_record(paper)))) == paper


def test_every_demo_paper_survives_the_round_trip():
    from paperreader.sources.demo import demo_items

    papers = parse_items(list(demo_items())).papers
    assert len(papers) > 5
    for paper in papers:
        assert paper_from_record(paper_to_record(paper)) == replace(paper, highlighted_title=())


_line = st.text(min_size=1, max_size=30).map(one_line).filter(bool)
_moment = st.none() | st.datetimes(
    min_value=datetime(1991, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
_papers = st.builds(
    Paper,
    id=st.from_regex(PAPER_ID, fullmatch=True),
    title=_line,
    summary=st.text(max_size=120).map(lambda s: clean(s.replace("\r", ""))),
    authors=st.lists(st.builds(Author, _line, st.none() | _line), max_size=4).map(tuple),
    published_at=_moment,
    submitted_on_daily_at=_moment,
    upvotes=st.integers(-5, 10**7),
    num_comments=st.none() | st.integers(0, 10**5),
    organization=st.none() | st.builds(Organization, _line, st.none() | _line),
    submitted_by=st.none() | _line,
    github_repo=st.none() | st.sampled_from(["https://github.com/a/b", "http://x.org/é"]),
    github_stars=st.none() | st.integers(0, 10**6),
    project_page=st.none() | st.just("https://example.org/p?q=1#f"),
    ai_summary=st.none() | _line,
    ai_keywords=st.lists(_line, max_size=4).map(tuple),
    withdrawn=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(_papers)
def test_round_trip_is_lossless_for_any_clean_paper(paper):
    assert paper_from_record(json.loads(json.dumps(paper_to_record(paper)))) == paper


@pytest.mark.parametrize(
    "record",
    [
        None,
        [],
        "2603.01234",
        {},
        {"title": "No id"},
        {"id": "2603.01234"},
        {"id": "2603.01234", "title": "   "},
        {"id": "../../etc/passwd", "title": "Path"},
        {"id": "2603.01234v2", "title": "Versioned"},
        {"id": 2603.01234, "title": "Number"},
    ],
)
def test_unusable_paper_records_raise_value_error(record):
    with pytest.raises(ValueError):
        paper_from_record(record)


def test_paper_records_are_read_defensively():
    record = {
        "id": " 2603.01234 ",
        "title": "\x1b[31mRed\x1b[0m\n title",
        "summary": "One\r\nline \x1b]8;;https://evil\x07link\x1b]8;;\x07.",
        "authors": ["Plain Name", {"name": "\x1b[2JEve", "username": 5}, {"nope": 1}, 7],
        "published_at": "not a date",
        "submitted_on_daily_at": "2026-03-06T03:55:12Z",
        "upvotes": True,
        "num_comments": "3",
        "organization": "lab",
        "github_repo": "javascript:alert(1)",
        "project_page": "https://ok.example/x",
        "github_stars": 4.0,
        "ai_keywords": ["a", 1, "", None, "b\x07"],
        "withdrawn": "yes",
        "future_field": {"anything": [1, 2]},
    }
    paper = paper_from_record(record)
    assert paper.id == "2603.01234"
    assert paper.title == "Red title"
    assert paper.summary == "One\nline link."
    assert paper.authors == (Author("Plain Name"), Author("Eve"))
    assert paper.published_at is None
    assert paper.submitted_on_daily_at == datetime(2026, 3, 6, 3, 55, 12, tzinfo=UTC)
    assert paper.upvotes == 0
    assert paper.num_comments is None
    assert paper.organization == Organization("lab")
    assert paper.github_repo is None
    assert paper.project_page == "https://ok.example/x"
    assert paper.github_stars == 4
    assert paper.ai_keywords == ("a", "b")
    assert paper.withdrawn is False


def test_datetimes_with_offsets_are_stored_in_utc():
    paper = _paper(published_at=datetime(2026, 3, 4, 20, 0, tzinfo=timezone(timedelta(hours=3))))
    record = paper_to_record(paper)
    assert record["published_at"] == "2026-03-04T17:00:00+00:00"
    assert paper_from_record(record).published_at == paper.published_at


# --------------------------------------------------------------------------------------------
# Bookmark records and tags
# --------------------------------------------------------------------------------------------


def test_bookmark_record_round_trip():
    bookmark = Bookmark(_full_paper(), T0, ("ml", "to-read"), "First line\n  second line")
    record = json.loads(json.dumps(bookmark_to_record(bookmark)))
    assert list(record) == ["added_at", "tags", "note", "paper"]
    assert record["added_at"] == "2026-03-01T12:00:00+00:00"
    back = bookmark_from_record(record)
    assert back == replace(bookmark, paper=replace(bookmark.paper, highlighted_title=()))


def test_bookmark_records_are_forgiving_about_tags_and_note_but_not_the_rest():
    paper = paper_to_record(_paper())
    hand_edited = {"added_at": "2026-03-01", "tags": "ML, Deep Learning ,", "paper": paper}
    bookmark = bookmark_from_record(hand_edited)
    assert bookmark.tags == ("deep-learning", "ml")
    assert bookmark.note == ""
    assert bookmark.added_at == datetime(2026, 3, 1, tzinfo=UTC)
    assert bookmark_from_record({**hand_edited, "tags": {"x": 1}, "note": 5}).tags == ()
    for bad in (
        None,
        {"added_at": "2026-03-01"},
        {"paper": paper},
        {"added_at": "soon", "paper": paper},
        {"added_at": "2026-03-01", "paper": {"id": "x", "title": "y"}},
    ):
        with pytest.raises(ValueError):
            bookmark_from_record(bad)


def test_hand_edited_records_cannot_inject_escapes():
    record = {
        "added_at": "2026-03-01T00:00:00Z",
        "tags": ["\x1b[1mbold"],
        "note": "keep\nlines \x1b[5mblink\x07\x1b]0;title\x07",
        "paper": {
            "id": "2603.00001",
            "title": "\x1b]52;c;ZXZpbA==\x07Clipboard",
            "authors": [{"name": "\x9b31mEve", "username": "\x1bcreset"}],
            "organization": {"name": "\x1b[H", "fullname": "Org\x1b[K"},
            "ai_summary": "\x1bPdcs\x1b\\ok",
            "submitted_by": "bob\x00",
        },
    }
    bookmark = bookmark_from_record(record)
    text = repr(bookmark)
    assert "\\x1b" not in text and "\\x9b" not in text and "\\x07" not in text
    assert "\\x00" not in text
    assert bookmark.note == "keep\nlines blink"
    assert bookmark.tags == ("bold",)
    assert bookmark.paper.title == "Clipboard"


@pytest.mark.parametrize(
    ("given_tags", "expected"),
    [
        (["ML", " ml ", "Machine   Learning", "", "  "], ("machine-learning", "ml")),
        (["b", "a", "B"], ("a", "b")),
        ("Single Tag", ("single-tag",)),
        (["tab\tsep", "new\nline"], ("new-line", "tab-sep")),
        ([], ()),
    ],
)
def test_normalise_tags(given_tags, expected):
    assert normalise_tags(given_tags) == expected


# --------------------------------------------------------------------------------------------
# Library: bookmarks
# --------------------------------------------------------------------------------------------


def test_an_empty_library_reads_without_creating_anything(lib, data_dir):
    assert lib.bookmarks() == []
    assert lib.bookmark("2603.00001") is None
    assert lib.bookmarked_ids() == frozenset()
    assert lib.read_ids() == frozenset()
    assert lib.seen_ids("daily:latest") is None
    assert lib.problem is None
    assert not data_dir.exists()


def test_add_bookmark_stores_a_snapshot_that_reads_back(lib, data_dir, clock):
    paper = _full_paper()
    bookmark = lib.add_bookmark(paper, tags=["To Read", "ml"], note="Read §3.\nThen §4.")
    assert bookmark.paper == replace(paper, highlighted_title=())
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
        lib.add_bookmark(_paper(n))
        clock.tick()
    lib.add_bookmark(_paper(4), added_at=T0 - timedelta(days=1))
    assert [b.paper.id for b in lib.bookmarks()] == [
        "2603.00003",
        "2603.00002",
        "2603.00001",
        "2603.00004",
    ]


def test_added_at_is_kept_in_utc(lib):
    naive = lib.add_bookmark(_paper(1), added_at=datetime(2026, 1, 2, 3, 4, 5))
    assert naive.added_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    offset = lib.add_bookmark(
        _paper(2), added_at=datetime(2026, 1, 2, 5, 0, tzinfo=timezone(timedelta(hours=2)))
    )
    assert offset.added_at.tzinfo == UTC and offset.added_at.hour == 3
    assert lib.bookmark("2603.00002").added_at == offset.added_at


def test_adding_again_refreshes_only_the_snapshot(lib, clock):
    first = lib.add_bookmark(_paper(1, upvotes=1), tags=["keep"], note="my note")
    clock.tick(3600)
    newer = _paper(1, title="Revised title", upvotes=99)
    second = lib.add_bookmark(newer, tags=["ignored"], note="ignored", added_at=T0 + timedelta(1))
    assert second.paper == newer
    assert (second.added_at, second.tags, second.note) == (first.added_at, ("keep",), "my note")
    assert lib.bookmark(newer.id) == second
    assert len(lib.bookmarks()) == 1


def test_toggle_bookmark(lib):
    assert lib.toggle_bookmark(_paper(1)) is True
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert lib.toggle_bookmark(_paper(1)) is False
    assert lib.bookmarks() == []
    assert lib.toggle_bookmark(_paper(1)) is True


def test_remove_bookmark(lib):
    lib.add_bookmark(_paper(1))
    lib.add_bookmark(_paper(2))
    assert lib.remove_bookmark("2603.00001") is True
    assert lib.remove_bookmark("2603.00001") is False
    assert lib.remove_bookmark("2603.09999") is False
    assert lib.bookmarked_ids() == {"2603.00002"}


def test_set_tags_normalises_and_needs_a_bookmark(lib, data_dir):
    lib.add_bookmark(_paper(1), tags=["old"])
    updated = lib.set_tags("2603.00001", [" Deep Learning ", "NLP", "nlp", ""])
    assert updated.tags == ("deep-learning", "nlp")
    assert UserDataStore(data_dir).bookmark("2603.00001").tags == ("deep-learning", "nlp")
    assert lib.set_tags("2603.00001", []).tags == ()
    with pytest.raises(KeyError):
        lib.set_tags("2603.00002", ["x"])


def test_set_note_keeps_lines_and_needs_a_bookmark(lib, data_dir):
    lib.add_bookmark(_paper(1))
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
    lib.add_bookmark(_paper(1), tags=["mine"], note="my note", added_at=T0)
    lib.add_bookmark(_paper(2), tags=["mine"], added_at=T0)
    imported = [
        Bookmark(_paper(1, title="Their title"), T0 - timedelta(days=2), ("Theirs",), "theirs"),
        Bookmark(_paper(2), T0 + timedelta(days=2), ("theirs",), "their note"),
        Bookmark(_paper(3), T0, ("new",), "new note"),
        Bookmark(_paper(3), T0 - timedelta(days=5), ("dup",), ""),
    ]
    assert lib.import_bookmarks(imported) == 1
    one, two, three = (lib.bookmark(f"2603.0000{n}") for n in (1, 2, 3))
    assert one.paper.title == "Paper number 1"  # the local snapshot is kept
    assert (one.tags, one.note, one.added_at) == (("mine", "theirs"), "my note", T0 - timedelta(2))
    assert (two.tags, two.note, two.added_at) == (("mine", "theirs"), "their note", T0)
    assert (three.tags, three.note, three.added_at) == (
        ("dup", "new"),
        "new note",
        T0 - timedelta(5),
    )
    records = _json(data_dir / BOOKMARKS_FILE)["bookmarks"]
    assert sorted(r["paper"]["id"] for r in records) == ["2603.00001", "2603.00002", "2603.00003"]
    before = (data_dir / BOOKMARKS_FILE).stat().st_mtime_ns
    assert lib.import_bookmarks(imported) == 0
    assert (data_dir / BOOKMARKS_FILE).stat().st_mtime_ns == before  # nothing to write


def test_import_with_an_unstorable_paper_changes_nothing(lib):
    lib.add_bookmark(_paper(1))
    with pytest.raises(ValueError):
        lib.import_bookmarks([Bookmark(_paper(2), T0), Bookmark(Paper("x", "Bad"), T0)])
    assert lib.bookmarked_ids() == {"2603.00001"}


# --------------------------------------------------------------------------------------------
# Library: read marks and seen-at-last-visit
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
    state = _json(data_dir / STATE_FILE)
    assert state["version"] == 1
    assert state["read"] == {"2603.00001": "2026-03-01T12:00:00+00:00"}


def test_read_marks_are_not_bookmarks(lib):
    lib.set_read("2603.00001")
    assert lib.bookmarks() == []
    lib.add_bookmark(_paper(2))
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
    seen = _json(data_dir / STATE_FILE)["seen"]
    assert list(seen) == ["trending:latest", "daily:latest"]  # least recently visited first
    assert seen["daily:latest"]["ids"] == ["b", "c", "d", "e", "a", "f"]
    assert seen["daily:latest"]["visited_at"] == "2026-03-01T12:00:00+00:00"


def test_a_first_visit_to_an_empty_listing_makes_everything_later_new(lib):
    assert lib.record_visit("daily:2026-03-01", []) == 0
    assert lib.seen_ids("daily:2026-03-01") == frozenset()
    assert lib.record_visit("daily:2026-03-01", ["a", "b"]) == 2


def test_seen_sets_are_capped(lib, data_dir, monkeypatch):
    assert library_module.SEEN_IDS_PER_LISTING == 5_000
    assert library_module.SEEN_LISTINGS == 200
    monkeypatch.setattr(library_module, "SEEN_IDS_PER_LISTING", 4)
    monkeypatch.setattr(library_module, "SEEN_LISTINGS", 3)
    lib.record_visit("search:x", ["1", "2", "3"])
    lib.record_visit("search:x", ["4", "5", "1"])  # 1 was shown again, so it is recent
    assert _json(data_dir / STATE_FILE)["seen"]["search:x"]["ids"] == ["3", "4", "5", "1"]
    assert lib.record_visit("search:x", ["2"]) == 1  # forgotten, so new again
    for key in ("a", "b", "c"):
        lib.record_visit(key, ["1"])
    assert list(_json(data_dir / STATE_FILE)["seen"]) == ["a", "b", "c"]
    assert lib.seen_ids("search:x") is None
    lib.record_visit("a", ["2"])
    lib.record_visit("d", ["1"])
    assert list(_json(data_dir / STATE_FILE)["seen"]) == ["c", "a", "d"]


def test_the_real_id_cap_keeps_the_last_five_thousand(lib, data_dir):
    ids = [f"id{n}" for n in range(6_000)]
    assert lib.record_visit("search:big", ids) == 0
    kept = _json(data_dir / STATE_FILE)["seen"]["search:big"]["ids"]
    assert kept == ids[-5_000:]
    assert lib.record_visit("search:big", ["id0", "id5999"]) == 1


def test_read_ids_are_not_capped(lib, data_dir):
    many = {f"2603.{n:05d}": "2026-03-01T00:00:00+00:00" for n in range(20_000)}
    data_dir.mkdir(parents=True)
    (data_dir / STATE_FILE).write_text(json.dumps({"version": 1, "read": many, "seen": {}}))
    lib.set_read("2604.00001")
    assert len(UserDataStore(data_dir).read_ids()) == 20_001


# --------------------------------------------------------------------------------------------
# Files: format, unknown data kept, reloads, atomic writes
# --------------------------------------------------------------------------------------------


def test_files_are_plain_indented_json(lib, data_dir):
    lib.add_bookmark(_paper(1), tags=["x"], note="n")
    lib.set_read("2603.00001")
    text = (data_dir / BOOKMARKS_FILE).read_text("utf-8")
    assert text.startswith('{\n  "version": 1,\n  "bookmarks": [\n')
    assert text.endswith("}\n")
    document = json.loads(text)
    assert list(document) == ["version", "bookmarks"]
    assert document["bookmarks"][0]["paper"]["id"] == "2603.00001"
    state = _json(data_dir / STATE_FILE)
    assert list(state) == ["version", "read", "seen"]
    assert sorted(p.name for p in data_dir.iterdir()) == [BOOKMARKS_FILE, LOCK_FILE, STATE_FILE]


def test_non_ascii_text_is_written_readably(lib, data_dir):
    lib.add_bookmark(_paper(1, title="Über Modelle: 模型"), note="naïve ☕")
    text = (data_dir / BOOKMARKS_FILE).read_text("utf-8")
    assert "Über Modelle: 模型" in text and "naïve ☕" in text


def test_a_lone_surrogate_does_not_break_the_file(lib, data_dir):
    lib.add_bookmark(_paper(1, title="Broken \ud800 title"))
    # Cleaned like any text on the way in (half a pair cannot be printed or encoded).
    assert UserDataStore(data_dir).bookmark("2603.00001").paper.title == "Broken title"
    assert (data_dir / BOOKMARKS_FILE).read_bytes().isascii()


def test_unknown_keys_and_unreadable_records_are_kept_verbatim(data_dir):
    good = bookmark_to_record(Bookmark(_paper(1), T0, ("a",), "note"))
    good["my_rating"] = 5
    good["paper"]["future_field"] = [1, 2]
    unreadable = [
        {"added_at": "2026-03-01T00:00:00Z", "paper": {"id": "oops", "title": "Bad id"}},
        "just a string",
        {"added_at": "whenever", "paper": paper_to_record(_paper(2))},
        None,
    ]
    document = {"version": 1, "owner": "me", "bookmarks": [good, *unreadable]}
    data_dir.mkdir(parents=True)
    (data_dir / BOOKMARKS_FILE).write_text(json.dumps(document))
    lib = UserDataStore(data_dir)
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert "4 bookmarks" in lib.problem and str(data_dir / BOOKMARKS_FILE) in lib.problem

    lib.set_tags("2603.00001", ["b"])
    lib.add_bookmark(_paper(3))
    lib.remove_bookmark("2603.00003")
    written = _json(data_dir / BOOKMARKS_FILE)
    assert written["owner"] == "me"
    assert written["bookmarks"][1:] == unreadable
    assert written["bookmarks"][0]["my_rating"] == 5
    assert written["bookmarks"][0]["paper"]["future_field"] == [1, 2]  # tags-only change
    assert written["bookmarks"][0]["tags"] == ["b"]

    lib.add_bookmark(_paper(1, title="Refreshed"))
    written = _json(data_dir / BOOKMARKS_FILE)
    assert written["bookmarks"][0]["my_rating"] == 5
    assert written["bookmarks"][0]["paper"]["title"] == "Refreshed"
    assert written["bookmarks"][1:] == unreadable


def test_a_hand_merged_duplicate_shows_once_and_removes_completely(data_dir):
    first = bookmark_to_record(Bookmark(_paper(1), T0, ("first",)))
    second = bookmark_to_record(Bookmark(_paper(1), T0, ("second",)))
    data_dir.mkdir(parents=True)
    (data_dir / BOOKMARKS_FILE).write_text(json.dumps({"version": 1, "bookmarks": [first, second]}))
    lib = UserDataStore(data_dir)
    assert [b.tags for b in lib.bookmarks()] == [("first",)]
    assert lib.remove_bookmark("2603.00001")
    assert lib.bookmarks() == []
    assert _json(data_dir / BOOKMARKS_FILE)["bookmarks"] == []


def test_a_file_from_a_newer_version_is_shown_but_never_written(data_dir):
    record = bookmark_to_record(Bookmark(_paper(1), T0))
    data_dir.mkdir(parents=True)
    path = data_dir / BOOKMARKS_FILE
    path.write_text(json.dumps({"version": 2, "bookmarks": [record], "v2_stuff": {}}))
    before = path.read_bytes()
    lib = UserDataStore(data_dir)
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert "newer paperreader" in lib.problem
    with pytest.raises(StorageError, match="newer paperreader"):
        lib.add_bookmark(_paper(2))
    with pytest.raises(StorageError):
        lib.remove_bookmark("2603.00001")
    assert path.read_bytes() == before
    assert not list(data_dir.glob("*.corrupt-*"))
    lib.set_read("2603.00001")  # the other file is still writable
    assert lib.is_read("2603.00001")


def test_another_instances_changes_appear_and_survive(data_dir):
    one, two = UserDataStore(data_dir), UserDataStore(data_dir)
    assert two.bookmarks() == []
    one.add_bookmark(_paper(1))
    assert two.bookmarked_ids() == {"2603.00001"}  # reloaded because the file changed
    two.add_bookmark(_paper(2))
    one.set_tags("2603.00002", ["from-one"])  # one re-reads under the lock, so two's add stays
    assert two.bookmark("2603.00002").tags == ("from-one",)
    assert one.bookmarked_ids() == two.bookmarked_ids() == {"2603.00001", "2603.00002"}
    one.set_read("2603.00001")
    assert two.is_read("2603.00001")
    two.record_visit("daily:latest", ["a"])
    assert one.record_visit("daily:latest", ["a", "b"]) == 1


def test_a_hand_edit_on_disk_is_picked_up(lib, data_dir):
    lib.add_bookmark(_paper(1))
    path = data_dir / BOOKMARKS_FILE
    document = _json(path)
    document["bookmarks"][0]["note"] = "edited in vim"
    path.write_text(json.dumps(document, indent=2))
    assert lib.bookmark("2603.00001").note == "edited in vim"


def test_threads_sharing_and_not_sharing_a_library(data_dir):
    shared = UserDataStore(data_dir)

    def work(worker: int) -> None:
        own = UserDataStore(data_dir)
        for n in range(8):
            target = shared if n % 2 else own
            target.add_bookmark(_paper(worker * 100 + n))
            target.set_read(f"2603.{worker * 100 + n:05d}")

    threads = [threading.Thread(target=work, args=(w,)) for w in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(UserDataStore(data_dir).bookmarks()) == 32
    assert len(UserDataStore(data_dir).read_ids()) == 32


def test_a_failed_write_leaves_the_old_file_and_no_temporary(lib, data_dir, monkeypatch):
    lib.add_bookmark(_paper(1))
    path = data_dir / BOOKMARKS_FILE
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(library_module.os, "replace", full_disk)
    with pytest.raises(StorageError, match="No space left on device") as caught:
        lib.add_bookmark(_paper(2))
    assert isinstance(caught.value, PaperReaderError)
    assert path.read_bytes() == before
    assert _leftovers(data_dir) == []
    assert lib.bookmarked_ids() == {"2603.00001"}
    assert "could not be saved" in lib.problem
    monkeypatch.undo()
    lib.add_bookmark(_paper(2))
    assert lib.bookmarked_ids() == {"2603.00001", "2603.00002"}
    assert lib.problem is None


def test_temporaries_left_by_a_killed_writer_are_swept(lib, data_dir):
    data_dir.mkdir(parents=True)
    leftover = data_dir / ".bookmarks.json.abc123.tmp"
    leftover.write_text('{"half": ')
    unrelated = data_dir / "notes.tmp"
    unrelated.write_text("not ours")
    lib.add_bookmark(_paper(1))
    assert not leftover.exists()
    assert unrelated.exists()
    assert _leftovers(data_dir) == []


def test_the_file_mode_and_a_symlink_are_kept(lib, data_dir, tmp_path):
    lib.add_bookmark(_paper(1))
    path = data_dir / BOOKMARKS_FILE
    os.chmod(path, 0o640)
    lib.add_bookmark(_paper(2))
    assert path.stat().st_mode & 0o777 == 0o640

    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "bookmarks.json"
    shutil.move(path, real)
    path.symlink_to(real)
    lib.add_bookmark(_paper(3))
    assert path.is_symlink()
    assert len(_json(real)["bookmarks"]) == 3
    assert UserDataStore(data_dir).bookmarked_ids() == {"2603.00001", "2603.00002", "2603.00003"}


def test_a_held_lock_times_out_with_a_clear_error(lib, data_dir, monkeypatch):
    lib.add_bookmark(_paper(1))
    monkeypatch.setattr(library_module, "LOCK_TIMEOUT", 0.2)
    with open(data_dir / LOCK_FILE, "rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(StorageError, match="Another paperreader"):
            lib.add_bookmark(_paper(2))
        assert time.monotonic() - started < 2
        assert lib.bookmarked_ids() == {"2603.00001"}  # reads do not need the lock
    lib.add_bookmark(_paper(2))
    assert lib.bookmarked_ids() == {"2603.00001", "2603.00002"}


def test_the_library_never_touches_the_cache(lib, isolated_dirs):
    lib.add_bookmark(_paper(1))
    lib.set_read("2603.00001")
    lib.record_visit("daily:latest", ["2603.00001"])
    assert lib.directory == paths.data_dir()
    assert not Path(isolated_dirs["PAPERREADER_CACHE_DIR"]).exists()


def test_the_store_imports_no_ui_network_or_cache_library():
    code = (
        "import sys, paperreader.storage.user_data, paperreader.formats.records\n"
        "bad = [m for m in ('textual', 'rich', 'httpx', 'diskcache') if m in sys.modules]\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------------
# Corrupt files are moved aside, never overwritten
# --------------------------------------------------------------------------------------------

GARBAGE = [
    pytest.param(bytes(range(256)) * 3, id="binary-garbage"),
    pytest.param(b'{"version": 1, "bookmarks": [{"added_at": "2026-03-0', id="truncated-json"),
    pytest.param(b'["a", "list", "not", "an", "object"]', id="wrong-shape-list"),
    pytest.param(b'{"version": 1, "bookmarks": {"not": "a list"}}', id="wrong-shape-bookmarks"),
    pytest.param(b'{"version": "one", "bookmarks": []}', id="bad-version"),
    pytest.param(b"", id="empty-file"),
]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_a_corrupt_bookmarks_file_is_kept_aside_and_never_overwritten(data_dir, garbage):
    data_dir.mkdir(parents=True)
    path = data_dir / BOOKMARKS_FILE
    path.write_bytes(garbage)
    lib = UserDataStore(data_dir)
    assert lib.bookmarks() == []
    aside = sorted(data_dir.glob(f"{BOOKMARKS_FILE}.corrupt-*"))
    assert len(aside) == 1
    assert re.fullmatch(r"bookmarks\.json\.corrupt-\d{8}-\d{6}", aside[0].name)
    assert str(aside[0]) in lib.problem
    assert aside[0].read_bytes() == garbage
    assert not path.exists()

    lib.add_bookmark(_paper(1))
    lib.add_bookmark(_paper(2), tags=["x"])
    lib.remove_bookmark("2603.00002")
    lib.set_note("2603.00001", "after the crash")
    assert aside[0].read_bytes() == garbage
    assert sorted(data_dir.glob(f"{BOOKMARKS_FILE}.corrupt-*")) == aside
    fresh = UserDataStore(data_dir)
    assert fresh.bookmarked_ids() == {"2603.00001"}
    assert fresh.problem is None
    assert lib.problem is not None  # still tells the user where their old file went


def test_corrupt_files_never_clobber_each_other(data_dir, monkeypatch):
    monkeypatch.setattr(library_module.time, "strftime", lambda *args: "20260301-120000")
    data_dir.mkdir(parents=True)
    path = data_dir / BOOKMARKS_FILE
    older = data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000"
    older.write_bytes(b"an older corrupt file")
    path.write_bytes(b"first garbage")
    lib = UserDataStore(data_dir)
    assert lib.bookmarks() == []
    assert str(data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-1") in lib.problem
    lib.add_bookmark(_paper(1))
    path.write_bytes(b"second garbage")  # corrupted again while running
    lib.add_bookmark(_paper(2))  # the change re-reads under the lock and moves it aside first
    assert str(data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-2") in lib.problem
    assert older.read_bytes() == b"an older corrupt file"
    assert (data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-1").read_bytes() == (
        b"first garbage"
    )
    assert (data_dir / f"{BOOKMARKS_FILE}.corrupt-20260301-120000-2").read_bytes() == (
        b"second garbage"
    )
    assert lib.bookmarked_ids() == {"2603.00002"}


def test_a_corrupt_state_file_is_kept_aside_and_bookmarks_are_untouched(lib, data_dir):
    lib.add_bookmark(_paper(1))
    lib.set_read("2603.00001")
    (data_dir / STATE_FILE).write_bytes(b'{"version": 1, "read": ["not", "a", "map"]}')
    assert lib.read_ids() == frozenset()
    aside = sorted(data_dir.glob(f"{STATE_FILE}.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in lib.problem
    assert "read marks start over" in lib.problem
    assert lib.bookmarked_ids() == {"2603.00001"}
    lib.set_read("2603.00002")
    assert aside[0].read_bytes() == b'{"version": 1, "read": ["not", "a", "map"]}'
    assert UserDataStore(data_dir).read_ids() == {"2603.00002"}


# --------------------------------------------------------------------------------------------
# A data dir that cannot be written
# --------------------------------------------------------------------------------------------


def test_a_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    lib = UserDataStore(blocker / "data")
    assert lib.bookmarks() == []
    assert lib.read_ids() == frozenset()
    for change in (
        lambda: lib.add_bookmark(_paper(1)),
        lambda: lib.toggle_bookmark(_paper(1)),
        lambda: lib.set_read("2603.00001"),
        lambda: lib.record_visit("daily:latest", ["2603.00001"]),
        lambda: lib.import_bookmarks([Bookmark(_paper(1), T0)]),
    ):
        with pytest.raises(StorageError, match="not writable") as caught:
            change()
        assert str(blocker / "data") in caught.value.message
        assert caught.value.message.count(". ") == 0  # one sentence
    assert "not writable" in lib.problem
    assert blocker.read_text() == "not a directory"


NOBODY = 65534


def _run_without_write_access(check) -> dict:
    """Run `check` in a forked child that may not write to directories made read-only.

    As root, permissions do not bind, so the child drops to the unprivileged `nobody` first.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running pytest's teardown
        status = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            payload = check()
            status = 0
        except BaseException as error:
            payload = {"error": repr(error)}
        finally:
            with contextlib.suppress(BaseException):
                os.write(write_end, json.dumps(payload).encode())
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read()
    _, status = os.waitpid(pid, 0)
    result = json.loads(output)
    assert status == 0, result
    return result


@pytest.fixture
def read_only_dirs():
    """Data dirs the forked child can read but not write (outside root's private tmp)."""
    base = Path(tempfile.mkdtemp(prefix="paperreader-ro-"))
    os.chmod(base, 0o755)
    made: list[Path] = []

    def make(name: str) -> Path:
        directory = base / name
        directory.mkdir()
        made.append(directory)
        return directory

    def seal() -> None:
        for directory in made:
            for item in [directory, *directory.iterdir()]:
                if os.geteuid() == 0:
                    os.chown(item, NOBODY, NOBODY)
                os.chmod(item, 0o555 if item.is_dir() else 0o644)

    yield make, seal
    for directory in made:
        os.chmod(directory, 0o755)
    shutil.rmtree(base)


def test_a_read_only_data_dir_still_reads_and_refuses_changes(read_only_dirs):
    make, seal = read_only_dirs
    data = make("data")
    setup = UserDataStore(data)
    setup.add_bookmark(_paper(1), tags=["kept"])
    setup.set_read("2603.00001")
    setup.record_visit("daily:latest", ["2603.00001"])
    broken = make("broken")
    (broken / BOOKMARKS_FILE).write_bytes(b"\x00garbage\xff")
    seal()
    before = {p: p.read_bytes() for d in (data, broken) for p in d.iterdir()}

    def check() -> dict:
        lib = UserDataStore(data)
        result = {
            "writable": os.access(data, os.W_OK),
            "ids": sorted(lib.bookmarked_ids()),
            "tags": list(lib.bookmark("2603.00001").tags),
            "read": lib.is_read("2603.00001"),
            "problem_before": lib.problem,
            "errors": [],
        }
        for change in (
            lambda: lib.add_bookmark(_paper(2)),
            lambda: lib.remove_bookmark("2603.00001"),
            lambda: lib.set_tags("2603.00001", ["new"]),
            lambda: lib.set_read("2603.00002"),
            lambda: lib.record_visit("daily:latest", ["x"]),
        ):
            try:
                change()
                result["errors"].append(None)
            except StorageError as error:
                result["errors"].append(error.message)
        result["problem_after"] = lib.problem
        result["ids_after"] = sorted(lib.bookmarked_ids())
        other = UserDataStore(broken)
        result["broken_bookmarks"] = len(other.bookmarks())
        result["broken_problem"] = other.problem
        try:
            other.add_bookmark(_paper(3))
            result["broken_error"] = None
        except StorageError as error:
            result["broken_error"] = error.message
        return result

    result = _run_without_write_access(check)
    assert result["writable"] is False
    assert result["ids"] == result["ids_after"] == ["2603.00001"]
    assert result["tags"] == ["kept"]
    assert result["read"] is True
    assert result["problem_before"] is None
    assert all(result["errors"]), result["errors"]
    assert all(str(data) in message for message in result["errors"])
    assert result["problem_after"] == result["errors"][-1]
    assert result["broken_bookmarks"] == 0
    assert "could not be moved aside" in result["broken_problem"]
    assert str(broken / BOOKMARKS_FILE) in result["broken_problem"]
    assert result["broken_error"]
    assert {p: p.read_bytes() for d in (data, broken) for p in d.iterdir()} == before


# --------------------------------------------------------------------------------------------
# Real processes: kill -9 at random moments, and several writers at once
# --------------------------------------------------------------------------------------------
# The children run functions from this file, sent as source so they start without pytest
# (tests/reliability/killing.py, shared with the kill tests there). Each keeps its imports
# inside, since nothing else of this module exists in the child.


def _churn_paper(paper_id, version):
    from paperreader.domain.models import Author, Paper

    return Paper(
        id=paper_id,
        title=f"Paper {paper_id} version {version}",
        summary=f"First paragraph of version {version}.\n\nSecond paragraph.",
        authors=(Author("Ada Lovelace", "ada"), Author("Alan Turing")),
        upvotes=version % 1000,
    )


def _churn_ops(seed):
    """The endless changes a child makes; the parent replays them to know every state the
    store may legally be in."""
    import itertools
    import random

    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta"]
    for step in itertools.count(1):
        version = seed * 1_000_000 + step
        paper_id = f"2401.{rng.randrange(12):05d}"
        roll = rng.random()
        if roll < 0.4:
            tags = tuple(sorted(rng.sample(words, rng.randrange(3))))
            yield ("add", paper_id, version, tags, f"note {version}\nsecond line")
        elif roll < 0.6:
            yield ("remove", paper_id)
        elif roll < 0.7:
            yield ("tags", paper_id, tuple(sorted(rng.sample(words, 2))))
        elif roll < 0.8:
            yield ("note", paper_id, f"edited at {version}")
        else:
            yield ("read", paper_id, rng.random() < 0.6)


def _churn_apply(library, op):
    from datetime import UTC, datetime, timedelta

    kind, paper_id = op[0], op[1]
    if kind == "add":
        added_at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=op[2])
        library.add_bookmark(
            _churn_paper(paper_id, op[2]), tags=op[3], note=op[4], added_at=added_at
        )
    elif kind == "remove":
        library.remove_bookmark(paper_id)
    elif kind in ("tags", "note"):
        try:
            (library.set_tags if kind == "tags" else library.set_note)(paper_id, op[2])
        except KeyError:  # not bookmarked at the moment
            return
    else:
        library.set_read(paper_id, op[2])


def _churn_main(directory, seed):
    import sys
    from pathlib import Path

    from paperreader.storage.user_data import UserDataStore

    library = UserDataStore(Path(directory))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for op in _churn_ops(seed):
        _churn_apply(library, op)


def _model_apply(state, op):
    """What `_churn_apply` does, on a plain model: ({id: (seconds, title, tags, note)}, read)."""
    bookmarks, read = state
    kind, paper_id = op[0], op[1]
    if kind == "add":
        title = f"Paper {paper_id} version {op[2]}"
        if paper_id in bookmarks:
            seconds, _, tags, note = bookmarks[paper_id]
            bookmarks[paper_id] = (seconds, title, tags, note)
        else:
            bookmarks[paper_id] = (op[2], title, op[3], op[4])
    elif kind == "remove":
        bookmarks.pop(paper_id, None)
    elif kind in ("tags", "note") and paper_id in bookmarks:
        seconds, title, tags, note = bookmarks[paper_id]
        bookmarks[paper_id] = (
            (seconds, title, op[2], note) if kind == "tags" else (seconds, title, tags, op[2])
        )
    elif kind == "read":
        (read.add if op[2] else read.discard)(paper_id)


def _observed(directory: Path):
    """The store as a fresh instance reads it, checked record by record."""
    lib = UserDataStore(directory)
    assert lib.problem is None, lib.problem
    path = directory / BOOKMARKS_FILE
    if path.exists():
        document = _json(path)
        assert document["version"] == 1
        ids = [bookmark_from_record(record).paper.id for record in document["bookmarks"]]
        assert len(ids) == len(set(ids)), "a bookmark was stored twice"
    if (directory / STATE_FILE).exists():
        assert isinstance(_json(directory / STATE_FILE)["read"], dict)
    epoch = datetime(2024, 1, 1, tzinfo=UTC)
    bookmarks = {
        b.paper.id: (int((b.added_at - epoch).total_seconds()), b.paper.title, b.tags, b.note)
        for b in lib.bookmarks()
    }
    for b in lib.bookmarks():
        assert b.paper == _churn_paper(b.paper.id, int(b.paper.title.rsplit(" ", 1)[1]))
    return bookmarks, set(lib.read_ids())


def _steps_to_reach(start, seed, observed, limit=200_000) -> int:
    """How many of the child's changes lead from `start` to `observed`; fails if none does."""
    state = ({**start[0]}, set(start[1]))
    if state == observed:
        return 0
    for step, op in enumerate(_churn_ops(seed), 1):
        _model_apply(state, op)
        if state == observed:
            return step
        assert step < limit, "the store is in a state no prefix of the child's changes gives"
    raise AssertionError("unreachable")


def test_kill_9_at_random_moments_never_corrupts_the_store(tmp_path):
    loops = int(os.environ.get("PAPERREADER_KILL_LOOPS", "30"))
    directory = tmp_path / "data"
    rng = random.Random(20260301)
    state: tuple[dict, set] = ({}, set())
    steps = 0
    for seed in range(1, loops + 1):
        code = _child_source(
            _churn_paper,
            _churn_ops,
            _churn_apply,
            _churn_main,
            call=f"_churn_main({str(directory)!r}, {seed})",
        )
        child = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
            time.sleep(rng.uniform(0.0, 0.08))
        finally:
            child.kill()
            _, stderr = child.communicate()
        assert child.returncode == -signal.SIGKILL, stderr.decode()

        observed = _observed(directory)
        steps += _steps_to_reach(state, seed, observed)
        state = observed
        for name in (BOOKMARKS_FILE, STATE_FILE):  # a kill mid-write leaves one at most
            assert len(list(directory.glob(f".{name}.*.tmp"))) <= 1
        assert not list(directory.glob("*.corrupt-*"))
    print(f"{loops} kills after {steps} changes")
    assert steps >= loops, "the children hardly changed anything before being killed"


def _adder_main(directory, worker, count):
    import sys
    from pathlib import Path

    from paperreader.domain.models import Paper
    from paperreader.storage.user_data import UserDataStore

    library = UserDataStore(Path(directory))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()  # wait for the others, so all of them write at once
    for n in range(count):
        paper_id = f"2402.{worker:02d}{n:03d}"
        library.add_bookmark(Paper(paper_id, f"Worker {worker} paper {n}"), tags=[f"w{worker}"])
        library.set_read(paper_id)
        library.record_visit("daily:latest", [paper_id])


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_processes_lose_no_bookmarks(tmp_path, workers):
    directory = tmp_path / "data"
    count = 25
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _child_source(_adder_main, call=f"_adder_main({str(directory)!r}, {w}, {count})"),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(workers)
    ]
    try:
        for child in children:
            assert child.stdout.readline() == b"ready\n"
        for child in children:
            child.stdin.write(b"go\n")
            child.stdin.flush()
        for child in children:
            _, stderr = child.communicate(timeout=60)
            assert child.returncode == 0, stderr.decode()
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()

    expected = {f"2402.{w:02d}{n:03d}" for w in range(workers) for n in range(count)}
    lib = UserDataStore(directory)
    assert lib.problem is None
    assert lib.bookmarked_ids() == expected
    assert len(_json(directory / BOOKMARKS_FILE)["bookmarks"]) == workers * count
    assert all(b.tags == (f"w{int(b.paper.id[5:7])}",) for b in lib.bookmarks())
    assert lib.read_ids() == expected
    assert lib.seen_ids("daily:latest") == expected
    assert lib.record_visit("daily:latest", sorted(expected)) == 0
    assert _leftovers(directory) == []
