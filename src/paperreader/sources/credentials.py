"""The token on the wire: on requests to the endpoint's own host, and nowhere else.

It is no default header of the client: a request hook, run for every request redirects
included, adds it for the endpoint's origin (or its https upgrade on the same host) and
takes it off any other, so a redirect to another host, another port or down to plain http
never carries it, whatever the HTTP library does with redirects.
"""

from __future__ import annotations

import httpx

_DEFAULT_PORTS = {"http": 80, "https": 443}


class EndpointToken:
    """A request hook for `httpx.AsyncClient(event_hooks={"request": [...]})`."""

    def __init__(self, endpoint: str, token: str) -> None:
        self._origin = _origin(httpx.URL(endpoint))
        self._header = f"Bearer {token}"

    async def __call__(self, request: httpx.Request) -> None:
        if self.allowed(request.url):
            request.headers["Authorization"] = self._header
        else:
            request.headers.pop("Authorization", None)

    def allowed(self, url: httpx.URL) -> bool:
        """True for the endpoint's origin, and for https on the default port of its host when
        the endpoint is plain http on the default port (the upgrade a hub redirects to)."""
        scheme, host, port = _origin(url)
        if host != self._origin[1]:
            return False
        if (scheme, port) == (self._origin[0], self._origin[2]):
            return True
        return self._origin[0::2] == ("http", 80) and (scheme, port) == ("https", 443)


def without_token(text: str, request: httpx.Request) -> str:
    """`text` (from the network) with the token `request` carried replaced by "…"."""
    sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return text.replace(sent, "…") if len(sent) >= 8 else text


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    scheme = url.scheme.lower()
    return scheme, url.host.lower().rstrip("."), url.port or _DEFAULT_PORTS.get(scheme)
