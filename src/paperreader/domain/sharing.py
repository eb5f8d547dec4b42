"""Values a long listing repeats (the same authors, organisations, days, keywords), held once.

Each decoder asks for them here, so 50k papers keep one copy of each instead of one per
paper. Bounded caches of the recently seen, and interned strings, which Python frees once
nothing uses them: a long session does not keep every name it ever read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime, tzinfo
from functools import lru_cache

from paperreader.domain.models import Author, Organization


@lru_cache(maxsize=32_768)
def shared_author(name: str, username: str | None = None) -> Author:
    """The one `Author` for this name and account among those recently read."""
    return Author(sys.intern(name), None if username is None else sys.intern(username))


@lru_cache(maxsize=4_096)
def shared_organization(name: str, fullname: str | None = None) -> Organization:
    """The one `Organization` for this slug and full name among those recently read."""
    return Organization(sys.intern(name), None if fullname is None else sys.intern(fullname))


# Small on purpose: a listing comes roughly in day order, so the moments it repeats (its days,
# papers published together) are recent ones; an entry costs about three times the datetime
# it shares, and a larger cache filled with one-off publication times cost more than it saved.
@lru_cache(maxsize=1_024)
def _shared_moment(moment: datetime, _zone: tzinfo | None) -> datetime:
    return moment


def shared_moment(moment: datetime) -> datetime:
    """The one datetime for this instant in this offset among those recently read (equal
    instants in other offsets compare equal, so the offset is part of the key)."""
    return _shared_moment(moment, moment.tzinfo)


def shared_text(text: str | None) -> str | None:
    """A short repeated string (a keyword, a username) held once while it is in use."""
    return None if text is None else sys.intern(text)


def shared_words(words: Iterable[str]) -> tuple[str, ...]:
    """Keywords, each held once while in use."""
    return tuple(map(sys.intern, words))
