"""The `bookmarks` commands: add, remove, list, export and import the user's bookmarks.

paperreader bookmarks add ID... [--tag TAG]... [--note TEXT]
paperreader bookmarks remove ID... [--force]
paperreader bookmarks list [--tag TAG] [--json]
paperreader bookmarks export --format bibtex|markdown|json|csv|ris [--tag TAG] [-o FILE]
paperreader bookmarks import FILE
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from paperreader.cli import collections
from paperreader.cli.options import add_command, add_id_argument, add_source_options
from paperreader.cli.output import print_text, warn
from paperreader.domain.errors import StorageError, UsageError
from paperreader.domain.ids import normalise_paper_id
from paperreader.formats.export.bookmarks import EXPORT_FORMATS

if TYPE_CHECKING:
    from paperreader.service.session import Session


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `bookmarks` and its actions to the main parser's subcommands."""
    bookmarks = add_command(
        commands,
        "bookmarks",
        description="Your bookmarks: add or remove them, list them, export them, or import a "
        "JSON export.",
        examples=[
            "paperreader bookmarks add 2603.01234 https://arxiv.org/abs/2603.04567 --tag survey",
            "paperreader bookmarks remove 2603.01234",
            "paperreader bookmarks list",
            "paperreader bookmarks export --format bibtex > papers.bib",
            "paperreader bookmarks export --format markdown --tag reading-group -o list.md",
            "paperreader bookmarks import bookmarks.json",
        ],
    )
    actions = bookmarks.add_subparsers(dest="action", metavar="ACTION", required=True)
    adding = add_command(
        actions,
        "add",
        help="bookmark papers",
        description="Bookmark papers by id or link, with tags and a note. A paper that is not\n"
        "cached is fetched from the hub first (offline: the cache or the library must hold it).\n"
        "A paper already bookmarked keeps its bookmark and gains the tags; a different note is\n"
        "kept below its own, never in its place.",
        examples=[
            "paperreader bookmarks add 2603.01234",
            "paperreader bookmarks add arXiv:2603.01234 2603.04567 --tag survey --tag to-read",
            'paperreader bookmarks add https://huggingface.co/papers/2603.01234 --note "Sec. 3"',
        ],
    )
    add_id_argument(adding, many=True)
    adding.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag (repeat for more)"
    )
    adding.add_argument("--note", default="", metavar="TEXT", help="a note on each paper")
    add_source_options(adding, sub=True)
    removing = add_command(
        actions,
        "remove",
        help="remove bookmarks",
        description="Remove bookmarks by id or link, printing each one removed with its tags\n"
        "and note. A bookmark with a note is kept unless --force is given, so a note is never\n"
        "lost by mistake: it is named on stderr and the exit code is 1.",
        examples=[
            "paperreader bookmarks remove 2603.01234",
            "paperreader bookmarks remove 2603.01234 2603.04567 --force",
        ],
    )
    add_id_argument(removing, many=True)
    removing.add_argument(
        "--force", action="store_true", help="remove bookmarks that have a note too"
    )
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
        description="Write the bookmarks as BibTeX, Markdown, JSON, CSV or RIS (for Zotero,\n"
        "Mendeley and EndNote).",
        examples=[
            "paperreader bookmarks export --format bibtex > papers.bib",
            "paperreader bookmarks export --format ris -o papers.ris",
            "paperreader bookmarks export --format csv --tag survey -o survey.csv",
        ],
    )
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, dest="fmt")
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
    """Run one of the commands `add_commands` adds; returns the exit code."""
    problem = session.user_data.problem()
    if problem:
        warn(problem)
    if args.action == "sync":
        return await collections.run_sync(session, args, out)
    if args.action == "add":
        return await _add(session, args, out)
    if args.action == "remove":
        return await _remove(session, args, out)
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

            raise StorageError(f"Cannot read {args.file}: {reason(error)}.") from None
        except UnicodeDecodeError:
            raise UsageError(f"{args.file} is not a text file.") from None
        report = await session.user_data.import_bookmarks(text)
        out.write(report.sentence() + "\n")
    return 0


async def _add(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Every id checked first (a usage error adds nothing), then each paper fetched (cache,
    hub, library), then all bookmarked in one change."""
    ids = list(dict.fromkeys(normalise_paper_id(text) for text in args.paper_ids))
    papers = [(await session.papers.get_paper(paper_id))[0] for paper_id in ids]
    report = await session.user_data.add_bookmarks(papers, args.tag, args.note)
    for paper in papers:
        out.write(f"Bookmarked {paper.id:<11} {paper.title}\n")
    if report.merged:
        warn(f"{report.merged} of them were bookmarked already: tags added, notes kept.")
    return 0


async def _remove(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Each bookmark removed as it was read (kept if it changed meanwhile), and printed whole;
    one with a note only with --force."""
    ids = list(dict.fromkeys(normalise_paper_id(text) for text in args.paper_ids))
    held = {b.paper.id: b for b in await session.user_data.bookmarks()}
    code = 0
    for paper_id in ids:
        bookmark = held.get(paper_id)
        if bookmark is None:
            warn(f"{paper_id} is not bookmarked.")
            code = 1
        elif bookmark.note.strip() and not args.force:
            warn(f"{paper_id} has a note, so it stays bookmarked; add --force to remove it.")
            code = 1
        else:
            saved = await session.user_data.unbookmark(bookmark)
            if saved.warning:  # changed by another window meanwhile: kept, as it is now
                warn(f"{paper_id}: {saved.notice}")
                code = 1
                continue
            tags = f"  [{' '.join(bookmark.tags)}]" if bookmark.tags else ""
            out.write(f"Removed {paper_id:<11} {bookmark.paper.title}{tags}\n")
            if bookmark.note.strip():
                out.writelines(f"  note: {line}\n" for line in bookmark.note.splitlines())
    return code
