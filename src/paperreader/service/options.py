"""How a session starts: what the command line asks of the app (kept light: imported at start)."""

from __future__ import annotations

from typing import NamedTuple

from paperreader.domain.models import ListingQuery


class AppOptions(NamedTuple):
    """What the interactive app needs from the command line."""

    query: ListingQuery | None
    demo: bool
    offline: bool
    endpoint: str | None
