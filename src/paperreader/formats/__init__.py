"""Formats: bytes and JSON in, models out, and back. The hub's JSON read defensively into domain
models, the lossless records the user's files keep, and the export formats (BibTeX, Markdown,
CSV, JSON). Pure functions over values: no files, no network."""
