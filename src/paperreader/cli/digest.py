"""`paperreader digest`: what the watches found that is new, for a terminal, cron or mail.

    paperreader digest [--since DATE] [--format FORMAT] [--mark-seen] [--offline]

New means from Daily Papers days since DATE, else since the last `--mark-seen` (papers that
digest had already found left out), else in the last week. Online, the last few days are
fetched into the library first, as `paperreader sync` fetches them. Nothing new: nothing is
printed and the exit code is 0, so cron sends no mail.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import add_command, add_source_options
from paperreader.cli.output import print_json, print_text, warn
from paperreader.formats.export.papers import LIST_FORMATS

if TYPE_CHECKING:
    from paperreader.service.session import Session


NOTES = """\
In a crontab, mailed each morning at 7 when there is something new:
  0 7 * * * paperreader digest --mark-seen --format markdown
"""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `digest` to the main parser's subcommands."""
    digest = add_command(
        commands,
        "digest",
        description="The papers your watches found since a date or since the last "
        "--mark-seen, grouped by watch, with title, authors, link and first lines.",
        examples=(
            "paperreader digest",
            "paperreader digest --since 2026-03-01 --format markdown",
            "paperreader digest --mark-seen --format json --offline",
        ),
        notes=NOTES,
    )
    digest.add_argument("--since", metavar="YYYY-MM-DD", help="papers of days from DATE on")
    digest.add_argument(
        "--format",
        choices=LIST_FORMATS,
        default="text",
        dest="fmt",
        help="text, markdown and json are grouped by watch; jsonl, bibtex, csv and ris list "
        "each paper once, as `list` does",
    )
    digest.add_argument(
        "--mark-seen", action="store_true", help="remember what was found, for the next digest"
    )
    add_source_options(digest, sub=True)


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Print the digest (nothing when nothing is new); returns the exit code."""
    from paperreader.domain import periods
    from paperreader.domain.models import ListingKind
    from paperreader.formats.export.digest import digest_dict, digest_markdown, digest_text
    from paperreader.formats.export.paper_json import paper_to_dict
    from paperreader.formats.export.papers import json_lines, papers_export

    since = None
    if args.since is not None:
        since = date.fromisoformat(periods.parse_period(ListingKind.DAILY, args.since))
    digest, problem = await session.watches.digest(since, mark_seen=args.mark_seen)
    for trouble in (problem, session.watches.problem(), session.library.problem()):
        if trouble:
            warn(trouble)
    if digest.empty:
        return 0
    papers = [found.paper for found in digest.found]
    if args.fmt == "jsonl":
        out.write(json_lines(paper_to_dict(paper, session.web_url) for paper in papers))
    elif args.fmt in ("bibtex", "csv", "ris"):
        out.write(papers_export(papers, args.fmt, session.web_url))
    elif args.fmt == "json":
        print_json(digest_dict(digest, session.web_url), out)
    elif args.fmt == "markdown":
        print_text(digest_markdown(digest, session.web_url), out)
    else:
        print_text(digest_text(digest, session.web_url), out)
    return 0
