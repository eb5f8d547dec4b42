"""The `bookmarks` commands: list, export and import the user's bookmarks.

paperreader bookmarks list [--tag TAG] [--json]
paperreader bookmarks export --format bibtex|markdown|json|csv [--tag TAG] [-o FILE]
paperreader bookmarks import FILE
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from paperreader.cli import collections
from paperreader.cli.options import add_command
from paperreader.cli.output import print_text, warn
from paperreader.domain.errors import UsageError

if TYPE_CHECKING:
    from paperreader.service.session import Session

COMMANDS = frozenset({"bookmarks"})
"""The subcommands this module adds and runs."""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `bookmarks` and its actions to the main parser's subcommands."""
    bookmarks = add_command(
        commands,
        "bookmarks",
        help="list, export or import bookmarks",
        description="Your bookmarks: list them, export them, or import a JSON export.",
        examples=[
            "paperreader bookmarks list",
            "paperreader bookmarks export --format bibtex > papers.bib",
            "paperreader bookmarks export --format markdown --tag reading-group -o list.md",
            "paperreader bookmarks import bookmarks.json",
        ],
    )
    actions = bookmarks.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing_bookmarks = add_command(
        actions,
        "list",
        help="print the bookmarks",
        description="Print the bookmarks, newest first.",
        examples=["paperreader bookmarks list", "paperreader bookmarks list --tag survey --json"],
    )
    listing_bookmarks.add_argument("--json", action="store_true", help="print JSON")
    listing_bookmarks.add_argument("--tag", help="only bookmarks with this tag")
    export = add_command(
        actions,
        "export",
        help="write the bookmarks in an export format",
        description="Write the bookmarks as BibTeX, Markdown, JSON or CSV.",
        examples=[
            "paperreader bookmarks export --format bibtex > papers.bib",
            "paperreader bookmarks export --format csv --tag survey -o survey.csv",
        ],
    )
    export.add_argument(
        "--format", required=True, choices=["bibtex", "markdown", "json", "csv"], dest="fmt"
    )
    export.add_argument("--tag", help="only bookmarks with this tag")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to a new file instead of stdout"
    )
    importing = add_command(
        actions,
        "import",
        help="merge a JSON export into the bookmarks",
        description="Merge a JSON export (paperreader bookmarks export --format json) into "
        "the bookmarks, losing nothing: a paper already bookmarked keeps its snapshot, gains "
        "the imported tags, and keeps both notes when they differ (the imported one below a "
        "line '--- imported DATE ---'). Says how many bookmarks were added, merged and "
        "unchanged.",
        examples=["paperreader bookmarks import bookmarks.json"],
    )
    importing.add_argument("file", metavar="FILE")
    collections.add_sync_command(actions)


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Run one of COMMANDS; returns the exit code."""
    problem = session.user_data.problem()
    if problem:
        warn(problem)
    if args.action == "sync":
        return await collections.run_sync(session, args, out)
    if args.action == "list":
        bookmarks = await session.user_data.bookmarks()
        if args.tag:
            from paperreader.domain.tags import has_tag

            bookmarks = [b for b in bookmarks if has_tag(b, args.tag)]
        if args.json:
            from paperreader.formats.export.bookmark_json import bookmarks_json

            out.write(bookmarks_json(bookmarks) + "\n")
            return 0
        for bookmark in bookmarks:
            tags = f"  [{' '.join(bookmark.tags)}]" if bookmark.tags else ""
            added_on = bookmark.added_at.strftime("%Y-%m-%d")
            out.write(f"{added_on}  {bookmark.paper.id:<11} {bookmark.paper.title}{tags}\n")
        if not bookmarks and args.tag:
            print(f"No bookmarks are tagged {args.tag}.", file=sys.stderr)
        elif not bookmarks:
            from paperreader.config.keymap import hint

            advice = "No bookmarks yet: press {bookmark} on a paper in the app."
            print(hint(advice, session.settings.key_map), file=sys.stderr)
    elif args.action == "export":
        text, count = await session.user_data.export_bookmarks(args.fmt, tag=args.tag)
        if args.output:
            from paperreader.domain.text import counted

            path = await session.desktop.write_file(args.output, text)
            print(f"Exported {counted(count, 'bookmark')} to {path}.", file=sys.stderr)
        else:
            print_text(text, out)
    else:
        try:
            with open(args.file, encoding="utf-8-sig") as handle:
                text = handle.read()
        except OSError as error:
            from paperreader.platform.files import reason  # file primitives: not at start-up

            raise UsageError(f"Cannot read {args.file}: {reason(error)}.") from None
        except UnicodeDecodeError:
            raise UsageError(f"{args.file} is not a text file.") from None
        report = await session.user_data.import_bookmarks(text)
        out.write(report.sentence() + "\n")
    return 0
