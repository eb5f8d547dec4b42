"""Sessions with watches: a library, bookmarks and a watch list in one directory, a fixed
clock, and the hub (or nothing) as the source."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from paperreader.domain.models import Paper
from paperreader.service.session import Session
from paperreader.sources.base import ListingSource
from paperreader.storage.library import FILE_NAME, Library
from paperreader.storage.user_data import UserDataStore
from paperreader.storage.watches import WatchStore
from support.library_papers import make

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
"""The morning the digests are read: 2026-03-10."""


def watch_session(
    directory: Path,
    papers: Sequence[Paper] = (),
    *,
    source: ListingSource | None = None,
    now: datetime = NOW,
    web_url: str = "https://huggingface.co",
) -> Session:
    """A session keeping everything in `directory`, its library holding `papers` (each
    under its own day); offline unless a `source` is given."""
    library = Library(directory / FILE_NAME)
    for paper in papers:
        library.add_papers([paper], day=paper.daily_date)
    return Session(
        source_factory=(lambda: source) if source is not None else None,
        cache=None,
        clock=lambda: now,
        web_url=web_url,
        user_data=UserDataStore(directory, clock=lambda: now),
        library=library,
        watches=WatchStore(directory, clock=lambda: now),
    )


def morning_papers() -> list[Paper]:
    """A week of papers: two by Jane Doe, one on agents, one by nobody watched, one old."""
    return [
        make("Jane's planning agents", authors=("Jane Doe",), day="2026-03-09", upvotes=3,
             summary="We study planning. Agents plan well."),
        make("Routing experts", authors=("Jane Doe", "Bo Li"), day="2026-03-05", upvotes=8),
        make("Agents that browse [bold]the web[/bold]", authors=("Kim Park",), day="2026-03-06"),
        make("Unwatched vision paper", authors=("Ann Other",), day="2026-03-09"),
        make("Jane's old paper", authors=("Jane Doe",), day="2026-02-02"),
    ]  # fmt: skip
