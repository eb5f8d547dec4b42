"""Fetching PDFs: from arXiv for Hugging Face, from the hub's own /pdf/ otherwise; streamed,
capped, and refused unless the answer is a PDF (checked against the fake hub's PDF endpoint)."""

from __future__ import annotations

import httpx
import pytest
from support.fakehub import NO_PDF_PAPER_ID, RICH_PAPER_ID, UNKNOWN_PAPER_ID, tiny_pdf

from paperreader.domain.errors import OfflineError, UsageError
from paperreader.sources import pdf
from paperreader.sources.pdf import DownloadError, PdfSource, make_pdf_client, pdf_base_url


class Sink:
    """Collects what a download writes, and the progress it reports."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.progress: list[tuple[int, int | None]] = []

    async def write(self, chunk: bytes) -> None:
        self.data.extend(chunk)

    def report(self, done: int, total: int | None) -> None:
        self.progress.append((done, total))


@pytest.fixture
async def hub_pdfs(fake_hub):
    source = PdfSource(make_pdf_client(timeout=2.0), pdf_base_url(fake_hub.url))
    yield source
    await source.aclose()


def test_pdfs_come_from_arxiv_for_hugging_face_and_from_the_hub_itself_otherwise():
    assert pdf_base_url("https://huggingface.co") == "https://arxiv.org/pdf"
    assert pdf_base_url("https://huggingface.co/") == "https://arxiv.org/pdf"
    assert pdf_base_url("http://127.0.0.1:8765/") == "http://127.0.0.1:8765/pdf"
    assert PdfSource(httpx.AsyncClient()).url("2603.01234") == "https://arxiv.org/pdf/2603.01234"


def test_a_malformed_id_never_becomes_a_url():
    with pytest.raises(UsageError):
        PdfSource(httpx.AsyncClient()).url("../../etc/passwd")


async def test_the_pdf_streams_whole_with_progress(hub_pdfs, fake_hub):
    sink = Sink()
    size = await hub_pdfs.download(RICH_PAPER_ID, sink.write, sink.report)
    assert bytes(sink.data) == tiny_pdf(RICH_PAPER_ID)
    assert size == len(sink.data)
    assert sink.progress[-1] == (size, size)
    [request] = fake_hub.requests_to(f"/pdf/{RICH_PAPER_ID}")
    assert request.header("authorization") is None  # the hub's token never goes to a PDF host
    assert "application/pdf" in (request.header("accept") or "")


async def test_a_web_page_instead_of_the_pdf_is_refused(hub_pdfs):
    sink = Sink()
    with pytest.raises(DownloadError, match="sent text/html instead of the PDF"):
        await hub_pdfs.download(NO_PDF_PAPER_ID, sink.write)
    assert sink.data == b""


async def test_an_unknown_paper_is_one_sentence(hub_pdfs):
    with pytest.raises(DownloadError, match=r"has no PDF for 2601\.99999 \(HTTP 404\)"):
        await hub_pdfs.download(UNKNOWN_PAPER_ID, Sink().write)


async def test_a_pdf_cut_short_is_an_error_not_a_smaller_pdf(hub_pdfs, fake_hub):
    fake_hub.fail("/pdf/", "truncate")
    with pytest.raises(OfflineError, match="broke off the PDF"):
        await hub_pdfs.download(RICH_PAPER_ID, Sink().write)


async def test_a_server_error_is_one_sentence(hub_pdfs, fake_hub):
    fake_hub.fail("/pdf/", "status", status=503, body=b"busy")
    with pytest.raises(DownloadError, match="answered HTTP 503"):
        await hub_pdfs.download(RICH_PAPER_ID, Sink().write)


def mock_source(body: bytes, headers: dict[str, str]) -> PdfSource:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers=headers)

    return PdfSource(httpx.AsyncClient(transport=httpx.MockTransport(answer)), "https://pdf.test")


async def test_bytes_that_are_not_a_pdf_are_refused_whatever_the_label_says():
    source = mock_source(b"<html>" + b" " * 5000, {"Content-Type": "application/pdf"})
    with pytest.raises(DownloadError, match="not a PDF"):
        await source.download(RICH_PAPER_ID, Sink().write)
    short = mock_source(b"<html>oops</html>", {"Content-Type": "application/pdf"})
    with pytest.raises(DownloadError, match="not a PDF"):
        await short.download(RICH_PAPER_ID, Sink().write)


async def test_a_pdf_over_the_cap_is_refused_declared_or_not(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 1000)
    declared = mock_source(b"%PDF-" + b"x" * 2000, {"Content-Type": "application/pdf"})
    with pytest.raises(DownloadError, match="too large"):
        await declared.download(RICH_PAPER_ID, Sink().write)

    def chunked(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, stream=httpx.ByteStream(b"%PDF-" + b"x" * 2000), headers={"Content-Type": ""}
        )

    source = PdfSource(httpx.AsyncClient(transport=httpx.MockTransport(chunked)), "https://p.t")
    with pytest.raises(DownloadError, match="too large"):
        await source.download(RICH_PAPER_ID, Sink().write)


async def test_an_unreachable_host_is_offline():
    from support.fakehub import closed_port_url

    source = PdfSource(make_pdf_client(timeout=2.0), closed_port_url() + "/pdf")
    with pytest.raises(OfflineError, match=r"Cannot reach 127\.0\.0\.1"):
        await source.download(RICH_PAPER_ID, Sink().write)
    await source.aclose()
