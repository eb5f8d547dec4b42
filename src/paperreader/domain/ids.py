"""Paper ids: the one rule for what an arXiv id looks like and how typed input becomes one."""

from __future__ import annotations

import re

from paperreader.domain.errors import UsageError

PAPER_ID = re.compile(r"\A\d{4}\.\d{4,5}\Z", re.ASCII)
"""arXiv ids as Hugging Face uses them: unversioned, `YYMM.NNNN(N)`."""


def normalise_paper_id(text: str) -> str:
    """The id a person typed, as the hub wants it: spaces and an `arXiv:` prefix dropped.

    Raises UsageError with one sentence when what is left is not an id.
    """
    paper_id = text.strip()
    if paper_id.lower().startswith("arxiv:"):
        paper_id = paper_id[6:]
    return checked_paper_id(paper_id)


def checked_paper_id(paper_id: str) -> str:
    """`paper_id` itself when it is an id, else UsageError: for code that must not rewrite
    an id (the hub client builds URL paths from it)."""
    if not PAPER_ID.match(paper_id):
        raise UsageError(f"'{paper_id}' is not an arXiv id such as 2603.01234.")
    return paper_id
