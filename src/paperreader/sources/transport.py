"""The HTTP transport every client uses: httpx's own, with its certificates loaded only for the
first https request.

httpx loads its whole certificate bundle when a client is made, https or not: some 20 ms of
every command that asks a hub, and all of it wasted on an http:// endpoint (a local or test
hub). Here plain http goes through a transport whose TLS settings trust no certificate at all,
so no TLS connection can ever succeed through it, and https through httpx's default transport
(certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR), made on its first request. A redirect from
http to https simply moves to the second one.
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx


def _trusting_nothing() -> ssl.SSLContext:
    """TLS settings that verify every certificate against an empty store: any handshake fails."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED, hostnames checked


class SchemeTransport(httpx.AsyncBaseTransport):
    """httpx's transport for https, made on first use, and one without certificates for http."""

    def __init__(self, **options: Any) -> None:
        """`options` go to both `httpx.AsyncHTTPTransport`s (`limits`, say), never `verify`."""
        if "verify" in options:
            raise TypeError("the https transport always verifies with the default certificates")
        self._options = options
        self._plain: httpx.AsyncHTTPTransport | None = None
        self._tls: httpx.AsyncHTTPTransport | None = None

    @property
    def tls_ready(self) -> bool:
        """True once the https transport (and its certificates) was made."""
        return self._tls is not None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._transport(request.url.scheme).handle_async_request(request)

    def _transport(self, scheme: str) -> httpx.AsyncHTTPTransport:
        if scheme == "https":
            if self._tls is None:
                self._tls = httpx.AsyncHTTPTransport(**self._options)
            return self._tls
        if self._plain is None:
            self._plain = httpx.AsyncHTTPTransport(verify=_trusting_nothing(), **self._options)
        return self._plain

    async def aclose(self) -> None:
        for transport in (self._plain, self._tls):
            if transport is not None:
                await transport.aclose()
