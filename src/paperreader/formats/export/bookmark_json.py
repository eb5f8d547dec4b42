"""The bookmark export file, and reading one back (`paperreader bookmarks import`).

`{"format": "paperreader-bookmarks", "version": 1, "bookmarks": [...]}` whose records are the
bookmark store's own (`formats.records`), so an export imports back as the same bookmarks,
and the store's `bookmarks.json` imports as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from paperreader.domain.errors import UsageError
from paperreader.domain.models import Bookmark
from paperreader.formats.records import bookmark_from_record, bookmark_to_record

BOOKMARKS_FORMAT = "paperreader-bookmarks"
"""The `format` marker of a bookmark export file."""
BOOKMARKS_VERSION = 1
"""The newest bookmark export version this program writes and reads."""


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
