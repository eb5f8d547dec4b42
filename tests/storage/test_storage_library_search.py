"""Searching the paper library: ranking, filters, the query language, text, highlighting."""

from __future__ import annotations

import pytest
from support.library_papers import ids, make, marked

from paperreader.domain.models import Organization
from paperreader.storage.library import Library, highlight, highlighting, parse_query, search

# ------------------------------------------------------------------------------ ranking


@pytest.fixture(params=["exact", "tiered"])
def ranking(request, monkeypatch):
    """Rank with bm25 exactly, and with the cheap tiered order used for big match sets."""
    if request.param == "tiered":
        monkeypatch.setattr(search, "EXACT_RANK_LIMIT", 0)
    return request.param


@pytest.mark.parametrize("dense", [False, True])
def test_a_title_match_beats_an_abstract_only_match(library, ranking, dense, monkeypatch):
    if dense:
        monkeypatch.setattr(search, "DENSE", 0.0)  # walk the indexes instead
    in_abstract = make(
        "Routing Tokens Efficiently",
        summary="Sparse sparse sparse: a sparse model, sparsely gated and sparse.",
        upvotes=900,
    )
    in_title = make("Sparse Attention for Long Documents", upvotes=3)
    library.add_papers([in_abstract, in_title] + [make(f"Filler {n}") for n in range(20)])
    result = library.search("sparse")
    assert ids(result) == [in_title.id, in_abstract.id]
    assert result.total == 2
    assert marked(result.hits[0]) == ["Sparse"]
    assert marked(result.hits[1]) == []
    assert result.hits[0].score >= result.hits[1].score


def test_equal_matches_are_ordered_by_upvotes(library, ranking):
    papers = [make("Graph Reasoning", upvotes=n) for n in (5, 50, 0, 20)]
    library.add_papers(papers)
    assert [h.paper.upvotes for h in library.search("graph").hits] == [50, 20, 5, 0]


def test_every_word_must_match_and_total_counts_all(either):
    either.add_papers(
        [
            make("Diffusion Models for Audio"),
            make("Diffusion Policies", summary="Robots learn from audio cues."),
            make("Audio Tokenizers"),
        ]
        + [make(f"Diffusion Variant {n}", summary="audio") for n in range(5)]
    )
    result = either.search("diffusion audio", limit=3)
    assert result.total == 7
    assert len(result.hits) == 3
    assert result.terms == ("diffusion", "audio")
    assert either.search("diffusion audio tokenizers").total == 0


def test_the_last_word_matches_as_a_prefix_while_typing(library):
    library.add_papers([make("Diffusion Transformers"), make("Different Views"), make("D")])
    assert library.search("diffu").total == 1
    assert library.search("dif").total == 2
    assert marked(library.search("diffu").hits[0]) == ["Diffusion"]
    # a finished word (followed by a space) is a whole word; so are the earlier words
    assert library.search("diffu ").total == 0
    assert library.search("diffu transformers").total == 0
    assert library.search("diffusion transf").total == 1
    # one letter is not a prefix yet: it would match nearly everything
    assert ids(library.search("d")) == [p.id for p in library.recent() if p.title == "D"]


def test_without_fts_words_match_as_substrings(tmp_path):
    with Library(tmp_path / "library.sqlite3", use_fts=False) as store:
        store.add_papers([make("Diffusion Transformers"), make("Different Views")])
        assert store.search("diffu ").total == 1
        assert store.search("ffer").total == 1
        assert store.search("dif").total == 2
        assert store.search("views diffe").total == 1
        assert store.search("diffusion views").total == 0


def test_quoted_phrases_match_words_in_order(either):
    right = make("A Mixture of Experts Router")
    wrong = make("Experts in a Mixture")
    either.add_papers([right, wrong])
    result = either.search('"mixture of experts"')
    assert ids(result) == [right.id]
    assert marked(result.hits[0]) == ["Mixture of Experts"]
    assert result.terms == ("mixture of experts",)
    assert either.search("mixture experts").total == 2


def test_authors_organisations_and_keywords_are_searched(either):
    paper = make(
        "Untitled Work",
        authors=("Grace Hopper", "Edsger Dijkstra"),
        org=Organization("tiny-ai", "Tiny AI Research"),
        keywords=("compilers",),
    )
    either.add_papers([paper, make("Other")])
    for query in ("hopper", "dijkstra", "tiny", "research", "compilers"):
        assert ids(either.search(query)) == [paper.id], query


# ------------------------------------------------------------------------------ filters


@pytest.fixture
def filtered(either):
    papers = {
        "a": make(
            "Alpha",
            authors=("Ada Lovelace", "Alan Turing"),
            org=Organization("example-lab", "Example Lab"),
            day="2024-03-04",
            upvotes=10,
            github="https://github.com/x/alpha",
            comments=0,
        ),
        "b": make(
            "Beta",
            authors=("Grace Hopper",),
            org=Organization("tiny-ai", "Tiny AI Research"),
            day="2025-05-06",
            upvotes=120,
            project="https://example.org/beta",
            comments=7,
        ),
        "c": make("Gamma", authors=("Ada Byron",), day="2025-11-12", upvotes=50, comments=2),
        "d": make(
            "Delta",
            authors=("Donald Knuth",),
            day="2026-01-05",
            published="2025-12-30",
            upvotes=0,
            github="https://github.com/x/delta",
            project="https://example.org/delta",
        ),
    }
    either.add_papers(papers.values())
    return either, {key: p.id for key, p in papers.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("author:ada", "ca"),  # newest first when there are only filters
        ("author:lovelace", "a"),
        ('author:"ada love"', "a"),
        ("author:hop", "b"),
        ("org:example-lab", "a"),
        ("org:tiny", "b"),
        ('org:"Tiny AI"', "b"),
        ("year:2025", "dcb"),  # d was published in 2025, listed in 2026
        ("year:2024-2025", "dcba"),
        ("year:>=2025", "dcb"),
        ("year:<2025", "a"),
        ("upvotes:>50", "b"),
        ("upvotes:>=50", "cb"),
        ("upvotes:<10", "d"),
        ("upvotes:<=10", "da"),
        ("upvotes:50", "cb"),
        ("comments:>1", "cb"),
        ("has:code", "da"),
        ("has:project", "db"),
        ("has:code has:project", "d"),
        ("author:ada year:2025", "c"),
        ("author:ada upvotes:>20", "c"),
        ("alpha has:code", "a"),
        ("beta has:code", ""),
        ("", "dcba"),
    ],
)
def test_filters_narrow_the_search(filtered, query, expected):
    store, key = filtered
    result = store.search(query)
    assert ids(result) == [key[k] for k in expected]
    assert result.total == len(expected)
    words = tuple(w for w in query.split() if ":" not in w and '"' not in w)
    assert result.terms == words


@pytest.fixture
def varied(library):
    """Enough papers, with words, filters and authors spread across them, to rank and count."""
    words = ("graph", "neural", "graphs", "network", "sparse")
    papers = [
        make(
            " ".join(words[(n + k) % len(words)] for k in range(1 + n % 4)).title() + f" {n}",
            summary=f"A study of {words[n % 3]} methods and {words[(n + 2) % 5]} models.",
            authors=("Ada Lovelace",) if n % 3 == 0 else ("Alan Turing", "Grace Hopper"),
            day=f"{2024 + n % 3}-0{1 + n % 9}-1{n % 10}",
            upvotes=(n * 37) % 101,
            github="https://github.com/x/y" if n % 2 else None,
            project="https://example.org/p" if n % 5 == 0 else None,
            comments=n % 4,
        )
        for n in range(80)
    ]
    library.add_papers(papers)
    return library


@pytest.mark.parametrize("exact", [True, False])
def test_query_plans_never_change_results(varied, exact, monkeypatch):
    """Walking an index or joining every match, a plan is chosen for speed only."""
    if not exact:
        monkeypatch.setattr(search, "EXACT_RANK_LIMIT", 0)
    queries = (
        "graph",
        "graph neural",
        "gra",
        "graph upvotes:>30",
        "graph year:2025",
        "neural has:code",
        "has:project year:2024-2025 net",
        "sparse comments:>1 upvotes:<60",
        "author:ada",
        "author:ada year:2024",
        "author:turing upvotes:>=40 has:code",
        "graph author:hopper",
    )

    def results() -> list[tuple[list[str], list[float], int]]:
        found = [varied.search(query, limit=7) for query in queries]
        return [(ids(r), [h.score for h in r.hits], r.total) for r in found]

    monkeypatch.setattr(search, "DENSE", 0.0)  # always walk the indexes
    walked = results()
    monkeypatch.setattr(search, "DENSE", float("inf"))  # always join the matches
    joined = results()
    assert walked == joined
    assert all(total for _, _, total in walked)
    assert any(total > 7 for _, _, total in walked)


def test_query_parsing():
    query = parse_query('author:"ada love" year:2024-2025 upvotes:>10 has:code "mixture of" expe')
    assert [(t.text, t.tokens, t.prefix) for t in query.terms] == [
        ("mixture of", ("mixture", "of"), False),
        ("expe", ("expe",), True),
    ]
    assert [a.tokens for a in query.authors] == [("ada", "love")]
    assert (query.year_min, query.year_max, query.upvotes_min) == (2024, 2025, 11)
    assert query.has_code and not query.has_project
    # unknown fields and stray quotes are just words (a bad value is an error)
    assert [t.text for t in parse_query("title:* arxiv:2401").terms] == ["title:*", "arxiv:2401"]
    assert [t.tokens for t in parse_query('"unbalanced quote').terms] == [
        ("unbalanced",),
        ("quote",),
    ]
    assert parse_query("author:").authors == ()  # still being typed: no filter yet
    assert not parse_query("   ").terms


# ------------------------------------------------------------------------------ text


def test_accents_case_and_width_do_not_matter(either):
    cafe = make("Café Crème: Brûlée Attention", authors=("Zoë Lefèvre",))
    either.add_papers([cafe, make("Cafeteria Menus")])
    fullwidth = "\uff43\uff41\uff46\uff45"
    for query in ("cafe", "CAFÉ", "creme", "brulee", "lefevre", "zoe", fullwidth):
        result = either.search(query + " ")  # whole words (substrings without FTS5)
        assert cafe.id in ids(result), query
        if either.full_text:
            assert ids(result) == [cafe.id], query
    hit = next(h for h in either.search("cafe ").hits if h.paper.id == cafe.id)
    assert marked(hit) == ["Café"]
    assert marked(either.search("brulee").hits[0]) == ["Brûlée"]


def test_cjk_titles_match_by_substring_and_highlight(either):
    chinese = make("大型语言模型的推理能力", summary="研究语言模型。")
    japanese = make("日本語の大規模言語モデル")
    korean = make("한국어 언어 모델 평가")
    either.add_papers([chinese, japanese, korean, make("English Only")])
    result = either.search("语言模型")
    assert ids(result) == [chinese.id]
    assert marked(result.hits[0]) == ["语言模型"]
    assert ids(either.search("言語モデル")) == [japanese.id]
    assert ids(either.search("언어")) == [korean.id]
    assert ids(either.search("모델 평가")) == [korean.id]
    assert either.search("模型语言").total == 0  # a phrase, not a bag of characters


def test_emoji_can_be_searched_for(either):
    rocket = make("🚀 Rocket-Fast Decoding", summary="Speculative 🚀 decoding.")
    either.add_papers([rocket, make("Plain Decoding")])
    result = either.search("🚀")
    assert ids(result) == [rocket.id]
    assert marked(result.hits[0]) == ["🚀"]
    assert either.search("decoding").total == 2


MARKUP_TITLES = [
    "Why [bold]Markup[/bold] Must Stay Literal",
    "Clicking [@click=app.quit]Here[/] Quits Nothing",
    "Robert'); DROP TABLE papers;-- Injection",
    'Quotes " and NEAR(a b) * AND OR NOT ^x col:val {fts_title}',
    "100% of _under_scores \\ and back\\slashes",
]


@pytest.mark.parametrize(
    "query",
    [
        '" OR 1=1 --',
        "title:*",
        "*",
        '"unbalanced',
        "NEAR(a b)",
        "a AND OR NOT",
        "^start",
        "fts_title:drop",
        "{fts_title}:x",
        "'); DROP TABLE papers;--",
        '"" ""',
        "%",
        "_",
        "\\",
        "col:val",
        "x" * 300,
        "\x00\x1b[31m",
    ],
)
def test_syntax_in_queries_is_only_ever_words(either, query):
    either.add_papers(make(title) for title in MARKUP_TITLES)
    result = either.search(query)  # never raises, never runs anything
    for hit in result.hits:
        assert "".join(span.text for span in hit.title_spans) == hit.paper.title
    assert either.count() == len(MARKUP_TITLES)


def test_markup_and_sql_looking_text_is_found_and_shown_literally(either):
    either.add_papers(make(title) for title in MARKUP_TITLES)
    for query, title in (
        ("[bold]", MARKUP_TITLES[0]),
        ("click app quit", MARKUP_TITLES[1]),
        ("drop table papers", MARKUP_TITLES[2]),
        ("NEAR", MARKUP_TITLES[3]),
        ("under_scores", MARKUP_TITLES[4]),
        ('" OR 1=1 --', None),
    ):
        result = either.search(query)
        assert [h.paper.title for h in result.hits] == ([title] if title else []), query
        for hit in result.hits:
            assert hit.paper.title == title
            assert "".join(span.text for span in hit.title_spans) == title
            assert hit.paper.highlighted_title == hit.title_spans
            assert any(span.highlight for span in hit.title_spans)
    bold = either.search("bold").hits[0]
    assert marked(bold) == ["bold", "bold"]  # the word, inside the brackets, as text


def test_highlight_spans_always_join_to_the_title(either):
    titles = [
        "GPT模型 and 🚀s: Ünïcödé "
        "\uff26\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48 ﬁne-tuning",
        "e\u0301tude de\u0301compose\u0301e",  # decomposed accents
        "ß-Straße İstanbul",
        "  spaced   out  ",
    ]
    either.add_papers(make(title) for title in titles if title.strip())
    for query in ("fine", "etude", "strasse", "istanbul", "unicode", "fullwidth", "gpt", "模型"):
        result = either.search(query)
        assert result.total >= 1, query
        for hit in result.hits:
            assert "".join(span.text for span in hit.title_spans) == hit.paper.title
            assert marked(hit), query


def test_highlight_helper_for_other_text():
    spans = highlight("Sparse mixtures of sparse experts", '"sparse experts" mix')
    assert [(s.text, s.highlight) for s in spans] == [
        ("Sparse ", False),
        ("mixtures", True),
        (" of ", False),
        ("sparse experts", True),
    ]
    assert highlight("", "x") == ()
    assert [s.text for s in highlight("Nothing here", "absent")] == ["Nothing here"]


def test_ascii_titles_highlight_as_word_by_word():
    """The one-expression path for ASCII titles marks exactly the words the index matches."""
    titles = [
        "Models model MODEL-based remodel 3D-model x2model model3 mode",
        "Graph_Neural (graph) graphs: GRAPH's a+b graph-of-graphs",
        "",
        "No match at all",
    ]
    for query in ("model", "mod", "3d", "graph", "graphs ", "a b", "model graph", "zz", "café"):
        terms = parse_query(query).terms or highlighting.NO_TERMS
        fast = highlighting.Highlighter(terms)
        slow = highlighting.Highlighter(terms)
        slow.pattern = None  # word by word, as for any other title
        for title in titles:
            assert fast(title) == slow(title), (query, title)
    marked_words = highlighting.highlight_terms(titles[0], parse_query("mod").terms)
    assert [s.text for s in marked_words if s.highlight] == [
        "Models",
        "model",
        "MODEL",
        "model",
        "model3",
        "mode",
    ]
