"""`paperreader collections` and `paperreader bookmarks sync`, run in-process on the fake hub.

The bookmarks live in the test's data dir ($PAPERREADER_DATA_DIR, set by conftest).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.cli import run
from support.fake_collections import TOKEN

from paperreader.domain.models import Paper
from paperreader.storage.user_data import UserDataStore

A, B = "2610.00001", "2610.00002"


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", TOKEN)


def store() -> UserDataStore:
    return UserDataStore(Path(os.environ["PAPERREADER_DATA_DIR"]))


def test_sync_create_then_plain_sync(fake_hub, capsys):
    store().add_bookmark(Paper(A, "One"), note="a note")
    code, out, err = run(
        capsys, "--endpoint", fake_hub.url, "bookmarks", "sync", "--create", "Reading"
    )
    assert (code, err) == (0, "")
    slug = next(iter(fake_hub.collections.collections))
    assert out == f"Synced with {slug} (new): 1 up, 0 down, 0 removed.\n"
    fake_hub.collections.web_add(slug, B, "from the web")
    code, out, _ = run(capsys, "--endpoint", fake_hub.url, "bookmarks", "sync")
    assert out == f"Synced with {slug}: 0 up, 1 down, 0 removed.\n"
    assert {b.paper.id: b.note for b in store().bookmarks()} == {A: "a note", B: "from the web"}


def test_dry_run_lists_each_change_and_changes_nothing(fake_hub, capsys):
    slug = fake_hub.collections.add_collection("Web", {B: "web"})
    store().add_bookmark(Paper(A, "One"))
    code, out, _ = run(
        capsys, "--endpoint", fake_hub.url, "bookmarks", "sync", "--collection", slug, "--dry-run"
    )
    assert code == 0
    assert out.splitlines() == [
        f"  {A}  add to the collection",
        f"  {B}  bookmark here",
        f"Would sync with {slug}: 1 up, 1 down, 0 removed.",
    ]
    assert [b.paper.id for b in store().bookmarks()] == [A]
    assert fake_hub.collections.notes(slug) == {B: "web"}


def test_both_changed_notes_are_named(fake_hub, capsys):
    store().add_bookmark(Paper(A, "One"), note="old")
    run(capsys, "--endpoint", fake_hub.url, "bookmarks", "sync", "--create", "R")
    slug = next(iter(fake_hub.collections.collections))
    store().set_note(A, "new here")
    fake_hub.collections.web_note(slug, A, "new there")
    _, out, _ = run(capsys, "--endpoint", fake_hub.url, "bookmarks", "sync")
    assert "1 note kept from both sides" in out
    assert f"{A}: the note changed here and on Hugging Face; both texts are kept." in out


def test_collections_lists_slug_title_count_and_privacy(fake_hub, capsys):
    big = fake_hub.collections.add_collection("Big", {f"2610.0000{n}": "" for n in range(1, 7)})
    small = fake_hub.collections.add_collection("Small", {A: ""}, private=False)
    code, out, _ = run(capsys, "--endpoint", fake_hub.url, "collections")
    assert code == 0
    assert out.splitlines() == [
        f"{big}  Big  (6 items, private)",
        f"{small}  Small  (1 item, public)",
    ]
    _, out, _ = run(capsys, "--endpoint", fake_hub.url, "collections", "--json")
    assert json.loads(out)[0] == {"slug": big, "title": "Big", "items": 6, "private": True}


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (("bookmarks", "sync"), 2, "No collection is linked yet"),
        (("bookmarks", "sync", "--collection", "not a slug"), 2, "is not a collection name"),
        (("bookmarks", "sync", "--create", " "), 2, "Give the new collection a title"),
        (("--offline", "bookmarks", "sync", "--create", "x"), 1, "Offline mode"),
    ],
)
def test_mistakes_are_one_line(fake_hub, capsys, argv, code, words):
    got, out, err = run(capsys, "--endpoint", fake_hub.url, *argv)
    assert (got, out) == (code, "")
    assert err.startswith("paperreader: ") and words in err and err.count("\n") == 1


def test_no_token_is_one_line_saying_how_to_log_in(fake_hub, capsys, monkeypatch):
    monkeypatch.delenv("HF_TOKEN")
    code, _, err = run(capsys, "--endpoint", fake_hub.url, "collections")
    assert code == 1 and "hf auth login" in err and err.count("\n") == 1


def test_a_deleted_collection_without_a_terminal_is_one_line(fake_hub, capsys):
    store().add_bookmark(Paper(A, "One"))
    run(capsys, "--endpoint", fake_hub.url, "bookmarks", "sync", "--create", "Gone")
    fake_hub.collections.delete_collection(next(iter(fake_hub.collections.collections)))
    code, _, err = run(capsys, "--endpoint", fake_hub.url, "bookmarks", "sync")
    assert code == 1 and "is gone from Hugging Face" in err and "--create" in err
    assert [b.paper.id for b in store().bookmarks()] == [A]


def test_a_deleted_collection_offers_a_new_one_at_a_terminal(fake_hub, capsys, monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    store().add_bookmark(Paper(A, "One"), note="kept")
    run(capsys, "--endpoint", fake_hub.url, "bookmarks", "sync", "--create", "Gone")
    fake_hub.collections.delete_collection(next(iter(fake_hub.collections.collections)))
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = run(capsys, "--endpoint", fake_hub.url, "bookmarks", "sync")
    assert code == 0 and "Create a new private collection “Gone” now?" in err
    [slug] = fake_hub.collections.collections
    assert out == f"Synced with {slug} (new): 1 up, 0 down, 0 removed.\n"
    assert fake_hub.collections.notes(slug) == {A: "kept"}
