"""What the commands share on the parser: how a command is added with its examples, which
listing, and where papers come from (`--endpoint`, `HF_ENDPOINT`, `--offline`,
`HF_HUB_OFFLINE`)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from paperreader.domain.models import ListingKind, ListingQuery, Paper


def add_command(
    commands: argparse._SubParsersAction,
    name: str,
    *,
    help: str | None = None,
    description: str,
    examples: Sequence[str],
    notes: str = "",
) -> argparse.ArgumentParser:
    """Add one subcommand whose --help ends with its examples (then `notes`), as written.

    `help` is the line its group's --help gives it; a top-level command has it from
    `cli/main.py`'s COMMANDS, which names every command without importing its module."""
    epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)
    if notes:
        epilog += "\n\n" + notes
    line: dict[str, Any] = {} if help is None else {"help": help}
    return commands.add_parser(
        name,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **line,
    )


def add_listing_options(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    # On a subcommand an option left out must not overwrite the same option given before
    # the subcommand name (`paperreader --week W list`), hence SUPPRESS as the default there.
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if sub else {}
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--date", metavar="YYYY-MM-DD", help="daily papers of a date", **default)
    which.add_argument("--week", metavar="YYYY-Www", help="papers of an ISO week", **default)
    which.add_argument("--month", metavar="YYYY-MM", help="papers of a month", **default)
    which.add_argument("--trending", action="store_true", help="trending papers", **default)
    which.add_argument("--search", metavar="QUERY", help="search Hugging Face Papers", **default)


def add_id_argument(parser: argparse.ArgumentParser, *, many: bool = False) -> None:
    """The paper id (or ids, `many`) a command takes, as `paper_id` (`paper_ids`); its --help
    ends with every spelling `domain/ids.py` reads, unwrapped."""
    from paperreader.domain.ids import ID_FORMS

    if many:
        parser.add_argument("paper_ids", nargs="+", metavar="ID", help="one or more papers")
    else:
        parser.add_argument("paper_id", metavar="ID", help="the paper: its arXiv id or link")
    parser.epilog = f"{parser.epilog}\n\n{ID_FORMS}" if parser.epilog else ID_FORMS


SORTS = ("trending", "upvotes", "newest", "title", "comments")
"""What `--sort` accepts: `trending` is the order the source gave (the hub's trending rank,
a search's relevance); the others are the app's sort orders (`s`)."""


def add_list_options(parser: argparse.ArgumentParser, *, limit: int | None) -> None:
    """The flags of every command that prints a list of papers: how many, in which order,
    whose, and in which format (`--json` stays, as `--format json`)."""
    from paperreader.formats.export.papers import LIST_FORMATS

    shown = f"({limit})" if limit else "(all)"
    parser.add_argument(
        "--limit", type=int, default=limit, metavar="N", help=f"print at most N papers {shown}"
    )
    parser.add_argument(
        "--sort",
        choices=SORTS,
        default="trending",
        help="order: trending (as the source gave it, the default), upvotes, newest, title, "
        "comments",
    )
    parser.add_argument("--submitter", metavar="NAME", help="only papers NAME submitted")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--format", choices=LIST_FORMATS, default="text", dest="fmt")
    output.add_argument(
        "--json", action="store_const", const="json", dest="fmt", help="the same as --format json"
    )
    output.add_argument("-q", "--quiet", action="store_true", help="print only the ids, one a line")


def chosen_papers(papers: Iterable[Paper], args: argparse.Namespace) -> list[Paper]:
    """The papers `--submitter`, `--sort` and `--limit` choose, in the app's sort rule
    (`domain.filtering`); UsageError for a limit below 1."""
    from paperreader.domain.errors import UsageError
    from paperreader.domain.filtering import PaperView, SortOrder

    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    selected = tuple(papers)
    if args.submitter:
        wanted = args.submitter.strip().removeprefix("@").casefold()
        selected = tuple(p for p in selected if (p.submitted_by or "").casefold() == wanted)
    view = PaperView(selected)
    order = SortOrder.HUB if args.sort == "trending" else SortOrder(args.sort)
    ordered = [view.papers[i] for i in view.ordered(order)]
    return ordered if args.limit is None else ordered[: args.limit]


def add_source_options(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if sub else {}
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


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
"""Values of HF_HUB_OFFLINE that turn it on, as the Hugging Face tools read it."""


def endpoint_from_args(args: argparse.Namespace, env: Mapping[str, str] = os.environ) -> str | None:
    """The endpoint `--endpoint` names, else HF_ENDPOINT, checked; None: the config's or the
    default. Raises UsageError (a user name or password, no http(s) URL) before any request."""
    from paperreader.domain.endpoints import checked_endpoint

    flag = getattr(args, "endpoint", None)
    if flag is not None:
        return checked_endpoint(flag, "--endpoint")
    variable = env.get("HF_ENDPOINT", "")
    return checked_endpoint(variable, "HF_ENDPOINT") if variable.strip() else None


def offline_from_args(args: argparse.Namespace, env: Mapping[str, str] = os.environ) -> bool:
    """True with `--offline`, or HF_HUB_OFFLINE set to 1, true, yes or on."""
    variable = env.get("HF_HUB_OFFLINE", "").strip().lower()
    return bool(getattr(args, "offline", False)) or variable in TRUE_WORDS
