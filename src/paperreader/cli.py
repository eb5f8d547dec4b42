"""The command line: argument parsing, and the headless twin of the app for scripts and cron.

Human text on a terminal, JSON with --json. Errors are one line on stderr; exit codes are
0 ok, 1 runtime failure, 2 usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .errors import UsageError
from .models import Listing, ListingKind, ListingQuery, Paper

if TYPE_CHECKING:
    from .service import ReaderService

EXAMPLES = """\
examples:
  paperreader                       open the app on today's daily papers
  paperreader --demo                try it on bundled demo data, no network
  paperreader --week 2026-W10       open on a week's papers
  paperreader --search "diffusion"  open on a Hugging Face search
  paperreader list --json           today's papers as JSON, for scripts
  paperreader list --month 2026-03  a month's papers, one line each
  paperreader show 2603.01234       one paper's details
"""


@dataclass(frozen=True, slots=True)
class AppOptions:
    """What the interactive app needs from the command line."""

    query: ListingQuery | None
    demo: bool
    offline: bool
    endpoint: str | None


def _add_listing_options(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    # On a subcommand an option left out must not overwrite the same option given before
    # the subcommand name (`paperreader --week W list`), hence SUPPRESS as the default there.
    default = {"default": argparse.SUPPRESS} if sub else {}
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--date", metavar="YYYY-MM-DD", help="daily papers of a date", **default)
    which.add_argument("--week", metavar="YYYY-Www", help="papers of an ISO week", **default)
    which.add_argument("--month", metavar="YYYY-MM", help="papers of a month", **default)
    which.add_argument("--trending", action="store_true", help="trending papers", **default)
    which.add_argument("--search", metavar="QUERY", help="search Hugging Face Papers", **default)


def _add_source_options(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    default = {"default": argparse.SUPPRESS} if sub else {}
    parser.add_argument("--offline", action="store_true", help="never touch the network", **default)
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="the hub to use (default: $HF_ENDPOINT or huggingface.co)",
        **default,
    )
    parser.add_argument(
        "--demo", action="store_true", help="use bundled demo data, no network", **default
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `paperreader` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="paperreader",
        description="A keyboard-driven terminal reader for Hugging Face Papers.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperreader {__version__}")
    _add_listing_options(parser)
    _add_source_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser(
        "list",
        help="print a listing (latest daily papers by default)",
        description="Print a listing, from the cache when fresh, else from the hub.",
        epilog="examples:\n  paperreader list\n  paperreader list --week 2026-W10 --json\n"
        '  paperreader list --search "mixture of experts"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_listing_options(listing, sub=True)
    _add_source_options(listing, sub=True)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--refresh", action="store_true", help="bypass the cache")

    show = commands.add_parser(
        "show",
        help="print one paper",
        description="Print one paper's details.",
        epilog="examples:\n  paperreader show 2603.01234\n  paperreader show 2603.01234 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("paper_id", metavar="ID", help="arXiv id, such as 2603.01234")
    _add_source_options(show, sub=True)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--refresh", action="store_true", help="bypass the cache")

    bookmarks = commands.add_parser(
        "bookmarks",
        help="list, export or import bookmarks",
        description="Your bookmarks: list them, export them, or import a JSON export.",
        epilog="examples:\n  paperreader bookmarks list\n"
        "  paperreader bookmarks export --format bibtex > papers.bib\n"
        "  paperreader bookmarks export --format markdown --tag reading-group -o list.md\n"
        "  paperreader bookmarks import bookmarks.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = bookmarks.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing_bookmarks = actions.add_parser("list", help="print the bookmarks")
    listing_bookmarks.add_argument("--json", action="store_true", help="print JSON")
    listing_bookmarks.add_argument("--tag", help="only bookmarks with this tag")
    export = actions.add_parser("export", help="write the bookmarks in an export format")
    export.add_argument(
        "--format", required=True, choices=["bibtex", "markdown", "json", "csv"], dest="fmt"
    )
    export.add_argument("--tag", help="only bookmarks with this tag")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to a new file instead of stdout"
    )
    importing = actions.add_parser("import", help="merge a JSON export into the bookmarks")
    importing.add_argument("file", metavar="FILE")

    cache = commands.add_parser("cache", help="show or clear the cache")
    cache.add_argument("action", choices=["info", "clear"])
    return parser


def query_from_args(args: argparse.Namespace) -> ListingQuery | None:
    """The listing the flags name, or None for the default (latest daily)."""
    from . import periods

    if getattr(args, "search", None) is not None:
        return ListingQuery(ListingKind.SEARCH, text=args.search)
    if getattr(args, "trending", False):
        return ListingQuery(ListingKind.TRENDING)
    for flag, kind in (
        ("date", ListingKind.DAILY),
        ("week", ListingKind.WEEKLY),
        ("month", ListingKind.MONTHLY),
    ):
        value = getattr(args, flag, None)
        if value is not None:
            return ListingQuery(kind, periods.parse_period(kind, value))
    return None


def parse_app_options(args: argparse.Namespace) -> AppOptions:
    """Validate the flags the app uses; raises UsageError."""
    return AppOptions(
        query=query_from_args(args),
        demo=args.demo,
        offline=args.offline,
        endpoint=args.endpoint,
    )


def run_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run a headless subcommand; returns the exit code."""
    out = out or sys.stdout
    from . import paths
    from .service import open_service

    service = open_service(
        endpoint=paths.endpoint(getattr(args, "endpoint", None)),
        token=paths.token(),
        offline=getattr(args, "offline", False),
        demo=getattr(args, "demo", False),
    )

    async def run() -> int:
        try:
            if args.command == "list":
                query = query_from_args(args) or ListingQuery(ListingKind.DAILY)
                listing = await service.get_listing(query, force=args.refresh)
                _print_listing(listing, args.json, service.web_url, out)
            elif args.command == "show":
                paper, _origin = await service.get_paper(args.paper_id, force=args.refresh)
                _print_paper(paper, args.json, service.web_url, out)
            elif args.command == "cache":
                _cache_command(service, args.action, out)
            elif args.command == "bookmarks":
                await _bookmarks_command(service, args, out)
            return 0
        finally:
            await service.aclose()

    return asyncio.run(run())


async def _bookmarks_command(service: ReaderService, args: argparse.Namespace, out: TextIO) -> None:
    problem = service.library_problem()
    if problem:
        print(f"paperreader: {problem}", file=sys.stderr)
    if args.action == "list":
        bookmarks = await service.bookmarks()
        if args.tag:
            from .library import normalise_tags

            wanted = normalise_tags(args.tag)
            bookmarks = [b for b in bookmarks if set(wanted) <= set(b.tags)]
        if args.json:
            from .export import bookmarks_json

            out.write(bookmarks_json(bookmarks) + "\n")
            return
        for bookmark in bookmarks:
            tags = f"  [{' '.join(bookmark.tags)}]" if bookmark.tags else ""
            added = bookmark.added_at.strftime("%Y-%m-%d")
            out.write(f"{added}  {bookmark.paper.id:<11} {bookmark.paper.title}{tags}\n")
        if not bookmarks:
            print("No bookmarks yet: press b on a paper in the app.", file=sys.stderr)
    elif args.action == "export":
        text, count = await service.export_bookmarks(args.fmt, tag=args.tag)
        if args.output:
            path = await service.write_file(args.output, text)
            print(f"Exported {count} bookmarks to {path}.", file=sys.stderr)
        else:
            out.write(text if text.endswith("\n") else text + "\n")
    else:
        try:
            with open(args.file, encoding="utf-8-sig") as handle:
                text = handle.read()
        except OSError as error:
            raise UsageError(f"Cannot read {args.file}: {error.strerror or error}.") from None
        except UnicodeDecodeError:
            raise UsageError(f"{args.file} is not a text file.") from None
        added, skipped = await service.import_bookmarks(text)
        note = f", {skipped} unreadable entries skipped" if skipped else ""
        out.write(f"Imported {added} new bookmarks{note}.\n")


def _cache_command(service: object, action: str, out: TextIO) -> None:
    cache = getattr(service, "cache", None)
    if cache is None:
        raise UsageError("The demo uses no cache.")
    if action == "info":
        info = cache.info()
        out.write(f"{info['directory']}\n{info['entries']} entries, {info['bytes'] / 1e6:.1f} MB\n")
    else:
        removed = cache.clear()
        out.write(f"Removed {removed} cached entries. Bookmarks are kept.\n")


def _print_listing(listing: Listing, as_json: bool, web: str, out: TextIO) -> None:
    from .export import listing_to_dict

    if as_json:
        json.dump(listing_to_dict(listing, web), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    period = listing.query.period or listing.effective_period or "latest"
    what = listing.query.label if listing.query.kind is ListingKind.SEARCH else period
    header = f"{listing.query.kind.title} {what}: {len(listing.papers)} papers"
    header += f" ({listing.origin.value})"
    if listing.error:
        header += f" [{listing.error}]"
    out.write(header + "\n")
    for paper in listing.papers:
        extra = paper.organization.label if paper.organization else (paper.first_author or "")
        out.write(f"{paper.upvotes:>5}  {paper.id:<11} {paper.title}")
        out.write(f"  ({extra})\n" if extra else "\n")
    if listing.skipped:
        out.write(f"({listing.skipped} unreadable items skipped)\n")


def _print_paper(paper: Paper, as_json: bool, web: str, out: TextIO) -> None:
    from .export import paper_to_dict

    data = paper_to_dict(paper, web)
    if as_json:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    lines = [paper.title, ""]
    if paper.authors:
        lines.append("Authors: " + ", ".join(a.name for a in paper.authors))
    for label, key in (
        ("Published", "published_at"),
        ("Daily Papers", "daily_date"),
        ("Organization", "organization"),
        ("Upvotes", "upvotes"),
        ("Comments", "num_comments"),
        ("GitHub", "github_repo"),
        ("Project page", "project_page"),
    ):
        if data[key] is not None:
            value = str(data[key])[:10] if key == "published_at" else data[key]
            lines.append(f"{label}: {value}")
    if paper.ai_summary:
        lines += ["", f"AI summary: {paper.ai_summary}"]
    if paper.summary:
        lines += ["", paper.summary]
    lines += ["", f"{data['links']['hf']}", f"{data['links']['arxiv']}", f"{data['links']['pdf']}"]
    out.write("\n".join(lines) + "\n")
