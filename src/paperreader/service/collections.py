"""Two-way sync of the bookmarks with one Hugging Face collection of the user's.

`sync` reads both sides and the base the last sync left (`storage.collection_state`), plans
with the pure merge rules (`domain.collection_sync.plan`) and carries the plan out one step
at a time, in order, saving the base after every step. A sync that stops (no network, a 403,
a kill) leaves a base that says which steps were done, and the next one finishes the job:
the merge rules treat a step done on one side but not yet recorded as already in step.

Calls are sequential: one request at a time, a rate limit waited out as the hub asks.
The bookmarks are changed through the store's public methods only (`bookmarks`, `bookmark`,
`add_bookmark`, `remove_bookmark`, `set_note`), each checked against what the plan saw, so
an edit made in a window during the sync is never overwritten: that paper waits a sync.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from paperreader.domain.collection_errors import (
    CollectionGoneError,
    NotLinkedError,
    TokenMissingError,
)
from paperreader.domain.collection_sync import (
    Action,
    Change,
    Collection,
    RemoteItem,
    Synced,
    Tally,
    checked_slug,
    plan,
    synced,
    tally,
)
from paperreader.domain.errors import OfflineError, PaperReaderError, StorageError, UsageError
from paperreader.domain.models import Paper
from paperreader.service.context import SessionContext
from paperreader.service.papers import PaperService
from paperreader.service.user_data import UserDataService

if TYPE_CHECKING:
    from paperreader.sources.collections import CollectionsClient
    from paperreader.storage.collection_state import CollectionStateStore, SyncState
    from paperreader.storage.user_data import UserDataStore

ClientFactory = Callable[[], "CollectionsClient"]


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did (or, dry, would do)."""

    slug: str
    title: str
    changes: tuple[Change, ...]
    """The steps carried out (dry: planned), in order."""
    counts: Tally
    dry_run: bool = False
    created: bool = False
    problem: str | None = None
    """The sync state was damaged and moved aside (the sync still ran)."""

    @property
    def merged(self) -> tuple[str, ...]:
        """The papers whose note changed on both sides: both texts are kept here."""
        return tuple(c.paper_id for c in self.changes if c.action is Action.MERGE_NOTES)

    @property
    def summary(self) -> str:
        """One line: 'Synced with ada/papers-…: 3 up, 1 down, 1 removed.'"""
        verb = "Would sync" if self.dry_run else "Synced"
        made = " (new)" if self.created else ""
        return f"{verb} with {self.slug}{made}: {self.counts}."

    @property
    def short(self) -> str:
        """The counts first, for a status line narrower than a slug: 'Collection synced: …'."""
        return f"Collection synced: {self.counts}."


class CollectionSync:
    """The bookmarks kept in step with one collection on the session's hub."""

    def __init__(
        self,
        context: SessionContext,
        user_data: UserDataService,
        papers: PaperService,
        *,
        client_factory: ClientFactory | None = None,
    ) -> None:
        self._context = context
        self._user_data = user_data
        self._papers = papers
        self._client_factory = client_factory or self._default_client
        self.last_report: SyncReport | None = None

    @property
    def endpoint(self) -> str:
        """The hub the collection lives on: the session's own (its web site is its endpoint)."""
        return self._context.web_url.rstrip("/")

    def _default_client(self) -> CollectionsClient:
        from paperreader.platform import paths
        from paperreader.sources.collections import CollectionsClient
        from paperreader.sources.hub import make_client

        token = paths.token()
        if token is None:
            raise TokenMissingError()
        return CollectionsClient(make_client(self.endpoint, token))

    # ------------------------------------------------------------------ asking

    async def list_collections(self) -> list[Collection]:
        """The user's collections on the hub."""
        from paperreader.sources.collections import LISTED_ITEMS

        client = self._client()
        try:
            listed = await client.list_collections(await client.username())
            # A listing shows a collection's first few items: the rest are counted one by one.
            return [
                await client.get_collection(c.slug) if c.item_count >= LISTED_ITEMS else c
                for c in listed
            ]
        finally:
            await client.aclose()

    async def linked(self) -> str | None:
        """The slug of the linked collection, if any."""
        store = self._state_store()
        state = await asyncio.to_thread(store.load)
        return state.linked_to(self.endpoint)

    # ------------------------------------------------------------------ syncing

    async def sync(
        self, *, create: str | None = None, link: str | None = None, dry_run: bool = False
    ) -> SyncReport:
        """Bring the bookmarks and the collection together; `create` a new private one with
        that title, or `link` an existing one by slug, else use the one linked before."""
        if create is not None and not create.strip():
            raise UsageError("Give the new collection a title.")
        store = self._state_store()
        with store.running():
            client = self._client()
            try:
                report = await self._sync(client, store, create, link, dry_run)
            finally:
                await client.aclose()
        self.last_report = report
        return report

    async def _sync(
        self,
        client: CollectionsClient,
        store: CollectionStateStore,
        create: str | None,
        link: str | None,
        dry_run: bool,
    ) -> SyncReport:
        from paperreader.storage.collection_state import SyncState

        state = await asyncio.to_thread(store.load)
        linked = state.linked_to(self.endpoint)
        if create is not None:
            title = create.strip()
            if dry_run:
                collection = Collection(slug=f"(new) {title}", title=title, private=True)
            else:
                collection = await client.create_collection(title, await client.username())
        else:
            slug = checked_slug(link) if link is not None else linked
            if slug is None:
                raise NotLinkedError(store.problem)
            try:
                collection = await client.get_collection(slug)
            except CollectionGoneError:
                raise CollectionGoneError(slug, state.title if slug == linked else None) from None
        base = state.synced if collection.slug == linked else {}
        if not dry_run and collection.slug != linked:
            state = SyncState(self.endpoint, collection.slug, collection.title, {})
            await asyncio.to_thread(store.save, state)
        local = {b.paper.id: b.note for b in await self._user_data.bookmarks()}
        remote = {item.paper_id: item for item in collection.papers}
        changes = plan(local, remote, base)
        if dry_run:
            return SyncReport(
                collection.slug,
                collection.title,
                tuple(changes),
                tally(changes),
                dry_run=True,
                created=create is not None,
                problem=store.problem,
            )
        run = _Run(self, client, store, state, collection, local, remote)
        await run.carry_out(changes)
        return SyncReport(
            collection.slug,
            collection.title,
            tuple(run.done),
            tally(run.done, waiting=run.waiting),
            created=create is not None,
            problem=store.problem,
        )

    # ------------------------------------------------------------------ parts

    def _client(self) -> CollectionsClient:
        if self._context.demo:
            raise UsageError("The demo keeps no bookmarks to sync with Hugging Face.")
        if self._context.offline:
            raise OfflineError("Offline mode: the collection is synced when you are online.")
        return self._client_factory()

    def _state_store(self) -> CollectionStateStore:
        from paperreader.storage.collection_state import CollectionStateStore

        bookmarks = self._bookmark_store()
        return CollectionStateStore(bookmarks.directory)

    def _bookmark_store(self) -> UserDataStore:
        store = self._user_data.store
        if store is None:
            raise StorageError("Bookmarks are not available in this session.")
        return store

    async def paper_for(self, paper_id: str, title: str | None) -> Paper | None:
        """The record of a paper first seen in the collection: fetched (cache, hub, library),
        else a minimal one from the collection's title, else None (it waits a sync)."""
        try:
            paper, _origin = await self._papers.get_paper(paper_id)
        except PaperReaderError:
            return Paper(paper_id, title) if title else None
        return paper


class _Run:
    """One sync's steps carried out in order, the base saved after each."""

    def __init__(
        self,
        sync: CollectionSync,
        client: CollectionsClient,
        store: CollectionStateStore,
        state: SyncState,
        collection: Collection,
        local: dict[str, str],
        remote: dict[str, RemoteItem],
    ) -> None:
        self._sync = sync
        self._local = local
        """Each bookmark's note as the plan saw it."""
        self._bookmarks = sync._bookmark_store()
        self._client = client
        self._store = store
        self._state = state
        self._slug = collection.slug
        self._remote = remote
        self.done: list[Change] = []
        self.waiting = 0

    async def carry_out(self, changes: list[Change]) -> None:
        from datetime import UTC, datetime

        for change in changes:
            if await self._step(change):
                self.done.append(change)
        self._state = replace(self._state, last_sync=datetime.now(UTC).isoformat())
        await asyncio.to_thread(self._store.save, self._state)

    async def _step(self, change: Change) -> bool:
        """Carry out one change; False when it was left for the next sync."""
        paper_id, action = change.paper_id, change.action
        if action is Action.ADD_REMOTE:
            await self._add_remote(paper_id, change.remote_note or "")
        elif action is Action.NOTE_REMOTE:
            note = change.remote_note or ""
            await self._client.set_note(self._slug, change.item_id or "", note)
            await self._record(paper_id, await self._note_here(paper_id), note)
        elif action is Action.REMOVE_REMOTE:
            await self._client.remove_item(self._slug, change.item_id or "")
            await self._forget(paper_id)
        elif action is Action.ADD_LOCAL:
            return await self._add_local(change)
        elif action is Action.NOTE_LOCAL:
            if not await self._still(paper_id):
                return False
            saved = await asyncio.to_thread(
                self._bookmarks.set_note, paper_id, change.local_note or ""
            )
            await self._record(paper_id, saved.note, self._remote[paper_id].note)
        elif action is Action.REMOVE_LOCAL:
            if not await self._still(paper_id):
                return False
            await asyncio.to_thread(self._bookmarks.remove_bookmark, paper_id)
            await self._forget(paper_id)
        elif action is Action.MERGE_NOTES:
            if not await self._still(paper_id):
                return False
            # Here first: once the merged note is saved, nothing is lost whatever follows.
            saved = await asyncio.to_thread(
                self._bookmarks.set_note, paper_id, change.local_note or ""
            )
            note = change.remote_note or ""
            await self._client.set_note(self._slug, change.item_id or "", note)
            await self._record(paper_id, saved.note, note)
        elif action is Action.RECORD:
            await self._record(paper_id, change.local_note or "", change.remote_note or "")
        else:
            await self._forget(paper_id)
        return True

    async def _add_remote(self, paper_id: str, note: str) -> None:
        from paperreader.sources.collections import AlreadyInCollection

        try:
            await self._client.add_paper(self._slug, paper_id, note)
        except AlreadyInCollection:  # added elsewhere meanwhile: bring its note in step
            collection = await self._client.get_collection(self._slug)
            item = next((i for i in collection.papers if i.paper_id == paper_id), None)
            if item is not None and item.note.strip() != note.strip():
                await self._client.set_note(self._slug, item.item_id, note)
        await self._record(paper_id, await self._note_here(paper_id), note)

    async def _add_local(self, change: Change) -> bool:
        paper = await self._sync.paper_for(change.paper_id, change.title)
        if paper is None:
            self.waiting += 1
            return False
        try:
            saved = await asyncio.to_thread(
                self._bookmarks.add_bookmark, paper, note=change.local_note or ""
            )
        except ValueError:  # a record that cannot be stored: it waits
            self.waiting += 1
            return False
        await self._record(change.paper_id, saved.note, self._remote[change.paper_id].note)
        return True

    async def _note_here(self, paper_id: str) -> str:
        bookmark = await asyncio.to_thread(self._bookmarks.bookmark, paper_id)
        return bookmark.note if bookmark is not None else ""

    async def _still(self, paper_id: str) -> bool:
        """True when the bookmark still has the note the plan was made from (not edited in
        a window since): the change may go ahead."""
        bookmark = await asyncio.to_thread(self._bookmarks.bookmark, paper_id)
        planned = self._local.get(paper_id)
        return bookmark is not None and planned is not None and bookmark.note == planned

    async def _record(self, paper_id: str, here: str, there: str) -> None:
        entries = dict(self._state.synced)
        entries[paper_id] = synced(here, there)
        await self._save(entries)

    async def _forget(self, paper_id: str) -> None:
        entries = dict(self._state.synced)
        entries.pop(paper_id, None)
        await self._save(entries)

    async def _save(self, entries: dict[str, Synced]) -> None:
        self._state = replace(self._state, synced=entries)
        await asyncio.to_thread(self._store.save, self._state)
