"""The papers a watch finds in the library from a day on: its query, by the library's rules.

A watch is a library query (`domain.watches.Watch.query`). It is matched here with the very
pieces `search` builds a search from (the FTS5 strings of its words and names, the SQL of its
filters, or the substring patterns without FTS5), plus one condition on the Daily Papers
day, so a watch finds exactly what `search-local` finds for its query, among that day's papers
and later ones, however many there are.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from paperreader.domain.models import Paper
from paperreader.storage.library.query import LibraryQuery, parse_query
from paperreader.storage.library.rows import decode
from paperreader.storage.library.schema import FTS_COLUMNS
from paperreader.storage.library.search import NEWEST, _filter_sql, _fts_string, _like_pattern
from paperreader.storage.library.store import Library


def searchable(query: str) -> bool:
    """True when a query has a word or a filter to search by (not only punctuation)."""
    parsed = parse_query(query)
    return bool(parsed.terms) or parsed.has_filters


def papers_since(library: Library, query: str, since: str) -> tuple[Paper, ...]:
    """The papers of Daily Papers days from `since` (ISO) on that `query` finds, newest
    first; none for a query with nothing to search by."""
    parsed = parse_query(query)
    if not parsed.terms and not parsed.has_filters:
        return ()
    fts = library.full_text
    rows = library.run_read(lambda db: _matching(db, parsed, since, fts))
    return tuple(p for p in (decode(record) for (record,) in rows) if p is not None)


def _matching(
    db: sqlite3.Connection, query: LibraryQuery, since: str, fts: bool
) -> list[tuple[str]]:
    where, args = _filter_sql(query, like_names=not fts)
    where, args = ["p.daily_date >= ?", *where], [since, *args]
    source = "papers p JOIN paper_text t ON t.pk = p.pk"
    if fts:
        names = [
            f"{column} : {_fts_string(replace(term, prefix=True))}"
            for column, terms in (("fts_authors", query.authors), ("fts_org", query.orgs))
            for term in terms
        ]
        match = " AND ".join([_fts_string(t) for t in query.terms] + names)
        if match:
            where, args = ["p.pk IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)",
                           *where], [match, *args]  # fmt: skip
    else:
        for term in query.terms:
            where.append("(" + " OR ".join(f"t.{c} LIKE ? ESCAPE '\\'" for c in FTS_COLUMNS) + ")")
            args += [_like_pattern(term)] * len(FTS_COLUMNS)
    sql = f"SELECT t.record FROM {source} WHERE {' AND '.join(where)} ORDER BY {NEWEST}"
    return db.execute(sql, args).fetchall()
