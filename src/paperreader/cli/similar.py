"""`paperreader similar ID [--limit N] [--sort ORDER] [-q | --format F | --json]`: the papers
of the library most like one.

Read from the local library, no network: each paper with the word it shares most with the
one asked about, best first.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import (
    add_command,
    add_id_argument,
    add_list_options,
    add_source_options,
    chosen_papers,
)
from paperreader.cli.output import paper_line, warn
from paperreader.cli.paper_output import print_papers
from paperreader.domain.models import Paper

if TYPE_CHECKING:
    from paperreader.service.session import Session


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `similar` to the main parser's subcommands."""
    similar = add_command(
        commands,
        "similar",
        description="The papers of the local library most like a paper, best first, each "
        "with the key word they share (no network).",
        examples=(
            "paperreader similar 2603.01234",
            "paperreader similar arXiv:2603.01234 --limit 5 --json",
        ),
    )
    add_id_argument(similar)
    add_list_options(similar, limit=10)
    add_source_options(similar, sub=True)


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Print the papers most like `args.paper_id`; returns the exit code."""
    from paperreader.formats.export.paper_json import paper_to_dict

    chosen_papers((), args)  # the flags checked before the library is read
    picked = args.sort != "trending" or args.submitter
    hits = await session.recommend.similar(
        args.paper_id, max(args.limit, 100) if picked else args.limit
    )
    problem = session.library.problem()
    if problem:
        warn(problem)
    by_id = {hit.paper.id: hit for hit in hits}
    hits = [by_id[paper.id] for paper in chosen_papers((h.paper for h in hits), args)]

    def record(paper: Paper) -> dict[str, object]:
        hit = by_id[paper.id]
        return {**paper_to_dict(paper, session.web_url), "score": round(hit.score, 4),
                "reason": hit.reason}  # fmt: skip

    def text() -> None:
        width = max((len(h.reason) for h in hits), default=0)
        for hit in hits:
            out.write(f"{hit.reason:<{width}}  {paper_line(hit.paper, hit.paper.title)}\n")

    papers = [hit.paper for hit in hits]
    json_data = lambda: [record(paper) for paper in papers]  # noqa: E731
    print_papers(papers, args, session.web_url, out, text=text, json_data=json_data, record=record)
    if not hits:
        warn("No paper of the library shares enough words with it.")
    return 0
