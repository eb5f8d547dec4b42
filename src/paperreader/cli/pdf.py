"""The `pdf` command: a paper's PDF saved into the downloads folder (or -o), then opened.

    paperreader pdf ID [-o PATH] [--refresh] [--no-open]

The path is printed on stdout; progress goes to stderr while it is a terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import add_command, add_id_argument, add_source_options
from paperreader.cli.output import LiveLine, warn
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.ids import normalise_paper_id

if TYPE_CHECKING:
    from paperreader.service.session import Session


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `pdf` to the main parser's subcommands."""
    pdf = add_command(
        commands,
        "pdf",
        description="Download a paper's PDF into the downloads folder (downloads_dir in the\n"
        "config; by default paperreader/ in your download folder) and open it with the\n"
        "system's viewer. A PDF downloaded before is opened as it is, offline too.\n"
        "The path is printed on stdout; progress goes to stderr.",
        examples=[
            "paperreader pdf 2603.01234",
            "paperreader pdf 2603.01234 -o ~/papers/ --no-open",
            "paperreader pdf 2603.01234 -o attention.pdf",
        ],
        notes="PDFs come from arxiv.org/pdf/ID; with --endpoint URL (or HF_ENDPOINT), from\n"
        "URL/pdf/ID. A download is saved under a hidden temporary name and renamed only when\n"
        "it is whole; an answer that is not a PDF is refused and nothing is saved.",
    )
    add_id_argument(pdf)
    pdf.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        type=Path,
        help="save to this new file, or into this folder (an existing file is never replaced)",
    )
    pdf.add_argument("--refresh", action="store_true", help="download again even if saved")
    pdf.add_argument("--no-open", action="store_true", help="only save it, do not open it")
    add_source_options(pdf, sub=True)


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Save the PDF, print where, and open it; returns the exit code."""
    paper_id = normalise_paper_id(args.paper_id)
    meter = ProgressMeter(sys.stderr, paper_id)
    try:
        saved = await session.downloads.fetch(
            paper_id, target=args.output, force=args.refresh, progress=meter.update
        )
    finally:
        meter.finish()
    out.write(f"{saved.path}\n")
    if not args.no_open:
        try:
            await session.downloads.view(saved.path)
        except PaperReaderError as error:  # saved all the same: not a failure
            warn(error.message)
    return 0


class ProgressMeter:
    """How much of the PDF has arrived, on one terminal line (see `LiveLine`)."""

    def __init__(self, stream: TextIO, paper_id: str) -> None:
        self._line = LiveLine(stream)
        self._paper_id = paper_id

    def update(self, done: int, total: int | None) -> None:
        """Show how much of the PDF has arrived."""
        amount = f"{done * 100 // total}% of {_megabytes(total)}" if total else _megabytes(done)
        self._line.show(f"downloading the PDF of {self._paper_id}: {amount}")

    def finish(self) -> None:
        """End the progress line, if one was drawn."""
        self._line.finish()


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"
