"""Formats: bytes and JSON in, models out, and back. The hub's JSON read defensively into domain
models (`hub_*`), the lossless records the bookmarks file and the library keep (`records`),
and the export formats (`export`: BibTeX, Markdown, CSV, JSON). Pure functions over values:
no files, no network."""
