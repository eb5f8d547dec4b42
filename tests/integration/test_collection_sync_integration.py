"""`paperreader bookmarks sync` as a real process against the fake hub: killed with SIGKILL
between two calls, then the next sync finishes the job, with nothing lost or doubled."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from support.fake_collections import TOKEN
from support.killing import GENEROUS, Child, child_env
from support.user_data import numbered

from paperreader.storage.user_data import UserDataStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def store() -> UserDataStore:
    return UserDataStore(Path(os.environ["PAPERREADER_DATA_DIR"]))


def sync(url: str, *options: str) -> Child:
    return Child.cli(
        "--endpoint", url, "bookmarks", "sync", *options, env=child_env(HF_TOKEN=TOKEN)
    )


def test_a_sync_killed_between_two_calls_is_finished_by_the_next(fake_hub):
    a, b, c = numbered(1), numbered(2), numbered(3)
    for paper in (a, b):
        store().add_bookmark(paper, note=f"note {paper.id}")
    first = sync(fake_hub.url, "--create", "Reading")
    assert first.finish() == 0, first.stderr
    [slug] = fake_hub.collections.collections
    item_of_b = next(i for i in fake_hub.collections.collections[slug]["items"] if i["id"] == b.id)
    # In paper order: a's note goes up (PATCH), b goes (DELETE), c comes (POST).
    store().set_note(a.id, "changed")
    store().remove_bookmark(b.id)
    store().add_bookmark(c, note="new")
    stall = fake_hub.fail(f"/api/collections/{slug}/items/{item_of_b['_id']}", "stall", times=1)
    second = sync(fake_hub.url)
    try:
        assert stall.arrived.wait(GENEROUS), second.stderr  # a's PATCH done, b's DELETE sent
        assert second.kill()  # SIGKILL between the two
    finally:
        if second.returncode is None:
            second.kill()
    assert fake_hub.collections.notes(slug) == {a.id: "changed", b.id: f"note {b.id}"}
    third = sync(fake_hub.url)
    assert third.finish() == 0, third.stderr
    assert third.stdout == f"Synced with {slug}: 1 up, 0 down, 1 removed.\n"
    assert fake_hub.collections.notes(slug) == {a.id: "changed", c.id: "new"}
    assert {bm.paper.id: bm.note for bm in store().bookmarks()} == {a.id: "changed", c.id: "new"}
    fourth = sync(fake_hub.url)
    assert fourth.finish() == 0
    assert fourth.stdout == f"Synced with {slug}: 0 up, 0 down, 0 removed.\n"
