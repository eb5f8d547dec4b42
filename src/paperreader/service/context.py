"""What every service of a session shares: the settings, the clock, the mode and the web site.

The services hold this context, never the `Session` that composes them: a service reads the
shared state at call time (a saved theme, a changed setting is seen at once) without
importing the session that imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from paperreader.config.settings import Settings
from paperreader.domain.models import Origin


class SessionContext:
    """The state a session's services share; `Session` is one, with the services added."""

    def __init__(
        self,
        *,
        settings: Settings,
        clock: Callable[[], datetime],
        offline: bool,
        demo: bool,
        web_url: str,
    ) -> None:
        self.settings = settings
        """The user's configuration (cache lifetimes, browser, clipboard, theme)."""
        self.clock = clock
        """The time 'today' and 'latest' are measured against (fixed in demo mode)."""
        self.offline = offline
        """True when the network is never used (`--offline`, or no source at all)."""
        self.demo = demo
        """True when papers come from the bundled demo data."""
        self.web_url = web_url
        """The Hugging Face site links point at (the endpoint's own site for a local hub)."""

    @property
    def origin(self) -> Origin:
        """Where fresh data comes from in this session."""
        return Origin.DEMO if self.demo else Origin.NETWORK
