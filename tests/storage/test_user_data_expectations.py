"""Changes that say what the user saw: two stores on one folder (two windows, or a window and
the CLI) never undo each other's bookmarks, tags or notes; importing merges without loss."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.user_data import T0, Clock, numbered

from paperreader.domain.models import Bookmark
from paperreader.storage.user_data import Outcome, UserDataStore

PAPER = numbered(1)


@pytest.fixture
def windows(data_dir) -> tuple[UserDataStore, UserDataStore]:
    """Two stores on one data dir, as two running copies of the app have."""
    return UserDataStore(data_dir, clock=Clock()), UserDataStore(data_dir, clock=Clock())


def test_adding_what_another_window_bookmarked_keeps_its_note_and_tags(windows):
    mine, theirs = windows
    assert mine.bookmarks() == []  # what this window saw
    theirs.add_bookmark(PAPER, tags=["theirs"], note="their note")

    edited = mine.bookmark_paper(PAPER)

    assert edited.outcome is Outcome.ALREADY
    assert (edited.bookmark.tags, edited.bookmark.note) == (("theirs",), "their note")
    assert theirs.bookmark(PAPER.id).note == "their note"


def test_removing_keeps_a_bookmark_whose_note_changed_since_it_was_seen(windows):
    mine, theirs = windows
    seen = mine.add_bookmark(PAPER)
    theirs.set_note(PAPER.id, "written in the other window")

    edited = mine.remove_seen(PAPER.id, seen)

    assert edited.outcome is Outcome.KEPT
    assert edited.removed is None
    assert theirs.bookmark(PAPER.id).note == "written in the other window"


def test_removing_what_was_seen_gives_it_back_whole_for_undo(windows):
    mine, _ = windows
    mine.add_bookmark(PAPER, tags=["a"], note="keep me", added_at=T0 - timedelta(days=3))
    seen = mine.bookmark(PAPER.id)

    edited = mine.remove_seen(PAPER.id, seen)
    assert edited.outcome is Outcome.DONE
    assert edited.removed == seen
    assert mine.bookmarks() == []

    assert mine.restore_bookmark(edited.removed).outcome is Outcome.DONE
    assert mine.bookmark(PAPER.id) == seen  # note, tags, time added and snapshot


def test_removing_what_another_window_removed_says_so(windows):
    mine, theirs = windows
    seen = mine.add_bookmark(PAPER)
    theirs.remove_bookmark(PAPER.id)
    assert mine.remove_seen(PAPER.id, seen).outcome is Outcome.ALREADY


def test_restoring_over_a_new_bookmark_keeps_both_notes(windows):
    mine, theirs = windows
    removed = mine.add_bookmark(PAPER, tags=["mine"], note="my note")
    mine.remove_seen(PAPER.id, removed)
    theirs.add_bookmark(PAPER, tags=["theirs"], note="their note")

    edited = mine.restore_bookmark(removed)

    assert edited.outcome is Outcome.MERGED
    assert edited.bookmark.tags == ("mine", "theirs")
    assert "my note" in edited.bookmark.note and "their note" in edited.bookmark.note


def test_tags_on_a_paper_another_window_bookmarked_keep_its_note(windows):
    mine, theirs = windows
    assert mine.bookmarks() == []
    theirs.add_bookmark(PAPER, note="their note")

    edited = mine.edit_tags(PAPER, ["mine"], seen=None)

    assert theirs.bookmarks() == [edited.bookmark]
    assert (edited.bookmark.tags, edited.bookmark.note) == (("mine",), "their note")


def test_tags_edit_applies_only_what_the_user_changed(windows):
    mine, theirs = windows
    mine.add_bookmark(PAPER, tags=["a", "b"])
    theirs.set_tags(PAPER.id, ["a", "b", "d"])  # added in the other window

    edited = mine.edit_tags(PAPER, ["a", "c"], seen=("a", "b"))  # b out, c in

    assert edited.outcome is Outcome.MERGED
    assert edited.bookmark.tags == ("a", "c", "d")


def test_tags_on_a_bookmark_removed_elsewhere_bookmark_it_again(windows):
    mine, theirs = windows
    mine.add_bookmark(PAPER)
    theirs.remove_bookmark(PAPER.id)

    edited = mine.edit_tags(PAPER, ["x"], seen=())

    assert edited.outcome is Outcome.RECREATED
    assert theirs.bookmark(PAPER.id).tags == ("x",)


def test_a_note_changed_in_two_windows_keeps_both(windows):
    mine, theirs = windows
    mine.add_bookmark(PAPER, note="first")
    theirs.set_note(PAPER.id, "theirs")

    edited = mine.edit_note(PAPER, "mine", seen="first")

    assert edited.outcome is Outcome.MERGED
    note = theirs.bookmark(PAPER.id).note
    assert note.startswith("mine\n--- ") and note.endswith(" ---\ntheirs")


def test_a_note_saved_over_what_was_seen_replaces_it(windows):
    mine, _ = windows
    mine.add_bookmark(PAPER, note="first")
    edited = mine.edit_note(PAPER, "second", seen="first")
    assert edited.outcome is Outcome.DONE
    assert mine.bookmark(PAPER.id).note == "second"


def test_a_note_on_a_paper_another_window_noted_keeps_both(windows):
    mine, theirs = windows
    theirs.add_bookmark(PAPER, note="theirs")
    mine.edit_note(PAPER, "mine", seen=None)
    assert theirs.bookmark(PAPER.id).note.split("\n")[::2] == ["mine", "theirs"]


# ---------------------------------------------------------------------- importing


def test_import_keeps_both_notes_and_counts_what_changed(lib):
    lib.add_bookmark(numbered(1), note="mine", added_at=T0)
    lib.add_bookmark(numbered(2), note="same", added_at=T0)
    lib.add_bookmark(numbered(3), tags=["x"], added_at=T0)
    imported = [
        Bookmark(numbered(1), T0, ("new",), "theirs"),
        Bookmark(numbered(2), T0, (), "same"),
        Bookmark(numbered(3), T0, ("x",), ""),
        Bookmark(numbered(4), T0, (), "fresh"),
    ]

    counts = lib.import_bookmarks(imported)

    assert (counts.added, counts.merged, counts.unchanged) == (1, 1, 2)
    one = lib.bookmark("2603.00001")
    assert one.note == "mine\n--- imported 2026-03-01 ---\ntheirs"
    assert one.tags == ("new",)
    assert lib.bookmark("2603.00002").note == "same"  # identical notes are not doubled
    again = lib.import_bookmarks(imported)  # a second import finds nothing new
    assert (again.added, again.merged, again.unchanged) == (0, 0, 4)
    assert lib.bookmark("2603.00001").note == one.note


def test_importing_an_export_of_a_merged_note_does_not_double_it(lib):
    lib.add_bookmark(numbered(1), note="mine", added_at=T0)
    merged = "mine\n--- imported 2026-02-01 ---\ntheirs"
    counts = lib.import_bookmarks([Bookmark(numbered(1), T0, (), merged)])
    assert counts.merged == 1
    assert lib.bookmark("2603.00001").note == merged


# ---------------------------------------------------------------------- noticing changes


def test_the_revision_changes_when_another_store_writes(windows):
    mine, theirs = windows
    assert mine.revision() is None  # no file yet: nothing to read again
    theirs.add_bookmark(PAPER)
    before = mine.revision()
    assert before is not None and mine.revision() == before
    theirs.set_read(PAPER.id)
    assert mine.revision() != before
