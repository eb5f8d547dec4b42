"""What the library answers: search hits and results, what it holds, the days it fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from paperreader.domain.models import Paper, TextSpan


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One paper found, with its score and its title split into matched and plain runs."""

    paper: Paper
    """The paper, with `highlighted_title` set to `title_spans`."""
    score: float
    """Relevance, higher is better: bm25 (negated, as FTS5 computes it) for small match
    sets; for large ones the title's bm25 estimated from its length in the title tier and
    0.0 below it (see `search.search_fts`); a weighted field-match count without FTS5. The hits
    are in rank order either way."""
    title_spans: tuple[TextSpan, ...]
    """The title as runs; `highlight=True` marks the words that matched. Joined: the title."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The best `limit` papers for a query, and how many matched in all."""

    hits: tuple[SearchHit, ...]
    total: int
    terms: tuple[str, ...]
    """The words and phrases searched for, as typed (filters left out)."""
    note: str | None = None
    """Set when search runs in the degraded substring mode (no FTS5)."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        """The papers of the hits, best first."""
        return tuple(hit.paper for hit in self.hits)


@dataclass(frozen=True, slots=True)
class LibraryInfo:
    """What the library holds and what it takes on disk."""

    papers: int
    days: int
    """Daily Papers days fetched whole."""
    first_day: str | None
    last_day: str | None
    """The range of feed dates of the papers held."""
    bytes: int
    path: Path
    full_text: bool = True
    """False when searching falls back to substring matching (no FTS5)."""
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One Daily Papers day as the library knows it."""

    day: str
    fetched_at: datetime | None
    papers: int
    complete: bool
    pages: int | None = None
