"""Papers and bookmarks as text for other programs, one module per format.

Everything here is a pure function from models to a string (or back, for the bookmark
import), so the CLI, the copy menu and the tests share one definition of each format:

- `paper_json`: the CLI's `--json` description of a paper and of a listing;
- `bibtex_key` and `bibtex`: arXiv-style citation keys, and `@misc` entries;
- `markdown`: a reading list of links;
- `csv_table`: a spreadsheet-safe table;
- `bookmark_json`: the bookmark export file, and reading it back;
- `bookmarks`: the one entry point that turns bookmarks into any of these by name.
"""
