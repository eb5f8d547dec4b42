"""The `watch` commands: follow authors, organisations and queries.

    paperreader watch add author|org|query TEXT...
    paperreader watch list [--json]
    paperreader watch remove N

A query watch is written in the library's search language (see `search-local --help`).
What the watches find is printed by `paperreader digest` and shown in the app's For-you tab.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import add_command, add_source_options
from paperreader.cli.output import print_json, warn

if TYPE_CHECKING:
    from paperreader.service.session import Session


EXAMPLES = (
    'paperreader watch add author "Yann LeCun"',
    "paperreader watch add org allenai",
    """paperreader watch add query '"mixture of experts" has:code'""",
    "paperreader watch list",
    "paperreader watch remove 2",
)


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `watch` and its actions to the main parser's subcommands."""
    watch = add_command(
        commands,
        "watch",
        description="The watch list: the authors, organisations and library queries whose "
        "new papers `paperreader digest` and the For-you tab show.",
        examples=EXAMPLES,
    )
    actions = watch.add_subparsers(dest="watch_action", metavar="ACTION", required=True)
    add = add_command(
        actions,
        "add",
        help="watch an author, an organisation or a query",
        description="Watch an author (by name), an organisation (its name on Hugging Face) "
        "or a query in the library's search language.",
        examples=EXAMPLES[:3],
    )
    add.add_argument("kind", choices=["author", "org", "query"], help="what to watch")
    add.add_argument("text", nargs="+", metavar="TEXT", help="the name or the query")
    listing = add_command(
        actions,
        "list",
        help="print the watches, numbered",
        description="Print the watches in the order they were added, numbered for `remove`.",
        examples=("paperreader watch list", "paperreader watch list --json"),
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = add_command(
        actions,
        "remove",
        help="stop watching watch N",
        description="Stop watching the watch numbered N by `paperreader watch list`.",
        examples=("paperreader watch remove 2",),
    )
    remove.add_argument("number", type=int, metavar="N", help="its number in `watch list`")
    for parser in (add, listing, remove):
        add_source_options(parser, sub=True)


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Run `watch ACTION`; returns the exit code."""
    watches = session.watches
    if args.watch_action == "add":
        watch, added = await watches.add(args.kind, " ".join(args.text))
        out.write(f"{'Watching' if added else 'Already watching'} {watch.label}\n")
    elif args.watch_action == "remove":
        watch = await watches.remove(args.number)
        out.write(f"No longer watching {watch.label}\n")
    else:
        found = await watches.watches()
        if args.json:
            print_json(
                [
                    {
                        "number": number,
                        "kind": w.kind.value,
                        "text": w.text,
                        "query": w.query,
                        "added_at": w.added_at.isoformat() if w.added_at else None,
                    }
                    for number, w in enumerate(found, 1)
                ],
                out,
            )
        elif not found:
            out.write("No watches yet: `paperreader watch add author|org|query TEXT`.\n")
        else:
            out.writelines(f"{number:>3}  {w.label}\n" for number, w in enumerate(found, 1))
    problem = watches.problem()
    if problem:
        warn(problem)
    return 0
