"""A list of papers in the format a script names: what `list`, `search-local`, `similar` and
`digest` print with `--format`.

`text` and `json` belong to each command (a listing's header, a search's scores); the rest
are the export formats the bookmarks use, for papers, plus JSON Lines for streaming tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from paperreader.domain.models import Paper

LIST_FORMATS: tuple[str, ...] = ("text", "json", "jsonl", "markdown", "bibtex", "csv", "ris")
"""What `--format` accepts wherever a command prints papers."""


def json_lines(records: Iterable[dict[str, Any]]) -> str:
    """One compact JSON object per line (JSON Lines), non-ASCII kept; "" for none."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def papers_export(papers: Sequence[Paper], fmt: str, web: str | None = None) -> str:
    """`papers` as markdown, bibtex, csv or ris; ValueError for any other name. Each
    format's module is imported when it is asked for: `--format` is parsed by every command
    that lists papers, which mostly prints text or JSON."""
    if fmt == "markdown":
        from paperreader.formats.export.markdown import markdown_list

        return markdown_list(papers, web)
    if fmt == "bibtex":
        from paperreader.formats.export.bibtex import bibtex

        return bibtex(papers)
    if fmt == "csv":
        from paperreader.formats.export.csv_table import csv_text

        return csv_text(papers, web, bookmark_columns=False)
    if fmt == "ris":
        from paperreader.formats.export.ris import ris

        return ris(papers)
    raise ValueError(f"not an export format: {fmt}")
