"""Searching the library: FTS5 with bm25 ranking, or substring matching where FTS5 is missing.

- User text never reaches SQL or FTS syntax: every search word becomes a quoted FTS string
  made only of word characters, and filters are bound parameters.
- Ranking: papers whose title holds every word come first, then the rest; bm25 orders
  each tier (title weighted highest), upvotes break ties. Query plans are picked by how
  many papers match, so a search stays within tens of milliseconds at 50,000 papers
  (`bench/library_search.py`).
- Without FTS5 (a Python built against a stripped SQLite) search falls back to substring
  matching with LIKE over the same folded columns; `FALLBACK_NOTE` says so.

Each strategy returns (pk, score) pairs, best first, and how many papers matched in all.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from paperreader.storage.library.query import LibraryQuery, Term
from paperreader.storage.library.schema import FTS_COLUMNS

WEIGHTS = (10.0, 1.0, 4.0, 3.0, 3.0)
"""bm25 weights of title, abstract (with the AI summary), authors, organisation, keywords."""
FALLBACK_NOTE = (
    "Full-text search (SQLite FTS5) is not available in this Python, so the library is "
    "searched by simple substring matching: slower, and ranked more roughly."
)


def _filter_sql(query: LibraryQuery, like_names: bool) -> tuple[list[str], list[Any]]:
    """WHERE conditions on `p` (papers) for the filters; bound values, never text."""
    where: list[str] = []
    args: list[Any] = []
    for column, low, high in (
        ("p.year", query.year_min, query.year_max),
        ("p.upvotes", query.upvotes_min, query.upvotes_max),
        ("p.num_comments", query.comments_min, query.comments_max),
    ):
        if low is not None:
            where.append(f"{column} >= ?")
            args.append(low)
        if high is not None:
            where.append(f"{column} <= ?")
            args.append(high)
    if query.has_code:
        where.append("p.has_code = 1")
    if query.has_project:
        where.append("p.has_project = 1")
    if like_names:
        for column, terms in (("t.fts_authors", query.authors), ("t.fts_org", query.orgs)):
            for term in terms:
                where.append(f"{column} LIKE ? ESCAPE '\\'")
                args.append(_like_pattern(term))
    return where, args


NEWEST = "p.daily_date DESC, p.upvotes DESC, p.pk DESC"
"""Newest first (papers without a feed date last: SQLite sorts NULL lowest)."""
_BY_TITLE = "p.title_words, p.upvotes DESC, p.pk DESC"
_BY_UPVOTES = "p.upvotes DESC, p.pk DESC"
_ORDER_INDEX = {
    NEWEST: "papers_newest",
    _BY_TITLE: "papers_title_rank",
    _BY_UPVOTES: "papers_upvotes",
}
EXACT_RANK_LIMIT = 1500
"""Matches up to which FTS5's bm25 ranks them exactly (it costs a few microseconds a row)."""
DENSE = 0.05
"""Above this share of the library, a match set is walked in index order instead of sorted."""
_K1, _B = 1.2, 0.75
"""FTS5's bm25 constants."""


class _Planner:
    """Runs one search's queries, choosing per step between two plans by match density.

    A sparse match set (a rare word) is cheapest to walk in FTS order, joining each match to
    its row and sorting. A dense one (a word in half the papers) is cheapest the other way
    round: walk the papers in the wanted order along an index, keep those in the match set,
    stop at `limit`. Either way no step touches much more than `limit` rows or the matches.
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        where: list[str],
        args: list[Any],
        stats: Callable[[], tuple[int, float]],
        indexed: bool = False,
    ) -> None:
        """`indexed`: a filter an index can range over (upvotes at least N, `papers_upvotes`)."""
        self.db = db
        self.where = where
        self.args = args
        self.indexed = indexed
        self.stats = stats
        self.size = db.execute("SELECT max(pk) FROM papers").fetchone()[0] or 0

    def fts_count(self, match: str) -> int:
        """Matches in the index alone, filters left out (cheap: no row is read)."""
        return self.db.execute(
            "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (match,)
        ).fetchone()[0]

    def dense(self, count: int) -> bool:
        return count > DENSE * self.size

    def count(self, match: str, fts_count: int) -> int:
        """Matches that also pass the filters.

        Scanning the papers costs more than joining each match to its row unless an index
        skips most of them: without one (a year or has: filter) the scan reads the whole
        table, slower than the join even when every paper matches.
        """
        if not self.where:
            return fts_count
        conditions = " AND ".join(self.where)
        if self.indexed and self.dense(fts_count):
            sql = (
                f"SELECT count(*) FROM papers p WHERE {conditions} AND +p.pk IN "
                "(SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"
            )
            return self.db.execute(sql, [*self.args, match]).fetchone()[0]
        sql = (
            "SELECT count(*) FROM papers_fts JOIN papers p ON p.pk = papers_fts.rowid "
            f"WHERE papers_fts MATCH ? AND {conditions}"
        )
        return self.db.execute(sql, [match, *self.args]).fetchone()[0]

    def ranked(self, match: str, limit: int) -> list[tuple[int, float]]:
        """The best `limit` matches by bm25 (title weighted highest), then upvotes."""
        weights = ", ".join(str(w) for w in WEIGHTS)
        conditions = " AND ".join(["papers_fts MATCH ?", *self.where])
        sql = (
            f"SELECT p.pk, -bm25(papers_fts, {weights}) AS score FROM papers_fts "
            f"JOIN papers p ON p.pk = papers_fts.rowid WHERE {conditions} "
            "ORDER BY score DESC, p.upvotes DESC, p.pk DESC LIMIT ?"
        )
        return [(pk, float(s)) for pk, s in self.db.execute(sql, [match, *self.args, limit])]

    def ordered(self, match: str, order: str, limit: int, count: int) -> list[tuple[int, int]]:
        """The first `limit` matches in `order`, as (pk, title words).

        `count` is how many matches pass the filters: what an index walk keeps, so a filter
        that drops most of them makes the walk long and joining the matches cheaper.
        """
        if self.dense(count):
            conditions = " AND ".join(
                [*self.where, "+p.pk IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"]
            )
            sql = (
                f"SELECT p.pk, p.title_words FROM papers p INDEXED BY {_ORDER_INDEX[order]} "
                f"WHERE {conditions} ORDER BY {order} LIMIT ?"
            )
            return self.db.execute(sql, [*self.args, match, limit]).fetchall()
        conditions = " AND ".join(["papers_fts MATCH ?", *self.where])
        sql = (
            "SELECT p.pk, p.title_words FROM papers_fts JOIN papers p "
            f"ON p.pk = papers_fts.rowid WHERE {conditions} ORDER BY {order} LIMIT ?"
        )
        return self.db.execute(sql, [match, *self.args, limit]).fetchall()

    def title_scores(
        self, rows: list[tuple[int, int]], term_count: int, matching: int
    ) -> list[tuple[int, float]]:
        """bm25 of the title alone, as FTS5 would give it when every word occurs once."""
        total, average = self.stats()
        idf = max(1e-6, math.log((total - matching + 0.5) / (matching + 0.5)))
        average = average or 1.0
        scored = []
        for pk, size in rows:
            norm = _K1 * (1 - _B + _B * (size or 0) / average)
            scored.append((pk, WEIGHTS[0] * term_count * idf * (_K1 + 1) / (1 + norm)))
        return scored


def search_fts(
    db: sqlite3.Connection,
    query: LibraryQuery,
    limit: int,
    stats: Callable[[], tuple[int, float]],
) -> tuple[list[tuple[int, float]], int]:
    """Rank in two tiers: papers whose title holds every word first, then the others.

    Tier one is ordered by bm25 over the title, tier two by bm25 over every field (title
    weighted highest), ties by upvotes. bm25 costs a few microseconds a row and a common
    word matches most of a large library, so when more than `EXACT_RANK_LIMIT` papers
    match the tiers are ordered without it: tier one by title length (shorter first,
    which is bm25's order when each word occurs once in the title; its scores are that
    bm25, estimated), tier two by upvotes (score 0). Either way a paper whose title holds
    every word ranks above one that only mentions them elsewhere.
    """
    names = []
    for column, terms in (("fts_authors", query.authors), ("fts_org", query.orgs)):
        names += [f"{column} : {_fts_string(replace(t, prefix=True))}" for t in terms]
    where, args = _filter_sql(query, like_names=False)
    if not query.terms and not names:
        return _search_plain(db, where, args, limit)
    plan = _Planner(db, where, args, stats, indexed=query.upvotes_min is not None)
    words_ = [_fts_string(t) for t in query.terms]
    everywhere = " AND ".join(words_ + names)
    matches = plan.fts_count(everywhere)
    total = plan.count(everywhere, matches) if matches else 0
    if not total:
        return [], 0
    if not query.terms:  # only author/org filters: newest first
        return [(pk, 0.0) for pk, _ in plan.ordered(everywhere, NEWEST, limit, total)], total
    in_titles = " AND ".join([f"fts_title : {w}" for w in words_] + names)
    if matches <= EXACT_RANK_LIMIT:  # small: bm25 exactly, title tier then the rest
        hits = plan.ranked(in_titles, limit)
    else:  # the title tier is at most `matches` big: walk it in title-length order
        rows = plan.ordered(in_titles, _BY_TITLE, limit, total)
        hits = plan.title_scores(rows, len(words_), matches)
    if len(hits) < limit and len(hits) < total:
        seen = {pk for pk, _ in hits}
        need = limit + len(hits)
        if matches <= EXACT_RANK_LIMIT:
            rest = plan.ranked(everywhere, need)
        else:
            rest = [(pk, 0.0) for pk, _ in plan.ordered(everywhere, _BY_UPVOTES, need, total)]
        hits += [(pk, score) for pk, score in rest if pk not in seen][: limit - len(hits)]
    return hits, total


def _search_plain(
    db: sqlite3.Connection,
    where: list[str],
    args: list[Any],
    limit: int,
    source: str = "papers p",
) -> tuple[list[tuple[int, float]], int]:
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = db.execute(f"SELECT count(*) FROM {source} {clause}", args).fetchone()[0]
    rows = db.execute(
        f"SELECT p.pk, 0.0 FROM {source} {clause} ORDER BY {NEWEST} LIMIT ?", [*args, limit]
    ).fetchall()
    return [(pk, float(score)) for pk, score in rows], total


_WITH_TEXT = "papers p JOIN paper_text t ON t.pk = p.pk"


def search_like(
    db: sqlite3.Connection, query: LibraryQuery, limit: int
) -> tuple[list[tuple[int, float]], int]:
    """The fallback without FTS5: every word a substring of some folded field."""
    where, args = _filter_sql(query, like_names=True)
    if not query.terms:
        return _search_plain(db, where, args, limit, _WITH_TEXT)
    score_parts: list[str] = []
    score_args: list[Any] = []
    for term in query.terms:
        pattern = _like_pattern(term)
        where.append("(" + " OR ".join(f"t.{c} LIKE ? ESCAPE '\\'" for c in FTS_COLUMNS) + ")")
        args += [pattern] * len(FTS_COLUMNS)
        for column, weight in zip(FTS_COLUMNS, WEIGHTS, strict=True):
            score_parts.append(
                f"(CASE WHEN t.{column} LIKE ? ESCAPE '\\' THEN {weight} ELSE 0 END)"
            )
            score_args.append(pattern)
    clause = " AND ".join(where)
    total = db.execute(f"SELECT count(*) FROM {_WITH_TEXT} WHERE {clause}", args).fetchone()[0]
    rows = db.execute(
        f"SELECT p.pk, {' + '.join(score_parts)} AS score FROM {_WITH_TEXT} WHERE {clause} "
        "ORDER BY score DESC, p.upvotes DESC, p.pk DESC LIMIT ?",
        [*score_args, *args, limit],
    ).fetchall()
    return [(pk, float(score)) for pk, score in rows], total


def _fts_string(term: Term) -> str:
    """A term as an FTS5 string: quoted, made only of word characters, so never syntax."""
    body = " ".join(term.tokens).replace('"', '""')
    return f'"{body}"' + ("*" if term.prefix else "")


def _like_pattern(term: Term) -> str:
    escaped = [re.sub(r"([\\%_])", r"\\\1", token) for token in term.tokens]
    return "%" + "%".join(escaped) + "%"
