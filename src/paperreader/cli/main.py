"""The command line: the parser and the dispatch to one module per command group.

`papers` (list, show), `bookmarks`, `cache`, `library` (sync, search-local, library info)
and the others run on a session; `config` (config, keys, completion) and `auth` need none.
Only the module of the command used is imported (`COMMANDS`, `LazyCommands`): a command
run from a script pays for nothing else. Human text on a terminal, JSON with --json. Errors
are one line on stderr; exit codes are 0 ok, 1 runtime failure, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO

from paperreader import __version__
from paperreader.cli.lazy_commands import LazyCommands
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


class CommandGroup(Protocol):
    """A command module: it adds its commands' parsers (given their help lines here)."""

    def add_commands(self, commands: argparse._SubParsersAction) -> None: ...


class SessionGroup(CommandGroup, Protocol):
    """A command module whose commands run on a session."""

    def run(self, session: Session, args: argparse.Namespace, out: TextIO) -> Awaitable[int]: ...


class PlainGroup(CommandGroup, Protocol):
    """A command module whose commands need no session (about paperreader, the token)."""

    def run(self, args: argparse.Namespace, out: TextIO) -> int: ...


def _papers() -> SessionGroup:
    from paperreader.cli import papers

    return papers


def _bookmarks() -> SessionGroup:
    from paperreader.cli import bookmarks

    return bookmarks


def _cache() -> SessionGroup:
    from paperreader.cli import cache

    return cache


def _config() -> PlainGroup:
    from paperreader.cli import config

    return config


def _library() -> SessionGroup:
    from paperreader.cli import library

    return library


def _collections() -> SessionGroup:
    from paperreader.cli import collections

    return collections


def _auth() -> PlainGroup:
    from paperreader.cli import auth

    return auth


def _pdf() -> SessionGroup:
    from paperreader.cli import pdf

    return pdf


def _watch() -> SessionGroup:
    from paperreader.cli import watch

    return watch


def _digest() -> SessionGroup:
    from paperreader.cli import digest

    return digest


def _similar() -> SessionGroup:
    from paperreader.cli import similar

    return similar


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand: its line in `paperreader --help`, and the module that adds and runs it
    (imported only when the command is used), with or without a session."""

    help: str
    on_session: Callable[[], SessionGroup] | None = None
    alone: Callable[[], PlainGroup] | None = None

    def add_commands(self, commands: argparse._SubParsersAction) -> None:
        """Import the command's module and let it add its parsers."""
        load = self.on_session or self.alone
        assert load is not None, "a command runs on a session or alone"
        load().add_commands(commands)


COMMANDS: dict[str, Command] = {
    "list": Command("print a listing (latest daily papers by default)", on_session=_papers),
    "show": Command("print one paper", on_session=_papers),
    "bookmarks": Command("add, remove, list, export or import bookmarks", on_session=_bookmarks),
    "cache": Command("show or clear the cache", on_session=_cache),
    "config": Command("where the config file is; write a commented default one", alone=_config),
    "keys": Command("print the key map, after the config's [keys]", alone=_config),
    "completion": Command("print a shell completion script", alone=_config),
    "sync": Command("fetch the Daily Papers history into the local library", on_session=_library),
    "search-local": Command("search the local library (no network)", on_session=_library),
    "library": Command("about the local library", on_session=_library),
    "collections": Command("list your Hugging Face collections", on_session=_collections),
    "auth": Command("where the Hugging Face token comes from (never the token)", alone=_auth),
    "pdf": Command("download a paper's PDF and open it", on_session=_pdf),
    "watch": Command("follow authors, organisations and queries", on_session=_watch),
    "digest": Command("the watched papers that are new", on_session=_digest),
    "similar": Command("the papers of the library most like one", on_session=_similar),
}
"""Every subcommand, in the order `paperreader --help` lists them."""

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
    """The argument parser for `paperreader` and its subcommands; a subcommand's own
    arguments are added (and its module imported) when it is used (`LazyCommands`)."""
    parser = argparse.ArgumentParser(
        prog="paperreader",
        description="A keyboard-driven terminal reader for Hugging Face Papers.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperreader {__version__}")
    add_listing_options(parser)
    add_source_options(parser)
    parser.set_defaults(root_parser=parser)  # the completion script walks the whole parser
    commands = LazyCommands.add_to(parser, dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        commands.declare(name, command.help, command.add_commands)
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
    entry = COMMANDS[args.command]
    if entry.alone is not None:  # about paperreader itself, or the environment: no session
        return entry.alone().run(args, out)
    assert entry.on_session is not None
    command = entry.on_session().run
    endpoint = endpoint_from_args(args)  # before the config: a usage error says it first
    import asyncio

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
