"""The command line: the parser and the dispatch to one module per command group.

`papers` (list, show), `bookmarks`, `cache`, `library` (sync, search-local, library info)
run on a session; `config` (config, keys, completion) and `auth` need none. Human text on
a terminal, JSON with --json. Errors are one line on stderr; exit codes are 0 ok, 1 runtime
failure, 2 usage.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TextIO

from paperreader import __version__
from paperreader.cli import (
    auth,
    bookmarks,
    cache,
    collections,
    digest,
    library,
    papers,
    pdf,
    similar,
    watch,
)
from paperreader.cli import config as cli_config
from paperreader.cli.options import (
    add_listing_options,
    add_source_options,
    endpoint_from_args,
    offline_from_args,
    query_from_args,
)
from paperreader.cli.output import warn
from paperreader.service.options import AppOptions

if TYPE_CHECKING:
    from paperreader.service.session import Session

CommandRunner = Callable[["Session", argparse.Namespace, TextIO], Awaitable[int]]
"""A command module's `run`: the command on a session, returning the exit code."""

SESSION_COMMANDS: dict[str, CommandRunner] = {
    **dict.fromkeys(papers.COMMANDS, papers.run),
    **dict.fromkeys(bookmarks.COMMANDS, bookmarks.run),
    **dict.fromkeys(cache.COMMANDS, cache.run),
    **dict.fromkeys(library.COMMANDS, library.run),
    **dict.fromkeys(collections.COMMANDS, collections.run),
    **dict.fromkeys(pdf.COMMANDS, pdf.run),
    **dict.fromkeys(watch.COMMANDS, watch.run),
    **dict.fromkeys(digest.COMMANDS, digest.run),
    **dict.fromkeys(similar.COMMANDS, similar.run),
}
"""Each subcommand that runs on a session, and the `run` of the module that adds it."""

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
  paperreader pdf 2603.01234        download a paper's PDF and open it
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
    papers.add_commands(commands)
    bookmarks.add_commands(commands)
    cache.add_commands(commands)
    cli_config.add_commands(commands, parser)
    library.add_commands(commands)
    collections.add_commands(commands)
    auth.add_commands(commands)
    pdf.add_commands(commands)
    watch.add_commands(commands)
    digest.add_commands(commands)
    similar.add_commands(commands)
    return parser


def parse_app_options(args: argparse.Namespace) -> AppOptions:
    """Validate the flags the app uses; raises UsageError."""
    return AppOptions(
        query=query_from_args(args),
        demo=args.demo,
        offline=offline_from_args(args),
        endpoint=endpoint_from_args(args),
    )


def run_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run a headless subcommand; returns the exit code."""
    out = out or sys.stdout
    if args.command in cli_config.COMMANDS:  # about paperreader itself: no session needed
        return cli_config.run(args, out)
    if args.command in auth.COMMANDS:  # reads the environment, sends nothing
        return auth.run(args, out)
    command = SESSION_COMMANDS[args.command]
    endpoint = endpoint_from_args(args)  # before the config: a usage error says it first
    from paperreader.config.loading import load_settings
    from paperreader.service.compose import open_session

    settings, problems = load_settings()
    for problem in problems:  # one line each; the command still runs on the defaults
        warn(str(problem))
    options = AppOptions(
        query=None,
        demo=getattr(args, "demo", False),
        offline=offline_from_args(args),
        endpoint=endpoint,
    )
    session = open_session(options, settings)
    for notice in session.upstream.notices:  # said once, before anything is sent
        warn(notice)

    async def run() -> int:
        try:
            code = await command(session, args, out)
            problem = session.papers.cache_problem()
            if problem:  # the cache was moved aside, or could not be used or written
                warn(problem)
            return code
        finally:
            await session.aclose()

    return asyncio.run(run())
