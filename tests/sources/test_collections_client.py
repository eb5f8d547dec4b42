"""The Collections client against the fake hub: each endpoint, and each error as one sentence."""

from __future__ import annotations

import pytest
from support.fake_collections import READ_TOKEN, TOKEN, USER
from support.fakehub import RICH_PAPER_ID

from paperreader.domain.collection_errors import (
    CollectionGoneError,
    NoWriteAccessError,
    TokenRejectedError,
)
from paperreader.domain.errors import OfflineError, RateLimitedError
from paperreader.sources.collections import AlreadyInCollection, CollectionsClient
from paperreader.sources.hub import make_client

PAPER = "2610.00001"


@pytest.fixture
async def client_for(fake_hub):
    """Build clients on the fake hub with a token; their waits are recorded, not slept."""
    clients = []

    def build(token: str | None = TOKEN, url: str | None = None):
        waits: list[float] = []

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        client = CollectionsClient(
            make_client(url or fake_hub.url, token, timeout=2.0), sleep=sleep
        )
        client.waits = waits  # type: ignore[attr-defined]
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()


async def test_the_account_and_its_collections(fake_hub, client_for):
    slug = fake_hub.collections.add_collection("Reading", {PAPER: "a note", RICH_PAPER_ID: ""})
    fake_hub.collections.add_collection("Someone else's", owner="grace", private=False)
    client = client_for()
    assert await client.username() == USER
    [listed] = await client.list_collections(USER)
    assert (listed.slug, listed.title, listed.private) == (slug, "Reading", True)
    collection = await client.get_collection(slug)
    assert [(p.paper_id, p.note) for p in collection.papers] == [
        (PAPER, "a note"),
        (RICH_PAPER_ID, ""),
    ]
    assert collection.papers[1].title == "Tiny Models Read Papers"


async def test_create_add_edit_and_remove(fake_hub, client_for):
    client = client_for()
    created = await client.create_collection("My bookmarks", USER)
    assert created.private and created.slug.startswith(f"{USER}/my-bookmarks-")
    await client.add_paper(created.slug, PAPER, "first")
    with pytest.raises(AlreadyInCollection):
        await client.add_paper(created.slug, PAPER, "again")
    [item] = (await client.get_collection(created.slug)).papers
    await client.set_note(created.slug, item.item_id, "second")
    assert fake_hub.collections.notes(created.slug) == {PAPER: "second"}
    await client.remove_item(created.slug, item.item_id)
    await client.remove_item(created.slug, item.item_id)  # already gone: removed all the same
    assert fake_hub.collections.notes(created.slug) == {}
    [post] = [r for r in fake_hub.requests if r.method == "POST" and r.path == "/api/collections"]
    assert post.body["private"] is True and post.header("authorization") == f"Bearer {TOKEN}"


async def test_a_deleted_collection_is_named_with_what_to_do(fake_hub, client_for):
    slug = fake_hub.collections.add_collection("Gone", {PAPER: ""})
    client = client_for()
    [item] = (await client.get_collection(slug)).papers
    fake_hub.collections.delete_collection(slug)
    with pytest.raises(CollectionGoneError) as raised:
        await client.get_collection(slug)
    assert slug in raised.value.message and "--create" in raised.value.message
    with pytest.raises(CollectionGoneError):  # an item call finds out which is gone
        await client.set_note(slug, item.item_id, "x")


async def test_a_bad_token_and_a_read_only_token(fake_hub, client_for):
    with pytest.raises(TokenRejectedError) as rejected:
        await client_for("hf_nobody").username()
    assert "hf auth login" in rejected.value.message and "HF_TOKEN" in rejected.value.message
    with pytest.raises(NoWriteAccessError) as refused:
        await client_for(READ_TOKEN).create_collection("x", USER)
    assert "write access" in refused.value.message


async def test_a_rate_limit_is_waited_out_as_asked(fake_hub, client_for):
    fake_hub.fail("/api/whoami-v2", "status", status=429, headers={"Retry-After": "7"}, times=2)
    client = client_for()
    assert await client.username() == USER
    assert client.waits == [7.0, 7.0]


async def test_a_rate_limit_too_long_to_wait_is_an_error_at_once(fake_hub, client_for):
    fake_hub.fail("/api/collections", "status", status=429, headers={"Retry-After": "3600"})
    client = client_for()
    with pytest.raises(RateLimitedError) as raised:
        await client.create_collection("x", USER)
    # Every server-set wait is capped (at 300 s), and that is still too long to wait here.
    assert client.waits == [] and "300 s" in raised.value.message


async def test_rate_limits_without_end_give_up_after_a_few_waits(fake_hub, client_for):
    fake_hub.fail("/api/whoami-v2", "status", status=429)
    client = client_for()
    with pytest.raises(RateLimitedError):
        await client.username()
    assert len(client.waits) == 3


async def test_no_hub_is_offline(client_for):
    from support.fakehub import closed_port_url

    with pytest.raises(OfflineError):
        await client_for(url=closed_port_url()).username()


async def test_ids_from_the_network_never_steer_the_path(fake_hub, client_for):
    from paperreader.domain.errors import BadResponseError

    client = client_for()
    with pytest.raises(BadResponseError):
        await client.remove_item("ada/x-1", "../../repos/ada/model")
    assert fake_hub.requests == []
