"""Papers and bookmarks as text for other programs: JSON, BibTeX, Markdown and CSV.

Everything here is a pure function from models to a string (or back, for the bookmark
import), so the CLI, the copy menu and the tests share one definition of each format.

Format decisions, in one place:

- BibTeX follows arXiv's own `@misc` entry (docs/hf-api.md section 6) without `primaryClass`,
  which Hugging Face does not report. The title is wrapped in a second pair of braces,
  `title={{...}}`, because paper titles are curated by their authors (acronyms, model
  names) and styles that lower-case titles would otherwise turn "LLMs" into "llms".
  LaTeX specials are escaped; titles are plain text, so `$x$` is kept as dollar signs, not
  math. BibTeX balances braces even when they are escaped, so a brace with no partner is
  written `\\textbraceleft{}`/`\\textbraceright{}` instead of `\\{`/`\\}`. Non-ASCII letters stay
  UTF-8, which biblatex/biber and modern BibTeX read.
- Markdown escapes the characters that could change a title's inline structure; notes are
  the user's own text and are kept as written (they may use Markdown), only indented.
- CSV uses the csv module with "\\n" line ends (the text goes to files opened in text mode
  and to the clipboard); text cells that a spreadsheet would run as a formula get a leading
  apostrophe.
- Bookmark JSON is `{"format": "paperreader-bookmarks", "version": 1, "bookmarks": [...]}`
  whose records are library.py's own (the paper through codec.py), so an export imports back
  as the same bookmarks, and the store's `bookmarks.json` imports as well.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from paperreader.domain.errors import UsageError
from paperreader.domain.links import links_for
from paperreader.domain.models import Bookmark, Listing, Paper
from paperreader.domain.tags import has_tag, normalise_tags
from paperreader.domain.text import clean, one_line
from paperreader.formats.records import bookmark_from_record, bookmark_to_record

BOOKMARKS_FORMAT = "paperreader-bookmarks"
"""The `format` marker of a bookmark export file."""
BOOKMARKS_VERSION = 1
"""The newest bookmark export version this program writes and reads."""

EXPORT_FORMATS: tuple[str, ...] = ("bibtex", "markdown", "json", "csv")
"""The formats `export_bookmarks` accepts, in menu order."""
EXPORT_SUFFIXES: dict[str, str] = {
    "bibtex": ".bib",
    "markdown": ".md",
    "json": ".json",
    "csv": ".csv",
}
"""A file name suffix for each export format."""
_FORMAT_ALIASES = {"bib": "bibtex", "md": "markdown"}


# --------------------------------------------------------------------------------------------
# JSON-ready dicts (the CLI's --json output)
# --------------------------------------------------------------------------------------------


def paper_to_dict(paper: Paper, web: str | None = None) -> dict[str, Any]:
    """A JSON-ready description of one paper, links included."""
    links = links_for(paper, web) if web else links_for(paper)
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": [a.name for a in paper.authors],
        "summary": paper.summary,
        "published_at": paper.published_at.isoformat() if paper.published_at else None,
        "daily_date": paper.daily_date.isoformat() if paper.daily_date else None,
        "upvotes": paper.upvotes,
        "num_comments": paper.num_comments,
        "organization": paper.organization.label if paper.organization else None,
        "submitted_by": paper.submitted_by,
        "github_repo": paper.github_repo,
        "github_stars": paper.github_stars,
        "project_page": paper.project_page,
        "ai_summary": paper.ai_summary,
        "ai_keywords": list(paper.ai_keywords),
        "withdrawn": paper.withdrawn,
        "links": {"hf": links.hf, "arxiv": links.arxiv, "pdf": links.pdf},
    }


def listing_to_dict(listing: Listing, web: str | None = None) -> dict[str, Any]:
    """A JSON-ready listing: what was asked, where it came from, and the papers."""
    return {
        "listing": listing.query.kind.value,
        "period": listing.query.period or listing.effective_period,
        "search": listing.query.text,
        "origin": listing.origin.value,
        "fetched_at": listing.fetched_at.isoformat(),
        "stale": listing.stale,
        "error": listing.error,
        "skipped": listing.skipped,
        "papers": [paper_to_dict(p, web) for p in listing.papers],
    }


# --------------------------------------------------------------------------------------------
# BibTeX
# --------------------------------------------------------------------------------------------

# English function words skipped when a key picks its title words. arXiv uses a longer
# list; this one covers what shows up in paper titles, so most keys come out the same.
_STOPWORD_TEXT = """
    a about above across after against all along also although am among an and another any
    are around as at be because been before being below between beyond both but by can
    cannot could de did do does doing done down during each either else ever every few for
    from further had has have having he her here hers him his how however if in into is it
    its itself just least less many may me might more most much must my neither no nor not
    now of off on once one only onto or other our ours out over own per rather same she
    should since so some still such than that the their them then there these they this
    those though through thus to too toward towards under until up upon us very via was we
    were what whatever when where whether which while who whom whose why will with within
    without would yet you your
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Letters NFKD does not take apart into a base letter plus marks.
_FOLD_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ħ": "h",
        "Ħ": "H",
        "\u0131": "i",  # dotless i
    }
)
# Lower-case name particles that belong to the surname ("van Beethoven" -> vanbeethoven).
_PARTICLE_TEXT = "van von der den de del della di da du la le ter ten dos das zu"
_PARTICLES = frozenset(_PARTICLE_TEXT.split())
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def ascii_fold(text: str) -> str:
    """`text` with accents removed and a few special letters spelled out ("Müller" -> "Muller").

    Keys must be plain ASCII: classic BibTeX and many editors choke on anything else.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _key_part(text: str) -> str:
    """The lower-cased ASCII letters and digits of `text`, the only characters a key keeps."""
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isascii() and ch.isalnum())


def _surname_part(name: str) -> str:
    """The key form of an author's surname: the last name word with its particles.

    "Last, First" and "First Last, Jr." both keep what comes before the comma; words with
    nothing usable in ASCII (a name also given in another script) are passed over.
    """
    words = [w for w in one_line(name).split(",")[0].split() if _key_part(w)]
    while len(words) > 1 and _key_part(words[-1]) in _NAME_SUFFIXES:
        words.pop()
    if not words:
        return ""
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    return _key_part("".join(words[start:]))


def _key_year(paper: Paper) -> str:
    """The year a citation gives: arXiv publication, else the Daily Papers date."""
    if paper.published_at is not None:
        return str(paper.published_at.year)
    if paper.daily_date is not None:
        return str(paper.daily_date.year)
    return ""


def _letters() -> Iterator[str]:
    """a, b, …, z, aa, ab, …: the suffixes that tell colliding keys apart."""
    n = 1
    while True:
        suffix, k = "", n
        while k:
            k, r = divmod(k - 1, 26)
            suffix = chr(ord("a") + r) + suffix
        yield suffix
        n += 1


def bibtex_key(paper: Paper, taken: set[str] | None = None) -> str:
    """arXiv's citation key, e.g. `lovelace2026tinymodelsreadpapers`, unique within `taken`.

    Surname of the first author ("anonymous" without one) + year ("nodate" without one) +
    the first four title words that are not stopwords, folded to lower-case ASCII so the key
    works everywhere. When `taken` is given, a clash gets a, b, c… appended and the chosen
    key is added to `taken`, so one set keeps a whole bibliography unique.
    """
    author = _surname_part(paper.authors[0].name) if paper.authors else ""
    words = [part for part in map(_key_part, one_line(paper.title).split()) if part]
    title = "".join([w for w in words if w not in _STOPWORDS][:4])
    key = f"{author or 'anonymous'}{_key_year(paper) or 'nodate'}{title}"
    if taken is None:
        return key
    if key in taken:
        key = next(key + s for s in _letters() if key + s not in taken)
    taken.add(key)
    return key


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _paired_braces(text: str) -> set[int]:
    """Indexes of the `{` and `}` in `text` that close each other."""
    paired: set[int] = set()
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}" and opened:
            paired.update((opened.pop(), i))
    return paired


def escape_latex(text: str) -> str:
    """`text` with LaTeX's special characters written so they print as themselves.

    Paired braces become `\\{ \\}`; an unpaired one becomes `\\textbraceleft{}` or
    `\\textbraceright{}`, because BibTeX counts escaped braces too and an odd one would
    swallow the rest of the file.
    """
    paired = _paired_braces(text)
    out = []
    for i, ch in enumerate(text):
        if ch in "{}" and i not in paired:
            out.append(r"\textbraceleft{}" if ch == "{" else r"\textbraceright{}")
        else:
            out.append(_LATEX_SPECIALS.get(ch, ch))
    return "".join(out)


def _bibtex_name(name: str) -> str:
    """One author for the `author` field; braced when BibTeX would misread it.

    A name with " and " would be split into two people, and one with a comma read as
    "Last, First"; braces make BibTeX take it as one literal name.
    """
    escaped = escape_latex(one_line(name))
    if "," in escaped or " and " in f" {escaped.lower()} ":
        return "{" + escaped + "}"
    return escaped


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """An arXiv-style `@misc` entry for `paper`, ending in a newline.

    Fields: title (braced twice to keep its capitals), author, year, eprint, archivePrefix and
    url; author and year are left out when unknown.
    """
    year = _key_year(paper)
    names = [n for n in (one_line(a.name) for a in paper.authors) if n]
    fields = [("title", "{" + escape_latex(one_line(paper.title)) + "}")]
    if names:
        fields.append(("author", " and ".join(_bibtex_name(n) for n in names)))
    if year:
        fields.append(("year", year))
    arxiv_id = quote(paper.id, safe="./")  # valid ids are unchanged; odd ones cannot break out
    fields += [
        ("eprint", escape_latex(paper.id)),
        ("archivePrefix", "arXiv"),
        ("url", f"https://arxiv.org/abs/{arxiv_id}"),
    ]
    body = "".join(f"      {name}={{{value}}},\n" for name, value in fields)
    return f"@misc{{{key or bibtex_key(paper)},\n{body}}}\n"


def bibtex(papers: Iterable[Paper]) -> str:
    """A BibTeX file: one entry per distinct paper (by id), every key unique."""
    taken: set[str] = set()
    seen: set[str] = set()
    entries = []
    for paper in papers:
        if paper.id in seen:
            continue
        seen.add(paper.id)
        entries.append(bibtex_entry(paper, bibtex_key(paper, taken)))
    return "\n".join(entries)


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------

# Backslash-escaping any ASCII punctuation is valid CommonMark; these are the characters that
# would end a link text or start a link, code span, emphasis, strikethrough or HTML inside it,
# plus an `&` that would be read as an entity such as `&amp;`.
_MARKDOWN_SPECIAL = re.compile(r"[\\\[\]()`*_<>~]|&(?=#?\w+;)")
_MAX_AUTHORS = 3


def escape_markdown(text: str) -> str:
    """`text` as one line of Markdown that renders as itself, inside or outside a link."""
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), one_line(text))


def _markdown_url(url: str) -> str:
    """A link destination that cannot end early: spaces, brackets and parens percent-encoded."""
    return "".join(f"%{ord(ch):02X}" if ch in " ()<>" else ch for ch in url)


def markdown_link(paper: Paper, web: str | None = None) -> str:
    """`[title](Hugging Face page)`, the title escaped so it cannot break the link."""
    hf = links_for(paper, web).hf if web else links_for(paper).hf
    return f"[{escape_markdown(paper.title)}]({_markdown_url(hf)})"


def _short_authors(paper: Paper) -> str:
    """The first few author names, then "et al."."""
    names = [n for n in (one_line(a.name) for a in paper.authors) if n]
    shown = ", ".join(escape_markdown(n) for n in names[:_MAX_AUTHORS])
    return shown + " et al." if len(names) > _MAX_AUTHORS else shown


def _markdown_note(note: str) -> list[str]:
    """The note as the lines of a nested list item; paragraphs and line breaks kept."""
    lines = clean(note.replace("\r\n", "\n").replace("\r", "\n")).strip("\n").split("\n")
    out = [f"  - Note: {lines[0].strip()}"]
    out += [f"    {line.rstrip()}" if line.strip() else "" for line in lines[1:]]
    return out


def _markdown_item(item: Paper | Bookmark, web: str | None) -> list[str]:
    """The lines of one bullet."""
    paper = item.paper if isinstance(item, Bookmark) else item
    head = f"- {markdown_link(paper, web)}"
    authors = _short_authors(paper)
    if authors:
        head += f" — {authors}"
    head += f" · [arXiv:{escape_markdown(paper.id)}]({_markdown_url(links_for(paper).arxiv)})"
    lines = [head]
    if isinstance(item, Bookmark):
        tags = [t for t in (one_line(t) for t in item.tags) if t]
        if tags:
            lines.append("  - Tags: " + ", ".join(escape_markdown(t) for t in tags))
        if item.note.strip():
            lines += _markdown_note(item.note)
    return lines


def markdown_list(
    papers_or_bookmarks: Iterable[Paper | Bookmark],
    web: str | None = None,
    heading: str | None = None,
) -> str:
    """A Markdown reading list: a heading, then one bullet per paper or bookmark.

    Each bullet links the Hugging Face page, names up to three authors and links arXiv;
    a bookmark adds its tags and its note as nested items. `heading` defaults to
    "Bookmarks" when any item is a bookmark, else "Papers".
    """
    items = list(papers_or_bookmarks)
    if heading is None:
        heading = "Bookmarks" if any(isinstance(i, Bookmark) for i in items) else "Papers"
    lines = [f"# {escape_markdown(heading)}", ""]
    for item in items:
        lines += _markdown_item(item, web)
    if not items:
        lines.append("Nothing to list.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------

PAPER_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "authors",
    "published",
    "daily_date",
    "upvotes",
    "comments",
    "organization",
    "github",
    "hf_url",
    "arxiv_url",
    "pdf_url",
)
"""The CSV columns of a paper."""
BOOKMARK_COLUMNS: tuple[str, ...] = (*PAPER_COLUMNS, "added_at", "tags", "note")
"""The CSV columns when bookmarks are exported: a paper's, then the bookmark's own."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    """A cell value a spreadsheet shows as text: formulas defused, text cleaned.

    Excel, LibreOffice and Sheets run a cell that starts with = + - @ (or a tab or CR) as a
    formula; a leading apostrophe makes it text (OWASP's CSV injection advice).
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = clean(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_row(item: Paper | Bookmark, web: str | None, with_bookmark: bool) -> list[object]:
    """The cells of one paper or bookmark, in column order."""
    paper = item.paper if isinstance(item, Bookmark) else item
    links = links_for(paper, web) if web else links_for(paper)
    row: list[object] = [
        paper.id,
        paper.title,
        "; ".join(a.name for a in paper.authors),
        paper.published_at.isoformat() if paper.published_at else None,
        paper.daily_date.isoformat() if paper.daily_date else None,
        paper.upvotes,
        paper.num_comments,
        paper.organization.label if paper.organization else None,
        links.github,
        links.hf,
        links.arxiv,
        links.pdf,
    ]
    if with_bookmark:
        if isinstance(item, Bookmark):
            row += [item.added_at.isoformat(), " ".join(item.tags), item.note]
        else:
            row += [None, None, None]
    return [_csv_cell(v) for v in row]


def csv_text(
    papers_or_bookmarks: Iterable[Paper | Bookmark],
    web: str | None = None,
    bookmark_columns: bool | None = None,
) -> str:
    """A CSV table with a header row.

    The bookmark columns appear when `bookmark_columns` is True, or (None) when any item is a
    bookmark; a bookmark export passes True so even an empty one has the full header.
    """
    items = list(papers_or_bookmarks)
    with_bookmark = (
        any(isinstance(i, Bookmark) for i in items)
        if bookmark_columns is None
        else bookmark_columns
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BOOKMARK_COLUMNS if with_bookmark else PAPER_COLUMNS)
    writer.writerows(_csv_row(i, web, with_bookmark) for i in items)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Bookmark JSON: export and import
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a bookmark file held: the bookmarks read, and how many records were unreadable."""

    bookmarks: tuple[Bookmark, ...]
    skipped: int = 0


def bookmarks_json(bookmarks: Iterable[Bookmark]) -> str:
    """A bookmark export file that `parse_bookmarks_json` reads back unchanged."""
    document = {
        "format": BOOKMARKS_FORMAT,
        "version": BOOKMARKS_VERSION,
        "bookmarks": [bookmark_to_record(b) for b in bookmarks],
    }
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2)
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate could not be saved as UTF-8: escape all
        text = json.dumps(document, indent=2)
    return text + "\n"


def parse_bookmarks_json(text: str) -> ImportResult:
    """Read a bookmark export; bad records are skipped and counted, not fatal.

    The bookmark store's own `bookmarks.json` (same records, no `format` marker) is read too,
    so bookmarks can be carried over from another machine. Raises UsageError when the text as
    a whole is neither (not JSON, another format, a newer version): then nothing in it can be
    trusted.
    """
    try:
        document = json.loads(text.removeprefix("\ufeff"))  # a BOM, as some editors save
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"This is not a bookmark export: it is not valid JSON "
            f"(line {exc.lineno}, column {exc.colno})."
        ) from None
    except (RecursionError, ValueError, TypeError):
        raise UsageError("This is not a bookmark export: it is not valid JSON.") from None
    not_ours = (
        f'This is not a paperreader bookmark export (it lacks "format": "{BOOKMARKS_FORMAT}").'
    )
    if not isinstance(document, dict):
        raise UsageError(not_ours)
    store_file = "format" not in document and "bookmarks" in document
    if document.get("format") != BOOKMARKS_FORMAT and not store_file:
        raise UsageError(not_ours)
    # The store writes "version" too, but reads a file without one as version 1.
    version = document.get("version", 1 if store_file else None)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UsageError("This bookmark export has no valid version number.")
    if version > BOOKMARKS_VERSION:
        raise UsageError(
            f"This bookmark export is version {version}, from a newer paperreader; "
            f"this one reads version {BOOKMARKS_VERSION}."
        )
    records = document.get("bookmarks")
    if not isinstance(records, list):
        raise UsageError('This bookmark export has no "bookmarks" list.')
    bookmarks = []
    skipped = 0
    for record in records:
        try:
            bookmarks.append(bookmark_from_record(record))
        except (ValueError, TypeError, KeyError, AttributeError):
            skipped += 1
    return ImportResult(tuple(bookmarks), skipped)


# --------------------------------------------------------------------------------------------
# One entry point for the CLI and the UI
# --------------------------------------------------------------------------------------------


def export_bookmarks(
    bookmarks: Iterable[Bookmark],
    fmt: str,
    tag: str | None = None,
    web: str | None = None,
) -> str:
    """Bookmarks in `fmt` (bibtex, markdown, json or csv), only those tagged `tag` if given.

    Raises UsageError for a format not in EXPORT_FORMATS ("bib" and "md" are accepted too).
    """
    name = fmt.strip().lower()
    name = _FORMAT_ALIASES.get(name, name)
    if name not in EXPORT_FORMATS:
        raise UsageError(
            f"Unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}."
        )
    chosen = list(bookmarks)
    chosen = [b for b in chosen if has_tag(b, tag)]
    wanted = bool(tag and normalise_tags(tag))
    if name == "bibtex":
        return bibtex(b.paper for b in chosen)
    if name == "markdown":
        heading = f"Bookmarks tagged {one_line(tag)}" if wanted else "Bookmarks"
        return markdown_list(chosen, web, heading=heading)
    if name == "csv":
        return csv_text(chosen, web, bookmark_columns=True)
    return bookmarks_json(chosen)
