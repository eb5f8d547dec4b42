"""The paper library: storing, decoding stored records, safety, recovery."""

from __future__ import annotations

import random
import sqlite3
import threading
from datetime import date

import pytest
from support.library_papers import ids, make, marked

from paperreader.domain.errors import StorageError
from paperreader.domain.models import Organization, Paper
from paperreader.formats import records
from paperreader.storage.library import Library, highlighting, hits, parse_query

# ------------------------------------------------------------------------------ storing


def test_a_paper_reads_back_as_stored(library):
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
    paper = paper._replace(ai_summary="Tiny models read.", submitted_by="ada", github_stars=7)
    assert library.add_papers([paper]) == 1
    assert library.get(paper.id) == paper
    assert library.count() == 1
    assert library.get("2501.99999") is None


def test_newer_copy_wins_but_fields_it_lacks_are_kept(library):
    daily = make("Sparse Routers", upvotes=5, org=Organization("lab", "The Lab"), comments=4)
    daily = daily._replace(ai_summary="Routers, sparsely.")
    library.add_papers([daily], day="2025-06-02", complete=True)
    # A search result: more upvotes, but no organisation, comment count or AI summary.
    from_search = Paper(
        id=daily.id, title="Sparse Routers (v2)", summary="New abstract.", upvotes=9
    )
    library.add_papers([from_search])
    stored = library.get(daily.id)
    assert stored.title == "Sparse Routers (v2)"
    assert stored.upvotes == 9
    assert stored.summary == "New abstract."
    assert stored.organization == Organization("lab", "The Lab")
    assert stored.ai_summary == "Routers, sparsely."
    assert stored.num_comments == 4
    assert library.count() == 1
    # the index follows the new text, not the old one
    assert ids(library.search("v2")) == [daily.id]
    assert library.search("abstract about nothing").total == 0
    assert ids(library.search("org:lab")) == [daily.id]


def test_days_are_recorded_only_when_complete(library):
    library.add_papers([make("One")], day="2025-06-02")
    assert library.days_done(date(2025, 6, 1), date(2025, 6, 30)) == set()
    library.add_papers([make("Two"), make("Three")], day="2025-06-03", complete=True, pages=1)
    library.add_papers([], day="2025-06-07", complete=True)  # a weekend: no papers, but done
    library.mark_day(date(2025, 6, 4), 0)
    assert library.days_done(date(2025, 6, 1), date(2025, 6, 30)) == {
        "2025-06-03",
        "2025-06-04",
        "2025-06-07",
    }
    assert library.days_done(date(2025, 6, 4), date(2025, 6, 5)) == {"2025-06-04"}
    record = library.day_records("2025-06-03", "2025-06-03")["2025-06-03"]
    assert (record.papers, record.complete, record.pages) == (2, True, 1)
    assert record.fetched_at is not None


def test_recent_count_and_info(library):
    old = make("Old", day="2024-01-02", upvotes=100)
    new_low = make("New low", day="2025-02-03", upvotes=1)
    new_high = make("New high", day="2025-02-03", upvotes=50)
    undated = make("No feed date")._replace(submitted_on_daily_at=None)
    library.add_papers([old, new_low, new_high, undated])
    library.mark_day("2025-02-03", 2)
    assert [p.title for p in library.recent()] == ["New high", "New low", "Old", "No feed date"]
    assert len(library.recent(2)) == 2
    info = library.info()
    assert (info.papers, info.days, info.first_day, info.last_day) == (
        4,
        1,
        "2024-01-02",
        "2025-02-03",
    )
    assert info.bytes > 0
    assert info.path == library.path
    assert info.full_text is True


# ------------------------------------------------------------------------------ decoding


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"title": "  Spaced   Out Title "},
        {"title": "Tab\tin title"},
        {"summary": "Line one\r\nline two"},
        {"authors": [{"name": "Ada  Lovelace", "username": " ada"}]},
        {"authors": ["Ada Lovelace"]},
        {"authors": [{"name": ""}]},
        {"organization": "just-a-name"},
        {"organization": {"name": "", "fullname": "Full Name Only"}},
        {"published_at": "2025-06-02T13:00:00"},
        {"published_at": "2025-06-02T13:00:00Z"},
        {"published_at": "2025-06-02T15:00:00+02:00"},
        {"upvotes": 7.0},
        {"upvotes": True},
        {"ai_keywords": "not a list"},
        {"ai_keywords": ["ok", None, " padded "]},
        {"ai_summary": "double  space"},
        {"github_repo": " https://github.com/a/b"},
        {"github_repo": "https://github.com/a/b"},
        {"project_page": "javascript:alert(1)"},
        {"submitted_by": "\x1b[31mred"},
    ],
)
def test_the_fast_reading_of_records_gives_what_the_careful_one_does(change):
    """`paper_from_record` checks records as written instead of cleaning them; whatever it
    is given, it must read exactly what the careful path reads."""
    paper = make(
        "Graph Neural Networks",
        org=Organization("lab", "The Lab"),
        keywords=("graphs",),
        github="https://github.com/lab/gnn",
        comments=2,
    )
    record = {**records.paper_to_record(paper), **change}
    mark = highlighting.highlighter(parse_query("graph").terms)
    careful = records._paper_read_carefully(record, mark)
    assert records.paper_from_record(record, mark_title=mark) == careful
    if not change:
        assert careful == paper._replace(highlighted_title=mark(paper.title))


def test_records_as_written_take_the_fast_reading(monkeypatch):
    """What the program writes is read without the careful path (several times slower)."""

    def careful(*args):
        raise AssertionError("read carefully")

    paper = make("Ünïcode Títle 📄", org=Organization("lab", None), keywords=("a", "b"))
    written = records.paper_to_record(paper)
    monkeypatch.setattr(records, "_paper_read_carefully", careful)
    assert records.paper_from_record(written) == paper


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
            assert records._link(url) == url
        else:
            with pytest.raises(ValueError):
                records._link(url)
    assert records._link(None) is None


def test_hits_kept_decoded_follow_every_write(tmp_path):
    """Hits are decoded once and reused only while their stored record is unchanged."""
    path = tmp_path / "library.sqlite3"
    paper = make("Graph Neural Networks", upvotes=1)
    with Library(path) as first, Library(path) as second:
        first.add_papers([paper, make("Other Graphs")])

        def found(store: Library, query: str):
            return next(h for h in store.search(query).hits if h.paper.id == paper.id)

        assert found(first, "neural").paper is found(first, "neural").paper  # decoded once
        first.add_papers([paper._replace(upvotes=5)])  # a write through this connection
        assert found(first, "neural").paper.upvotes == 5
        second.add_papers([paper._replace(upvotes=9, title="Graph Neural Networks, Revised")])
        hit = found(first, "neural")  # a write by another connection (or process)
        assert (hit.paper.upvotes, hit.paper.title) == (9, "Graph Neural Networks, Revised")
        assert marked(hit) == ["Neural"]
        assert marked(found(first, "graph")) == ["Graph"]  # the same paper, marked anew
        assert found(first, "graph").paper.highlighted_title == found(first, "graph").title_spans


@pytest.mark.parametrize("room", [5, 100])
def test_hits_kept_decoded_are_the_hits_decoded_afresh(tmp_path, monkeypatch, room):
    """Searches served partly from kept hits equal the same searches in a fresh Library."""
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
    monkeypatch.setattr(hits, "DECODED_PAPERS", room)  # 5: evicting as it goes
    queries = ("sparse", "graph", "topic", "spa", "sparse graph", '"graph topic"', "graph")
    with Library(path) as warm:
        kept = [warm.search(query) for query in queries]
        assert len(warm._hits) == min(room, len(papers))
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
