"""The paper library: every paper the program has seen, in SQLite, searchable with no network.

`paperreader sync` fills it day by day, and every listing the app or the CLI fetches lands in
it too, so it grows by itself. It lives in the data dir (`library.sqlite3`), which the
program never deletes.

Modules, top to bottom: `store` (`Library`, what callers use), `database` (the connection,
its lock, recovery from a damaged file), `health` (the quick check on opening, rebuilding the
index), `salvage` (a damaged file's readable rows into a fresh one), `schema` (the layout,
creating and migrating it),
`writing` (storing papers and days), `search` (FTS5 and its substring fallback, ranking),
`hits` (decoded hits kept between searches), `rows` (a paper as rows and back), `highlighting`,
`query` (the query language), `folding` (text as the index sees it), `results`.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from paperreader.storage.library.store import FILE_NAME, Library

if TYPE_CHECKING:
    from paperreader.storage.library.highlighting import highlight
    from paperreader.storage.library.query import parse_query
    from paperreader.storage.library.results import DayRecord, LibraryInfo, SearchHit, SearchResult

_ON_FIRST_USE = {
    "highlight": "highlighting",
    "parse_query": "query",
    "DayRecord": "results",
    "LibraryInfo": "results",
    "SearchHit": "results",
    "SearchResult": "results",
}
"""Names imported when first asked for: making a `Library` at start-up needs none of them."""


def __getattr__(name: str) -> object:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "FILE_NAME",
    "DayRecord",
    "Library",
    "LibraryInfo",
    "SearchHit",
    "SearchResult",
    "highlight",
    "parse_query",
]
