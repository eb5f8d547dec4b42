"""The three-way merge of bookmarks and a collection: every rule on plain values, no I/O."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperreader.domain.collection_sync import (
    BOTH_HEADING,
    CUT_MARK,
    NOTE_LIMIT,
    Action,
    Change,
    RemoteItem,
    Synced,
    cut_note,
    fingerprint,
    in_step,
    plan,
    synced,
    tally,
)

A, B = "2610.00001", "2610.00002"


def item(paper_id: str, note: str = "", title: str | None = None) -> RemoteItem:
    return RemoteItem(paper_id, f"obj-{paper_id}", note, title)


def actions(changes: list[Change]) -> dict[str, Action]:
    return {change.paper_id: change.action for change in changes}


# --- papers on one side ---------------------------------------------------------------------


def test_a_new_bookmark_goes_up_with_its_note():
    [change] = plan({A: "read this"}, {}, {})
    assert change == Change(A, Action.ADD_REMOTE, remote_note="read this")


def test_a_new_paper_in_the_collection_comes_down_with_its_note_and_title():
    [change] = plan({}, {A: item(A, "from the web", "A Title")}, {})
    assert change == Change(A, Action.ADD_LOCAL, local_note="from the web", title="A Title")


def test_a_paper_removed_on_the_web_is_removed_here():
    base = {A: synced("note", "note")}
    [change] = plan({A: "note"}, {}, base)
    assert change.action is Action.REMOVE_LOCAL


def test_a_bookmark_removed_here_is_removed_from_the_collection():
    base = {A: synced("note", "note")}
    [change] = plan({}, {A: item(A, "note")}, base)
    assert change == Change(A, Action.REMOVE_REMOTE, item_id=f"obj-{A}")


def test_a_paper_gone_from_both_sides_is_forgotten_and_never_comes_back():
    base = {A: synced("", "")}
    assert actions(plan({}, {}, base)) == {A: Action.FORGET}
    assert plan({}, {}, {}) == []  # after forgetting: nothing brings it back


def test_a_removal_loses_to_a_note_edited_on_the_other_side_since():
    base = {A: synced("old", "old")}
    [up] = plan({A: "edited here"}, {}, base)
    assert (up.action, up.kept, up.remote_note) == (Action.ADD_REMOTE, True, "edited here")
    [down] = plan({}, {A: item(A, "edited there")}, base)
    assert (down.action, down.kept, down.local_note) == (Action.ADD_LOCAL, True, "edited there")


# --- notes ----------------------------------------------------------------------------------


def test_papers_in_step_and_recorded_need_nothing():
    assert plan({A: "same"}, {A: item(A, "same")}, {A: synced("same", "same")}) == []


def test_papers_in_step_but_not_recorded_are_recorded():
    [change] = plan({A: "same"}, {A: item(A, "same\n")}, {})
    assert change.action is Action.RECORD


def test_a_note_changed_here_goes_up():
    [change] = plan({A: "new"}, {A: item(A, "old")}, {A: synced("old", "old")})
    assert change == Change(A, Action.NOTE_REMOTE, remote_note="new", item_id=f"obj-{A}")


def test_a_note_changed_on_the_web_comes_down():
    [change] = plan({A: "old"}, {A: item(A, "new")}, {A: synced("old", "old")})
    assert change == Change(A, Action.NOTE_LOCAL, local_note="new")


def test_a_note_changed_on_both_sides_keeps_both_texts():
    [change] = plan({A: "mine"}, {A: item(A, "theirs")}, {A: synced("old", "old")})
    assert change.action is Action.MERGE_NOTES
    assert change.local_note == f"mine\n\n{BOTH_HEADING}\ntheirs"
    assert change.remote_note == change.local_note
    assert tally([change]).merged == 1


def test_a_first_sync_fills_an_empty_note_from_the_other_side():
    assert actions(plan({A: "", B: "mine"}, {A: item(A, "theirs"), B: item(B)}, {})) == {
        A: Action.NOTE_LOCAL,
        B: Action.NOTE_REMOTE,
    }


def test_a_long_note_is_cut_there_with_a_marker_and_kept_whole_here():
    long = "word " * 300
    [change] = plan({A: long}, {}, {})
    assert change.remote_note is not None
    assert change.remote_note.endswith(CUT_MARK)
    assert len(change.remote_note) <= NOTE_LIMIT
    assert change.local_note is None  # nothing here changes
    # Next time, the cut copy counts as in step with the whole note.
    assert in_step(long, change.remote_note)


def test_an_edit_of_the_cut_copy_on_the_web_keeps_the_whole_note_too():
    long = "x" * 900
    cut = cut_note(long)
    [change] = plan({A: long}, {A: item(A, cut + " ok")}, {A: synced(long, cut)})
    assert change.action is Action.MERGE_NOTES
    assert change.local_note is not None and change.local_note.startswith(long)


def test_a_merge_that_reached_only_this_side_is_finished_not_doubled():
    """A sync killed after saving the merged note here, before sending it."""
    merged = f"mine\n\n{BOTH_HEADING}\ntheirs"
    [change] = plan({A: merged}, {A: item(A, "theirs")}, {A: synced("old", "old")})
    assert change.action is Action.NOTE_REMOTE
    assert change.remote_note == merged


def test_a_note_sent_before_a_crash_is_recorded_not_pulled_back_cut():
    """Killed after the collection took the cut note, before the base was saved."""
    long = "y" * 800
    [change] = plan({A: long}, {A: item(A, cut_note(long))}, {A: synced("old", "old")})
    assert change.action is Action.RECORD


def test_tally_counts_each_direction():
    changes = plan(
        {A: "new", "2610.00003": "x"},
        {A: item(A, "old"), B: item(B), "2610.00004": item("2610.00004")},
        {A: synced("old", "old"), "2610.00004": synced("", "")},
    )
    counts = tally(changes)
    assert (counts.up, counts.down, counts.removed) == (2, 1, 1)
    assert str(counts) == "2 up, 1 down, 1 removed"


def test_tally_says_what_waits_and_what_was_kept():
    text = str(tally([Change(A, Action.ADD_REMOTE, kept=True)], waiting=2))
    assert text == "1 up, 0 down, 0 removed, 1 kept for a changed note, 2 waiting to be fetched"


@pytest.mark.parametrize("note", ["", "short", "é" * NOTE_LIMIT, "😀" * 400, "a\n" * 400])
def test_cut_notes_fit_the_collection(note):
    cut = cut_note(note)
    assert len(cut.encode("utf-16-le")) // 2 <= NOTE_LIMIT
    assert cut == note.strip() or cut.endswith(CUT_MARK)


notes = st.text(max_size=700)
maybe_note = st.none() | notes


@given(local=maybe_note, remote=maybe_note, base_local=maybe_note, base_remote=notes)
def test_no_plan_loses_a_note_written_on_either_side(local, remote, base_local, base_remote):
    """Whatever the three states, every non-empty note survives somewhere after the plan."""
    base = {A: Synced(fingerprint(base_local), fingerprint(base_remote))} if base_local else {}
    changes = plan(
        {} if local is None else {A: local},
        {} if remote is None else {A: item(A, remote)},
        base,
    )
    for change in changes:
        if change.action is Action.REMOVE_LOCAL and local:
            assert base and fingerprint(local) == base[A].local  # unchanged since the sync
        if change.action is Action.REMOVE_REMOTE and remote:
            assert base and fingerprint(remote) == base[A].remote
        if change.action in (Action.NOTE_LOCAL, Action.MERGE_NOTES) and local:
            ending = change.local_note or ""
            assert local.strip() in ending or fingerprint(local) == base[A].local
