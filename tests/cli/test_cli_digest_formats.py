"""`digest` and `similar` print their papers in the list formats `list` has (--format, -q)."""

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
    monkeypatch.setattr("paperreader.domain.periods.today", lambda now=None: NOW.date())
    with Library(paths.data_dir() / FILE_NAME) as stored:
        for paper in morning_papers():
            stored.add_papers([paper], day=paper.daily_date)


def test_a_digest_in_the_export_formats_lists_each_paper_once(capsys, library):
    run(capsys, "watch", "add", "author", "Jane Doe")
    run(capsys, "watch", "add", "query", "agents")
    _, grouped, _ = run(capsys, "digest", "--offline", "--format", "json")
    ids = list(dict.fromkeys(p["id"] for w in json.loads(grouped)["watches"] for p in w["papers"]))
    code, out, err = run(capsys, "digest", "--offline", "--format", "jsonl")
    assert (code, err) == (0, "")
    assert sorted(json.loads(line)["id"] for line in out.splitlines()) == sorted(ids)
    _, out, _ = run(capsys, "digest", "--offline", "--format", "ris")
    assert out.count("TY  - JOUR") == len(ids)
    _, out, _ = run(capsys, "digest", "--offline", "--format", "bibtex")
    assert out.count("@misc{") == len(ids) and "doi={10.48550/arXiv." in out


def test_similar_takes_quiet_sort_and_formats(capsys):
    papers = [p for _, p in topic_papers()]
    with Library(paths.data_dir() / FILE_NAME) as stored:
        stored.add_papers(papers)
    code, out, _ = run(capsys, "similar", papers[0].id, "-q", "--limit", "4")
    assert code == 0
    ids = out.splitlines()
    assert len(ids) == 4 and papers[0].id not in ids
    _, out, _ = run(capsys, "similar", papers[0].id, "--format", "jsonl", "--limit", "4")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ids
    _, out, _ = run(capsys, "similar", papers[0].id, "--sort", "title", "--format", "jsonl")
    titles = [json.loads(line)["title"] for line in out.splitlines()]
    assert titles == sorted(titles, key=str.casefold)
