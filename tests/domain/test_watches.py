"""What a watch is, the query it stands for, and how a digest groups what watches found."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from paperreader.domain.errors import UsageError
from paperreader.domain.models import Author, Organization, Paper
from paperreader.domain.watches import (
    SeenMark,
    WatchKind,
    digest_window,
    excerpt,
    make_digest,
    make_watch,
    offered_watches,
    watched_papers,
)


def paper(paper_id: str, day: str, upvotes: int = 0, **fields) -> Paper:
    moment = datetime.fromisoformat(day).replace(hour=13, tzinfo=UTC)
    return Paper(paper_id, f"Title {paper_id}", submitted_on_daily_at=moment, upvotes=upvotes,
                 **fields)  # fmt: skip


def test_a_watch_is_a_library_query():
    assert make_watch("author", "Jane  Doe").query == 'author:"Jane Doe"'
    assert make_watch("org", "allenai").query == 'org:"allenai"'
    assert make_watch("query", "agents has:code").query == "agents has:code"
    assert make_watch("Author", "x").kind is WatchKind.AUTHOR


def test_a_name_cannot_break_out_of_its_quotes_or_the_terminal():
    watch = make_watch("author", 'Jane" OR x \x1b[31mDoe')
    assert watch.query == 'author:"Jane OR x Doe"'
    assert "\x1b" not in watch.label


@pytest.mark.parametrize(
    ("kind", "text", "said"),
    [
        ("person", "Jane", "A watch is an author, an org or a query"),
        ("author", "   ", "Say which author to watch."),
        ("org", '""', "Say which organisation to watch."),
        ("query", "x" * 201, "at most 200 characters"),
    ],
)
def test_what_is_not_a_watch_is_said_in_one_sentence(kind, text, said):
    with pytest.raises(UsageError, match=said):
        make_watch(kind, text)


def test_the_same_watch_twice_has_one_key():
    assert make_watch("author", "Jane Doe").key == make_watch("author", " jane   DOE ").key
    assert make_watch("author", "Jane Doe").key != make_watch("query", "Jane Doe").key


def test_w_offers_the_authors_then_the_organisation_each_once():
    found = offered_watches(
        paper(
            "2603.00001",
            "2026-03-02",
            authors=(Author("Ada"), Author("Bo"), Author("ada"), Author(" ")),
            organization=Organization("allenai", "Ai2"),
        )
    )
    assert [w.label for w in found] == ["author: Ada", "author: Bo", "org: Ai2"]


def test_watched_papers_are_newest_day_first_each_with_every_watch_that_found_it():
    jane, agents = make_watch("author", "Jane"), make_watch("query", "agents")
    old, new, popular = (
        paper("2603.00001", "2026-03-02", 50),
        paper("2603.00002", "2026-03-04", 1),
        paper("2603.00003", "2026-03-04", 9),
    )
    found = watched_papers([jane, agents], {jane: [old, new], agents: [new, popular]})
    assert [w.paper.id for w in found] == ["2603.00003", "2603.00002", "2603.00001"]
    assert found[1].watches == (jane, agents)
    assert found[1].reason == "watch author: Jane, query: agents"


def test_a_digest_groups_by_watch_in_the_watches_order():
    jane, agents = make_watch("author", "Jane"), make_watch("query", "agents")
    both = paper("2603.00002", "2026-03-04")
    found = watched_papers([jane, agents], {jane: [both], agents: [both]})
    digest = make_digest(date(2026, 3, 1), found, [agents, jane])
    assert [(g.watch, [p.id for p in g.papers]) for g in digest.groups] == [
        (agents, ["2603.00002"]),
        (jane, ["2603.00002"]),
    ]
    assert not digest.empty
    assert make_digest(date(2026, 3, 1), [], [jane]).empty


def test_the_digest_window_since_a_date_a_mark_or_the_last_week():
    today = date(2026, 3, 10)
    mark = SeenMark(datetime(2026, 3, 8, 7, tzinfo=UTC), frozenset({"2603.00001"}))
    assert digest_window(today, date(2026, 3, 1), mark).start == date(2026, 3, 1)
    assert digest_window(today, date(2026, 3, 1), mark).seen == frozenset()
    by_mark = digest_window(today, None, mark)
    assert by_mark.start == date(2026, 3, 5)  # a few days back: late papers are caught
    assert by_mark.seen == {"2603.00001"}
    assert digest_window(today, None, None).start == date(2026, 3, 4)


def test_an_excerpt_is_the_first_sentences_of_the_summary_else_the_abstract():
    long = "First sentence here. " * 30
    assert excerpt(paper("2603.00001", "2026-03-02", summary="Short abstract.")) == (
        "Short abstract."
    )
    assert excerpt(paper("2603.00001", "2026-03-02", summary="x", ai_summary="AI says.")) == (
        "AI says."
    )
    cut = excerpt(paper("2603.00001", "2026-03-02", summary=long))
    assert cut.endswith("here.") and len(cut) <= 280
