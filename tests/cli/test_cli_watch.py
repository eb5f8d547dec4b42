"""`paperreader watch`, `digest` and `similar` through the real entry point."""

from __future__ import annotations

import json

import pytest
from support.cli import run
from support.topic_papers import topic_papers
from support.watch_sessions import NOW, morning_papers

from paperreader.platform import paths
from paperreader.storage.library import FILE_NAME, Library


@pytest.fixture
def library(monkeypatch):
    """The user's library holding the morning's papers, on the morning of 2026-03-10."""
    monkeypatch.setattr("paperreader.domain.periods.today", lambda now=None: NOW.date())
    papers = morning_papers()
    with Library(paths.data_dir() / FILE_NAME) as stored:
        for paper in papers:
            stored.add_papers([paper], day=paper.daily_date)
    return papers


def test_watch_add_list_remove(capsys):
    assert run(capsys, "watch", "add", "author", "Jane", "Doe")[1] == "Watching author: Jane Doe\n"
    assert run(capsys, "watch", "add", "author", "jane doe")[1] == (
        "Already watching author: Jane Doe\n"
    )
    run(capsys, "watch", "add", "query", '"mixture of experts" has:code')
    code, out, _ = run(capsys, "watch", "list")
    assert (code, out) == (0, '  1  author: Jane Doe\n  2  query: "mixture of experts" has:code\n')
    code, out, _ = run(capsys, "watch", "list", "--json")
    assert [(w["number"], w["query"]) for w in json.loads(out)] == [
        (1, 'author:"Jane Doe"'),
        (2, '"mixture of experts" has:code'),
    ]
    assert run(capsys, "watch", "remove", "1")[1] == "No longer watching author: Jane Doe\n"
    code, out, err = run(capsys, "watch", "remove", "5")
    assert (code, out) == (2, "")
    assert err == "paperreader: There is no watch 5; `paperreader watch list` numbers them.\n"


def test_watch_add_refuses_what_is_no_watch(capsys):
    code, _, err = run(capsys, "watch", "add", "author", " ")
    assert (code, err) == (2, "paperreader: Say which author to watch.\n")
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "watch", "add", "person", "x")
    assert exit_.value.code == 2  # argparse's choices


def test_a_digest_with_nothing_new_prints_nothing(capsys, library):
    run(capsys, "watch", "add", "author", "Nobody Known")
    assert run(capsys, "digest", "--offline") == (0, "", "")


def test_the_markdown_digest_escapes_titles_and_marks_seen(capsys, library):
    run(capsys, "watch", "add", "query", "agents")
    code, out, err = run(capsys, "digest", "--offline", "--format", "markdown", "--mark-seen")
    assert (code, err) == (0, "")
    assert out.startswith(
        "# 2 new papers from your watches since 2026-03-04\n\n## query: agents (2)"
    )
    assert (
        "### [Agents that browse \\[bold\\]the web\\[/bold\\]](https://huggingface.co/papers/"
        in out
    )
    assert "> We study planning. Agents plan well." in out
    assert run(capsys, "digest", "--offline") == (0, "", "")  # all seen now


def test_the_json_and_text_digests(capsys, library):
    run(capsys, "watch", "add", "author", "Jane Doe")
    code, out, _ = run(capsys, "digest", "--offline", "--since", "2026-02-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["since"], data["papers"]) == ("2026-02-01", 3)
    assert [p["title"] for p in data["watches"][0]["papers"]] == [
        "Jane's planning agents", "Routing experts", "Jane's old paper"
    ]  # fmt: skip
    assert data["watches"][0]["papers"][0]["excerpt"] == "We study planning. Agents plan well."
    _, out, _ = run(capsys, "digest", "--offline")
    assert out.splitlines()[:4] == [
        "2 new papers from your watches since 2026-03-04",
        "",
        "== author: Jane Doe (2)",
        "",
    ]
    assert run(capsys, "digest", "--since", "yesterday")[0] == 2


def test_similar_lists_papers_alike_with_a_reason(capsys):
    papers = [p for _, p in topic_papers()]
    with Library(paths.data_dir() / FILE_NAME) as stored:
        stored.add_papers(papers)
    code, out, err = run(capsys, "similar", papers[0].id, "--limit", "3")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(papers[0].id not in line for line in lines)
    code, out, _ = run(capsys, "similar", f"arXiv:{papers[0].id}", "--json")
    hits = json.loads(out)
    assert len(hits) == 10 and all(h["reason"] and h["score"] > 0 for h in hits)
    assert run(capsys, "similar", "2601.99999")[0] == 2
    assert run(capsys, "similar", papers[0].id, "--limit", "0")[0] == 2
