"""The command line: argument parsing, and the headless twin of the app for scripts and cron.

Human text on a terminal, JSON with --json. Errors are one line on stderr; exit codes are
0 ok, 1 runtime failure, 2 usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from paperreader import __version__
from paperreader.cli.options import add_listing_options, add_source_options
from paperreader.domain.errors import BadResponseError, UsageError
from paperreader.domain.models import (
    LinkedRepo,
    Listing,
    ListingKind,
    ListingQuery,
    Paper,
    PaperExtras,
)
from paperreader.service.options import AppOptions

if TYPE_CHECKING:
    from paperreader.service.session import Session

EXAMPLES = """\
examples:
  paperreader                       open the app on today's daily papers
  paperreader --demo                try it on bundled demo data, no network
  paperreader --week 2026-W10       open on a week's papers
  paperreader --search "diffusion"  open on a Hugging Face search
  paperreader list --json           today's papers as JSON, for scripts
  paperreader list --month 2026-03  a month's papers, one line each
  paperreader show 2603.01234       one paper's details
  paperreader show 2603.01234 --full | less   its full text as Markdown
  paperreader config init           write a commented config file to edit
  paperreader keys                  every key, after the config's remaps
  paperreader sync                  fetch the Daily Papers history into the local library
  paperreader search-local "agents" search the local library, offline
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `paperreader` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="paperreader",
        description="A keyboard-driven terminal reader for Hugging Face Papers.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperreader {__version__}")
    add_listing_options(parser)
    add_source_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser(
        "list",
        help="print a listing (latest daily papers by default)",
        description="Print a listing, from the cache when fresh, else from the hub.",
        epilog="examples:\n  paperreader list\n  paperreader list --week 2026-W10 --json\n"
        '  paperreader list --search "mixture of experts"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_listing_options(listing, sub=True)
    add_source_options(listing, sub=True)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--refresh", action="store_true", help="bypass the cache")

    show = commands.add_parser(
        "show",
        help="print one paper",
        description="Print one paper's details.",
        epilog="examples:\n  paperreader show 2603.01234\n  paperreader show 2603.01234 --json\n"
        "  paperreader show 2603.01234 --full | less",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("paper_id", metavar="ID", help="arXiv id, such as 2603.01234")
    add_source_options(show, sub=True)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--refresh", action="store_true", help="bypass the cache")
    show.add_argument(
        "--full",
        action="store_true",
        help="print the full text as Markdown (with --json: add it as full_text)",
    )

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
    listing_bookmarks = actions.add_parser(
        "list",
        help="print the bookmarks",
        description="Print the bookmarks, newest first.",
        epilog="examples:\n  paperreader bookmarks list\n"
        "  paperreader bookmarks list --tag survey --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    listing_bookmarks.add_argument("--json", action="store_true", help="print JSON")
    listing_bookmarks.add_argument("--tag", help="only bookmarks with this tag")
    export = actions.add_parser(
        "export",
        help="write the bookmarks in an export format",
        description="Write the bookmarks as BibTeX, Markdown, JSON or CSV.",
        epilog="examples:\n  paperreader bookmarks export --format bibtex > papers.bib\n"
        "  paperreader bookmarks export --format csv --tag survey -o survey.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "--format", required=True, choices=["bibtex", "markdown", "json", "csv"], dest="fmt"
    )
    export.add_argument("--tag", help="only bookmarks with this tag")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to a new file instead of stdout"
    )
    importing = actions.add_parser(
        "import",
        help="merge a JSON export into the bookmarks",
        description="Merge a JSON export (paperreader bookmarks export --format json) into "
        "the bookmarks; a paper already bookmarked keeps its snapshot and note and gains "
        "the imported tags.",
        epilog="examples:\n  paperreader bookmarks import bookmarks.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importing.add_argument("file", metavar="FILE")

    cache = commands.add_parser(
        "cache",
        help="show or clear the cache",
        description="The cache of listings and papers: where it is and how big, or empty it. "
        "Bookmarks and read marks are not in it.",
        epilog="examples:\n  paperreader cache info\n  paperreader cache clear",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cache.add_argument("action", choices=["info", "clear"])
    from paperreader.cli.config import add_commands

    add_commands(commands, parser)
    from paperreader.cli import library as cli_library

    cli_library.add_commands(commands)
    return parser


def query_from_args(args: argparse.Namespace) -> ListingQuery | None:
    """The listing the flags name, or None for the default (latest daily)."""
    from paperreader.domain import periods

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
    from paperreader.cli import config as cli_config

    if args.command in cli_config.COMMANDS:  # about paperreader itself: no session needed
        return cli_config.run(args, out)
    from paperreader.cli import library as cli_library
    from paperreader.config.loading import load_settings
    from paperreader.service.compose import open_session

    settings, problems = load_settings()
    for problem in problems:  # one line each; the command still runs on the defaults
        print(f"paperreader: {problem}", file=sys.stderr)
    options = AppOptions(
        query=None,
        demo=getattr(args, "demo", False),
        offline=getattr(args, "offline", False),
        endpoint=getattr(args, "endpoint", None),
    )
    session = open_session(options, settings)

    async def run() -> int:
        try:
            if args.command == "list":
                query = query_from_args(args) or ListingQuery(ListingKind.DAILY)
                listing = await session.papers.get_listing(query, force=args.refresh)
                if listing.unreadable:  # a failure, not an empty day
                    raise BadResponseError(listing.unreadable)
                _print_listing(listing, args.json, session.web_url, out)
            elif args.command == "show":
                await _show_command(session, args, out)
            elif args.command == "cache":
                _cache_command(session, args.action, out)
            elif args.command == "bookmarks":
                await _bookmarks_command(session, args, out)
            elif args.command in cli_library.COMMANDS:
                code = await cli_library.run(session, args, out)
                _report_cache_problem(session)
                return code
            _report_cache_problem(session)
            return 0
        finally:
            await session.aclose()

    return asyncio.run(run())


async def _bookmarks_command(session: Session, args: argparse.Namespace, out: TextIO) -> None:
    problem = session.user_data.problem()
    if problem:
        print(f"paperreader: {problem}", file=sys.stderr)
    if args.action == "list":
        bookmarks = await session.user_data.bookmarks()
        if args.tag:
            from paperreader.domain.tags import has_tag

            bookmarks = [b for b in bookmarks if has_tag(b, args.tag)]
        if args.json:
            from paperreader.formats.export.bookmark_json import bookmarks_json

            out.write(bookmarks_json(bookmarks) + "\n")
            return
        for bookmark in bookmarks:
            tags = f"  [{' '.join(bookmark.tags)}]" if bookmark.tags else ""
            added_on = bookmark.added_at.strftime("%Y-%m-%d")
            out.write(f"{added_on}  {bookmark.paper.id:<11} {bookmark.paper.title}{tags}\n")
        if not bookmarks and args.tag:
            print(f"No bookmarks are tagged {args.tag}.", file=sys.stderr)
        elif not bookmarks:
            print("No bookmarks yet: press b on a paper in the app.", file=sys.stderr)
    elif args.action == "export":
        text, count = await session.user_data.export_bookmarks(args.fmt, tag=args.tag)
        if args.output:
            path = await session.desktop.write_file(args.output, text)
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
        added, skipped = await session.user_data.import_bookmarks(text)
        note = f", {skipped} unreadable entries skipped" if skipped else ""
        out.write(f"Imported {added} new bookmarks{note}.\n")


def _report_cache_problem(session: Session) -> None:
    """One stderr line when the cache was moved aside or could not be used or written."""
    problem = session.papers.cache_problem()
    if problem:
        print(f"paperreader: {problem}", file=sys.stderr)


def _cache_command(session: Session, action: str, out: TextIO) -> None:
    cache = session.cache
    if cache is None:
        raise UsageError("The demo uses no cache.")
    if action == "info":
        info = cache.info()
        out.write(f"{info['directory']}\n{info['entries']} entries, {info['bytes'] / 1e6:.1f} MB\n")
    else:
        removed = cache.clear()
        out.write(f"Removed {removed} cached entries. Bookmarks are kept.\n")


def _print_listing(listing: Listing, as_json: bool, web: str, out: TextIO) -> None:
    from paperreader.formats.export.paper_json import listing_to_dict

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


async def _show_command(session: Session, args: argparse.Namespace, out: TextIO) -> None:
    from paperreader.domain.errors import PaperReaderError

    if args.full and not args.json:
        full = await session.details.get_full_text(args.paper_id, force=args.refresh)
        if full.markdown is None:
            raise PaperReaderError(f"Hugging Face has no full text for {full.paper_id}.")
        out.write(full.markdown if full.markdown.endswith("\n") else full.markdown + "\n")
        return
    paper, _origin = await session.papers.get_paper(args.paper_id, force=args.refresh)
    try:  # best effort: what only the paper endpoint has; the paper is shown regardless
        extras: PaperExtras | None = await session.details.get_extras(paper.id, force=args.refresh)
    except PaperReaderError:
        extras = None
    full_text: str | None = None
    if args.full:
        full_text = (await session.details.get_full_text(paper.id, force=args.refresh)).markdown
    _print_paper(paper, args.json, session.web_url, out, extras, full_text, args.full)


def extras_to_dict(extras: PaperExtras, web: str) -> dict[str, Any]:
    """The JSON fields `show --json` adds from the paper endpoint: linked repos, comments."""
    from paperreader.domain.links import repo_url

    def repo(r: LinkedRepo) -> dict[str, Any]:
        data: dict[str, Any] = {"id": r.id, "url": repo_url(r, web), "likes": r.likes}
        if r.kind == "space":
            data.update(emoji=r.emoji, description=r.description)
        else:
            data["downloads"] = r.downloads
        return data

    return {
        "linked_models": [repo(r) for r in extras.models],
        "linked_datasets": [repo(r) for r in extras.datasets],
        "linked_spaces": [repo(r) for r in extras.spaces],
        "linked_totals": {
            "models": extras.total_models,
            "datasets": extras.total_datasets,
            "spaces": extras.total_spaces,
        },
    }


def _print_paper(
    paper: Paper,
    as_json: bool,
    web: str,
    out: TextIO,
    extras: PaperExtras | None = None,
    full_text: str | None = None,
    with_full_text: bool = False,
) -> None:
    from paperreader.formats.export.paper_json import paper_to_dict

    data = paper_to_dict(paper, web)
    if extras is not None:
        data.update(extras_to_dict(extras, web))
        if extras.num_comments is not None:
            data["num_comments"] = extras.num_comments
    if with_full_text:
        data["full_text"] = full_text
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
    if extras is not None:
        for label, repos, total in (
            ("Models", extras.models, extras.total_models),
            ("Datasets", extras.datasets, extras.total_datasets),
            ("Spaces", extras.spaces, extras.total_spaces),
        ):
            shown = repos[:3]
            if total:
                more = f", +{total - len(shown)} more" if total > len(shown) else ""
                names = ", ".join(r.id for r in shown) or "not listed"
                lines.append(f"{label} ({total}): {names}{more}")
    if paper.ai_summary:
        lines += ["", f"AI summary: {paper.ai_summary}"]
    if paper.summary:
        lines += ["", paper.summary]
    lines += ["", f"{data['links']['hf']}", f"{data['links']['arxiv']}", f"{data['links']['pdf']}"]
    out.write("\n".join(lines) + "\n")
