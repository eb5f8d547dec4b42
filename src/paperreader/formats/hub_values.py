"""Reading single JSON values from the hub, defensively: each reader gives a clean value or
None (an empty tuple for a list), never an exception, so one odd field costs that field alone.

Shared by every hub reader and by the lossless records, which read the same kinds of values
back from the user's files. A JSON object is decoded as a dict, and is checked as one (an ABC
check per field of 50k papers cost a tenth of reading them).
"""

from __future__ import annotations

from datetime import UTC, datetime

from paperreader.domain.ids import HUB_NAME, exact_id
from paperreader.domain.links import is_web_url
from paperreader.domain.models import Organization
from paperreader.domain.sharing import shared_moment, shared_organization
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
        moment = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        return shared_moment(moment)
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
    """A web link exactly as sent (outer spaces aside), or None: never a cleaned one.

    A link with an escape sequence or a bidi mark inside is a disguise; taking them out
    would give another link, so it is dropped (`links.is_web_url` decides).
    """
    if not isinstance(value, str):
        return None
    text = value.strip(" \t\r\n")
    return text if is_web_url(text) else None


def read_username(user: object) -> str | None:
    """The username of a UserOverview: `name` in some payloads, `user` in others; a name
    that is not a valid hub name as sent is no name (`ids.HUB_NAME`)."""
    if not isinstance(user, dict):
        return None
    return exact_id(user.get("name"), HUB_NAME) or exact_id(user.get("user"), HUB_NAME)


def read_strings(value: object) -> tuple[str, ...]:
    """The non-empty cleaned one-line strings of a JSON list (keywords); () for a non-list."""
    if not isinstance(value, list):
        return ()
    return tuple(text for text in map(read_str, value) if text)


def read_organization(value: object) -> Organization | None:
    """An organization object (`name`, `fullname`); None without either name.

    Lenient, for the user's own files (a hand-written name alone is kept); the hub's is
    read by `read_hub_organization`.
    """
    if not isinstance(value, dict):
        return None
    return _organization(read_str(value.get("name")), read_str(value.get("fullname")))


def read_hub_organization(value: object) -> Organization | None:
    """An organization from the hub: its slug (`name`) kept only as sent (`ids.HUB_NAME`),
    its full name as text; None without either."""
    if not isinstance(value, dict):
        return None
    return _organization(exact_id(value.get("name"), HUB_NAME), read_str(value.get("fullname")))


def _organization(name: str | None, fullname: str | None) -> Organization | None:
    if not name and not fullname:
        return None
    return shared_organization(name or fullname or "", fullname)
