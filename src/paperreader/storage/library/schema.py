"""The library's SQLite layout, and bringing a file to it: checked, created, migrated.

- Tables: `papers` (columns to filter and sort on), `paper_text` (the folded text the
  search index is built from, and the lossless record of each paper as
  `records.paper_to_record` JSON), `papers_fts` (FTS5 over title, abstract, authors,
  organisation and AI keywords, kept in step by `writing`, never by triggers), `days` (which
  Daily Papers days were fetched whole, and when) and `meta`. The schema version is SQLite's
  `user_version`.
- A file written by a newer program is read but never written; a file that is some other
  SQLite database, or no database at all, is refused before anything is written to it.
- Without FTS5 the index is left alone and marked stale; it is rebuilt once FTS5 is back.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from paperreader.domain.errors import StorageError
from paperreader.platform.files import reason

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""`PRAGMA user_version` of the layout below; a newer file is read but never written."""
TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* M* Co So'"
"""How FTS5 cuts the folded text into words (see `folding`)."""

FTS_COLUMNS = ("fts_title", "fts_abstract", "fts_authors", "fts_org", "fts_keywords")
PAPER_COLUMNS = (
    "id",
    "daily_date",
    "published",
    "year",
    "upvotes",
    "num_comments",
    "has_code",
    "has_project",
    "org",
    "updated_at",
    "title",
    "title_words",
)
TEXT_COLUMNS = (*FTS_COLUMNS, "record")

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    daily_date TEXT,
    published TEXT,
    year INTEGER,
    upvotes INTEGER NOT NULL DEFAULT 0,
    num_comments INTEGER,
    has_code INTEGER NOT NULL DEFAULT 0,
    has_project INTEGER NOT NULL DEFAULT 0,
    org TEXT,
    updated_at REAL NOT NULL,
    title TEXT NOT NULL,
    title_words INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_newest ON papers (daily_date, upvotes, pk);
CREATE INDEX IF NOT EXISTS papers_title_rank ON papers (title_words, upvotes DESC, pk DESC);
CREATE INDEX IF NOT EXISTS papers_upvotes ON papers (upvotes, pk);
CREATE TABLE IF NOT EXISTS paper_text (
    pk INTEGER PRIMARY KEY REFERENCES papers (pk),
    fts_title TEXT NOT NULL,
    fts_abstract TEXT NOT NULL,
    fts_authors TEXT NOT NULL,
    fts_org TEXT NOT NULL,
    fts_keywords TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS days (
    day TEXT PRIMARY KEY,
    fetched_at TEXT NOT NULL,
    papers INTEGER NOT NULL,
    complete INTEGER NOT NULL,
    pages INTEGER
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
"""`papers` is kept small (what filters and sorting read, a few hundred bytes a row) so a
scan of 50k rows stays in a few megabytes; the bulky text lives in `paper_text`, which
only the index (as its external content) and the hits of a search read."""
CORE_TABLES = frozenset({"papers", "paper_text", "days", "meta"})
"""What `SCHEMA` creates: a file at our version without them is somebody else's."""
FTS_SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
    {", ".join(FTS_COLUMNS)},
    content='paper_text', content_rowid='pk', tokenize="{TOKENIZER}", prefix='2 3'
)
"""


@dataclass(frozen=True, slots=True)
class Prepared:
    """What `prepare` found or made of a file."""

    created: bool
    """The schema was created just now, by this process."""
    fts: bool
    """Searches use the FTS5 index."""
    read_only: bool = False
    """The file is of a newer schema: read, never written."""


def prepare(db: sqlite3.Connection, want_fts: bool | None) -> Prepared:
    """Check the file is ours, create or migrate the schema.

    `want_fts`: None uses FTS5 when SQLite has it; False forces the substring fallback.
    """
    fts = fts_available(db) if want_fts is None else want_fts
    # One snapshot for all: another process may be creating the library right now, and
    # its version read before its tables would look like somebody else's database.
    with transaction(db, "BEGIN DEFERRED"):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        stale = "meta" in tables and bool(
            db.execute("SELECT 1 FROM meta WHERE key = 'fts_stale' AND value = '1'").fetchone()
        )
    indexed = "papers_fts" in tables
    if (
        version == SCHEMA_VERSION
        and tables >= CORE_TABLES
        and ((indexed and not stale) if fts else (stale or not indexed))
    ):
        return Prepared(False, fts)  # nothing to write: no write lock, so opening never waits
    if version > SCHEMA_VERSION:
        return Prepared(False, fts and "papers_fts" in tables, read_only=True)
    if (version == 0 and tables) or (version and not tables >= CORE_TABLES):
        raise sqlite3.DatabaseError("file is a database, but not a paperreader library")
    created = False  # by this process: another one may have been first
    with transaction(db):
        if db.execute("PRAGMA user_version").fetchone()[0] == 0:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            created = True
        if fts:
            stale_row = db.execute("SELECT value FROM meta WHERE key = 'fts_stale'").fetchone()
            missing = "papers_fts" not in {
                r[0] for r in db.execute("SELECT name FROM sqlite_master")
            }
            if missing:
                db.execute(FTS_SCHEMA)
            if missing or (stale_row and stale_row[0] == "1"):
                db.execute("INSERT INTO papers_fts (papers_fts) VALUES ('rebuild')")
                db.execute("DELETE FROM meta WHERE key = 'fts_stale'")
        elif "papers_fts" in tables:
            # Written without the index from now on: rebuild it when FTS5 is back.
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_stale', '1')")
    return Prepared(created, fts)


def inspect(db: sqlite3.Connection, want_fts: bool | None) -> Prepared:
    """What `prepare` would find, without writing: for a file opened read-only."""
    with transaction(db, "BEGIN DEFERRED"):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        stale = "meta" in tables and bool(
            db.execute("SELECT 1 FROM meta WHERE key = 'fts_stale' AND value = '1'").fetchone()
        )
    if version == 0 or not tables >= CORE_TABLES:
        raise StorageError("The library is on a read-only disk and holds no papers yet.")
    usable = fts_available(db) if want_fts is None else want_fts
    return Prepared(False, usable and "papers_fts" in tables and not stale, read_only=True)


@contextlib.contextmanager
def transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """BEGIN IMMEDIATE (the write lock up front: no deadlock between two writers), COMMIT.

    `begin="BEGIN DEFERRED"` gives a read transaction instead: one snapshot for its reads."""
    db.execute(begin)
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def check_ours(db: sqlite3.Connection) -> None:
    """Raise, having written nothing, when the file is somebody else's SQLite database."""
    with transaction(db, "BEGIN DEFERRED"):  # one snapshot: a library being created is ours
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if (version == 0 and tables) or (0 < version <= SCHEMA_VERSION and not tables >= CORE_TABLES):
        raise sqlite3.DatabaseError("file is a database, but not a paperreader library")


def check_header(path: Path) -> None:
    """Raise when `path` exists, is not empty and is not an SQLite database at all."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return
    except OSError as error:
        raise StorageError(f"Cannot read {path}: {reason(error)}.") from None
    # All zeros: another process is creating it right now; SQLite sorts that out itself.
    if head.strip(b"\0") and head != b"SQLite format 3\x00":
        raise sqlite3.DatabaseError("file is not a database")


def fts_available(db: sqlite3.Connection) -> bool:
    """True when this SQLite has FTS5 with the tokenizer the index needs."""
    try:
        db.execute(f'CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x, tokenize="{TOKENIZER}")')
        db.execute("DROP TABLE temp.fts_probe")
    except sqlite3.Error:
        log.warning("SQLite has no FTS5 here: the library falls back to substring search")
        return False
    return True
