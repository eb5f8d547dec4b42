"""RIS records for reference managers (Zotero, Mendeley, EndNote): one per paper or bookmark.

Typed `JOUR` with the journal `arXiv`, as Google Scholar exports arXiv preprints, because
every reference manager imports that type whole. Every value is folded onto its line and
cleaned of escape sequences: RIS has one field per line, so a newline in a title or a note
would otherwise end the field and start a forged one (`ER  -` closes a record early).
"""

from __future__ import annotations

from collections.abc import Iterable

from paperreader.domain.ids import arxiv_doi
from paperreader.domain.links import arxiv_page, arxiv_pdf
from paperreader.domain.models import Bookmark, Paper
from paperreader.domain.text import clean_lines, one_line
from paperreader.formats.export.bibtex_key import citation_year


def _field(tag: str, value: object) -> str:
    return f"{tag}  - {one_line(value)}\n"


def ris_record(item: Paper | Bookmark) -> str:
    """One RIS record, from `TY  - JOUR` to `ER  - `; a bookmark adds its tags as keywords
    and its note (its line breaks written as ` / `)."""
    paper = item.paper if isinstance(item, Bookmark) else item
    lines = [_field("TY", "JOUR"), _field("TI", paper.title)]
    lines += [_field("AU", a.name) for a in paper.authors if one_line(a.name)]
    year = citation_year(paper)
    if year:
        lines.append(_field("PY", year))
    if paper.published_at is not None:
        lines.append(_field("DA", paper.published_at.strftime("%Y/%m/%d/")))
    if one_line(paper.summary):
        lines.append(_field("AB", paper.summary))
    lines += [
        _field("JO", "arXiv"),
        _field("AN", f"arXiv:{paper.id}"),
        _field("DO", arxiv_doi(paper.id)),
        _field("UR", arxiv_page(paper.id)),
        _field("L1", arxiv_pdf(paper.id)),
    ]
    if isinstance(item, Bookmark):
        lines += [_field("KW", tag) for tag in item.tags if one_line(tag)]
        lines_of_note = (one_line(line) for line in clean_lines(item.note).split("\n"))
        note = " / ".join(filter(None, lines_of_note))
        if note:
            lines.append(_field("N1", note))
    lines.append("ER  - \n")
    return "".join(lines)


def ris(items: Iterable[Paper | Bookmark]) -> str:
    """An RIS file: one record per distinct paper (by id), records separated by a blank line."""
    seen: set[str] = set()
    records = []
    for item in items:
        paper = item.paper if isinstance(item, Bookmark) else item
        if paper.id not in seen:
            seen.add(paper.id)
            records.append(ris_record(item))
    return "\n".join(records)
