"""Saving what a damaged library still holds into a fresh file, row by readable row.

A damaged page costs the rows on it, not the library: every paper whose lossless record can
still be read, and every day, is copied into a new file (the search index built afresh from
them), which then takes the damaged file's place while the damaged file is kept aside. Rows
are read in chunks by rowid; a chunk that fails is read row by row, and a row that fails is
stepped over, so reading goes on past the damage. Memory stays bounded by one chunk.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from paperreader.domain.errors import StorageError
from paperreader.formats.hub_values import parse_datetime
from paperreader.platform.files import private_file
from paperreader.storage.library.rows import decode, paper_rows
from paperreader.storage.library.schema import PAPER_COLUMNS, TEXT_COLUMNS, check_header, prepare

CHUNK = 500
"""Rows read at once while the table reads cleanly."""
MAX_STEPS = 100_000
"""Unreadable rowids stepped over in a row before a table is given up (its end unknown)."""


@dataclass(frozen=True, slots=True)
class Salvaged:
    """How much of a damaged library was saved."""

    papers: int
    days: int


def salvage(damaged: Path, fresh: Path, want_fts: bool | None) -> Salvaged | None:
    """Copy every readable paper and day of `damaged` into a new library at `fresh`; None
    (and no file at `fresh`) when `damaged` cannot be read as a database at all.

    `fresh` must not exist. `want_fts` as for the library: None builds the search index when
    SQLite has FTS5.
    """
    try:
        check_header(damaged)
    except (sqlite3.DatabaseError, StorageError):
        return None  # no database at all: nothing to read, and no -shm made beside it
    # Without a -wal nothing but the file holds data: read it as immutable, which makes no
    # -shm beside it.
    options = "mode=ro" if os.path.exists(f"{damaged}-wal") else "mode=ro&immutable=1"
    old = sqlite3.connect(f"file:{damaged}?{options}", uri=True, isolation_level=None)
    try:
        old.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        old.close()
        return None
    private_file(fresh)
    db = sqlite3.connect(fresh, isolation_level=None)
    try:
        prepare(db, False)  # the tables; the index comes last, built once from what was saved
        db.execute("BEGIN IMMEDIATE")
        papers = _copy_papers(old, db)
        days = _copy_days(old, db)
        _copy_meta(old, db)
        db.execute("COMMIT")
        if want_fts is not False:
            prepare(db, want_fts)  # creates the index and builds it from `paper_text`
    except BaseException:
        db.close()
        fresh.unlink(missing_ok=True)
        raise
    finally:
        old.close()
    db.close()
    return Salvaged(papers, days)


def readable_rows(old: sqlite3.Connection, table: str, columns: str) -> Iterator[tuple[Any, ...]]:
    """(rowid, *columns) of every row of `table` that can be read, in rowid order."""
    select = f"SELECT rowid, {columns} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?"
    last, chunk, steps = 0, CHUNK, 0
    try:
        top = old.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        top = None  # the end of the table is damaged: read on until the steps run out
    while steps <= MAX_STEPS:
        try:
            rows = [row for row in old.execute(select, (last, chunk)) if row[0] > last]
        except sqlite3.DatabaseError:
            rows = None
        if rows is None or (not rows and top is not None and last < top):
            if chunk > 1:
                chunk = 1  # read the failing stretch row by row
                continue
            last, steps = last + 1, steps + 1  # step over the unreadable row
            if top is not None and last >= top:
                return
            continue
        if not rows:
            return
        yield from rows
        last, chunk, steps = rows[-1][0], CHUNK, 0


def _copy_papers(old: sqlite3.Connection, db: sqlite3.Connection) -> int:
    """Papers whose record reads, with their rows as stored when those read too (else made
    again from the record); how many."""
    saved = 0
    now = time.time()
    text_columns = ", ".join(TEXT_COLUMNS)
    batch: list[tuple[Any, ...]] = []
    for text_row in readable_rows(old, "paper_text", text_columns):
        batch.append(text_row)
        if len(batch) == CHUNK:
            saved += _store_batch(old, db, batch, now)
            batch = []
    return saved + _store_batch(old, db, batch, now)


def _store_batch(
    old: sqlite3.Connection, db: sqlite3.Connection, batch: list[tuple[Any, ...]], now: float
) -> int:
    stored = {row[0]: row[1:] for row in _paper_rows_of(old, [row[0] for row in batch])}
    insert_paper = (
        f"INSERT OR IGNORE INTO papers (pk, {', '.join(PAPER_COLUMNS)}) "
        f"VALUES (?{', ?' * len(PAPER_COLUMNS)})"
    )
    insert_text = (
        f"INSERT INTO paper_text (pk, {', '.join(TEXT_COLUMNS)}) "
        f"VALUES (?{', ?' * len(TEXT_COLUMNS)})"
    )
    saved = 0
    for pk, *text in batch:
        record = text[-1]
        paper = decode(record) if isinstance(record, str) else None
        if paper is None:
            continue  # without its record a paper cannot be told apart from damage
        row = stored.get(pk)
        if row is None or row[0] != paper.id:
            daily = paper.daily_date.isoformat() if paper.daily_date else None
            row, made = paper_rows(paper, daily, now)
            text = list(made)
        try:
            if db.execute(insert_paper, (pk, *row)).rowcount == 1:
                db.execute(insert_text, (pk, *text))
                saved += 1
        except sqlite3.Error:
            continue  # a value the damage changed that the schema refuses
    return saved


def _paper_rows_of(old: sqlite3.Connection, pks: list[int]) -> Iterator[tuple[Any, ...]]:
    """The readable `papers` rows of these keys: at once, else one by one."""
    select = f"SELECT pk, {', '.join(PAPER_COLUMNS)} FROM papers WHERE pk IN "
    try:
        yield from old.execute(select + f"({', '.join('?' * len(pks))})", pks).fetchall()
        return
    except sqlite3.DatabaseError:
        pass
    for pk in pks:
        try:
            yield from old.execute(select + "(?)", (pk,)).fetchall()
        except sqlite3.DatabaseError:
            continue


def _copy_days(old: sqlite3.Connection, db: sqlite3.Connection) -> int:
    """The days whose every field is what `record_day` writes; how many."""
    saved = 0
    rows = readable_rows(old, "days", "day, fetched_at, papers, complete, pages")
    for _, day, fetched_at, papers, complete, pages in rows:
        if not _sound_day(day, fetched_at, papers, complete, pages):
            continue
        try:
            db.execute(
                "INSERT OR IGNORE INTO days (day, fetched_at, papers, complete, pages) "
                "VALUES (?, ?, ?, ?, ?)",
                (day, fetched_at, papers, complete, pages),
            )
        except sqlite3.Error:
            continue
        saved += 1
    return saved


def _sound_day(day: Any, fetched_at: Any, papers: Any, complete: Any, pages: Any) -> bool:
    try:
        date.fromisoformat(day)
    except (TypeError, ValueError):
        return False
    return (
        isinstance(fetched_at, str)
        and parse_datetime(fetched_at) is not None
        and isinstance(papers, int)
        and papers >= 0
        and complete in (0, 1)
        and (pages is None or isinstance(pages, int))
    )


def _copy_meta(old: sqlite3.Connection, db: sqlite3.Connection) -> None:
    for _, key, value in readable_rows(old, "meta", "key, value"):
        if isinstance(key, str) and key != "fts_stale":  # the new index is fresh
            try:
                db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
            except sqlite3.Error:
                continue
