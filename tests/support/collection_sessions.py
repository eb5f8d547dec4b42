"""Sessions whose bookmarks sync with the fake hub's collections, the way `compose` builds
them: the hub, a cache, and a bookmark store in a directory of the test's choosing, so two
sessions on two directories are two machines sharing one collection."""

from __future__ import annotations

from pathlib import Path

from paperreader.domain.models import Paper
from paperreader.service.session import Session
from paperreader.sources.hub import HubClient, make_client
from paperreader.storage.cache import ListingCache
from paperreader.storage.user_data import UserDataStore
from support import fakehub
from support.user_data import Clock


def machine(url: str, directory: Path) -> Session:
    """A session on the hub at `url` keeping its bookmarks (and sync state) in `directory`."""
    return Session(
        source_factory=lambda: HubClient(make_client(url, None, timeout=2.0), retry_delays=()),
        cache=ListingCache(directory / "cache", url),
        web_url=url,
        clock=lambda: fakehub.NOW,
        user_data=UserDataStore(directory / "data", clock=Clock()),
    )


def bookmark(session: Session, paper_id: str, note: str = "", tags: tuple[str, ...] = ()) -> None:
    """Bookmark a paper (a record with just its id and a title) with a note and tags."""
    store = session.user_data.store
    assert store is not None
    store.add_bookmark(Paper(paper_id, f"Local paper {paper_id}"), note=note, tags=tags)


def notes(session: Session) -> dict[str, str]:
    """Paper id -> note of every bookmark of the session."""
    store = session.user_data.store
    assert store is not None
    return {b.paper.id: b.note for b in store.bookmarks()}
