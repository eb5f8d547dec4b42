"""Where fresh papers come from: the session's one source, built when first needed.

Building the hub client imports the HTTP stack; a session that answers from the cache, or
runs offline, never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable

from paperreader.domain.errors import OfflineError
from paperreader.sources.base import ListingSource


class Upstream:
    """The session's source of listings and papers (the hub or the demo), built lazily."""

    def __init__(self, factory: Callable[[], ListingSource] | None) -> None:
        """`factory` builds the source; None: this session has none (offline)."""
        self._factory = factory
        self._source: ListingSource | None = None
        self.notices: tuple[str, ...] = ()
        """What the user should know about how the source is reached (a token going over
        plain http, a token that cannot be used): said once, when the front end starts."""

    @property
    def available(self) -> bool:
        """True when the session has a source to build."""
        return self._factory is not None

    @property
    def started(self) -> bool:
        """True once the source was built (the network stack imported)."""
        return self._source is not None

    def source(self) -> ListingSource:
        """The source, built on the first call; OfflineError when the session has none."""
        if self._source is None:
            if self._factory is None:
                raise OfflineError("Offline mode: the network is not used.")
            self._source = self._factory()
        return self._source

    async def aclose(self) -> None:
        """Close the source (its network client) if it was built."""
        if self._source is not None:
            await self._source.aclose()
            self._source = None
