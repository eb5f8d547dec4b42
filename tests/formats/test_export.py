"""Export formats: BibTeX keys and entries, Markdown, CSV and the bookmark JSON round trip.

BibTeX and Markdown output is parsed back (a small BibTeX reader below, markdown-it for
Markdown) rather than compared as strings only, so escaping is checked the way the tools
that read these files see it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from paperreader.domain.errors import UsageError
from paperreader.domain.ids import PAPER_ID
from paperreader.domain.models import (
    Author,
    Bookmark,
    Listing,
    ListingKind,
    ListingQuery,
    Organization,
    Origin,
    Paper,
)
from paperreader.domain.tags import normalise_tags
from paperreader.domain.text import clean, one_line
from paperreader.formats.export.bibtex import bibtex, bibtex_entry, escape_latex
from paperreader.formats.export.bibtex_key import bibtex_key
from paperreader.formats.export.bookmark_json import (
    ImportResult,
    bookmarks_json,
    parse_bookmarks_json,
)
from paperreader.formats.export.bookmarks import EXPORT_FORMATS, export_bookmarks
from paperreader.formats.export.csv_table import BOOKMARK_COLUMNS, PAPER_COLUMNS, csv_text
from paperreader.formats.export.markdown import markdown_link, markdown_list
from paperreader.formats.export.paper_json import listing_to_dict, paper_to_dict
from paperreader.storage.user_data import UserDataStore

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def make_paper(
    title: str = "Tiny Models Read Papers",
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing"),
    paper_id: str = "2603.01234",
    published: datetime | None = datetime(2026, 3, 1, 17, 0, tzinfo=UTC),
    **kw,
) -> Paper:
    return Paper(
        id=paper_id,
        title=title,
        authors=tuple(Author(a) for a in authors),
        published_at=published,
        **kw,
    )


def make_bookmark(paper: Paper | None = None, tags=("reading",), note="") -> Bookmark:
    return Bookmark(paper=paper or make_paper(), added_at=WHEN, tags=tuple(tags), note=note)


# --------------------------------------------------------------------------------------------
# A small BibTeX reader with BibTeX's own brace rule: every brace counts, escaped or not.
# --------------------------------------------------------------------------------------------

_ENTRY_HEAD = re.compile(r"\s*@(\w+)\{([^,\s{}]+),")
_FIELD_HEAD = re.compile(r"\s*(\w+)\s*=\s*\{")
_LATEX_ESCAPE = re.compile(
    r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}"
    r"|\\textbraceleft\{\}|\\textbraceright\{\}|\\[&%$#_{}]"
)
_UNESCAPED = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
}


def _braced(text: str, pos: int) -> tuple[str, int]:
    """The text inside the group whose `{` is just before `pos`, and the index after its `}`."""
    depth, start = 1, pos
    while depth:
        if pos >= len(text):
            raise AssertionError(f"unbalanced braces from {start}: {text[start - 1 :]!r}")
        depth += {"{": 1, "}": -1}.get(text[pos], 0)
        pos += 1
    return text[start : pos - 1], pos


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, fields) for each entry; fails on anything that is not an entry."""
    entries = []
    pos = 0
    while text[pos:].strip():
        head = _ENTRY_HEAD.match(text, pos)
        assert head, f"no entry at {text[pos:]!r}"
        pos = head.end()
        fields: dict[str, str] = {}
        while True:
            rest = text[pos:].lstrip()
            pos = len(text) - len(rest)
            if rest.startswith("}"):
                pos += 1
                break
            field = _FIELD_HEAD.match(text, pos)
            assert field, f"no field at {text[pos:]!r}"
            assert field.group(1) not in fields, f"duplicate field {field.group(1)}"
            fields[field.group(1)], pos = _braced(text, field.end())
            rest = text[pos:].lstrip()
            pos = len(text) - len(rest)
            if rest.startswith(","):
                pos += 1
        entries.append((head.group(1), head.group(2), fields))
    return entries


def unescape_latex(value: str) -> str:
    """The plain text of an escaped value, after checking no special is left bare."""
    bare = _LATEX_ESCAPE.sub("", value)
    assert not set(bare) & set("\\&%$#_{}~^"), f"unescaped special in {value!r}"
    return _LATEX_ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(), m.group()[1:]), value)


def split_authors(value: str) -> list[str]:
    """BibTeX's author split: " and " at brace depth 0; a fully braced name is unwrapped."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch in "{}":
            depth += 1 if ch == "{" else -1
        elif depth == 0 and value.startswith(" and ", i):
            names.append(value[start:i])
            start = i = i + 5
            continue
        i += 1
    names.append(value[start:])
    out = []
    for name in names:
        if name.startswith("{") and name.endswith("}") and _braced(name, 1)[1] == len(name):
            name = name[1:-1]
        out.append(unescape_latex(name))
    return out


def read_back(paper: Paper) -> dict[str, object]:
    """Parse `bibtex_entry(paper)` and return its fields as plain text."""
    [(kind, key, fields)] = parse_bibtex(bibtex_entry(paper))
    assert kind == "misc"
    title = fields["title"]
    assert title.startswith("{") and _braced(title, 1)[1] == len(title), "title not double-braced"
    out: dict[str, object] = {"key": key, **fields, "title": unescape_latex(title[1:-1])}
    if "author" in fields:
        out["author"] = split_authors(fields["author"])
    return out


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def test_key_follows_arxivs_rule():
    assert bibtex_key(make_paper()) == "lovelace2026tinymodelsreadpapers"


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("A Survey of the Attention in Large Language Models", "surveyattentionlargelanguage"),
        ("GPT-4o: Fast, Cheap & Open!", "gpt4ofastcheapopen"),
        ("Über Lärm und Straßen", "uberlarmundstrassen"),
        ("On", ""),
        ("  What   is \n\t it ? ", ""),
    ],
)
def test_key_title_words_skip_stopwords_and_punctuation(title, words):
    assert bibtex_key(make_paper(title=title)) == f"lovelace2026{words}"


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("Jörg Müller", "muller"),
        ("José Núñez", "nunez"),
        ("Søren Ørsted", "orsted"),
        ("Paweł Łukasiewicz", "lukasiewicz"),
        ("Karl Weißmann", "weissmann"),
        ("Zoë Ångström-Æsir", "angstromaesir"),
        ("Wei Zhang (张伟)", "zhang"),
        ("Ludwig van Beethoven", "vanbeethoven"),
        ("Martin Luther King Jr.", "king"),
        ("Lovelace, Ada", "lovelace"),
        ("\uff26\uff35\uff2c\uff2c \uff37\uff49\uff44\uff54\uff48", "width"),  # full-width
        ("张伟", "anonymous"),
        ("", "anonymous"),
    ],
)
def test_key_surname_is_ascii_folded(name, surname):
    assert bibtex_key(make_paper(title="X", authors=(name, "Other Person"))) == f"{surname}2026x"


def test_key_without_authors_or_dates():
    paper = make_paper(title="Tiny Models", authors=(), published=None)
    assert bibtex_key(paper) == "anonymousnodatetinymodels"
    daily = make_paper(title="Tiny", published=None, submitted_on_daily_at=datetime(2025, 12, 31))
    assert bibtex_key(daily) == "lovelace2025tiny"


def test_key_collisions_get_letters_and_are_recorded():
    taken: set[str] = set()
    keys = [bibtex_key(make_paper(paper_id=f"2603.0000{i}"), taken) for i in range(4)]
    base = "lovelace2026tinymodelsreadpapers"
    assert keys == [base, base + "a", base + "b", base + "c"]
    assert taken == set(keys)


def test_key_suffixes_continue_after_z():
    base = "lovelace2026tinymodelsreadpapers"
    taken = {base} | {base + chr(c) for c in range(ord("a"), ord("z") + 1)}
    assert bibtex_key(make_paper(), taken) == base + "aa"
    assert bibtex_key(make_paper(), taken) == base + "ab"


def test_key_without_taken_set_is_the_plain_key():
    assert bibtex_key(make_paper()) == bibtex_key(make_paper())


@settings(max_examples=150, deadline=None)
@given(title=st.text(), names=st.lists(st.text(), max_size=3))
def test_key_is_always_lowercase_ascii_alphanumeric(title, names):
    key = bibtex_key(make_paper(title=title, authors=tuple(names)))
    assert re.fullmatch(r"[a-z0-9]+", key)
    assert "2026" in key


# --------------------------------------------------------------------------------------------
# BibTeX entries
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("~", r"\textasciitilde{}"),
        ("^", r"\textasciicircum{}"),
        ("\\", r"\textbackslash{}"),
    ],
)
def test_every_latex_special_is_escaped(char, escaped):
    assert escape_latex(f"a{char}b") == f"a{escaped}b"


def test_braces_escaped_as_pairs_or_as_text_commands():
    assert escape_latex("{x}") == r"\{x\}"
    assert escape_latex("}x{") == r"\textbraceright{}x\textbraceleft{}"
    assert escape_latex("{{x}") == r"\textbraceleft{}\{x\}"
    assert escape_latex(r"\}") == r"\textbackslash{}\textbraceright{}"
    assert escape_latex("Müller: naïve") == "Müller: naïve"


def test_entry_matches_arxivs_layout_without_primary_class():
    assert bibtex_entry(make_paper()) == (
        "@misc{lovelace2026tinymodelsreadpapers,\n"
        "      title={{Tiny Models Read Papers}},\n"
        "      author={Ada Lovelace and Alan Turing},\n"
        "      year={2026},\n"
        "      eprint={2603.01234},\n"
        "      archivePrefix={arXiv},\n"
        "      doi={10.48550/arXiv.2603.01234},\n"
        "      url={https://arxiv.org/abs/2603.01234},\n"
        "}\n"
    )


HARD_TITLES = [
    "Braces {kept} in order",
    "Unbalanced } closing",
    "Unbalanced { opening",
    "}{ backwards }{",
    "{{{ deep",
    "R&D at 100% for $5 on var_name #1 ~ approx ^ hat",
    "Backslash \\ and \\{ and \\}",
    "Ends with backslash \\",
    "\\textbf{not a command}",
    "Naïve Bayes für Übersetzung — 日本語",
    "Multi\n  line\ttitle  ",
]


@pytest.mark.parametrize("title", HARD_TITLES)
def test_entry_parses_back_field_by_field(title):
    paper = make_paper(title=title, authors=("O'Brien & Sons", "A_B {C}", "Jörg Müller"))
    fields = read_back(paper)
    assert fields["title"] == one_line(title)
    assert fields["author"] == ["O'Brien & Sons", "A_B {C}", "Jörg Müller"]
    assert fields["year"] == "2026"
    assert fields["eprint"] == "2603.01234"
    assert fields["archivePrefix"] == "arXiv"
    assert fields["url"] == "https://arxiv.org/abs/2603.01234"
    assert fields["doi"] == "10.48550/arXiv.2603.01234"
    assert set(fields) == {
        "key",
        "title",
        "author",
        "year",
        "eprint",
        "archivePrefix",
        "doi",
        "url",
    }


def test_author_names_bibtex_would_misread_are_braced():
    paper = make_paper(authors=("Research and Development Team", "King, Jr., Martin", "Ann Lee"))
    entry = bibtex_entry(paper)
    assert "author={{Research and Development Team} and {King, Jr., Martin} and Ann Lee}" in entry
    assert read_back(paper)["author"] == [
        "Research and Development Team",
        "King, Jr., Martin",
        "Ann Lee",
    ]


def test_entry_leaves_out_unknown_author_and_year():
    fields = read_back(make_paper(authors=(), published=None))
    assert "author" not in fields and "year" not in fields
    assert fields["key"] == "anonymousnodatetinymodelsreadpapers"


def test_entry_uses_the_given_key():
    assert bibtex_entry(make_paper(), key="mykey").startswith("@misc{mykey,\n")


@settings(max_examples=200, deadline=None)
@given(title=st.text(), names=st.lists(st.text(min_size=1), max_size=4))
def test_any_title_and_authors_parse_back(title, names):
    fields = read_back(make_paper(title=title, authors=tuple(names)))
    assert fields["title"] == one_line(title)
    kept = [one_line(n) for n in names if one_line(n)]
    assert fields.get("author", []) == kept


def test_bibtex_file_has_unique_keys_and_one_entry_per_paper():
    same_key = [make_paper(paper_id=f"2603.0123{i}") for i in range(3)]
    other = make_paper(title="Distinct {Title", paper_id="2603.09999")
    text = bibtex([*same_key, other, same_key[0]])
    entries = parse_bibtex(text)
    base = "lovelace2026tinymodelsreadpapers"
    assert [key for _, key, _ in entries] == [
        base,
        base + "a",
        base + "b",
        "lovelace2026distincttitle",
    ]
    assert [f["eprint"] for _, _, f in entries] == [
        "2603.01230",
        "2603.01231",
        "2603.01232",
        "2603.09999",
    ]
    assert bibtex([]) == ""


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable("strikethrough")


def _link_parts(markdown: str) -> tuple[str, str]:
    """(href, plain text) of the single link in one line of Markdown."""
    [inline] = MD.parseInline(markdown)
    children = inline.children or []
    assert [c.type for c in children].count("link_open") == 1
    opened = next(i for i, c in enumerate(children) if c.type == "link_open")
    closed = next(i for i, c in enumerate(children) if c.type == "link_close")
    inside = children[opened + 1 : closed]
    assert all(c.type == "text" for c in inside), [c.type for c in inside]
    return str(children[opened].attrs["href"]), "".join(c.content for c in inside)


def test_markdown_link_escapes_the_title():
    paper = make_paper(title="[Re] (Un)supervised \\ *fast* `code` <b> ~~x~~ AT&amp;T")
    link = markdown_link(paper)
    assert link == (
        r"[\[Re\] \(Un\)supervised \\ \*fast\* \`code\` \<b\> \~\~x\~\~ AT\&amp;T]"
        "(https://huggingface.co/papers/2603.01234)"
    )
    assert _link_parts(link) == ("https://huggingface.co/papers/2603.01234", paper.title)


def test_markdown_link_uses_the_given_site():
    assert markdown_link(make_paper(), web="http://127.0.0.1:8080/").endswith(
        "(http://127.0.0.1:8080/papers/2603.01234)"
    )


@settings(max_examples=200, deadline=None)
@given(title=st.text())
def test_any_title_renders_as_itself_inside_the_link(title):
    href, text = _link_parts(markdown_link(make_paper(title=title)))
    assert href == "https://huggingface.co/papers/2603.01234"
    # CommonMark folds runs of spaces in text to what was written, not to one: compare words.
    assert text.split() == one_line(title).split()


def test_markdown_list_of_papers():
    many = make_paper(
        title="Many", authors=("A One", "B Two", "C Three", "D Four"), paper_id="2603.00002"
    )
    text = markdown_list([make_paper(), many])
    assert text == (
        "# Papers\n"
        "\n"
        "- [Tiny Models Read Papers](https://huggingface.co/papers/2603.01234)"
        " — Ada Lovelace, Alan Turing · [arXiv:2603.01234](https://arxiv.org/abs/2603.01234)\n"
        "- [Many](https://huggingface.co/papers/2603.00002)"
        " — A One, B Two, C Three et al. · [arXiv:2603.00002](https://arxiv.org/abs/2603.00002)\n"
    )
    assert markdown_list([]) == "# Papers\n\nNothing to list.\n"


def test_markdown_list_of_bookmarks_keeps_notes_inside_their_item():
    note = "First line\nsecond line\n\n# not a heading of the file\n- not a new bookmark"
    marked = make_bookmark(tags=("ml", "to_read"), note=note)
    plain = make_bookmark(make_paper(title="Second", paper_id="2603.00002"), tags=(), note="")
    text = markdown_list([marked, plain])
    assert text.startswith("# Bookmarks\n\n")
    assert "  - Tags: ml, to\\_read\n  - Note: First line\n    second line\n\n    # not a" in text
    tokens = MD.parse(text)
    top = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
    assert len(top) == 2, "a note line started a new top-level bookmark"
    headings = [t for t in tokens if t.type == "heading_open"]
    # bullet_list 0 > list_item 1 > nested bullet_list 2 > nested list_item 3 > heading 4
    assert [t.level for t in headings] == [0, 4], "the note's heading left its list item"
    inline = [t.content for t in tokens if t.type == "inline"]
    assert "Tags: ml, to\\_read" in inline
    assert "Note: First line\nsecond line" in inline


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------


def _read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_round_trip_of_papers():
    paper = make_paper(
        title='Commas, "quotes" and more',
        submitted_on_daily_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        upvotes=42,
        num_comments=3,
        organization=Organization("tiny", "Tiny Labs"),
        github_repo="https://github.com/tiny/models",
    )
    header, row = _read_csv(csv_text([paper]))
    assert tuple(header) == PAPER_COLUMNS
    assert dict(zip(header, row, strict=True)) == {
        "id": "2603.01234",
        "title": 'Commas, "quotes" and more',
        "authors": "Ada Lovelace; Alan Turing",
        "published": "2026-03-01T17:00:00+00:00",
        "daily_date": "2026-03-02",
        "upvotes": "42",
        "comments": "3",
        "organization": "Tiny Labs",
        "github": "https://github.com/tiny/models",
        "hf_url": "https://huggingface.co/papers/2603.01234",
        "arxiv_url": "https://arxiv.org/abs/2603.01234",
        "pdf_url": "https://arxiv.org/pdf/2603.01234",
    }


def test_csv_round_trip_of_bookmarks_with_newlines_and_formulas():
    bookmark = make_bookmark(
        make_paper(title='=HYPERLINK("http://evil","x")', authors=("@SUM(A1)",)),
        tags=("-1", "ok"),
        note='+line one, with comma\nline "two"\r\nline three',
    )
    plain = make_paper(title="-- a dash title", authors=(), published=None, paper_id="2603.00002")
    header, first, second = _read_csv(csv_text([bookmark, plain]))
    assert tuple(header) == BOOKMARK_COLUMNS
    one = dict(zip(header, first, strict=True))
    assert one["title"] == '\'=HYPERLINK("http://evil","x")'
    assert one["authors"] == "'@SUM(A1)"
    assert one["tags"] == "'-1 ok"
    assert one["note"] == '\'+line one, with comma\nline "two"\nline three'
    assert one["added_at"] == WHEN.isoformat()
    two = dict(zip(header, second, strict=True))
    assert two["title"] == "'-- a dash title"
    assert (two["published"], two["added_at"], two["tags"], two["note"]) == ("", "", "", "")


def test_csv_never_starts_a_text_cell_with_a_formula_character():
    bad = ["=1+1", "+1", "-1", "@A1", "\t=1", "safe"]
    rows = _read_csv(csv_text([make_bookmark(make_paper(title=t), note=t) for t in bad]))
    for row in rows[1:]:
        assert not row[1].startswith(("=", "+", "-", "@", "\t"))
        assert not row[-1].startswith(("=", "+", "-", "@", "\t"))
    assert [r[1] for r in rows[1:]] == ["'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "safe"]


# --------------------------------------------------------------------------------------------
# Bookmark JSON
# --------------------------------------------------------------------------------------------


def test_json_export_imports_back_unchanged():
    bookmarks = [
        make_bookmark(note="a note\nwith lines"),
        make_bookmark(make_paper(title="Ünïcødé {x}", paper_id="2603.00002"), tags=(), note=""),
    ]
    text = bookmarks_json(bookmarks)
    document = json.loads(text)
    assert document["format"] == "paperreader-bookmarks"
    assert document["version"] == 1
    assert len(document["bookmarks"]) == 2
    assert parse_bookmarks_json(text) == ImportResult(tuple(bookmarks), 0)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "not valid JSON"),
        ("{not json", "not valid JSON"),
        ("[" * 100_000, "not valid JSON"),
        ("[]", "not a paperreader bookmark export"),
        ('{"papers": []}', "not a paperreader bookmark export"),
        ('{"format": null, "version": 1, "bookmarks": []}', "not a paperreader bookmark export"),
        ('{"format": "something-else", "version": 1, "bookmarks": []}', "not a paperreader"),
        ('{"format": "paperreader-bookmarks", "bookmarks": []}', "no valid version"),
        (
            '{"format": "paperreader-bookmarks", "version": "1", "bookmarks": []}',
            "no valid version",
        ),
        (
            '{"format": "paperreader-bookmarks", "version": true, "bookmarks": []}',
            "no valid version",
        ),
        ('{"format": "paperreader-bookmarks", "version": 2, "bookmarks": []}', "newer paperreader"),
        ('{"format": "paperreader-bookmarks", "version": 1}', 'no "bookmarks" list'),
        (
            '{"format": "paperreader-bookmarks", "version": 1, "bookmarks": {}}',
            'no "bookmarks" list',
        ),
    ],
)
def test_files_that_are_not_exports_are_usage_errors(text, says):
    with pytest.raises(UsageError, match=re.escape(says)) as caught:
        parse_bookmarks_json(text)
    assert caught.value.message.endswith(".")


# Values as the bookmark store keeps them (cleaned one-line text, normalised tags, UTC times),
# which is what an export holds; arbitrary Unicode otherwise.
_line = st.text().map(one_line)
_title = _line.filter(bool)
_moment = st.datetimes(timezones=st.just(UTC))
_url = st.sampled_from([None, "https://github.com/tiny/models", "http://example.org/p?q=1"])
_count = st.integers(min_value=0, max_value=10**9)

papers = st.builds(
    Paper,
    id=st.from_regex(PAPER_ID, fullmatch=True),
    title=_title,
    summary=st.text().map(lambda s: clean(s.replace("\r\n", "\n").replace("\r", "\n"))),
    authors=st.lists(st.builds(Author, name=_title, username=st.none() | _title), max_size=4).map(
        tuple
    ),
    published_at=st.none() | _moment,
    submitted_on_daily_at=st.none() | _moment,
    upvotes=_count,
    num_comments=st.none() | _count,
    organization=st.none() | st.builds(Organization, name=_title, fullname=st.none() | _title),
    submitted_by=st.none() | _title,
    github_repo=_url,
    github_stars=st.none() | _count,
    project_page=_url,
    ai_summary=st.none() | _title,
    ai_keywords=st.lists(_title, max_size=3).map(tuple),
    withdrawn=st.booleans(),
    # Drawn too for a named tuple: a stored paper holds its texts and no search marks.
    highlighted_title=st.just(()),
    texts_elsewhere=st.just(False),
)
bookmarks = st.builds(
    Bookmark,
    paper=papers,
    added_at=_moment,
    tags=st.lists(st.text(), max_size=4).map(normalise_tags),
    note=st.text().map(lambda s: clean(s.replace("\r\n", "\n").replace("\r", "\n"))),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(bookmarks, max_size=4))
def test_any_bookmarks_survive_the_json_round_trip(generated):
    assert parse_bookmarks_json(bookmarks_json(generated)) == ImportResult(tuple(generated), 0)


@settings(max_examples=100, deadline=None)
@given(st.lists(bookmarks, min_size=1, max_size=4))
def test_any_bookmarks_survive_the_csv_round_trip(generated):
    header, *rows = _read_csv(csv_text(generated))
    assert tuple(header) == BOOKMARK_COLUMNS
    assert len(rows) == len(generated)
    for row, bookmark in zip(rows, generated, strict=True):
        cells = dict(zip(header, row, strict=True))
        expected = {
            "id": bookmark.paper.id,
            "title": bookmark.paper.title,
            "note": bookmark.note,
            "tags": " ".join(bookmark.tags),
            "added_at": bookmark.added_at.isoformat(),
        }
        for column, value in expected.items():
            formula = value.startswith(("=", "+", "-", "@", "\t"))
            assert cells[column] == ("'" + value if formula else value), column


def test_json_export_of_a_lone_surrogate_stays_valid_utf8():
    odd = make_bookmark(note="half a pair: \ud800")
    text = bookmarks_json([odd])
    text.encode("utf-8")
    # Reading cleans it like any text: no terminal or file can take half a pair.
    [back] = parse_bookmarks_json(text).bookmarks
    assert back.note == "half a pair: " and back.paper == odd.paper


def test_the_stores_own_bookmarks_file_imports_too(tmp_path):
    store = UserDataStore(tmp_path)
    store.add_bookmark(make_paper(), tags=["ml"], note="kept\nas written", added_at=WHEN)
    store.add_bookmark(make_paper(title="Second", paper_id="2603.00002"), added_at=WHEN)
    text = "\ufeff" + store.bookmarks_path.read_text(encoding="utf-8")
    assert "format" not in json.loads(text.lstrip("\ufeff"))
    result = parse_bookmarks_json(text)
    assert sorted(result.bookmarks, key=lambda b: b.paper.id) == sorted(
        store.bookmarks(), key=lambda b: b.paper.id
    )
    assert result.skipped == 0
    without_version = json.dumps({"bookmarks": json.loads(text.lstrip("\ufeff"))["bookmarks"]})
    assert len(parse_bookmarks_json(without_version).bookmarks) == 2


def test_bad_records_are_skipped_and_counted():
    good = [make_bookmark(), make_bookmark(make_paper(paper_id="2603.00002"))]
    document = json.loads(bookmarks_json(good))
    document["bookmarks"][1:1] = [42, None, "x", [], {}, {"paper": "nope"}]
    result = parse_bookmarks_json(json.dumps(document))
    assert result == ImportResult(tuple(good), 6)


# --------------------------------------------------------------------------------------------
# export_bookmarks and the existing JSON dicts
# --------------------------------------------------------------------------------------------


def test_export_dispatches_on_format_and_filters_by_tag():
    ml = make_bookmark(tags=("later", "ml"))
    other = make_bookmark(make_paper(title="Other", paper_id="2603.00002"), tags=("later",))
    both = [ml, other]
    assert export_bookmarks(both, "bibtex") == bibtex([ml.paper, other.paper])
    assert export_bookmarks(both, " BIB ") == bibtex([ml.paper, other.paper])
    assert export_bookmarks(both, "markdown") == markdown_list(both)
    assert export_bookmarks(both, "md") == markdown_list(both)
    assert export_bookmarks(both, "csv") == csv_text(both)
    assert export_bookmarks(both, "json") == bookmarks_json(both)
    assert parse_bookmarks_json(export_bookmarks(both, "json", tag="#ML ")).bookmarks == (ml,)
    assert export_bookmarks(both, "csv", tag="ml") == csv_text([ml])
    assert export_bookmarks(both, "markdown", tag="ml").startswith("# Bookmarks tagged ml\n")
    assert export_bookmarks([], "markdown") == "# Bookmarks\n\nNothing to list.\n"
    assert export_bookmarks(both, "bibtex", tag="nothing") == ""
    assert export_bookmarks(both, "csv", tag="nothing") == ",".join(BOOKMARK_COLUMNS) + "\n"
    assert csv_text([]) == ",".join(PAPER_COLUMNS) + "\n"
    assert set(EXPORT_FORMATS) == {"bibtex", "markdown", "json", "csv", "ris"}


def test_unknown_export_format_is_a_usage_error():
    with pytest.raises(UsageError, match="Unknown export format 'docx'"):
        export_bookmarks([make_bookmark()], "docx")


def test_json_dicts_for_the_cli_are_unchanged():
    paper = make_paper(organization=Organization("tiny", None), ai_keywords=("a", "b"))
    data = paper_to_dict(paper, "http://hub.test")
    assert data["links"] == {
        "hf": "http://hub.test/papers/2603.01234",
        "arxiv": "https://arxiv.org/abs/2603.01234",
        "pdf": "https://arxiv.org/pdf/2603.01234",
    }
    assert data["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert data["organization"] == "tiny"
    assert data["published_at"] == "2026-03-01T17:00:00+00:00"
    assert data["ai_keywords"] == ["a", "b"]
    listing = Listing(
        ListingQuery(ListingKind.DAILY), (paper,), Origin.CACHE, WHEN, effective_period="2026-03-02"
    )
    as_dict = listing_to_dict(listing)
    assert as_dict["period"] == "2026-03-02"
    assert as_dict["papers"] == [paper_to_dict(paper)]
    assert json.loads(json.dumps(as_dict)) == as_dict
