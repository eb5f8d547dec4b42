"""`paperreader similar ID [--limit N] [--json]`: the papers of the library most like one.

Read from the local library, no network: each paper with the word it shares most with the
one asked about, best first.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import add_command, add_id_argument, add_source_options
from paperreader.cli.output import paper_line, print_json, warn
from paperreader.domain.errors import UsageError

if TYPE_CHECKING:
    from paperreader.service.session import Session

COMMANDS = frozenset({"similar"})
"""The subcommands this module adds and runs."""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `similar` to the main parser's subcommands."""
    similar = add_command(
        commands,
        "similar",
        help="the papers of the library most like one",
        description="The papers of the local library most like a paper, best first, each "
        "with the key word they share (no network).",
        examples=(
            "paperreader similar 2603.01234",
            "paperreader similar arXiv:2603.01234 --limit 5 --json",
        ),
    )
    add_id_argument(similar)
    similar.add_argument(
        "--limit", type=int, default=10, metavar="N", help="show at most N papers (10)"
    )
    similar.add_argument("--json", action="store_true", help="print JSON")
    add_source_options(similar, sub=True)


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Print the papers most like `args.paper_id`; returns the exit code."""
    if args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    hits = await session.recommend.similar(args.paper_id, args.limit)
    problem = session.library.problem()
    if problem:
        warn(problem)
    if args.json:
        from paperreader.formats.export.paper_json import paper_to_dict

        data = [
            {**paper_to_dict(h.paper, session.web_url), "score": round(h.score, 4),
             "reason": h.reason}
            for h in hits
        ]  # fmt: skip
        print_json(data, out)
        return 0
    width = max((len(h.reason) for h in hits), default=0)
    for hit in hits:
        out.write(f"{hit.reason:<{width}}  {paper_line(hit.paper, hit.paper.title)}\n")
    if not hits:
        warn("No paper of the library shares enough words with it.")
    return 0
