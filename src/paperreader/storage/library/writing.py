"""Writing to the library: papers stored (merged into older copies), days recorded.

The FTS5 index uses `paper_text` as its external content, so it is kept in step here, row
by row, never by triggers: a row's old text is taken out of the index before its new text
goes in, and only when the text changed.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from typing import Any

from paperreader.domain.models import Paper
from paperreader.formats.records import datetime_to_text
from paperreader.storage.library.rows import decode, paper_rows
from paperreader.storage.library.schema import FTS_COLUMNS, PAPER_COLUMNS, TEXT_COLUMNS


def store_papers(
    db: sqlite3.Connection, papers: list[Paper], day: str | None, now: float, *, fts: bool
) -> None:
    """Insert new papers, merge the others into their stored copies (see `merge`).

    `day` is the Daily Papers day they were listed under (else their own feed date, or the
    one already stored); `fts` keeps the FTS5 index in step (False when it is not used).
    """
    existing: dict[str, tuple[Any, ...]] = {}
    ids = [p.id for p in papers]
    old_columns = ", ".join(f"t.{c}" for c in TEXT_COLUMNS)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT p.id, p.pk, p.daily_date, {old_columns} FROM papers p "
            f"LEFT JOIN paper_text t ON t.pk = p.pk WHERE p.id IN ({marks})",
            chunk,
        ):
            existing[row[0]] = row[1:]
    insert = (
        f"INSERT INTO papers ({', '.join(PAPER_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(PAPER_COLUMNS))})"
    )
    update = f"UPDATE papers SET {', '.join(f'{c} = ?' for c in PAPER_COLUMNS[1:])} WHERE pk = ?"
    put_text = (
        f"INSERT OR REPLACE INTO paper_text (pk, {', '.join(TEXT_COLUMNS)}) "
        f"VALUES (?{', ?' * len(TEXT_COLUMNS)})"
    )
    fts_columns = ", ".join(FTS_COLUMNS)
    fts_insert = f"INSERT INTO papers_fts (rowid, {fts_columns}) VALUES (?{', ?' * 5})"
    fts_delete = (
        f"INSERT INTO papers_fts (papers_fts, rowid, {fts_columns}) VALUES ('delete', ?{', ?' * 5})"
    )
    for paper in papers:
        old = existing.get(paper.id)
        if old is None:
            daily = day or (paper.daily_date.isoformat() if paper.daily_date else None)
            row, text = paper_rows(paper, daily, now)
            pk = db.execute(insert, row).lastrowid
            db.execute(put_text, (pk, *text))
            if fts:
                db.execute(fts_insert, (pk, *text[:5]))
            continue
        pk, old_daily, *old_text = old
        previous = decode(old_text[-1]) if old_text[-1] is not None else None
        if previous is not None:
            paper = merge(previous, paper)
        daily = day or old_daily or (paper.daily_date.isoformat() if paper.daily_date else None)
        row, text = paper_rows(paper, daily, now)
        db.execute(update, (*row[1:], pk))
        db.execute(put_text, (pk, *text))
        if fts and tuple(old_text[:5]) != text[:5]:
            if old_text[0] is not None:
                db.execute(fts_delete, (pk, *old_text[:5]))
            db.execute(fts_insert, (pk, *text[:5]))


def merge(old: Paper, new: Paper) -> Paper:
    """`new` over `old`: newer data wins, but a field the newer source left empty is kept.

    A search result or a paper detail carries fewer fields than a Daily Papers item; storing
    one must not erase the organisation or the AI summary the daily listing brought.
    """
    changes: dict[str, Any] = {}
    for name in Paper._fields:
        if name in ("id", "highlighted_title"):
            continue
        value = getattr(new, name)
        if name == "upvotes":
            value = value or old.upvotes
        elif name == "withdrawn":
            value = value or old.withdrawn
        elif name == "texts_elsewhere":  # the texts an old copy holds are held by the merge
            value = value and old.texts_elsewhere
        elif value is None or value == "" or value == ():
            value = getattr(old, name)
        changes[name] = value
    return new._replace(**changes)


def record_day(
    db: sqlite3.Connection,
    day: str,
    count: int,
    complete: bool,
    pages: int | None,
    fetched_at: datetime | None,
) -> None:
    """Record that `day` was fetched (`complete`: whole) with `count` papers, at `fetched_at`."""
    stamp = datetime_to_text(fetched_at or datetime.now(UTC))
    db.execute(
        "INSERT INTO days (day, fetched_at, papers, complete, pages) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (day) DO UPDATE SET fetched_at = excluded.fetched_at, "
        "papers = excluded.papers, complete = excluded.complete, pages = excluded.pages",
        (day, stamp, count, int(complete), pages),
    )


def day_text(value: date | str) -> str:
    """A day as the `days` table keys it (ISO); ValueError for a string that is no date."""
    return value.isoformat() if isinstance(value, date) else date.fromisoformat(value).isoformat()
