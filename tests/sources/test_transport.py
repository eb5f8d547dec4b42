"""The clients' transport loads certificates for https only: an http:// hub costs none, every
https request is still verified, and the requests are what they always were."""

from __future__ import annotations

import ssl
import subprocess
import sys
from typing import Any

import httpx
import pytest

from paperreader import __version__
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.sources import transport as transport_module
from paperreader.sources.bodies import ACCEPT_ENCODING
from paperreader.sources.hub import HubClient, make_client
from paperreader.sources.pdf import make_pdf_client
from paperreader.sources.transport import SchemeTransport

DAY = "2026-10-01"


async def test_an_http_hub_is_asked_without_loading_certificates(fake_hub):
    client = make_client(fake_hub.url, token="hf_secret_token")
    transport = client._transport
    assert isinstance(transport, SchemeTransport)
    try:
        items = await HubClient(client).fetch_listing(ListingQuery(ListingKind.DAILY, DAY))
    finally:
        await client.aclose()
    assert items and not transport.tls_ready
    [request] = fake_hub.requests_to("/api/daily_papers")
    assert request.header("User-Agent") == f"paperreader/{__version__}"
    assert request.header("Accept") == "application/json"
    assert request.header("Accept-Encoding") == ACCEPT_ENCODING
    assert request.header("Authorization") == "Bearer hf_secret_token"  # its own host


class Recorded(httpx.AsyncBaseTransport):
    """Stands in for httpx's transport: what it was made with, and the URLs it was asked."""

    made: list[Recorded] = []

    def __init__(self, **options: Any) -> None:
        self.options = options
        self.urls: list[str] = []
        self.closed = False
        Recorded.made.append(self)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        if request.url.scheme == "http":  # the hub upgrades to https
            return httpx.Response(
                301, headers={"Location": str(request.url.copy_with(scheme="https"))}
            )
        return httpx.Response(200, json=[])

    async def aclose(self) -> None:
        self.closed = True


@pytest.fixture
def recorded(monkeypatch):
    Recorded.made = []
    monkeypatch.setattr(transport_module.httpx, "AsyncHTTPTransport", Recorded)
    return Recorded.made


async def test_https_goes_through_httpx_default_verification(recorded):
    client = make_client("http://hub.test")
    try:
        response = await client.get("/api/daily_papers")
    finally:
        await client.aclose()
    assert response.status_code == 200
    plain, tls = recorded
    assert plain.urls == ["http://hub.test/api/daily_papers"]
    assert tls.urls == ["https://hub.test/api/daily_papers"]  # the redirect, on the other
    assert "verify" not in tls.options  # httpx's default: its certificates, verified
    assert tls.options["limits"] == plain.options["limits"] == httpx.Limits(max_connections=4)
    assert plain.closed and tls.closed


async def test_the_plain_transport_trusts_no_certificate(recorded):
    transport = SchemeTransport()
    transport._transport("http")
    [plain] = recorded
    context = plain.options["verify"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0  # so no TLS handshake can pass
    with pytest.raises(TypeError):
        SchemeTransport(verify=False)


async def test_the_pdf_client_loads_certificates_on_its_first_https_request(recorded):
    client = make_pdf_client()
    try:
        await client.get("https://arxiv.test/pdf/2603.01234")
    finally:
        await client.aclose()
    [tls] = recorded
    assert "verify" not in tls.options
    assert client.headers["Accept"] == "application/pdf"


def test_httpx_is_imported_without_its_command_line_client():
    code = (
        "import sys, paperreader.sources.hub; "
        "print(sorted(m for m in ('rich', 'click', 'pygments', 'httpx._main') if m in sys.modules "
        "and sys.modules[m] is not None))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
