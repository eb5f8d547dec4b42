"""The `cache` command: where the listing cache is and how big, or empty it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import add_command
from paperreader.domain.errors import UsageError

if TYPE_CHECKING:
    from paperreader.service.session import Session


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `cache info|clear` to the main parser's subcommands."""
    cache = add_command(
        commands,
        "cache",
        description="The cache of listings and papers: where it is and how big, or empty it. "
        "Bookmarks and read marks are not in it.",
        examples=["paperreader cache info", "paperreader cache clear"],
    )
    cache.add_argument("action", choices=["info", "clear"])


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Run `cache info` or `cache clear`; returns the exit code."""
    cache = session.cache
    if cache is None:
        raise UsageError("The demo uses no cache.")
    if args.action == "info":
        info = cache.info()
        out.write(f"{info['directory']}\n{info['entries']} entries, {info['bytes'] / 1e6:.1f} MB\n")
    else:
        removed = cache.clear()
        out.write(f"Removed {removed} cached entries. Bookmarks are kept.\n")
    return 0
