"""Reading single JSON values from the hub, defensively: each reader gives a clean value or
None (an empty tuple for a list), never an exception, so one odd field costs that field alone.

Shared by every hub reader and by the lossless records, which read the same kinds of values
back from the user's files.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from paperreader.domain.links import is_web_url
from paperreader.domain.models import Organization
from paperreader.domain.text import one_line


def parse_datetime(value: object) -> datetime | None:
    """Read an ISO-8601 timestamp such as `2024-07-31T17:54:27.000Z`; None if unreadable."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # unreadable, or out of range once moved to UTC
        return None


def read_str(value: object) -> str | None:
    """A non-empty cleaned one-line string, or None."""
    if isinstance(value, str):
        cleaned = one_line(value)
        return cleaned or None
    return None


def read_int(value: object) -> int | None:
    """An integer from a JSON number (never from a bool), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def read_url(value: object) -> str | None:
    """A web link, or None: links are only kept when `links.is_web_url` accepts them."""
    text = read_str(value)
    return text if text and is_web_url(text) else None


def read_username(user: object) -> str | None:
    """The username of a UserOverview: `name` in some payloads, `user` in others."""
    if not isinstance(user, Mapping):
        return None
    return read_str(user.get("name")) or read_str(user.get("user"))


def read_strings(value: object) -> tuple[str, ...]:
    """The non-empty cleaned one-line strings of a JSON list (keywords); () for a non-list."""
    if not isinstance(value, list):
        return ()
    return tuple(text for text in map(read_str, value) if text)


def read_organization(value: object) -> Organization | None:
    """An organization object (`name`, `fullname`); None without either name."""
    if not isinstance(value, Mapping):
        return None
    name = read_str(value.get("name"))
    fullname = read_str(value.get("fullname"))
    if not name and not fullname:
        return None
    return Organization(name=name or fullname or "", fullname=fullname)
