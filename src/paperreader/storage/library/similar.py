"""Papers like a paper, and papers like a reader's bookmarks: ranked by the library's FTS5.

No index of its own, so nothing to keep up to date: the words that set a paper apart are
weighed by TF-IDF (how often the paper uses them, and how few papers do, read from the FTS5
index's own vocabulary), and the few best become one FTS5 query, any of them matching, that
bm25 ranks (title weighted above the abstract). A profile of the bookmarks is the same
query built from the bookmarked papers' words together. Each hit says which of those words
it shares, the weightiest first, as its reason.

`bench/similar.py` times it at 50,000 papers; `tests/storage/test_similar_quality.py` measures
its precision on papers of known topics.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from paperreader.domain.errors import StorageError
from paperreader.domain.models import Paper
from paperreader.storage.library.folding import fold, words
from paperreader.storage.library.rows import decode
from paperreader.storage.library.store import Library

TERMS_PER_PAPER = 8
"""Words of a paper the query for papers like it is made of."""
PROFILE_TERMS = 16
"""Words of the bookmarks' profile."""
CANDIDATES = 40
"""Words of a paper whose rarity is looked up (its most used ones): each costs a lookup."""
COMMON_SHARE = 0.1
"""A word in more than this share of the papers (and in more than `COMMON_FLOOR`) sets none
apart, and matching it would make every query slow."""
COMMON_FLOOR = 200
FIELD_WEIGHTS = (3.0, 1.0, 2.0)
"""How much a word counts in the title, the abstract (with the AI summary), the keywords."""
RANK_WEIGHTS = "10.0, 1.0, 4.0, 3.0, 3.0"
"""bm25 weights of the index's columns (title, abstract, authors, org, keywords), as search."""
_COLUMNS = "{fts_title fts_abstract fts_keywords}"
_STOP_WORDS = (
    # English words that carry no topic
    "about above after again against all also among and any are around because been before "
    "being below between both but can could did does doing down during each either even "
    "every few for from further had has have having here how however into its itself just "
    "less many may might more most much must not now off once only other our ours out over "
    "own same should since some such than that the their theirs them then there these they "
    "this those through thus too under until upon very via was were what when where whether "
    "which while who whom why will with within without would yet you your "
    # the words every abstract is made of, whatever its topic
    "able achieve achieves achieving across addition additionally allows analyse analysis "
    "analyze approach approaches art available based behavior behaviour benchmark benchmarks "
    "better challenge challenges choices code compared compute consistently current data "
    "demonstrate demonstrates design designed despite different direction effective "
    "effectiveness efficient enable enables existing expected experiments extensive "
    "facilitate fewer findings framework frameworks further future given help high however "
    "improve improved improvement improvements improves including introduce introduces key "
    "large leading leverage leverages lower make matter method methods model models moreover "
    "need novel often outperforms paper parameters particular performance potential prior "
    "problem propose proposed provide provides publicly quality recent release released "
    "remains requiring research result results several show shows significant significantly "
    "simple state strong study suggest superior system systems task tasks techniques two "
    "use used using various well wide widely work works"
)
_STOP = frozenset(_STOP_WORDS.split())
"""English words too plain to say anything, left out before their rarity is looked up."""


@dataclass(frozen=True, slots=True)
class SimilarPaper:
    """A paper found like another (or like the bookmarks), and the word they share most."""

    paper: Paper
    score: float
    """bm25 (negated, higher is closer)."""
    reason: str
    """The weightiest word they share, as the index folds it."""


def paper_words(paper: Paper) -> dict[str, float]:
    """The words of a paper's title, abstract and keywords, each counted by where it is."""
    abstract = paper.summary + ("\n" + paper.ai_summary if paper.ai_summary else "")
    return _counted((fold(paper.title), fold(abstract), fold(" ".join(paper.ai_keywords))))


def _counted(texts: tuple[str, str, str]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for text, weight in zip(texts, FIELD_WEIGHTS, strict=True):
        for word in words(text):
            if len(word) > 2 and not word.isdigit() and word not in _STOP:
                counts[word] = counts.get(word, 0.0) + weight
    return counts


def like_paper(library: Library, paper_id: str, limit: int = 10) -> list[SimilarPaper]:
    """The papers most like `paper_id`, best first; StorageError without FTS5, KeyError when
    the library does not hold the paper."""
    _need_fts(library)

    def read(db: sqlite3.Connection) -> list[SimilarPaper]:
        row = db.execute(
            "SELECT p.pk, t.fts_title, t.fts_abstract, t.fts_keywords FROM papers p "
            "JOIN paper_text t ON t.pk = p.pk WHERE p.id = ?",
            (paper_id,),
        ).fetchone()
        if row is None:
            raise KeyError(paper_id)
        terms = _distinctive(db, _counted(row[1:]), TERMS_PER_PAPER, least=2)
        return _ranked(db, terms, limit, exclude=[paper_id])

    result: list[SimilarPaper] = library.run_read(read)
    return result


def like_profile(
    library: Library,
    papers: Iterable[tuple[Paper, float]],
    since: str,
    limit: int = 20,
) -> list[SimilarPaper]:
    """The papers of days from `since` (ISO) on closest to the profile of `papers` (each with
    its weight), best first, the profile's own papers left out; StorageError without FTS5."""
    _need_fts(library)
    profile: dict[str, float] = {}
    own: list[str] = []
    for paper, weight in papers:
        own.append(paper.id)
        counts = paper_words(paper)
        total = sum(counts.values()) or 1.0
        for word, count in counts.items():  # each paper counts alike, however long it is
            profile[word] = profile.get(word, 0.0) + weight * count / total
    if not profile:
        return []

    def read(db: sqlite3.Connection) -> list[SimilarPaper]:
        terms = _distinctive(db, profile, PROFILE_TERMS, least=1)
        return _ranked(db, terms, limit, exclude=own, since=since)

    result: list[SimilarPaper] = library.run_read(read)
    return result


def _need_fts(library: Library) -> None:
    if not library.full_text:
        raise StorageError(
            "Finding papers alike needs SQLite's full-text search (FTS5), "
            "which this Python does not have."
        )


def _distinctive(
    db: sqlite3.Connection, counts: Mapping[str, float], k: int, least: int
) -> list[tuple[str, float]]:
    """The `k` words of `counts` that weigh most by TF-IDF, heaviest first; words in fewer
    than `least` papers (only this one) or in too many are left out."""
    total = db.execute("SELECT max(pk) FROM papers").fetchone()[0] or 1
    common = int(max(COMMON_SHARE * total, COMMON_FLOOR))
    candidates = sorted(counts, key=lambda w: (-counts[w], w))[:CANDIDATES]
    weighed = []
    for word in candidates:
        # Counted no further than `common`: a common word costs no more than a rare one.
        df = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)",
            (_COLUMNS + " : " + _quoted(word), common + 1),
        ).fetchone()[0]
        if df < least or df > common:
            continue
        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        weighed.append((word, counts[word] * idf))
    weighed.sort(key=lambda item: (-item[1], item[0]))
    return weighed[:k]


def _ranked(
    db: sqlite3.Connection,
    terms: list[tuple[str, float]],
    limit: int,
    exclude: list[str],
    since: str | None = None,
) -> list[SimilarPaper]:
    """The best `limit` papers for any of `terms` by bm25, but for the ids in `exclude`, of
    days from `since` on when given."""
    if not terms:
        return []
    match = _COLUMNS + " : (" + " OR ".join(_quoted(w) for w, _ in terms) + ")"
    score = f"-bm25(papers_fts, {RANK_WEIGHTS})"
    marks = ", ".join("?" * len(exclude))
    if since is None:  # the index alone, no join: the cheapest plan when every paper counts
        pks = [pk for (pk,) in db.execute(f"SELECT pk FROM papers WHERE id IN ({marks})", exclude)]
        sql = (
            f"SELECT rowid, {score} AS score FROM papers_fts WHERE papers_fts MATCH ? "
            f"AND rowid NOT IN ({', '.join('?' * len(pks))}) ORDER BY score DESC, rowid DESC "
            "LIMIT ?"
        )
        args: list[object] = [match, *pks, max(1, limit)]
    else:
        sql = (
            f"SELECT p.pk, {score} AS score FROM papers_fts JOIN papers p "
            "ON p.pk = papers_fts.rowid WHERE papers_fts MATCH ? AND p.daily_date >= ? "
            f"AND p.id NOT IN ({marks}) ORDER BY score DESC, p.upvotes DESC, p.pk DESC LIMIT ?"
        )
        args = [match, since, *exclude, max(1, limit)]
    ranked = db.execute(sql, args).fetchall()
    if not ranked:
        return []
    marks = ", ".join("?" * len(ranked))
    texts = {
        pk: rest
        for pk, *rest in db.execute(
            "SELECT pk, record, fts_title, fts_abstract, fts_keywords FROM paper_text "
            f"WHERE pk IN ({marks})",
            [pk for pk, _ in ranked],
        )
    }
    found = []
    for pk, score in ranked:
        record, *text = texts.get(pk, ("", "", "", ""))
        paper = decode(record)
        if paper is not None:
            found.append(SimilarPaper(paper, float(score), _reason(terms, text)))
    return found


def _reason(terms: list[tuple[str, float]], texts: list[str]) -> str:
    """The weightiest of `terms` that the texts hold."""
    present = set(words(" ".join(texts)))
    return next((word for word, _ in terms if word in present), terms[0][0])


def _quoted(word: str) -> str:
    """A folded word as an FTS5 string, so never syntax."""
    return '"' + word.replace('"', '""') + '"'
