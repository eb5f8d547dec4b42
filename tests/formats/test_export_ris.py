"""RIS records for reference managers, and papers in every list format (`--format`): the
untrusted text of a paper stays inside its own field whatever it holds."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from paperreader.domain.models import Author, Bookmark, Paper
from paperreader.formats.export.bookmarks import EXPORT_SUFFIXES, export_bookmarks
from paperreader.formats.export.papers import LIST_FORMATS, json_lines, papers_export
from paperreader.formats.export.ris import ris, ris_record

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FIELD = re.compile(r"\A[A-Z][A-Z0-9]  - (?:\S.*)?\Z")


def paper(title="Tiny Models Read Papers", paper_id="2603.01234", summary="Short.") -> Paper:
    return Paper(
        id=paper_id,
        title=title,
        authors=(Author("Ada Lovelace"), Author("Alan Turing")),
        summary=summary,
        published_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC),
    )


def fields(text: str) -> list[tuple[str, str]]:
    pairs = []
    for line in text.splitlines():
        if line:
            assert FIELD.match(line), line
            pairs.append((line[:2], line[6:]))
    return pairs


def test_a_record_has_the_fields_reference_managers_read():
    assert ris_record(paper()) == (
        "TY  - JOUR\n"
        "TI  - Tiny Models Read Papers\n"
        "AU  - Ada Lovelace\n"
        "AU  - Alan Turing\n"
        "PY  - 2026\n"
        "DA  - 2026/03/01/\n"
        "AB  - Short.\n"
        "JO  - arXiv\n"
        "AN  - arXiv:2603.01234\n"
        "DO  - 10.48550/arXiv.2603.01234\n"
        "UR  - https://arxiv.org/abs/2603.01234\n"
        "L1  - https://arxiv.org/pdf/2603.01234\n"
        "ER  - \n"
    )


def test_a_bookmark_adds_its_tags_and_its_whole_note_on_one_line():
    bookmark = Bookmark(paper(), WHEN, ("survey", "to-read"), "Read section 3.\n\nThen 4.")
    pairs = fields(ris_record(bookmark))
    assert ("KW", "survey") in pairs and ("KW", "to-read") in pairs
    assert ("N1", "Read section 3. / Then 4.") in pairs
    assert export_bookmarks([bookmark], "ris") == ris([bookmark])
    assert EXPORT_SUFFIXES["ris"] == ".ris"


def test_a_newline_in_any_field_cannot_forge_a_field_or_end_the_record():
    forged = "Title\nER  - \nTY  - JOUR\nTI  - Forged\x1b[31m"
    item = Bookmark(paper(title=forged, summary=forged), WHEN, (), forged)
    text = ris([item])
    pairs = fields(text)
    assert [tag for tag, _ in pairs].count("TY") == 1
    assert [tag for tag, _ in pairs].count("ER") == 1 and pairs[-1][0] == "ER"
    assert "\x1b" not in text


@given(st.text(), st.text(), st.lists(st.text(), max_size=3))
def test_any_text_stays_in_its_field(title, note, names):
    item = Bookmark(
        Paper(id="2603.01234", title=title or "x", authors=tuple(Author(n) for n in names)),
        WHEN,
        (),
        note,
    )
    pairs = fields(ris([item]))
    assert [tag for tag, _ in pairs].count("ER") == 1 and pairs[-1] == ("ER", "")


def test_one_record_per_paper_and_old_style_ids():
    old = paper(paper_id="hep-th/9901001")
    pairs = fields(ris([paper(), paper(), old]))
    assert [v for t, v in pairs if t == "DO"] == [
        "10.48550/arXiv.2603.01234",
        "10.48550/arXiv.hep-th/9901001",
    ]


def test_json_lines_are_one_compact_object_per_line():
    text = json_lines([{"id": "1", "title": "A\nB ü"}, {"id": "2"}])
    lines = text.splitlines()
    assert len(lines) == 2 and text.endswith("\n")
    assert json.loads(lines[0]) == {"id": "1", "title": "A\nB ü"}
    assert json_lines([]) == ""


def test_papers_export_uses_the_bookmark_export_formats():
    papers = [paper(title="=HYPERLINK(1)")]
    assert set(LIST_FORMATS) == {"text", "json", "jsonl", "markdown", "bibtex", "csv", "ris"}
    assert "'=HYPERLINK(1)" in papers_export(papers, "csv")
    assert papers_export(papers, "bibtex").startswith("@misc{")
    assert papers_export(papers, "markdown").startswith("# Papers\n")
    assert papers_export(papers, "ris").startswith("TY  - JOUR\n")
