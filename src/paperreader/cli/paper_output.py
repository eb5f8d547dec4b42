"""How every command that prints a list of papers writes it, in the format asked for.

`-q` prints the ids alone, one a line (for `xargs` and loops); `--format` names any of
`formats.export.papers.LIST_FORMATS`. Text and JSON stay each command's own (a header, a
score), given as functions; the other formats are the shared export code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from paperreader.cli.output import print_json
from paperreader.domain.models import Paper


def print_papers(
    papers: Sequence[Paper],
    args: argparse.Namespace,
    web: str,
    out: TextIO,
    *,
    text: Callable[[], None],
    json_data: Callable[[], Any],
    record: Callable[[Paper], dict[str, Any]],
) -> None:
    """Write `papers` as `args` asks: ids (`-q`), the command's `text` or `json_data`, JSON
    Lines of `record`s, or an export format."""
    from paperreader.formats.export.papers import json_lines, papers_export

    if args.quiet:
        out.writelines(f"{paper.id}\n" for paper in papers)
    elif args.fmt == "text":
        text()
    elif args.fmt == "json":
        print_json(json_data(), out)
    elif args.fmt == "jsonl":
        out.write(json_lines(record(paper) for paper in papers))
    else:
        out.write(papers_export(papers, args.fmt, web))
