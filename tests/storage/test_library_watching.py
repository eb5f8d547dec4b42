"""A watch finds in the library exactly what `search-local` finds for its query, among the
papers of a day and later ones, with FTS5 and without."""

from __future__ import annotations

import pytest
from support.library_papers import make

from paperreader.domain.models import Organization
from paperreader.domain.watches import make_watch
from paperreader.storage.library import Library
from paperreader.storage.library.watching import papers_since, searchable

PAPERS = [
    make("Agents that plan", authors=("Jane Doe", "Bo Li"), day="2026-03-02", upvotes=5),
    make("Agentic search", authors=("Jane Doerr",), day="2026-03-03", github="https://g.it/x"),
    make("Diffusion for video", authors=("Bo Li",), day="2026-03-04",
         org=Organization("allenai", "Ai2"), upvotes=40),
    make("Mixture of experts routing", summary="Sparse experts and agents.", day="2026-03-04"),
    make("Old agents paper", authors=("Jane Doe",), day="2025-01-06"),
]  # fmt: skip
QUERIES = [
    make_watch("author", "Jane Doe").query,
    make_watch("org", "Ai2").query,
    make_watch("query", "agents").query,
    make_watch("query", '"mixture of experts"').query,
    make_watch("query", "search has:code").query,
    make_watch("query", "agent").query,  # the last word may be unfinished, as in search
    make_watch("query", "upvotes:>10").query,
]


@pytest.fixture(params=[True, False], ids=["fts5", "substring"])
def library(request, tmp_path):
    with Library(tmp_path / "library.sqlite3", use_fts=request.param) as library:
        for paper in PAPERS:
            library.add_papers([paper], day=paper.daily_date)
        yield library


@pytest.mark.parametrize("query", QUERIES)
def test_a_watch_finds_what_search_local_finds(library, query):
    everything = papers_since(library, query, "2000-01-01")
    searched = {p.id for p in library.search(query, limit=1000).papers}
    assert {p.id for p in everything} == searched
    assert everything  # each query finds something here: the comparison is not vacuous


def test_only_papers_of_the_day_and_later_newest_first(library):
    found = papers_since(library, make_watch("query", "agent").query, "2026-03-03")
    assert [p.title for p in found] == ["Mixture of experts routing", "Agentic search"]


def test_a_query_with_nothing_to_search_by_finds_nothing(library):
    assert not searchable("?? !!")
    assert searchable("has:code")
    assert papers_since(library, "?? !!", "2000-01-01") == ()
