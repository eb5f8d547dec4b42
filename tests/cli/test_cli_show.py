"""`paperreader show`: the full text for pagers (`--full`), linked repos and the comment count."""

from __future__ import annotations

import json

from support import fakehub
from support.cli import run
from support.fakehub import PLAIN_PAPER_ID, RICH_MARKDOWN, RICH_PAPER_ID, UNKNOWN_PAPER_ID

from paperreader.sources.demo import SHOWCASE_ID, demo_has_full_text, demo_items


def test_full_prints_the_markdown_to_stdout(fake_hub, capsys):
    code, out, err = run(capsys, "show", RICH_PAPER_ID, "--full", "--endpoint", fake_hub.url)
    assert (code, err) == (0, "")
    assert out == RICH_MARKDOWN
    assert [r.path for r in fake_hub.requests] == [f"/papers/{RICH_PAPER_ID}.md"]


def test_full_text_once_read_prints_offline(fake_hub, capsys):
    run(capsys, "show", RICH_PAPER_ID, "--full", "--endpoint", fake_hub.url)
    fake_hub.fail("/", "status", status=500)  # would fail if it were asked
    code, out, _ = run(
        capsys, "show", RICH_PAPER_ID, "--full", "--offline", "--endpoint", fake_hub.url
    )
    assert code == 0 and out == RICH_MARKDOWN
    assert len(fake_hub.requests) == 1


def test_no_full_text_is_one_line_on_stderr_and_exit_1(fake_hub, capsys):
    for paper_id in (PLAIN_PAPER_ID, UNKNOWN_PAPER_ID):
        code, out, err = run(capsys, "show", paper_id, "--full", "--endpoint", fake_hub.url)
        assert code == 1
        assert out == ""
        assert err == f"paperreader: Hugging Face has no full text for {paper_id}.\n"


def test_full_text_failure_is_one_line(fake_hub, capsys):
    fake_hub.fail("/papers/", "status", status=500)
    code, out, err = run(capsys, "show", RICH_PAPER_ID, "--full", "--endpoint", fake_hub.url)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "HTTP 500" in err


def test_json_gains_linked_repos_and_the_comment_count(fake_hub, capsys):
    code, out, _ = run(capsys, "show", RICH_PAPER_ID, "--json", "--endpoint", fake_hub.url)
    assert code == 0
    data = json.loads(out)
    assert data["num_comments"] == 4
    web = fake_hub.url
    assert data["linked_models"] == [
        {"id": "example/tiny-1b", "url": f"{web}/example/tiny-1b", "likes": 8, "downloads": 1200},
        {"id": "example/tiny-3b", "url": f"{web}/example/tiny-3b", "likes": 2, "downloads": 300},
    ]
    assert data["linked_datasets"] == [
        {
            "id": "example/reading-bench",
            "url": f"{web}/datasets/example/reading-bench",
            "likes": 1,
            "downloads": 50,
        }
    ]
    assert data["linked_spaces"] == [
        {
            "id": "example/tiny-demo",
            "url": f"{web}/spaces/example/tiny-demo",
            "likes": None,
            "emoji": "📄",
            "description": None,
        }
    ]
    assert data["linked_totals"] == {"models": 7, "datasets": 1, "spaces": 3}
    assert "full_text" not in data


def test_json_without_extras_when_that_call_fails(fake_hub, capsys):
    from paperreader.platform import paths
    from paperreader.storage.cache import ListingCache

    # A cached detail from before the hub sent linked repos, and a hub that now fails: the
    # paper is shown from the cache, the extras are left out.
    detail = dict(fake_hub.data.details[RICH_PAPER_ID])
    for key in ("linkedModels", "linkedDatasets", "linkedSpaces"):
        del detail[key]
    cache = ListingCache(paths.cache_dir(), fake_hub.url)
    cache.put_paper(RICH_PAPER_ID, detail)
    cache.close()
    fake_hub.fail("/api/papers/", "status", status=500)
    code, out, err = run(capsys, "show", RICH_PAPER_ID, "--json", "--endpoint", fake_hub.url)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["id"] == RICH_PAPER_ID and data["title"] == "Tiny Models Read Papers"
    assert not any(key.startswith("linked_") for key in data)
    assert data["num_comments"] is None
    (tried,) = fake_hub.requests_to(f"/api/papers/{RICH_PAPER_ID}")  # the extras were tried
    assert tried.query["field"] == ["comments"]


def test_json_with_full_adds_the_text_or_null(fake_hub, capsys):
    code, out, _ = run(
        capsys, "show", RICH_PAPER_ID, "--json", "--full", "--endpoint", fake_hub.url
    )
    assert code == 0 and json.loads(out)["full_text"] == RICH_MARKDOWN
    code, out, _ = run(
        capsys, "show", PLAIN_PAPER_ID, "--json", "--full", "--endpoint", fake_hub.url
    )
    assert code == 0 and json.loads(out)["full_text"] is None


def test_human_output_names_the_linked_repos(fake_hub, capsys):
    code, out, _ = run(capsys, "show", RICH_PAPER_ID, "--endpoint", fake_hub.url)
    assert code == 0
    lines = out.splitlines()
    assert "Comments: 4" in lines
    # The hub counts 7 models and sends 2: both are said, with the hub's page of all 7.
    all_models = f"{fake_hub.url}/models?other=arxiv:{RICH_PAPER_ID}"
    assert (
        f"Models (7 on the hub, 2 fetched): example/tiny-1b, example/tiny-3b; all: {all_models}"
        in lines
    )
    assert "Datasets (1): example/reading-bench" in lines
    all_spaces = f"{fake_hub.url}/spaces?other=arxiv:{RICH_PAPER_ID}"
    assert f"Spaces (3 on the hub, 1 fetched): example/tiny-demo; all: {all_spaces}" in lines
    assert "more" not in out
    code, out, _ = run(capsys, "show", PLAIN_PAPER_ID, "--endpoint", fake_hub.url)
    assert code == 0 and "Models" not in out


def test_demo_full_text(capsys):
    code, out, _ = run(capsys, "show", SHOWCASE_ID, "--full", "--demo")
    assert code == 0
    assert out.startswith("# Lumen-2") and "## 2 Method" in out
    without = next(
        i["paper"]["id"] for i in demo_items() if not demo_has_full_text(i["paper"]["id"])
    )
    code, out, err = run(capsys, "show", without, "--full", "--demo")
    assert (code, out) == (1, "")
    assert "no full text" in err


def test_refresh_refetches_the_full_text(fake_hub, capsys):
    run(capsys, "show", RICH_PAPER_ID, "--full", "--endpoint", fake_hub.url)
    run(capsys, "show", RICH_PAPER_ID, "--full", "--endpoint", fake_hub.url)
    assert len(fake_hub.requests) == 1
    run(capsys, "show", RICH_PAPER_ID, "--full", "--refresh", "--endpoint", fake_hub.url)
    assert len(fake_hub.requests) == 2


def test_show_keeps_what_the_listing_knew_when_the_detail_lacks_it(fake_hub, capsys, monkeypatch):
    day = fakehub.LATEST_DAY
    item = next(
        i
        for i in fake_hub.data.days[day]
        if i.get("submittedBy") and i.get("organization") and i.get("numComments")
    )
    pid = item["paper"]["id"]
    code, _, _ = run(capsys, "list", "--date", day, "--endpoint", fake_hub.url)
    assert code == 0
    # A detail without the submitter, the organisation or the upvotes (E3 omits some).
    bare = dict(fake_hub.data.details[pid])
    for key in ("submittedOnDailyBy", "organization", "upvotes"):
        bare.pop(key, None)
    monkeypatch.setitem(fake_hub.data.details, pid, bare)

    code, out, err = run(capsys, "show", pid, "--json", "--refresh", "--endpoint", fake_hub.url)
    assert code == 0, err
    data = json.loads(out)
    assert data["submitted_by"] == item["submittedBy"]["name"]
    assert data["organization"] == item["organization"]["fullname"]
    assert data["upvotes"] == item["paper"]["upvotes"] > 0

    code, out, _ = run(capsys, "show", pid, "--endpoint", fake_hub.url)
    assert f"Submitted by: {item['submittedBy']['name']}" in out.splitlines()
