"""A paper as the rows the library stores, and a stored record back as a paper."""

from __future__ import annotations

import json
from typing import Any

from paperreader.domain.models import Paper
from paperreader.formats.records import TitleMarker, paper_from_record, paper_to_record
from paperreader.storage.library.folding import fold, words


def paper_rows(
    paper: Paper, daily_date: str | None, now: float
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The `papers` row and the `paper_text` row (without pk) of a paper."""
    org = paper.organization
    published = paper.published_at.date().isoformat() if paper.published_at else None
    year = paper.published_at.year if paper.published_at else None
    if year is None and daily_date:
        year = int(daily_date[:4])
    abstract = paper.summary + ("\n" + paper.ai_summary if paper.ai_summary else "")
    record = json.dumps(paper_to_record(paper), ensure_ascii=False, separators=(",", ":"))
    row = (
        paper.id,
        daily_date,
        published,
        year,
        paper.upvotes,
        paper.num_comments,
        int(bool(paper.github_repo)),
        int(bool(paper.project_page)),
        org.label if org else None,
        now,
        paper.title,
        len(words(paper.title)),
    )
    text = (
        fold(paper.title),
        fold(abstract),
        fold("; ".join(a.name for a in paper.authors)),
        fold(" ".join(filter(None, (org.name, org.fullname)))) if org else "",
        fold("; ".join(paper.ai_keywords)),
        record,
    )
    return row, text


def decode(record: str, mark: TitleMarker | None = None) -> Paper | None:
    """A stored record as a Paper with its title marked by `mark`; None if unreadable."""
    try:
        data = json.loads(record)
    except (ValueError, TypeError, RecursionError):  # RecursionError: nested beyond reading
        return None
    try:
        return paper_from_record(data, mark_title=mark)
    except ValueError:
        return None
