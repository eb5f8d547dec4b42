"""Paper ids: the one rule for what an arXiv id looks like and how typed input becomes one."""

from __future__ import annotations

import re

from paperreader.domain.errors import UsageError

PAPER_ID = re.compile(r"\A\d{4}\.\d{4,5}\Z", re.ASCII)
"""arXiv ids as Hugging Face uses them: unversioned, `YYMM.NNNN(N)`."""

_NAME = r"[A-Za-z0-9][\w.-]{0,95}"
HUB_NAME = re.compile(rf"\A{_NAME}\Z", re.ASCII)
"""A user or organisation name on the hub (one part of a repo id): `grace`, `example-lab`."""
REPO_ID = re.compile(rf"\A(?!.*\.\.)(?:{_NAME}/)?{_NAME}\Z", re.ASCII)
"""A repo id as the hub writes them (`owner/name`, or a bare name for old models): nothing
that could leave the `/{id}` path of a URL or carry markup."""
COMMENT_ID = re.compile(r"\A[\w.:-]{1,128}\Z", re.ASCII)
"""A comment id (the hub's are hex): it only links a reply to its parent."""


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


def exact_id(value: object, rule: re.Pattern[str]) -> str | None:
    """`value` itself when `rule` matches it whole (outer spaces aside), else None.

    An id is never cleaned into shape: `org/model<ESC>[31mred` with its escape removed is
    `org/modelred`, another repo. Outer spaces are no part of any id, so dropping them
    cannot turn one id into another.
    """
    if not isinstance(value, str):
        return None
    text = value.strip(" \t\r\n")
    return text if rule.match(text) else None
