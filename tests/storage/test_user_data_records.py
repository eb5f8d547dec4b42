"""Paper and bookmark records as the user-data files hold them: lossless, read defensively."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.user_data import T0, full_paper, numbered

from paperreader.domain.ids import PAPER_ID
from paperreader.domain.models import Author, Bookmark, Organization, Paper
from paperreader.domain.tags import normalise_tags
from paperreader.domain.text import clean, one_line
from paperreader.formats.hub_json import parse_items
from paperreader.formats.records import (
    bookmark_from_record,
    bookmark_to_record,
    paper_from_record,
    paper_to_record,
)

# --------------------------------------------------------------------------------------------
# records: papers as records
# --------------------------------------------------------------------------------------------


def test_paper_round_trip_keeps_every_field_but_the_highlighting():
    paper = full_paper()
    record = json.loads(json.dumps(paper_to_record(paper)))
    assert paper_from_record(record) == paper._replace(highlighted_title=())
    assert record["published_at"] == "2026-03-04T17:08:18+00:00"
    assert record["authors"][1] == {"name": "Alan Turing"}
    assert record["organization"] == {"name": "example-lab", "fullname": "Example Lab"}
    assert "highlighted_title" not in record


def test_paper_round_trip_of_a_bare_paper():
    paper = numbered(7)
    assert paper_from_record(json.loads(json.dumps(paper_to_record(paper)))) == paper


def test_every_demo_paper_survives_the_round_trip():
    from paperreader.sources.demo import demo_items

    papers = parse_items(list(demo_items())).papers
    assert len(papers) > 5
    for paper in papers:
        assert paper_from_record(paper_to_record(paper)) == paper._replace(highlighted_title=())


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
    # Drawn too for a named tuple: a stored paper holds its texts and no search marks.
    highlighted_title=st.just(()),
    texts_elsewhere=st.just(False),
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
    paper = numbered(published_at=datetime(2026, 3, 4, 20, 0, tzinfo=timezone(timedelta(hours=3))))
    record = paper_to_record(paper)
    assert record["published_at"] == "2026-03-04T17:00:00+00:00"
    assert paper_from_record(record).published_at == paper.published_at


# --------------------------------------------------------------------------------------------
# Bookmark records and tags
# --------------------------------------------------------------------------------------------


def test_bookmark_record_round_trip():
    bookmark = Bookmark(full_paper(), T0, ("ml", "to-read"), "First line\n  second line")
    record = json.loads(json.dumps(bookmark_to_record(bookmark)))
    assert list(record) == ["added_at", "tags", "note", "paper"]
    assert record["added_at"] == "2026-03-01T12:00:00+00:00"
    back = bookmark_from_record(record)
    assert back == bookmark._replace(paper=bookmark.paper._replace(highlighted_title=()))


def test_bookmark_records_are_forgiving_about_tags_and_note_but_not_the_rest():
    paper = paper_to_record(numbered())
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
