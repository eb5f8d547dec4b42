"""Two-way sync of the bookmarks with a collection on the fake hub: each rule of the issue,
the errors, and a sync stopped halfway that the next one finishes."""

from __future__ import annotations

import json

import pytest
from support.collection_sessions import bookmark, machine, notes
from support.fake_collections import READ_TOKEN, TOKEN
from support.fakehub import PLAIN_PAPER_ID, RICH_PAPER_ID

from paperreader.domain.collection_errors import (
    CollectionGoneError,
    NotLinkedError,
    NoWriteAccessError,
    SyncBusyError,
    TokenMissingError,
)
from paperreader.domain.collection_sync import BOTH_HEADING, CUT_MARK
from paperreader.domain.errors import OfflineError
from paperreader.service.collections import CollectionSync
from paperreader.sources.collections import CollectionsClient
from paperreader.storage.collection_state import STATE_FILE, CollectionStateStore

A, B, C = "2610.00001", "2610.00002", "2610.00003"


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", TOKEN)


@pytest.fixture
async def machines(fake_hub, tmp_path, token):
    """Build sessions on the fake hub, each its own machine; closed after the test."""
    built = []

    def build(name: str = "laptop"):
        session = machine(fake_hub.url, tmp_path / name)
        built.append(session)
        return session

    yield build
    for session in built:
        await session.aclose()


def writes(hub) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in hub.requests if r.method != "GET"]


async def test_create_makes_a_private_collection_and_sends_every_bookmark(fake_hub, machines):
    laptop = machines()
    bookmark(laptop, A, "read section 3")
    bookmark(laptop, B)
    report = await laptop.collections.sync(create="Reading list")
    assert report.created and report.summary.endswith(": 2 up, 0 down, 0 removed.")
    assert fake_hub.collections.notes(report.slug) == {A: "read section 3", B: ""}
    assert fake_hub.collections.collections[report.slug]["private"] is True
    assert await laptop.collections.linked() == report.slug
    again = await laptop.collections.sync()  # the linked collection, nothing left to do
    assert str(again.counts) == "0 up, 0 down, 0 removed"
    assert writes(fake_hub)[-1][0] == "POST"  # the second sync wrote nothing


async def test_linking_an_existing_collection_merges_both_ways(fake_hub, machines):
    slug = fake_hub.collections.add_collection("Web", {RICH_PAPER_ID: "from the web", A: ""})
    laptop = machines()
    bookmark(laptop, A, "mine")
    bookmark(laptop, B)
    report = await laptop.collections.sync(link=slug)
    assert (report.counts.up, report.counts.down) == (2, 1)  # B and A's note up; RICH down
    assert notes(laptop) == {A: "mine", B: "", RICH_PAPER_ID: "from the web"}
    store = laptop.user_data.store
    assert store is not None
    pulled = store.bookmark(RICH_PAPER_ID)
    assert pulled is not None and pulled.paper.title == "Tiny Models Read Papers"  # fetched
    assert fake_hub.collections.notes(slug) == {RICH_PAPER_ID: "from the web", A: "mine", B: ""}


async def test_bookmarks_travel_between_two_machines(fake_hub, machines):
    laptop, server = machines("laptop"), machines("server")
    bookmark(laptop, A, "laptop note")
    slug = (await laptop.collections.sync(create="Shared")).slug
    await server.collections.sync(link=slug)
    assert notes(server) == {A: "laptop note"}
    assert server.user_data.store is not None
    server.user_data.store.set_note(A, "server note")
    bookmark(server, B, "found on the server")
    await server.collections.sync()
    await laptop.collections.sync()
    assert notes(laptop) == {A: "server note", B: "found on the server"}


async def test_a_removal_on_either_side_sticks(fake_hub, machines):
    laptop = machines()
    for paper_id in (A, B, C):
        bookmark(laptop, paper_id)
    slug = (await laptop.collections.sync(create="List")).slug
    store = laptop.user_data.store
    assert store is not None
    store.remove_bookmark(A)  # removed here
    fake_hub.collections.web_remove(slug, B)  # removed on the web
    report = await laptop.collections.sync()
    assert report.counts.removed == 2
    assert set(notes(laptop)) == set(fake_hub.collections.notes(slug)) == {C}
    later = await laptop.collections.sync()  # neither ever comes back
    assert later.changes == ()
    assert set(notes(laptop)) == set(fake_hub.collections.notes(slug)) == {C}


async def test_a_long_note_is_cut_there_and_kept_whole_here(fake_hub, machines):
    laptop = machines()
    long = "A thought worth keeping. " * 40
    bookmark(laptop, A, long)
    slug = (await laptop.collections.sync(create="Notes")).slug
    there = fake_hub.collections.notes(slug)[A]
    assert there.endswith(CUT_MARK) and len(there) <= 500
    assert notes(laptop)[A] == long.strip()
    assert (await laptop.collections.sync()).changes == ()  # the cut copy counts as in step


async def test_a_note_changed_on_both_sides_keeps_both_and_says_so(fake_hub, machines):
    laptop = machines()
    bookmark(laptop, A, "first")
    slug = (await laptop.collections.sync(create="Notes")).slug
    assert laptop.user_data.store is not None
    laptop.user_data.store.set_note(A, "edited here")
    fake_hub.collections.web_note(slug, A, "edited on the web")
    report = await laptop.collections.sync()
    assert report.merged == (A,)
    assert "1 note kept from both sides" in report.summary
    kept = notes(laptop)[A]
    assert kept == f"edited here\n\n{BOTH_HEADING}\nedited on the web"
    assert fake_hub.collections.notes(slug)[A] == kept
    assert (await laptop.collections.sync()).changes == ()


async def test_tags_stay_here(fake_hub, machines):
    laptop = machines()
    bookmark(laptop, A, "n", tags=("survey", "to-read"))
    slug = (await laptop.collections.sync(create="Tags")).slug
    fake_hub.collections.web_note(slug, A, "changed there")
    await laptop.collections.sync()
    assert laptop.user_data.store is not None
    kept = laptop.user_data.store.bookmark(A)
    assert kept is not None and kept.tags == ("survey", "to-read")
    bodies = json.dumps([r.body for r in fake_hub.requests if r.body is not None])
    assert "survey" not in bodies


async def test_a_paper_the_hub_cannot_give_is_kept_from_the_collections_title(fake_hub, machines):
    unknown = "2601.99999"
    slug = fake_hub.collections.add_collection("Web", {unknown: "x", PLAIN_PAPER_ID: ""})
    item = fake_hub.collections.collections[slug]["items"][1]
    del item["title"]  # no title, and no such paper on the hub: it waits
    fake_hub.collections.collections[slug]["items"][0]["title"] = "Known By Title"
    item["id"] = "2601.99998"
    laptop = machines()
    report = await laptop.collections.sync(link=slug)
    assert report.counts.waiting == 1 and "1 waiting to be fetched" in report.summary
    assert laptop.user_data.store is not None
    kept = laptop.user_data.store.bookmark(unknown)
    assert kept is not None and kept.paper.title == "Known By Title"
    assert "2601.99998" not in notes(laptop)


# --- errors: one sentence, no bookmark lost --------------------------------------------------


async def test_no_token_says_how_to_log_in(fake_hub, machines, monkeypatch):
    laptop = machines()
    monkeypatch.delenv("HF_TOKEN")
    bookmark(laptop, A)
    with pytest.raises(TokenMissingError) as raised:
        await laptop.collections.sync(create="x")
    assert "hf auth login" in raised.value.message and "HF_TOKEN" in raised.value.message
    assert fake_hub.requests == [] and notes(laptop) == {A: ""}


async def test_a_plain_sync_with_nothing_linked_says_how_to_link(machines):
    with pytest.raises(NotLinkedError) as raised:
        await machines().collections.sync()
    assert "--create" in raised.value.message and "--collection" in raised.value.message


async def test_a_read_only_token_changes_nothing(fake_hub, machines, monkeypatch):
    laptop = machines()
    bookmark(laptop, A, "kept")
    monkeypatch.setenv("HF_TOKEN", READ_TOKEN)
    with pytest.raises(NoWriteAccessError):
        await laptop.collections.sync(create="x")
    assert notes(laptop) == {A: "kept"}


async def test_a_deleted_collection_offers_a_new_one_and_loses_nothing(fake_hub, machines):
    laptop = machines()
    bookmark(laptop, A, "kept")
    slug = (await laptop.collections.sync(create="Soon gone")).slug
    fake_hub.collections.delete_collection(slug)
    with pytest.raises(CollectionGoneError) as raised:
        await laptop.collections.sync()
    assert "--create" in raised.value.message and raised.value.title == "Soon gone"
    assert notes(laptop) == {A: "kept"}
    fresh = await laptop.collections.sync(create="Again")
    assert fake_hub.collections.notes(fresh.slug) == {A: "kept"}


async def test_offline_keeps_bookmarking_and_the_next_sync_catches_up(fake_hub, machines):
    laptop = machines()
    bookmark(laptop, A)
    slug = (await laptop.collections.sync(create="List")).slug
    fake_hub.fail("/api/collections", "disconnect")
    bookmark(laptop, B, "while offline")
    with pytest.raises(OfflineError):
        await laptop.collections.sync()
    assert notes(laptop) == {A: "", B: "while offline"}
    fake_hub.clear_faults()
    await laptop.collections.sync()
    assert fake_hub.collections.notes(slug) == {A: "", B: "while offline"}


async def test_two_syncs_never_run_at_once(machines):
    laptop = machines()
    assert laptop.user_data.store is not None
    other = CollectionStateStore(laptop.user_data.store.directory)
    with other.running(), pytest.raises(SyncBusyError):
        await laptop.collections.sync(create="x")


async def test_dry_run_changes_nothing_anywhere(fake_hub, machines):
    slug = fake_hub.collections.add_collection("Web", {RICH_PAPER_ID: "web"})
    laptop = machines()
    bookmark(laptop, A)
    report = await laptop.collections.sync(link=slug, dry_run=True)
    assert report.dry_run and report.summary.startswith("Would sync")
    assert str(report.counts) == "1 up, 1 down, 0 removed"
    assert writes(fake_hub) == [] and notes(laptop) == {A: ""}
    assert await laptop.collections.linked() is None


# --- a sync stopped halfway ------------------------------------------------------------------


class LosesAnswers(CollectionsClient):
    """A client whose hub carries out the `fatal`-th write, then the answer is lost: as if
    the program were killed between that call and the next."""

    def __init__(self, inner: CollectionsClient, fatal: int) -> None:
        self.__dict__.update(inner.__dict__)
        self._writes = 0
        self._fatal = fatal

    async def _send(self, method, path, params, body):
        answer = await super()._send(method, path, params, body)
        if method != "GET":
            self._writes += 1
            if self._writes == self._fatal:
                raise OfflineError("killed")
        return answer


@pytest.mark.parametrize("fatal", [1, 2, 3, 4])
async def test_a_sync_stopped_after_any_call_is_finished_by_the_next(fake_hub, machines, fatal):
    laptop = machines()
    for paper_id, note in ((A, "a"), (B, "b"), (C, "c" * 700)):
        bookmark(laptop, paper_id, note)
    slug = (await laptop.collections.sync(create="List")).slug
    store = laptop.user_data.store
    assert store is not None
    store.remove_bookmark(A)  # a DELETE
    store.set_note(B, "b2")  # a PATCH
    fake_hub.collections.web_note(slug, C, "web edit")  # both kept: a local save and a PATCH
    bookmark(laptop, "2610.00004", "new")  # a POST
    service = laptop.collections
    inner = service._client_factory
    stopping = CollectionSync(
        laptop, laptop.user_data, laptop.papers, client_factory=lambda: LosesAnswers(inner(), fatal)
    )
    with pytest.raises(OfflineError):
        await stopping.sync()
    finished = await service.sync()
    assert finished.counts.merged <= 1
    expected_c = "c" * 700 + f"\n\n{BOTH_HEADING}\nweb edit"
    assert notes(laptop) == {B: "b2", C: expected_c, "2610.00004": "new"}
    there = fake_hub.collections.notes(slug)
    assert set(there) == {B, C, "2610.00004"}
    assert there[B] == "b2" and there[C].endswith(CUT_MARK) and there["2610.00004"] == "new"
    assert (await service.sync()).changes == ()  # and then all is in step


async def test_a_damaged_sync_state_is_moved_aside_and_the_sync_only_adds(fake_hub, machines):
    laptop = machines()
    bookmark(laptop, A)
    slug = (await laptop.collections.sync(create="List")).slug
    assert laptop.user_data.store is not None
    state = laptop.user_data.store.directory / STATE_FILE
    state.write_text("{ not json")
    with pytest.raises(NotLinkedError) as raised:
        await laptop.collections.sync()
    assert "was damaged" in raised.value.message
    report = await laptop.collections.sync(link=slug)
    assert report.counts.removed == 0
    assert notes(laptop) == {A: ""}
    assert list(state.parent.glob(f"{STATE_FILE}.corrupt-*"))
