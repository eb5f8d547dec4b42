"""Downloading a paper's PDF: streamed, size-capped, and refused unless it is a PDF.

arXiv serves the PDFs (`https://arxiv.org/pdf/ID`); a session on another hub (a mirror, the
local fake hub) asks that hub's `/pdf/ID` instead, so nothing here is tied to one host. The
bytes go to a `write` callable as they arrive: where they end up is the caller's business.
No token is sent: the PDF host is not the hub.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx

from paperreader import __version__
from paperreader.domain.errors import OfflineError, PaperReaderError
from paperreader.domain.ids import checked_paper_id
from paperreader.domain.links import HF_WEB, is_web_url
from paperreader.domain.text import one_line
from paperreader.sources.transport import SchemeTransport

ARXIV_PDF = "https://arxiv.org/pdf"
MAX_PDF_BYTES = 200 * 1024 * 1024
"""Largest PDF accepted: far above any paper, far below what would fill a disk."""
MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
"""A PDF's header may follow up to this many bytes of junk (the PDF standard's leeway)."""
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/octet-stream", ""})
"""Content types a PDF may come as ("" = none declared); anything else is refused."""
DEADLINE = 600.0
"""Seconds a whole download may take: a server that drips bytes never times a read out."""

Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None when the server does not say)."""
Writer = Callable[[bytes], Awaitable[None]]
"""Takes each piece of the PDF as it arrives."""


class DownloadError(PaperReaderError):
    """The PDF could not be fetched: the server refused, or sent something else."""


def pdf_base_url(web_url: str) -> str:
    """Where PDFs come from for a session on `web_url`: arXiv for Hugging Face itself, else
    the hub's own `/pdf` (a mirror or the local fake hub serves them there)."""
    web = web_url.rstrip("/")
    return ARXIV_PDF if web == HF_WEB else f"{web}/pdf"


def make_pdf_client(timeout: float = 30.0) -> httpx.AsyncClient:
    """The client PDFs are fetched with: our name, PDF wanted, bounded redirects."""
    return httpx.AsyncClient(
        headers={"User-Agent": f"paperreader/{__version__}", "Accept": "application/pdf"},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        max_redirects=5,
        transport=SchemeTransport(),
    )


class PdfSource:
    """Fetches PDFs from one base URL (`{base}/{paper id}`) on one injected client."""

    def __init__(self, client: httpx.AsyncClient, base_url: str = ARXIV_PDF) -> None:
        self._client = client
        self.base_url = base_url.rstrip("/")

    def url(self, paper_id: str) -> str:
        """The address of the paper's PDF; UsageError for a malformed id."""
        return f"{self.base_url}/{checked_paper_id(paper_id)}"

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def download(self, paper_id: str, write: Writer, progress: Progress | None = None) -> int:
        """Stream the paper's PDF into `write`; returns its size in bytes.

        Raises DownloadError for an HTTP error, an answer that is not a PDF or is too large,
        and OfflineError when the server cannot be reached or stops sending.
        """
        url = self.url(paper_id)
        host = urlsplit(url).hostname or url
        if not is_web_url(url):
            raise DownloadError(f"{url} is not an http(s) link; it is not fetched.")
        answering = False
        try:
            async with (
                asyncio.timeout(DEADLINE),
                self._client.stream("GET", url) as response,
            ):
                answering = True
                _check_answer(response, paper_id, host)
                return await _stream(response, paper_id, host, write, progress)
        except PaperReaderError:
            raise
        except httpx.TooManyRedirects:
            raise DownloadError(f"{host} sent too many redirects for {paper_id}.") from None
        except TimeoutError:
            raise OfflineError(f"{host} sent the PDF of {paper_id} too slowly.") from None
        except (httpx.TransportError, OSError) as error:
            if answering:
                raise OfflineError(
                    f"{host} broke off the PDF of {paper_id} partway through."
                ) from None
            raise OfflineError(f"Cannot reach {host}: {_reason(error)}.") from None
        except httpx.HTTPError as error:
            raise DownloadError(f"{host}: {_reason(error)}.") from None


def _check_answer(response: httpx.Response, paper_id: str, host: str) -> None:
    """Refuse an error status, a type that is not a PDF, or a declared size over the cap."""
    status = response.status_code
    if status == 404:
        raise DownloadError(f"{host} has no PDF for {paper_id} (HTTP 404).")
    if status >= 400:
        raise DownloadError(f"{host} answered HTTP {status} for the PDF of {paper_id}.")
    media = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media not in PDF_TYPES:
        raise DownloadError(
            f"{host} sent {one_line(media)[:60]} instead of the PDF of {paper_id}; "
            "nothing was saved."
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_PDF_BYTES:
        raise DownloadError(f"The PDF of {paper_id} is too large ({_megabytes(int(declared))}).")


async def _stream(
    response: httpx.Response,
    paper_id: str,
    host: str,
    write: Writer,
    progress: Progress | None,
) -> int:
    """Hand the body to `write` piece by piece, checking the PDF header and the cap."""
    declared = response.headers.get("content-length", "")
    total = int(declared) if declared.isdigit() else None
    head = b""
    size = 0
    async for chunk in response.aiter_bytes():
        if not chunk:
            continue
        size += len(chunk)
        if size > MAX_PDF_BYTES:
            raise DownloadError(f"The PDF of {paper_id} is too large (over {_megabytes(size)}).")
        if len(head) < MAGIC_WINDOW + len(MAGIC):
            head += chunk[: MAGIC_WINDOW + len(MAGIC) - len(head)]
            if MAGIC not in head and len(head) >= MAGIC_WINDOW + len(MAGIC):
                raise _not_a_pdf(host, paper_id)
        await write(chunk)
        if progress is not None:
            progress(size, total)
    if MAGIC not in head:
        raise _not_a_pdf(host, paper_id)
    if total is not None and size < total:
        raise OfflineError(f"{host} broke off the PDF of {paper_id} partway through.")
    return size


def _not_a_pdf(host: str, paper_id: str) -> DownloadError:
    return DownloadError(
        f"{host} sent something that is not a PDF for {paper_id}; nothing was saved."
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB"


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return one_line(text)[:160].rstrip(". ")
