"""How every command writes: results to its output, problems as one line on stderr.

One definition each, so that every command's JSON reads alike (UTF-8 as is, indented, one
final newline), a paper takes the same one line in every list, and every problem starts
with the program's name, as scripts and cron mail expect.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from paperreader.domain.models import Paper


def print_json(data: Any, out: TextIO) -> None:
    """`data` as indented JSON, non-ASCII text kept as it is, ending with a newline."""
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def print_text(text: str, out: TextIO) -> None:
    """`text` as it is, with a final newline when it has none."""
    out.write(text if text.endswith("\n") else text + "\n")


def paper_line(paper: Paper, title: str, day: str | None = None) -> str:
    """One paper on one line: upvotes, id, the day when given, the title, and who it is from
    (the organization, else the first author)."""
    who = paper.organization.label if paper.organization else paper.first_author
    dated = f"{day}  " if day is not None else ""
    return f"{paper.upvotes:>5}  {paper.id:<11} {dated}{title}" + (f"  ({who})" if who else "")


def warn(message: str) -> None:
    """One line on stderr: `paperreader: <message>`."""
    print(f"paperreader: {message}", file=sys.stderr)


class LiveLine:
    """One line on a terminal, rewritten in place as work goes on (a download, the pages of
    a month); nothing at all when the stream is a pipe or a file, so logs stay clean."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._shown = ""

    def show(self, text: str) -> None:
        """Replace the line with `paperreader: <text>` (only when it changes)."""
        line = f"paperreader: {text}"
        if not self._live or line == self._shown:
            return
        self._shown = line
        self._stream.write(f"\r{line}\x1b[K")
        self._stream.flush()

    def finish(self) -> None:
        """End the line, if one was drawn, so what follows starts on a line of its own."""
        if self._shown:
            self._stream.write("\n")
            self._stream.flush()
            self._shown = ""
