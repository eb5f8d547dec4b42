"""The one entry point the CLI and the app share: bookmarks in the format the user names.

Format names, their aliases and their file suffixes live here alone, so the command line's
`--format`, the app's export prompt and the file it suggests always agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperreader.domain.errors import UsageError
from paperreader.domain.models import Bookmark
from paperreader.domain.tags import has_tag, normalise_tags
from paperreader.domain.text import one_line
from paperreader.formats.export.bibtex import bibtex
from paperreader.formats.export.bookmark_json import bookmarks_json
from paperreader.formats.export.csv_table import csv_text
from paperreader.formats.export.markdown import markdown_list
from paperreader.formats.export.ris import ris

EXPORT_FORMATS: tuple[str, ...] = ("bibtex", "markdown", "json", "csv", "ris")
"""The formats `export_bookmarks` accepts, in menu order."""
EXPORT_SUFFIXES: dict[str, str] = {
    "bibtex": ".bib",
    "markdown": ".md",
    "json": ".json",
    "csv": ".csv",
    "ris": ".ris",
}
"""A file name suffix for each export format."""
*_FIRST_SUFFIXES, _LAST_SUFFIX = EXPORT_SUFFIXES.values()
SUFFIX_CHOICES = f"{', '.join(_FIRST_SUFFIXES)} or {_LAST_SUFFIX}"
"""The suffixes in words (".bib, .md, .json, .csv or .ris"), for every text that lists them."""
_FORMAT_ALIASES = {"bib": "bibtex", "md": "markdown"}


def export_bookmarks(
    bookmarks: Iterable[Bookmark],
    fmt: str,
    tag: str | None = None,
    web: str | None = None,
) -> str:
    """Bookmarks in `fmt` (bibtex, markdown, json, csv or ris), only those tagged `tag` if given.

    Raises UsageError for a format not in EXPORT_FORMATS ("bib" and "md" are accepted too).
    """
    name = fmt.strip().lower()
    name = _FORMAT_ALIASES.get(name, name)
    if name not in EXPORT_FORMATS:
        raise UsageError(
            f"Unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}."
        )
    chosen = [b for b in bookmarks if has_tag(b, tag)]
    wanted = bool(tag and normalise_tags(tag))
    if name == "bibtex":
        return bibtex(b.paper for b in chosen)
    if name == "markdown":
        heading = f"Bookmarks tagged {one_line(tag)}" if wanted else "Bookmarks"
        return markdown_list(chosen, web, heading=heading)
    if name == "csv":
        return csv_text(chosen, web, bookmark_columns=True)
    if name == "ris":
        return ris(chosen)
    return bookmarks_json(chosen)
