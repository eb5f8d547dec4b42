"""What the commands share on the parser: how a command is added with its examples, which
listing, and where papers come from (`--endpoint`, `HF_ENDPOINT`, `--offline`,
`HF_HUB_OFFLINE`)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from typing import Any

from paperreader.domain.models import ListingKind, ListingQuery


def add_command(
    commands: argparse._SubParsersAction,
    name: str,
    *,
    help: str,
    description: str,
    examples: Sequence[str],
    notes: str = "",
) -> argparse.ArgumentParser:
    """Add one subcommand whose --help ends with its examples (then `notes`), as written."""
    epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)
    if notes:
        epilog += "\n\n" + notes
    return commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
