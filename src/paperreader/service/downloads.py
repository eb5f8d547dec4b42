"""PDF downloads: a paper's PDF saved once into the downloads folder, then opened locally.

A PDF already in the folder is used as it is, offline too; a new one streams into a hidden
temporary that becomes `ID.pdf` only when it is whole and really a PDF (`sources.pdf`,
`platform.partial_file`). Nothing here blocks the event loop: disk work runs in threads.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperreader.domain.errors import OfflineError, StorageError, UsageError
from paperreader.domain.ids import paper_file_name
from paperreader.service.context import SessionContext

if TYPE_CHECKING:
    from paperreader.sources.pdf import PdfSource, Progress


@dataclass(frozen=True, slots=True)
class SavedPdf:
    """A PDF on this machine, and whether this call downloaded it."""

    path: Path
    downloaded: bool
    size: int


class Downloads:
    """Saves PDFs into the configured folder and opens them with the system's viewer."""

    def __init__(self, context: SessionContext) -> None:
        self._context = context
        self._source: PdfSource | None = None

    @property
    def folder(self) -> Path:
        """Where PDFs go: $PAPERREADER_DOWNLOADS_DIR, `downloads_dir`, or the user's
        download folder's `paperreader/`."""
        from paperreader.platform.paths import downloads_dir

        return downloads_dir(self._context.settings.downloads_dir)

    def path_for(self, paper_id: str) -> Path:
        """Where the PDF of `paper_id` is kept: `ID.pdf` in the folder."""
        return self.folder / paper_file_name(paper_id, ".pdf")

    async def saved(self, paper_id: str) -> Path | None:
        """The PDF of `paper_id` if it is already in the folder."""
        path = self.path_for(paper_id)
        return path if await asyncio.to_thread(_saved_size, path) else None

    async def fetch(
        self,
        paper_id: str,
        *,
        target: Path | None = None,
        force: bool = False,
        progress: Progress | None = None,
    ) -> SavedPdf:
        """The paper's PDF on disk: the saved one, else downloaded now.

        `target` is a file or folder to save to instead of the downloads folder; a file that
        is already there is never replaced. `force` downloads again into the folder.
        """
        path = await asyncio.to_thread(self._resolve, paper_id, target)
        if target is None and not force:
            size = await asyncio.to_thread(_saved_size, path)
            if size:
                return SavedPdf(path, False, size)
        if self._context.demo:
            raise UsageError("The demo never uses the network: it downloads no PDFs.")
        if self._context.offline:
            raise OfflineError(f"Offline: the PDF of {paper_id} has not been downloaded yet.")
        size = await self._download(paper_id, path, progress)
        return SavedPdf(path, True, size)

    async def view(self, path: Path) -> None:
        """Open a saved PDF with the system's viewer; NoViewerError (saying where the file
        is) when there is none, as over SSH."""
        from paperreader.platform.viewer import open_file

        await asyncio.to_thread(open_file, path)

    async def aclose(self) -> None:
        """Close the PDF client if one was made."""
        if self._source is not None:
            await self._source.aclose()
            self._source = None

    def _resolve(self, paper_id: str, target: Path | None) -> Path:
        if target is None:
            return self.path_for(paper_id)
        target = target.expanduser()
        if target.is_dir():
            return target / paper_file_name(paper_id, ".pdf")
        if target.exists() or target.is_symlink():
            raise UsageError(f"{target} already exists; choose another name.")
        return target

    async def _download(self, paper_id: str, path: Path, progress: Progress | None) -> int:
        from paperreader.platform.files import reason
        from paperreader.platform.partial_file import PartialFile

        source = self._pdf_source()
        part = PartialFile(path)
        try:
            await asyncio.to_thread(part.__enter__)
        except OSError as error:
            raise StorageError(f"Cannot save the PDF in {path.parent}: {reason(error)}.") from None
        try:

            async def write(chunk: bytes) -> None:
                await asyncio.to_thread(part.write, chunk)

            try:
                size = await source.download(paper_id, write, progress)
                await asyncio.to_thread(part.commit)
            except OSError as error:
                raise StorageError(f"Cannot save {path}: {reason(error)}.") from None
        finally:
            await asyncio.to_thread(part.__exit__, None, None, None)
        return size

    def _pdf_source(self) -> PdfSource:
        if self._source is None:
            from paperreader.sources.pdf import PdfSource, make_pdf_client, pdf_base_url

            self._source = PdfSource(make_pdf_client(), pdf_base_url(self._context.web_url))
        return self._source


def _saved_size(path: Path) -> int | None:
    """The size of the PDF saved at `path`: a regular file, never empty (a partial download
    never has the name), or None."""
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None
