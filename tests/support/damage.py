"""Damaging a paper library the way a failing disk does: bytes of one table's page overwritten.

`leaf_pages` finds where a table's rows live (SQLite's dbstat), `damage` overwrites bytes of
one of those pages with fixed noise, on a closed library file (no -wal beside it).
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

PAGE_HEADER = 8
"""Bytes of a leaf page's header: damage starts after it, in the cell pointers and cells."""


def leaf_pages(path: Path, table: str) -> list[int]:
    """The leaf pages of `table` (or index) in the library file, in key order."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
            (table,),
        ).fetchall()
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
    finally:
        db.close()
    assert rows, f"{table} has no leaf page in {path}"
    assert page_size == 4096
    return [row[0] for row in rows]


def damage(
    path: Path, table: str, size: int = 200, *, which: int | None = None, at: int = PAGE_HEADER
) -> int:
    """Overwrite `size` bytes of one leaf page of `table` (the middle one, or `which`) with
    fixed noise, from byte `at` of the page (negative: from its end); the page's number.

    At the start of a page the noise hits the cell pointers, so the page's rows are lost to
    SQLite; at its end it hits the last cells' contents, which SQLite may read as values.
    """
    assert not Path(f"{path}-wal").exists(), "close the library first"
    pages = leaf_pages(path, table)
    page = pages[len(pages) // 2 if which is None else which]
    noise = random.Random(page).randbytes(size)
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * 4096 + (at if at >= 0 else 4096 + at))
        handle.write(noise)
    return page
