"""How well "papers like this" and "like your bookmarks" find a paper's own topic: precision
at 5 on 360 papers of 12 known topics (`support.topic_papers`), measured, not assumed.

The figures are printed (`pytest -s`) and must stay at or above `GOAL`.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

import pytest
from support.topic_papers import DAYS, FIRST_DAY, TOPICS, topic_papers

from paperreader.storage.library import Library
from paperreader.storage.library.similar import like_paper, like_profile

GOAL = 0.8
"""The precision at 5 both rankings must reach."""
SPLIT = FIRST_DAY + timedelta(days=DAYS // 2)
"""Bookmarks are taken from before this day, and ranked papers from it on."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    papers = topic_papers()
    library = Library(tmp_path_factory.mktemp("similar") / "library.sqlite3")
    ordered = sorted((p for _, p in papers), key=lambda p: str(p.daily_date))
    for day, group in groupby(ordered, key=lambda p: p.daily_date):
        library.add_papers(list(group), day=day, complete=True)
    topic_of = {paper.id: topic for topic, paper in papers}
    yield library, papers, topic_of
    library.close()


def test_the_corpus_is_big_enough_and_labelled(corpus):
    library, papers, topic_of = corpus
    assert library.count() == len(papers) == 360
    assert set(topic_of.values()) == set(TOPICS)


def test_papers_like_this_find_their_own_topic(corpus):
    library, papers, topic_of = corpus
    precisions = []
    for topic, paper in papers:
        hits = like_paper(library, paper.id, limit=5)
        assert len(hits) == 5
        assert paper.id not in {hit.paper.id for hit in hits}
        precisions.append(sum(topic_of[hit.paper.id] == topic for hit in hits) / 5)
    precision = sum(precisions) / len(precisions)
    print(f"\nsimilar: precision@5 = {precision:.3f} over {len(precisions)} papers")
    assert precision >= GOAL


def test_each_hit_gives_a_word_it_shares_with_the_paper(corpus):
    library, papers, _ = corpus
    _, paper = papers[0]
    for hit in like_paper(library, paper.id, limit=5):
        text = f"{hit.paper.title} {hit.paper.summary} {' '.join(hit.paper.ai_keywords)}"
        assert hit.reason in text.lower()


def _profile_precision(library, papers, topic_of, topics, tagged):
    older = [p for t, p in papers if t in topics and p.daily_date < SPLIT]
    bookmarks = [(p, 2.0 if i in tagged else 1.0) for i, p in enumerate(older[: 4 * len(topics)])]
    hits = like_profile(library, bookmarks, SPLIT.isoformat(), limit=5)
    assert len(hits) == 5
    assert all(hit.paper.daily_date >= SPLIT for hit in hits)
    assert not {hit.paper.id for hit in hits} & {p.id for p, _ in bookmarks}
    return sum(topic_of[hit.paper.id] in topics for hit in hits) / 5


def test_papers_like_the_bookmarks_are_of_the_bookmarked_topics(corpus):
    library, papers, topic_of = corpus
    single = [_profile_precision(library, papers, topic_of, {t}, {0}) for t in TOPICS]
    names = list(TOPICS)
    pairs = [
        _profile_precision(library, papers, topic_of, {a, b}, {0, 1})
        for a, b in zip(names[::2], names[1::2], strict=True)
    ]
    one, two = sum(single) / len(single), sum(pairs) / len(pairs)
    print(f"\nbookmarks: precision@5 = {one:.3f} (one topic, 12 profiles), "
          f"{two:.3f} (two topics, 6 profiles)")  # fmt: skip
    assert one >= GOAL
    assert two >= GOAL
