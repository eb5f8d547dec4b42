"""`paperreader bookmarks add|remove`: bookmarks from scripts, by any spelling of an id, the
paper fetched from the (fake) hub when it is not cached; a note never lost by a remove."""

from __future__ import annotations

import json

from support.cli import run
from support.fakehub import OLD_STYLE_PAPER_ID, PLAIN_PAPER_ID, RICH_PAPER_ID, UNKNOWN_PAPER_ID


def bookmarks(capsys) -> dict[str, dict]:
    code, out, _ = run(capsys, "bookmarks", "list", "--json")
    assert code == 0
    return {b["paper"]["id"]: b for b in json.loads(out)["bookmarks"]}


def test_add_fetches_each_paper_and_bookmarks_it_with_tags_and_note(fake_hub, capsys):
    code, out, err = run(
        capsys, "bookmarks", "add", f"https://arxiv.org/abs/{RICH_PAPER_ID}v2",
        f"arXiv:{OLD_STYLE_PAPER_ID}", "--tag", "Survey", "--tag", "to-read",
        "--note", "Read section 3.", "--endpoint", fake_hub.url,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["Bookmarked", RICH_PAPER_ID],
        ["Bookmarked", OLD_STYLE_PAPER_ID],
    ]
    saved = bookmarks(capsys)
    assert set(saved) == {RICH_PAPER_ID, OLD_STYLE_PAPER_ID}
    assert saved[RICH_PAPER_ID]["tags"] == ["survey", "to-read"]
    assert saved[RICH_PAPER_ID]["note"] == "Read section 3."
    assert fake_hub.requests_to(f"/api/papers/{OLD_STYLE_PAPER_ID}")


def test_adding_again_keeps_the_old_note_and_adds_tags(fake_hub, capsys):
    run(capsys, "bookmarks", "add", RICH_PAPER_ID, "--note", "first", "--endpoint", fake_hub.url)
    code, _, err = run(
        capsys, "bookmarks", "add", RICH_PAPER_ID, "--note", "second", "--tag", "x",
        "--endpoint", fake_hub.url,
    )  # fmt: skip
    assert code == 0 and "bookmarked already" in err
    saved = bookmarks(capsys)[RICH_PAPER_ID]
    assert saved["note"].startswith("first") and saved["note"].endswith("second")
    assert saved["tags"] == ["x"]


def test_offline_and_not_cached_is_one_clear_line_and_adds_nothing(fake_hub, capsys):
    code, out, err = run(capsys, "bookmarks", "add", PLAIN_PAPER_ID, "--offline")
    assert (code, out) == (1, "")
    assert err == f"paperreader: Offline, and paper {PLAIN_PAPER_ID} is not cached.\n"
    assert bookmarks(capsys) == {}


def test_one_bad_id_adds_nothing_at_all(fake_hub, capsys):
    code, _, err = run(
        capsys, "bookmarks", "add", RICH_PAPER_ID, "hep-th", "--endpoint", fake_hub.url
    )
    assert code == 2 and "'hep-th' is not an arXiv id" in err
    assert fake_hub.requests == [] and bookmarks(capsys) == {}


def test_an_unknown_paper_is_the_hubs_404_in_one_line(fake_hub, capsys):
    code, _, err = run(capsys, "bookmarks", "add", UNKNOWN_PAPER_ID, "--endpoint", fake_hub.url)
    assert code == 1 and err.count("\n") == 1 and "404" in err
    assert bookmarks(capsys) == {}


def test_remove_prints_what_it_removed_and_keeps_noted_ones_without_force(fake_hub, capsys):
    run(capsys, "bookmarks", "add", RICH_PAPER_ID, "--note", "line one\nline two",
        "--tag", "keep", "--endpoint", fake_hub.url)  # fmt: skip
    run(capsys, "bookmarks", "add", PLAIN_PAPER_ID, "--endpoint", fake_hub.url)
    code, out, err = run(capsys, "bookmarks", "remove", RICH_PAPER_ID, PLAIN_PAPER_ID)
    assert code == 1
    assert out.startswith(f"Removed {PLAIN_PAPER_ID}")
    assert err == (
        f"paperreader: {RICH_PAPER_ID} has a note, so it stays bookmarked; "
        "add --force to remove it.\n"
    )
    assert set(bookmarks(capsys)) == {RICH_PAPER_ID}

    code, out, err = run(capsys, "bookmarks", "remove", f"arXiv:{RICH_PAPER_ID}", "--force")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"Removed {RICH_PAPER_ID}") and lines[0].endswith("  [keep]")
    assert lines[1:] == ["  note: line one", "  note: line two"]
    assert bookmarks(capsys) == {}


def test_removing_what_is_not_bookmarked_says_so(capsys):
    code, out, err = run(capsys, "bookmarks", "remove", RICH_PAPER_ID)
    assert (code, out) == (1, "")
    assert err == f"paperreader: {RICH_PAPER_ID} is not bookmarked.\n"
