"""`Library`: the paper library's public face, what the session's library service and the sync
call."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperreader.domain.ids import PAPER_ID
from paperreader.domain.models import Paper

if TYPE_CHECKING:
    from paperreader.storage.library.database import Database
    from paperreader.storage.library.hits import DecodedHits
    from paperreader.storage.library.results import DayRecord, LibraryInfo, SearchResult

# The library's other modules (the database, search, the query language, highlighting) are
# imported when the library is first used, not when it is made: the app makes it at start-up
# and its first frame never reads it.

FILE_NAME = "library.sqlite3"
"""The library's file in the data dir, which the program never deletes."""
MAX_LIMIT = 10_000
"""The most hits one search returns."""
_ID_CHUNK = 500
"""Ids asked for in one statement: well below SQLite's oldest limit of bound values."""


class Library:
    """The paper library in one SQLite file; opened on first use, safe across threads.

    Every public method may be called from any thread (`service.library` calls them through
    `asyncio.to_thread`); one lock serialises them within a process, SQLite's locking
    (WAL, busy timeout) between processes. Failures to open, read or write raise
    `StorageError` with one sentence; a corrupt file is moved aside and replaced.
    """

    def __init__(
        self,
        path: Path,
        *,
        seed: Callable[[Library], None] | None = None,
        use_fts: bool | None = None,
    ) -> None:
        """`seed` fills a newly created library (the demo uses it); `use_fts=False` forces
        the substring fallback (None: use FTS5 when SQLite has it)."""
        self.path = Path(path)
        self._seed = seed
        self._use_fts = use_fts
        self._made: tuple[Database, DecodedHits] | None = None
        self._making = threading.Lock()
        self._stats: tuple[float, int, float] | None = None

    def _parts(self) -> tuple[Database, DecodedHits]:
        """The database (not yet opened) and the decoded-hits table, made on first use."""
        with self._making:
            if self._made is None:
                from paperreader.storage.library.database import Database
                from paperreader.storage.library.hits import DecodedHits

                seed = self._seed
                on_created = (lambda: seed(self)) if seed is not None else None
                database = Database(self.path, use_fts=self._use_fts, on_created=on_created)
                self._made = (database, DecodedHits())
            return self._made

    @property
    def _database(self) -> Database:
        return self._parts()[0]

    @property
    def _hits(self) -> DecodedHits:
        return self._parts()[1]

    @property
    def problem(self) -> str | None:
        """One sentence when the file had to be moved aside or cannot be written (None
        until it is first used: only opening it finds a problem)."""
        return None if self._made is None else self._database.problem

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (it is reopened if used again)."""
        if self._made is None:
            return  # never used: nothing was opened
        with self._database.lock:
            self._hits.clear()
            self._database.close()

    @property
    def full_text(self) -> bool:
        """True when searches use FTS5 (opens the library to find out)."""
        with self._database.lock:
            self._database.connection()
            return self._database.fts

    # -- writing -----------------------------------------------------------------------------

    def add_papers(
        self,
        papers: Iterable[Paper],
        *,
        day: str | date | None = None,
        complete: bool = False,
        pages: int | None = None,
        fetched_at: datetime | None = None,
    ) -> int:
        """Store papers, replacing older copies field by field; returns how many were stored.

        With `day`, the papers belong to that Daily Papers day; with `complete` too, the
        day is recorded as fetched whole (even when it had no papers), at `fetched_at`.
        """
        from paperreader.storage.library.writing import day_text, record_day, store_papers

        unique: dict[str, Paper] = {}
        for paper in papers:
            if PAPER_ID.match(paper.id or "") and paper.title.strip():
                unique[paper.id] = paper
        day_key = day_text(day) if day is not None else None
        if not unique and not (day_key and complete):
            return 0
        now = time.time()

        def write(db: sqlite3.Connection) -> int:
            store_papers(db, list(unique.values()), day_key, now, fts=self._database.fts)
            if day_key and complete:
                record_day(db, day_key, len(unique), True, pages, fetched_at)
            return len(unique)

        return self._database.write(write)

    def mark_day(
        self,
        day: str | date,
        count: int,
        complete: bool = True,
        *,
        pages: int | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        """Record that a day was fetched (`complete`) with `count` papers."""
        from paperreader.storage.library.writing import day_text, record_day

        key = day_text(day)
        self._database.write(lambda db: record_day(db, key, count, complete, pages, fetched_at))

    # -- reading -----------------------------------------------------------------------------

    def count(self) -> int:
        """How many papers the library holds."""
        return self._database.read(
            lambda db: db.execute("SELECT count(*) FROM papers").fetchone()[0]
        )

    def get(self, paper_id: str) -> Paper | None:
        """One paper by id, or None."""
        from paperreader.storage.library.rows import decode

        row = self._database.read(
            lambda db: db.execute(
                "SELECT t.record FROM papers p JOIN paper_text t ON t.pk = p.pk WHERE p.id = ?",
                (paper_id,),
            ).fetchone()
        )
        return decode(row[0]) if row else None

    def held(self, paper_ids: Sequence[str]) -> set[str]:
        """Those of `paper_ids` the library holds (a large listing asks, a chunk at a time)."""

        def read(db: sqlite3.Connection) -> set[str]:
            found: set[str] = set()
            for start in range(0, len(paper_ids), _ID_CHUNK):
                chunk = paper_ids[start : start + _ID_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT id FROM papers WHERE id IN ({marks})", chunk)
                found.update(row[0] for row in rows)
            return found

        return self._database.read(read)

    def get_many(self, paper_ids: Sequence[str]) -> dict[str, Paper]:
        """The papers the library holds among `paper_ids`, by id."""
        from paperreader.storage.library.rows import decode

        def read(db: sqlite3.Connection) -> list[Any]:
            rows: list[Any] = []
            for start in range(0, len(paper_ids), _ID_CHUNK):
                chunk = paper_ids[start : start + _ID_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows += db.execute(
                    "SELECT t.record FROM papers p JOIN paper_text t ON t.pk = p.pk "
                    f"WHERE p.id IN ({marks})",
                    chunk,
                ).fetchall()
            return rows

        papers = (decode(row[0]) for row in self._database.read(read))
        return {paper.id: paper for paper in papers if paper is not None}

    def recent(self, limit: int = 2000) -> tuple[Paper, ...]:
        """The newest papers: latest Daily Papers date first, then most upvoted."""
        from paperreader.storage.library.rows import decode
        from paperreader.storage.library.search import NEWEST

        limit = max(0, min(int(limit), 1_000_000))
        rows = self._database.read(
            lambda db: db.execute(
                f"SELECT t.record FROM papers p JOIN paper_text t ON t.pk = p.pk "
                f"ORDER BY {NEWEST} LIMIT ?",
                (limit,),
            ).fetchall()
        )
        return tuple(p for p in (decode(r[0]) for r in rows) if p is not None)

    def day_papers(self, day: date | str) -> tuple[Paper, ...]:
        """The papers of one Daily Papers day, most upvoted first, ties in the order they
        were first stored (whether the day was fetched whole is in `day_records`)."""
        from paperreader.storage.library.rows import decode
        from paperreader.storage.library.writing import day_text

        rows = self._database.read(
            lambda db: db.execute(
                "SELECT t.record FROM papers p JOIN paper_text t ON t.pk = p.pk "
                "WHERE p.daily_date = ? ORDER BY p.upvotes DESC, p.pk",
                (day_text(day),),
            ).fetchall()
        )
        return tuple(p for p in (decode(r[0]) for r in rows) if p is not None)

    def days_done(self, since: date | str, until: date | str) -> set[str]:
        """The days in [since, until] recorded as fetched whole."""
        return {record.day for record in self.day_records(since, until).values() if record.complete}

    def day_records(self, since: date | str, until: date | str) -> dict[str, DayRecord]:
        """Every recorded day in [since, until], by ISO date."""
        from paperreader.formats.hub_values import parse_datetime
        from paperreader.storage.library.results import DayRecord
        from paperreader.storage.library.writing import day_text

        rows = self._database.read(
            lambda db: db.execute(
                "SELECT day, fetched_at, papers, complete, pages FROM days "
                "WHERE day BETWEEN ? AND ?",
                (day_text(since), day_text(until)),
            ).fetchall()
        )
        return {
            day: DayRecord(day, parse_datetime(fetched), int(count), bool(done), pages)
            for day, fetched, count, done, pages in rows
        }

    def info(self) -> LibraryInfo:
        """How many papers and days the library holds, their date range, the size on disk."""
        from paperreader.storage.library.results import LibraryInfo

        def read(db: sqlite3.Connection) -> tuple[Any, ...]:
            papers, first, last = db.execute(
                "SELECT count(*), min(daily_date), max(daily_date) FROM papers"
            ).fetchone()
            days = db.execute("SELECT count(*) FROM days WHERE complete").fetchone()[0]
            return papers, days, first, last

        papers, days, first, last = self._database.read(read)
        size = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                size += os.stat(f"{self.path}{suffix}").st_size
        return LibraryInfo(
            papers=papers,
            days=days,
            first_day=first,
            last_day=last,
            bytes=size,
            path=self.path,
            full_text=self._database.fts,
            problem=self.problem,
        )

    def run_read(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `action` on the open connection, under the library's lock: for the library's
        own modules that read it their way (`similar`, `watching`)."""
        return self._database.read(action)

    def search(self, query: str, *, limit: int = 200) -> SearchResult:
        """The papers matching a query (see `parse_query`), best first.

        With words: papers whose title holds every word first, ranked by bm25 (title
        weighted highest), ties broken by upvotes (see `search.search_fts` for large match sets).
        With only filters, or nothing: newest first. `total` counts every match.
        """
        from paperreader.storage.library.highlighting import NO_TERMS, highlighter
        from paperreader.storage.library.query import parse_query
        from paperreader.storage.library.results import SearchHit, SearchResult
        from paperreader.storage.library.search import FALLBACK_NOTE, search_fts, search_like

        parsed = parse_query(query)
        limit = max(1, min(int(limit), MAX_LIMIT))
        terms = tuple(t.text for t in parsed.terms)

        def read(db: sqlite3.Connection) -> tuple[list[tuple[int, float]], int]:
            if self._database.fts:
                return search_fts(db, parsed, limit, lambda: self._title_stats(db))
            return search_like(db, parsed, limit)

        ranked, total = self._database.read(read)
        records: dict[int, str] = {}
        if ranked:
            pks = [pk for pk, _ in ranked]
            marks = ", ".join("?" * len(pks))
            records = dict(
                self._database.read(
                    lambda db: db.execute(
                        f"SELECT pk, record FROM paper_text WHERE pk IN ({marks})", pks
                    ).fetchall()
                )
            )
        hits = []  # decoded once and kept (`DecodedHits`): a search typed further finds them again
        mark = highlighter(parsed.terms or NO_TERMS)
        with self._database.lock:
            for pk, score in ranked:
                paper = self._hits.paper(pk, records.get(pk, ""), mark)
                if paper is not None:
                    hits.append(SearchHit(paper, score, paper.highlighted_title))
        note = None if self._database.fts else FALLBACK_NOTE
        return SearchResult(tuple(hits), total, terms, note)

    def _title_stats(self, db: sqlite3.Connection) -> tuple[int, float]:
        """(papers, average title length in words), recomputed at most once a minute."""
        now = time.monotonic()
        if self._stats is None or now - self._stats[0] > 60:
            count, average = db.execute("SELECT count(*), avg(title_words) FROM papers").fetchone()
            self._stats = (now, count or 0, float(average or 1.0))
        return self._stats[1], self._stats[2]
