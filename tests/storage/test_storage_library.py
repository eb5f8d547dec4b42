"""The paper library (archive.py): storing, ranking, filters, highlighting, safety, recovery."""

from __future__ import annotations

import random
import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from paperreader.domain.errors import StorageError
from paperreader.domain.models import Author, Organization, Paper
from paperreader.storage import library as archive_module
from paperreader.storage.library import Library, highlight, parse_query

_serial = iter(range(10_000, 99_999))


def make(
    title: str,
    *,
    summary: str = "An abstract about nothing in particular.",
    authors: tuple[str, ...] = ("Ada Lovelace",),
    day: str = "2025-06-02",
    upvotes: int = 0,
    org: Organization | None = None,
    keywords: tuple[str, ...] = (),
    github: str | None = None,
    project: str | None = None,
    comments: int | None = None,
    published: str | None = None,
    paper_id: str | None = None,
) -> Paper:
    feed = datetime.fromisoformat(day).replace(hour=13, tzinfo=UTC)
    return Paper(
        id=paper_id or f"2506.{next(_serial):05d}",
        title=title,
        summary=summary,
        authors=tuple(Author(name) for name in authors),
        published_at=datetime.fromisoformat(published or day).replace(tzinfo=UTC),
        submitted_on_daily_at=feed,
        upvotes=upvotes,
        num_comments=comments,
        organization=org,
        github_repo=github,
        project_page=project,
        ai_keywords=keywords,
    )


@pytest.fixture
def archive(tmp_path):
    with Library(tmp_path / "library.sqlite3") as store:
        yield store


@pytest.fixture(params=["fts", "like"])
def either(request, tmp_path):
    """An archive with FTS5, and one forced onto the substring fallback."""
    with Library(tmp_path / "library.sqlite3", use_fts=request.param == "fts") as store:
        yield store


def ids(result) -> list[str]:
    return [hit.paper.id for hit in result.hits]


def marked(hit) -> list[str]:
    return [span.text for span in hit.title_spans if span.highlight]


# ------------------------------------------------------------------------------ storing


def test_a_paper_reads_back_as_stored(archive):
    paper = make(
        "Tiny Models Read Papers",
        summary="Line one\nline two.",
        authors=("Ada Lovelace", "Alan Turing"),
        upvotes=12,
        org=Organization("example-lab", "Example Lab"),
        keywords=("tiny", "reading"),
        github="https://github.com/example/tiny",
        project="https://example.org/tiny",
        comments=3,
    )
    paper = replace(paper, ai_summary="Tiny models read.", submitted_by="ada", github_stars=7)
    assert archive.add_papers([paper]) == 1
    assert archive.get(paper.id) == paper
    assert archive.count() == 1
    assert archive.get("2501.99999") is None


def test_newer_copy_wins_but_fields_it_lacks_are_kept(archive):
    daily = make("Sparse Routers", upvotes=5, org=Organization("lab", "The Lab"), comments=4)
    daily = replace(daily, ai_summary="Routers, sparsely.")
    archive.add_papers([daily], day="2025-06-02", complete=True)
    # A search result: more upvotes, but no organisation, comment count or AI summary.
    from_search = Paper(
        id=daily.id, title="Sparse Routers (v2)", summary="New abstract.", upvotes=9
    )
    archive.add_papers([from_search])
    stored = archive.get(daily.id)
    assert stored.title == "Sparse Routers (v2)"
    assert stored.upvotes == 9
    assert stored.summary == "New abstract."
    assert stored.organization == Organization("lab", "The Lab")
    assert stored.ai_summary == "Routers, sparsely."
    assert stored.num_comments == 4
    assert archive.count() == 1
    # the index follows the new text, not the old one
    assert ids(archive.search("v2")) == [daily.id]
    assert archive.search("abstract about nothing").total == 0
    assert ids(archive.search("org:lab")) == [daily.id]


def test_days_are_recorded_only_when_complete(archive):
    archive.add_papers([make("One")], day="2025-06-02")
    assert archive.days_done(date(2025, 6, 1), date(2025, 6, 30)) == set()
    archive.add_papers([make("Two"), make("Three")], day="2025-06-03", complete=True, pages=1)
    archive.add_papers([], day="2025-06-07", complete=True)  # a weekend: no papers, but done
    archive.mark_day(date(2025, 6, 4), 0)
    assert archive.days_done(date(2025, 6, 1), date(2025, 6, 30)) == {
        "2025-06-03",
        "2025-06-04",
        "2025-06-07",
    }
    assert archive.days_done(date(2025, 6, 4), date(2025, 6, 5)) == {"2025-06-04"}
    record = archive.day_records("2025-06-03", "2025-06-03")["2025-06-03"]
    assert (record.papers, record.complete, record.pages) == (2, True, 1)
    assert record.fetched_at is not None


def test_recent_count_and_info(archive):
    old = make("Old", day="2024-01-02", upvotes=100)
    new_low = make("New low", day="2025-02-03", upvotes=1)
    new_high = make("New high", day="2025-02-03", upvotes=50)
    undated = replace(make("No feed date"), submitted_on_daily_at=None)
    archive.add_papers([old, new_low, new_high, undated])
    archive.mark_day("2025-02-03", 2)
    assert [p.title for p in archive.recent()] == ["New high", "New low", "Old", "No feed date"]
    assert len(archive.recent(2)) == 2
    info = archive.info()
    assert (info.papers, info.days, info.first_day, info.last_day) == (
        4,
        1,
        "2024-01-02",
        "2025-02-03",
    )
    assert info.bytes > 0
    assert info.path == archive.path
    assert info.full_text is True


# ------------------------------------------------------------------------------ ranking


@pytest.fixture(params=["exact", "tiered"])
def ranking(request, monkeypatch):
    """Rank with bm25 exactly, and with the cheap tiered order used for big match sets."""
    if request.param == "tiered":
        monkeypatch.setattr(archive_module, "EXACT_RANK_LIMIT", 0)
    return request.param


@pytest.mark.parametrize("dense", [False, True])
def test_a_title_match_beats_an_abstract_only_match(archive, ranking, dense, monkeypatch):
    if dense:
        monkeypatch.setattr(archive_module, "DENSE", 0.0)  # walk the indexes instead
    in_abstract = make(
        "Routing Tokens Efficiently",
        summary="Sparse sparse sparse: a sparse model, sparsely gated and sparse.",
        upvotes=900,
    )
    in_title = make("Sparse Attention for Long Documents", upvotes=3)
    archive.add_papers([in_abstract, in_title] + [make(f"Filler {n}") for n in range(20)])
    result = archive.search("sparse")
    assert ids(result) == [in_title.id, in_abstract.id]
    assert result.total == 2
    assert marked(result.hits[0]) == ["Sparse"]
    assert marked(result.hits[1]) == []
    assert result.hits[0].score >= result.hits[1].score


def test_equal_matches_are_ordered_by_upvotes(archive, ranking):
    papers = [make("Graph Reasoning", upvotes=n) for n in (5, 50, 0, 20)]
    archive.add_papers(papers)
    assert [h.paper.upvotes for h in archive.search("graph").hits] == [50, 20, 5, 0]


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


def test_the_last_word_matches_as_a_prefix_while_typing(archive):
    archive.add_papers([make("Diffusion Transformers"), make("Different Views"), make("D")])
    assert archive.search("diffu").total == 1
    assert archive.search("dif").total == 2
    assert marked(archive.search("diffu").hits[0]) == ["Diffusion"]
    # a finished word (followed by a space) is a whole word; so are the earlier words
    assert archive.search("diffu ").total == 0
    assert archive.search("diffu transformers").total == 0
    assert archive.search("diffusion transf").total == 1
    # one letter is not a prefix yet: it would match nearly everything
    assert ids(archive.search("d")) == [p.id for p in archive.recent() if p.title == "D"]


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
def varied(archive):
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
    archive.add_papers(papers)
    return archive


@pytest.mark.parametrize("exact", [True, False])
def test_query_plans_never_change_results(varied, exact, monkeypatch):
    """Walking an index or joining every match, a plan is chosen for speed only."""
    if not exact:
        monkeypatch.setattr(archive_module, "EXACT_RANK_LIMIT", 0)
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

    monkeypatch.setattr(archive_module, "DENSE", 0.0)  # always walk the indexes
    walked = results()
    monkeypatch.setattr(archive_module, "DENSE", float("inf"))  # always join the matches
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
    # unknown fields, bad values and stray quotes are just words
    assert [t.text for t in parse_query("title:* year:abc has:nothing").terms] == [
        "title:*",
        "year:abc",
        "has:nothing",
    ]
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
        terms = parse_query(query).terms or archive_module._NO_TERMS
        fast = archive_module._Highlighter(terms)
        slow = archive_module._Highlighter(terms)
        slow.pattern = None  # word by word, as for any other title
        for title in titles:
            assert fast(title) == slow(title), (query, title)
    marked_words = archive_module.highlight_terms(titles[0], parse_query("mod").terms)
    assert [s.text for s in marked_words if s.highlight] == [
        "Models",
        "model",
        "MODEL",
        "model",
        "model3",
        "mode",
    ]


def test_record_links_are_checked_as_before():
    """The shortcut for plain links accepts nothing `is_web_url` would refuse."""
    from paperreader.domain.links import is_web_url

    samples = [
        "https://github.com/x/y",
        "http://example.org:8080/p?q=[x]#frag",
        "HTTPS://EXAMPLE.ORG",
        "https://host:/x",
        "https://user:secret@host/",
        "https://host@evil.example/",
        "https://[::1]/x",
        "https://[::1/x",
        "https:///path",
        "https://",
        "ftp://example.org/",
        "https://exa_mple.org/",
        "https://example.org/a b",
        "https://" + "a" * 5000,
        "javascript:alert(1)",
    ]
    rng = random.Random(7)
    alphabet = "htps:/.@[]?#-_ aZ09%"
    samples += [
        "https://" + "".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(3000)
    ]
    for url in samples:
        if url.isprintable() and is_web_url(url):
            assert archive_module._link(url) == url
        else:
            with pytest.raises(ValueError):
                archive_module._link(url)
    assert archive_module._link(None) is None


def test_hits_kept_decoded_follow_every_write(tmp_path):
    """Hits are decoded once and reused only while their stored record is unchanged."""
    path = tmp_path / "library.sqlite3"
    paper = make("Graph Neural Networks", upvotes=1)
    with Library(path) as first, Library(path) as second:
        first.add_papers([paper, make("Other Graphs")])

        def found(store: Library, query: str):
            return next(h for h in store.search(query).hits if h.paper.id == paper.id)

        assert found(first, "neural").paper is found(first, "neural").paper  # decoded once
        first.add_papers([replace(paper, upvotes=5)])  # a write through this connection
        assert found(first, "neural").paper.upvotes == 5
        second.add_papers([replace(paper, upvotes=9, title="Graph Neural Networks, Revised")])
        hit = found(first, "neural")  # a write by another connection (or process)
        assert (hit.paper.upvotes, hit.paper.title) == (9, "Graph Neural Networks, Revised")
        assert marked(hit) == ["Neural"]
        assert marked(found(first, "graph")) == ["Graph"]  # the same paper, marked anew
        assert found(first, "graph").paper.highlighted_title == found(first, "graph").title_spans


@pytest.mark.parametrize("room", [5, 100])
def test_hits_kept_decoded_are_the_hits_decoded_afresh(tmp_path, monkeypatch, room):
    """Searches served partly from kept hits equal the same searches in a fresh Archive."""
    path = tmp_path / "library.sqlite3"
    papers = [make(f"Sparse Graph Topic {n}", upvotes=n) for n in range(12)]
    with Library(path) as store:
        store.add_papers(papers)
    db = sqlite3.connect(path)  # a record that only the careful decoder reads
    db.execute(
        "UPDATE paper_text SET record = replace(record, 'An abstract', 'An\\tabstract') "
        "WHERE pk = (SELECT pk FROM papers WHERE id = ?)",
        (papers[3].id,),
    )
    db.commit()
    db.close()
    monkeypatch.setattr(archive_module, "DECODED_PAPERS", room)  # 5: evicting as it goes
    queries = ("sparse", "graph", "topic", "spa", "sparse graph", '"graph topic"', "graph")
    with Library(path) as warm:
        kept = [warm.search(query) for query in queries]
        assert len(warm._decoded) == min(room, len(papers))
    for query, result in zip(queries, kept, strict=True):
        with Library(path) as cold:
            assert cold.search(query) == result, query
    careful = next(h.paper for h in kept[0].hits if h.paper.id == papers[3].id)
    assert careful.summary != papers[3].summary


# ------------------------------------------------------------------------------ safety


def test_a_corrupt_file_is_moved_aside_and_a_new_library_started(tmp_path):
    path = tmp_path / "library.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    (tmp_path / "library.sqlite3-wal").write_bytes(b"stale wal")
    with Library(path) as store:
        assert store.count() == 0
        store.add_papers([make("Fresh Start")])
        assert store.search("fresh").total == 1
        assert store.problem and "moved to" in store.problem
        moved = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
        (original,) = [p for p in moved if not p.name.endswith("-wal")]
        assert original.name.startswith("library.sqlite3.corrupt-")
        assert original.read_bytes() == garbage  # never deleted, never changed
        assert (tmp_path / (original.name + "-wal")).read_bytes() == b"stale wal"  # kept with it
        assert len(moved) == 2
        assert str(original) in store.problem
        assert store.info().problem == store.problem


def test_an_unrelated_sqlite_file_is_moved_aside_too(tmp_path):
    path = tmp_path / "library.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.execute("INSERT INTO notes VALUES ('keep me')")
    other.commit()
    other.close()
    with Library(path) as store:
        assert store.count() == 0
        assert store.problem
    moved = next(p for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    assert sqlite3.connect(moved).execute("SELECT text FROM notes").fetchall() == [("keep me",)]


def test_a_library_from_a_newer_version_is_read_but_not_written(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as store:
        store.add_papers([make("Kept As Is")])
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with Library(path) as store:
        assert store.search("kept").total == 1
        with pytest.raises(StorageError):
            store.add_papers([make("New")])
        assert "newer" in store.problem
    assert Library(path).count() == 1


def test_two_connections_share_the_library(tmp_path):
    path = tmp_path / "library.sqlite3"
    first, second = Library(path), Library(path)
    try:
        first.add_papers([make("Seen By Both")])
        assert second.search("seen both").total == 1
        errors: list[BaseException] = []

        def write(store: Library, prefix: str) -> None:
            try:
                for n in range(15):
                    store.add_papers([make(f"{prefix} {n}") for _ in range(3)])
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [
            threading.Thread(target=write, args=(first, "First")),
            threading.Thread(target=write, args=(second, "Second")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert first.count() == second.count() == 1 + 2 * 15 * 3
        assert first.search("second").total == 45
    finally:
        first.close()
        second.close()


def test_the_index_catches_up_after_writes_without_fts(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as store:
        store.add_papers([make("Written With The Index")])
    with Library(path, use_fts=False) as store:  # e.g. a Python without FTS5
        store.add_papers([make("Written Without The Index")])
        result = store.search("without")
        assert result.note and "FTS5" in result.note
        assert result.total == 1
    with Library(path) as store:  # FTS5 again: the index is rebuilt, nothing is missed
        assert store.search("written").total == 2
        assert store.search("without").note is None


def test_opening_is_lazy(tmp_path):
    path = tmp_path / "sub" / "library.sqlite3"
    store = Library(path)
    assert not path.exists()  # nothing touched until first use
    assert store.count() == 0
    assert path.exists()
    store.close()
    store.add_papers([make("Reopened")])  # reopens after close
    assert store.count() == 1
    store.close()
