"""`paperreader list` and `search-local` for scripts: --limit, --sort (the app's sort rule),
--submitter, -q (ids only) and --format in every export format, against the fake hub."""

from __future__ import annotations

import csv
import io
import json

import pytest
from support import fakehub
from support.cli import run

from paperreader.domain.filtering import SORT_KEYS, SortOrder
from paperreader.formats.hub_json import parse_paper

DAY = fakehub.LATEST_DAY


def day_papers(hub):
    return [parse_paper(item) for item in hub.data.days[DAY] if "id" in item["paper"]]


def listed(capsys, hub, *flags: str) -> tuple[int, str, str]:
    return run(capsys, "list", "--date", DAY, "--endpoint", hub.url, *flags)


def test_quiet_prints_the_ids_alone_in_the_hubs_order(fake_hub, capsys):
    code, out, err = listed(capsys, fake_hub, "-q")
    assert (code, err) == (0, "")
    assert out.splitlines() == [p.id for p in day_papers(fake_hub)]


@pytest.mark.parametrize("order", ["upvotes", "newest", "title", "comments"])
def test_sort_and_limit_follow_the_apps_sort_rule(fake_hub, capsys, order):
    code, out, _ = listed(capsys, fake_hub, "-q", "--sort", order, "--limit", "7")
    assert code == 0
    papers = day_papers(fake_hub)
    key = SORT_KEYS[SortOrder(order)]
    assert key is not None
    assert out.splitlines() == [p.id for p in sorted(papers, key=key)][:7]


def test_submitter_keeps_only_that_users_papers(fake_hub, capsys):
    papers = day_papers(fake_hub)
    name = next(p.submitted_by for p in papers if p.submitted_by)
    code, out, _ = listed(capsys, fake_hub, "-q", "--submitter", f"@{name.upper()}")
    assert code == 0
    assert out.splitlines() == [p.id for p in papers if p.submitted_by == name]
    code, out, _ = listed(capsys, fake_hub, "-q", "--submitter", "nobody-at-all")
    assert (code, out) == (0, "")


def test_json_stays_and_is_the_same_as_format_json(fake_hub, capsys):
    _, as_flag, _ = listed(capsys, fake_hub, "--json", "--limit", "2")
    _, as_format, _ = listed(capsys, fake_hub, "--format", "json", "--limit", "2")
    data = json.loads(as_flag)
    assert data["listing"] == "daily" and len(data["papers"]) == 2
    assert json.loads(as_format)["papers"] == data["papers"]


def test_every_format_prints_the_chosen_papers(fake_hub, capsys):
    top = [p.id for p in day_papers(fake_hub)][:3]
    outputs = {
        fmt: listed(capsys, fake_hub, "--format", fmt, "--limit", "3")[1]
        for fmt in ("text", "jsonl", "markdown", "bibtex", "csv", "ris")
    }
    assert outputs["text"].startswith(f"Daily {DAY}: 3 papers")
    assert [json.loads(line)["id"] for line in outputs["jsonl"].splitlines()] == top
    assert all(f"arXiv:{pid}" in outputs["markdown"] for pid in top)
    assert [f"eprint={{{pid}}}" in outputs["bibtex"] for pid in top] == [True] * 3
    assert "doi={10.48550/arXiv." in outputs["bibtex"]
    assert [row["id"] for row in csv.DictReader(io.StringIO(outputs["csv"]))] == top
    assert [line[6:] for line in outputs["ris"].splitlines() if line.startswith("AN")] == [
        f"arXiv:{pid}" for pid in top
    ]


def test_a_limit_below_one_is_a_usage_error_before_any_request(fake_hub, capsys):
    code, out, err = listed(capsys, fake_hub, "--limit", "0")
    assert (code, out, err) == (2, "", "paperreader: --limit must be at least 1.\n")
    assert fake_hub.requests == []


@pytest.mark.parametrize("flags", [("--sort", "random"), ("--format", "docx"), ("-q", "--json")])
def test_bad_flags_are_refused_by_the_parser(fake_hub, capsys, flags):
    with pytest.raises(SystemExit) as info:
        listed(capsys, fake_hub, *flags)
    assert info.value.code == 2
    assert fake_hub.requests == []


@pytest.fixture
def synced(fake_hub, capsys, monkeypatch):
    monkeypatch.setattr("paperreader.service.sync.MIN_INTERVAL", 0.0)
    code, _, err = run(
        capsys, "sync", "--endpoint", fake_hub.url, "--since", "2026-09-29", "--until", DAY
    )
    assert code == 0, err


def test_search_local_takes_the_same_flags(synced, capsys):
    code, out, _ = run(capsys, "search-local", "--offline", "scal", "-q", "--limit", "5")
    assert code == 0 and len(out.splitlines()) == 5
    code, out, _ = run(
        capsys, "search-local", "--offline", "scal", "--sort", "upvotes", "--format", "jsonl"
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 20 and all("score" in r for r in records)
    upvotes = [r["upvotes"] for r in records]
    assert upvotes == sorted(upvotes, reverse=True)
    code, out, _ = run(capsys, "search-local", "--offline", "scal", "--format", "ris")
    assert code == 0 and out.count("ER  - ") == 20


def test_search_local_sorted_picks_from_every_match_not_only_the_first_page(synced, capsys):
    _, everything, _ = run(capsys, "search-local", "--offline", "scal", "-q", "--limit", "10000")
    _, best, _ = run(capsys, "search-local", "--offline", "scal", "-q", "--sort", "title",
                     "--limit", "3")  # fmt: skip
    assert len(everything.splitlines()) > 20
    _, data, _ = run(capsys, "search-local", "--offline", "scal", "--json", "--limit", "10000")
    titles = sorted(json.loads(data)["papers"], key=lambda p: p["title"].casefold())
    assert best.splitlines() == [p["id"] for p in titles[:3]]
