"""Papers that leave the app: the PDF downloaded and opened here (D), the paper piped to the
user's own command (|). Both run in workers and say in the status line how it goes."""

from __future__ import annotations

from functools import partial

from textual.widget import Widget

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Paper
from paperreader.service.session import Session
from paperreader.ui.widgets.status_line import StatusLine
from paperreader.ui.workers import start_worker


def _size(size: int) -> str:
    """'820 KB', '2.4 MB'."""
    if size < 1_048_576:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB"


class Handoff:
    """Downloads and opens PDFs, and pipes papers to the configured command."""

    def __init__(self, host: Widget, session: Session, status: StatusLine) -> None:
        self._host = host
        self._session = session
        self._status = status
        self.downloading: set[str] = set()
        """Ids of the papers whose PDF is on its way (pressing D again waits for it)."""

    # ------------------------------------------------------------------ the PDF

    def download(self, paper: Paper) -> None:
        """Download the paper's PDF (unless it is saved already) and open it."""
        if paper.id in self.downloading:
            self._status.show_message(f"The PDF of {paper.id} is still downloading…")
            return
        self.downloading.add(paper.id)
        start_worker(
            self._host,
            partial(self._download, paper.id),
            name="download_pdf",
            group="pdf",
            description="download PDF",
        )

    async def _download(self, paper_id: str) -> None:
        shown = -1

        def progress(done: int, total: int | None) -> None:
            nonlocal shown
            step = done * 100 // total if total else done // 262_144  # percent, or 256 KB
            if step != shown:
                shown = step
                of = f"{step}% of {_size(total)}" if total else _size(done)
                self._status.show_message(f"Downloading the PDF of {paper_id}: {of}…")

        self._status.show_message(f"Getting the PDF of {paper_id}…")
        try:
            saved = await self._session.downloads.fetch(paper_id, progress=progress)
        except PaperReaderError as error:
            self._failed(f"PDF of {paper_id} not downloaded", error)
            return
        finally:
            self.downloading.discard(paper_id)
        done = "Downloaded" if saved.downloaded else "Saved earlier:"
        self._status.show_message(f"{done} {saved.path} ({_size(saved.size)}); opening it…")
        try:
            await self._session.downloads.view(saved.path)
        except PaperReaderError as error:
            self._failed("PDF not opened", error)
            return
        self._status.show_message(f"Opened {saved.path}")

    # ------------------------------------------------------------------ the pipe

    def pipe(self, paper: Paper) -> None:
        """Hand the paper to the configured command; say how to set one when there is none."""
        try:
            argv = self._session.pipe.argv(paper)
        except PaperReaderError as error:
            self._failed("Nothing piped", error)
            return
        self._status.show_message(f"Piping {paper.id} to {argv[0]}…")
        start_worker(
            self._host,
            partial(self._pipe, paper),
            name="pipe_paper",
            group="pipe",
            description="pipe paper",
        )

    async def _pipe(self, paper: Paper) -> None:
        try:
            outcome = await self._session.pipe.run(paper)
        except PaperReaderError as error:
            self._failed("Nothing piped", error)
            return
        self._status.show_message(outcome.summary, error=not outcome.ok)
        self._host.notify(
            outcome.summary,
            title=f"Piped {paper.id}",
            severity="information" if outcome.ok else "warning",
            markup=False,
            timeout=6,
        )

    # ------------------------------------------------------------------ telling

    def _failed(self, title: str, error: PaperReaderError) -> None:
        self._status.show_message(error.message, error=True)
        self._host.notify(error.message, title=title, severity="warning", markup=False, timeout=10)
