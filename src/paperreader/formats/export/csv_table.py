"""A CSV table of papers or bookmarks that a spreadsheet opens safely.

Written with the csv module and "\\n" line ends (the text goes to files opened in text mode
and to the clipboard); text cells that a spreadsheet would run as a formula get a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from paperreader.domain.links import HF_WEB, links_for
from paperreader.domain.models import Bookmark, Paper
from paperreader.domain.text import clean

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
    links = links_for(paper, web or HF_WEB)
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
