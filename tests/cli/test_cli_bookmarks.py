"""`paperreader bookmarks list|export|import` and `cache clear`, run in-process.

The bookmarks live in the test's data dir ($PAPERREADER_DATA_DIR, set by conftest); they are
made with the Library directly, from papers of the bundled demo data.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.cli import run

from paperreader.__main__ import main
from paperreader.domain.models import Bookmark, Paper
from paperreader.formats.export.bookmark_json import bookmarks_json
from paperreader.formats.hub_json import parse_paper
from paperreader.sources.demo import demo_items
from paperreader.storage.user_data import UserDataStore

ADDED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def demo_papers() -> list[Paper]:
    return [parse_paper(item["paper"]) for item in demo_items()]


def data_dir() -> Path:
    return Path(os.environ["PAPERREADER_DATA_DIR"])


def user_library() -> UserDataStore:
    """The library the CLI uses, with a clock one hour further at every bookmark."""
    ticks = itertools.count()
    return UserDataStore(data_dir(), clock=lambda: ADDED + timedelta(hours=next(ticks)))


@pytest.fixture
def saved() -> list[Paper]:
    """Three bookmarks, added in this order: tagged and noted, tagged, plain."""
    papers = demo_papers()[:3]
    library = user_library()
    for paper in papers:
        library.add_bookmark(paper)
    library.set_tags(papers[0].id, ["Reading Group", "survey"])
    library.set_note(papers[0].id, "Read section 3.\nCompare with the baseline.")
    library.set_tags(papers[1].id, ["reading-group"])
    return papers


def store_bytes() -> bytes:
    return (data_dir() / "bookmarks.json").read_bytes()


# ---------------------------------------------------------------------- list


def test_list_prints_one_line_per_bookmark_newest_first(saved, capsys):
    code, out, err = run(capsys, "bookmarks", "list")
    assert code == 0, err
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 3
    newest, middle, oldest = saved[2], saved[1], saved[0]
    assert lines[0] == f"2026-03-01  {newest.id:<11} {newest.title}"
    assert lines[1] == f"2026-03-01  {middle.id:<11} {middle.title}  [reading-group]"
    assert lines[2] == f"2026-03-01  {oldest.id:<11} {oldest.title}  [reading-group survey]"


def test_list_json_is_an_export_that_imports_back(saved, capsys):
    code, out, _ = run(capsys, "bookmarks", "list", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "paperreader-bookmarks"
    assert data["version"] == 1
    records = data["bookmarks"]
    assert [r["paper"]["id"] for r in records] == [p.id for p in reversed(saved)]
    first = records[2]
    assert first["tags"] == ["reading-group", "survey"]
    assert first["note"] == "Read section 3.\nCompare with the baseline."
    assert first["paper"]["title"] == saved[0].title
    assert first["added_at"].startswith("2026-03-01T09:00:00")


def test_list_tag_keeps_only_bookmarks_with_that_tag(saved, capsys):
    code, out, _ = run(capsys, "bookmarks", "list", "--tag", "Reading Group")
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == [saved[1].id, saved[0].id]
    code, out, _ = run(capsys, "bookmarks", "list", "--tag", "survey", "--json")
    assert [r["paper"]["id"] for r in json.loads(out)["bookmarks"]] == [saved[0].id]
    # The tag is compared as the exports compare it: a leading # is ignored.
    code, out, _ = run(capsys, "bookmarks", "list", "--tag", "#Survey")
    assert [line.split()[1] for line in out.splitlines()] == [saved[0].id]
    code, out, err = run(capsys, "bookmarks", "list", "--tag", "nothing")
    assert code == 0
    assert out == ""
    assert err == "No bookmarks are tagged nothing.\n"  # not "no bookmarks yet"


def test_list_with_no_bookmarks_says_so_on_stderr(capsys):
    code, out, err = run(capsys, "bookmarks", "list")
    assert code == 0
    assert out == ""
    assert err == "No bookmarks yet: press b on a paper in the app.\n"
    code, out, _ = run(capsys, "bookmarks", "list", "--json")
    assert json.loads(out)["bookmarks"] == []
    assert not (data_dir() / "bookmarks.json").exists()  # reading creates nothing


# ---------------------------------------------------------------------- export


def test_export_bibtex_to_stdout(saved, capsys):
    code, out, err = run(capsys, "bookmarks", "export", "--format", "bibtex")
    assert code == 0, err
    assert out.count("@misc{") == 3
    assert out.startswith("@misc{")
    for paper in saved:
        assert f"eprint={{{paper.id}}}" in out
        assert f"url={{https://arxiv.org/abs/{paper.id}}}" in out
    keys = [line.split("{", 1)[1].rstrip(",") for line in out.splitlines() if line[:1] == "@"]
    assert len(set(keys)) == 3


def test_export_markdown_with_tags_and_notes(saved, capsys):
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# Bookmarks"
    bullets = [line for line in lines if line.startswith("- [")]
    assert len(bullets) == 3
    assert f"(https://huggingface.co/papers/{saved[2].id})" in bullets[0]  # newest first
    assert "  - Tags: reading-group, survey" in lines
    assert any("Compare with the baseline." in line for line in lines)

    code, out, _ = run(capsys, "bookmarks", "export", "--format", "markdown", "--tag", "survey")
    assert out.splitlines()[0] == "# Bookmarks tagged survey"
    assert len([line for line in out.splitlines() if line.startswith("- [")]) == 1


def test_export_json_and_csv(saved, capsys):
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "json")
    assert code == 0
    assert [r["paper"]["id"] for r in json.loads(out)["bookmarks"]] == [
        p.id for p in reversed(saved)
    ]

    code, out, _ = run(capsys, "bookmarks", "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [p.id for p in reversed(saved)]
    assert rows[2]["tags"] == "reading-group survey"
    assert rows[2]["note"] == "Read section 3.\nCompare with the baseline."
    assert rows[0]["hf_url"] == f"https://huggingface.co/papers/{saved[2].id}"
    assert rows[0]["title"] == saved[2].title

    code, out, _ = run(capsys, "bookmarks", "export", "--format", "csv", "--tag", "reading-group")
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == [saved[1].id, saved[0].id]


def test_export_to_a_file_never_overwrites(saved, capsys, tmp_path):
    target = tmp_path / "papers.bib"
    code, out, err = run(capsys, "bookmarks", "export", "--format", "bibtex", "-o", str(target))
    assert code == 0
    assert out == ""
    assert err == f"Exported 3 bookmarks to {target}.\n"
    written = target.read_text("utf-8")
    assert written.count("@misc{") == 3

    target.write_text("my own file\n", "utf-8")
    code, out, err = run(capsys, "bookmarks", "export", "--format", "json", "--output", str(target))
    assert code == 1  # a refusal, not a usage error
    assert out == ""
    assert err == f"paperreader: {target} already exists; choose another name.\n"
    assert target.read_text("utf-8") == "my own file\n"

    # The count reported is the number written, also for a tag given as #tag.
    tagged = tmp_path / "survey.md"
    argv = ["bookmarks", "export", "--format", "markdown", "--tag", "#survey", "-o", str(tagged)]
    code, _, err = run(capsys, *argv)
    assert code == 0
    assert err == f"Exported 1 bookmark to {tagged}.\n"
    assert len([line for line in tagged.read_text("utf-8").splitlines() if line[:3] == "- ["]) == 1

    # A folder that does not exist yet is made; a file where a folder should be is refused.
    code, _, err = run(
        capsys, "bookmarks", "export", "--format", "csv", "-o", str(tmp_path / "new" / "x.csv")
    )
    assert code == 0 and (tmp_path / "new" / "x.csv").is_file()
    code, _, err = run(
        capsys, "bookmarks", "export", "--format", "csv", "-o", str(tagged / "x.csv")
    )
    assert code == 1
    assert err.startswith("paperreader: Cannot make the folder ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_export_with_an_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["bookmarks", "export", "--format", "docx"])
    assert raised.value.code == 2
    assert "invalid choice: 'docx'" in capsys.readouterr().err


# ---------------------------------------------------------------------- import


def write_export(path: Path, bookmarks: list[Bookmark]) -> Path:
    path.write_text(bookmarks_json(bookmarks), "utf-8")
    return path


def test_import_merges_without_duplicates(saved, capsys, tmp_path):
    others = demo_papers()[2:5]  # the first of these is bookmarked already
    incoming = [
        Bookmark(paper, ADDED - timedelta(days=1), ("from-laptop",), "laptop note")
        for paper in others
    ]
    export = write_export(tmp_path / "laptop.json", incoming)

    code, out, err = run(capsys, "bookmarks", "import", str(export))
    assert code == 0, err
    assert out == "Imported: added 2 bookmarks, merged 1 bookmark, unchanged 0 bookmarks.\n"
    bookmarks = {b.paper.id: b for b in UserDataStore(data_dir()).bookmarks()}
    assert set(bookmarks) == {p.id for p in saved} | {p.id for p in others}
    merged = bookmarks[saved[2].id]
    assert merged.tags == ("from-laptop",)  # gained the imported tag
    assert merged.note == "laptop note"  # filled the empty note
    assert merged.added_at == ADDED - timedelta(days=1)  # the earlier time is kept
    kept = bookmarks[saved[0].id]
    assert kept.tags == ("reading-group", "survey")
    assert kept.note == "Read section 3.\nCompare with the baseline."

    before = store_bytes()
    code, out, _ = run(capsys, "bookmarks", "import", str(export))
    assert code == 0
    assert out == "Imported: added 0 bookmarks, merged 0 bookmarks, unchanged 3 bookmarks.\n"
    assert store_bytes() == before  # nothing to change: the file is not rewritten
    assert len(UserDataStore(data_dir()).bookmarks()) == 5


def test_import_keeps_both_notes_when_they_differ(saved, capsys, tmp_path):
    """The note of a paper bookmarked here and in the file: neither is thrown away."""
    mine = saved[0]  # bookmarked with a note
    export = write_export(
        tmp_path / "laptop.json", [Bookmark(mine, ADDED, ("laptop",), "Note from the laptop.")]
    )
    code, out, err = run(capsys, "bookmarks", "import", str(export))
    assert code == 0, err
    assert out == "Imported: added 0 bookmarks, merged 1 bookmark, unchanged 0 bookmarks.\n"
    merged = UserDataStore(data_dir()).bookmark(mine.id)
    today = datetime.now(UTC).date().isoformat()
    assert merged.note == (
        "Read section 3.\nCompare with the baseline.\n"
        f"--- imported {today} ---\n"
        "Note from the laptop."
    )
    assert merged.tags == ("laptop", "reading-group", "survey")

    code, out, _ = run(capsys, "bookmarks", "import", str(export))  # again: nothing doubles
    assert out == "Imported: added 0 bookmarks, merged 0 bookmarks, unchanged 1 bookmark.\n"
    assert UserDataStore(data_dir()).bookmark(mine.id) == merged


def test_an_export_imports_into_an_empty_library(saved, capsys, tmp_path):
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "json")
    export = tmp_path / "all.json"
    export.write_text(out, "utf-8")
    original = UserDataStore(data_dir()).bookmarks()
    (data_dir() / "bookmarks.json").unlink()

    code, out, _ = run(capsys, "bookmarks", "import", str(export))
    assert code == 0
    assert out == "Imported: added 3 bookmarks, merged 0 bookmarks, unchanged 0 bookmarks.\n"
    assert UserDataStore(data_dir()).bookmarks() == original


def test_import_skips_unreadable_records_and_says_how_many(capsys, tmp_path):
    good = Bookmark(demo_papers()[0], ADDED)
    document = json.loads(bookmarks_json([good]))
    document["bookmarks"] += [{"paper": {"title": "no id"}, "added_at": "2026-03-01"}, 42]
    export = tmp_path / "partly.json"
    export.write_text(json.dumps(document), "utf-8")
    code, out, _ = run(capsys, "bookmarks", "import", str(export))
    assert code == 0
    assert out == (
        "Imported: added 1 bookmark, merged 0 bookmarks, unchanged 0 bookmarks; "
        "skipped 2 unreadable entries.\n"
    )
    assert [b.paper.id for b in UserDataStore(data_dir()).bookmarks()] == [good.paper.id]


@pytest.mark.parametrize(
    ("content", "message", "exit_code"),
    [
        (b"{not json", "it is not valid JSON", 2),
        (b'{"papers": []}', "not a paperreader bookmark export", 2),
        (b'{"format": "paperreader-bookmarks", "version": 9, "bookmarks": []}', "version 9", 2),
        (b"\xff\xfe\x00garbage", "is not a text file", 2),
        (None, "Cannot read", 1),  # a file that is not there: a failure, not a misuse
    ],
)
def test_a_bad_import_file_is_one_line_and_changes_nothing(
    saved, capsys, tmp_path, content, message, exit_code
):
    path = tmp_path / "import.json"
    if content is not None:
        path.write_bytes(content)
    before = store_bytes()
    code, out, err = run(capsys, "bookmarks", "import", str(path))
    assert code == exit_code
    assert out == ""
    assert err.startswith("paperreader: ")
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err
    assert store_bytes() == before


# ---------------------------------------------------------------------- the data dir is not a cache


def test_cache_clear_never_touches_bookmarks(saved, fake_hub, capsys):
    code, _, _ = run(capsys, "list", "--endpoint", fake_hub.url, "--date", "2026-09-25")
    assert code == 0
    library = UserDataStore(data_dir())
    library.set_read(saved[0].id)
    files = {p.name: p.read_bytes() for p in data_dir().iterdir() if p.is_file()}
    assert {"bookmarks.json", "state.json"} <= files.keys()

    code, out, _ = run(capsys, "cache", "clear")
    assert code == 0
    assert out == "Removed 1 cached entries. Bookmarks are kept.\n"
    assert {p.name: p.read_bytes() for p in data_dir().iterdir() if p.is_file()} == files
    code, out, _ = run(capsys, "bookmarks", "list")
    assert len(out.splitlines()) == 3
    assert UserDataStore(data_dir()).read_ids() == {saved[0].id}


def test_a_corrupt_store_is_reported_and_moved_aside(capsys):
    data_dir().mkdir(parents=True)
    (data_dir() / "bookmarks.json").write_bytes(b"[truncated")
    code, out, err = run(capsys, "bookmarks", "list")
    assert code == 0
    [moved] = data_dir().glob("bookmarks.json.corrupt-*")
    assert moved.read_bytes() == b"[truncated"
    assert err.splitlines()[0].startswith("paperreader: The bookmarks file could not be read")
    assert str(moved) in err
    assert out == ""
