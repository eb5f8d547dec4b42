"""The commands of the bookmarks' sync with a Hugging Face collection.

paperreader collections [--json]
paperreader bookmarks sync [--create TITLE | --collection SLUG] [--dry-run]

`bookmarks sync` belongs to the `bookmarks` group, which adds it with `add_sync_command`
and runs it with `run_sync`; `collections` is a command of its own.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import add_command
from paperreader.cli.output import print_json, warn
from paperreader.domain.collection_errors import CollectionGoneError
from paperreader.domain.text import counted

if TYPE_CHECKING:
    from paperreader.service.collections import SyncReport
    from paperreader.service.session import Session


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `collections` to the main parser's subcommands."""
    listing = add_command(
        commands,
        "collections",
        description="List your collections on Hugging Face: slug, title, items, private. "
        "Needs your token (`hf auth login`, or HF_TOKEN).",
        examples=["paperreader collections", "paperreader collections --json"],
    )
    listing.add_argument("--json", action="store_true", help="print JSON")


def add_sync_command(actions: argparse._SubParsersAction) -> None:
    """Add `sync` to the `bookmarks` group's actions."""
    sync = add_command(
        actions,
        "sync",
        help="sync the bookmarks both ways with a Hugging Face collection",
        description="Keep the bookmarks in step with one of your Hugging Face collections, "
        "both ways: papers added or removed on either side, and notes (tags stay here). "
        "The first sync creates or links the collection; later ones use it.",
        examples=[
            'paperreader bookmarks sync --create "Reading list"',
            "paperreader bookmarks sync --collection ada/reading-list-64f9a55bb3115b4f513ec026",
            "paperreader bookmarks sync --dry-run",
            "paperreader bookmarks sync",
        ],
        notes="A note over 500 characters is cut on Hugging Face (it ends with […]) and kept "
        "whole here.\nWhen a note changed on both sides, both texts are kept, one under the "
        "other.\nNeeds a token with write access: `hf auth login`, or HF_TOKEN.",
    )
    which = sync.add_mutually_exclusive_group()
    which.add_argument("--create", metavar="TITLE", help="make a new private collection")
    which.add_argument("--collection", metavar="SLUG", help="link one of your collections")
    sync.add_argument("--dry-run", action="store_true", help="print what would change, only")


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """`paperreader collections`."""
    collections = await session.collections.list_collections()
    if args.json:
        print_json(
            [
                {"slug": c.slug, "title": c.title, "items": c.item_count, "private": c.private}
                for c in collections
            ],
            out,
        )
        return 0
    for c in collections:
        shown = "private" if c.private else "public"
        items = counted(c.item_count, "item")
        out.write(f"{c.slug}  {c.title}  ({items}, {shown})\n")
    if not collections:
        print(
            "You have no collections yet: paperreader bookmarks sync --create TITLE",
            file=sys.stderr,
        )
    return 0


async def run_sync(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """`paperreader bookmarks sync`."""
    try:
        report = await session.collections.sync(
            create=args.create, link=args.collection, dry_run=args.dry_run
        )
    except CollectionGoneError as error:
        title = error.title or "Bookmarks"
        if args.dry_run or not _ask(
            f"{error.message}\nCreate a new private collection “{title}” now? [y/N] "
        ):
            raise
        report = await session.collections.sync(create=title)
    print_report(report, out)
    return 0


def print_report(report: SyncReport, out: TextIO) -> None:
    """The summary line, and in a dry run each change, one line each."""
    if report.problem:
        warn(report.problem)
    if report.dry_run:
        for change in report.changes:
            out.write(f"  {change.paper_id:<11} {change.action.value}\n")
    out.write(report.summary + "\n")
    for paper_id in report.merged:
        out.write(
            f"  {paper_id}: the note changed here and on Hugging Face; both texts are kept.\n"
        )


def _ask(question: str) -> bool:
    """Yes from a person at a terminal; no when nobody is there to answer."""
    if not sys.stdin.isatty():
        return False
    print(question, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")
