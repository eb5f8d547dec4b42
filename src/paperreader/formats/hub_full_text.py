"""A paper's full text from `/papers/{id}.md` (E6): Markdown kept as sent, only made safe."""

from __future__ import annotations

from paperreader.domain.models import FullText
from paperreader.domain.text import clean_lines


def parse_full_text(paper_id: str, text: object) -> FullText:
    """The Markdown full text, cleaned of escape sequences and controls but otherwise raw.

    None (the hub has no full text), a non-string or a blank text give `markdown=None`.
    """
    if not isinstance(text, str):
        return FullText(paper_id, None)
    cleaned = clean_lines(text.removeprefix("\ufeff"))
    return FullText(paper_id, cleaned if cleaned.strip() else None)
