"""`paperreader auth`: where the Hugging Face token comes from, and how safely it travels.

Needs no session: it reads the environment and the config, and sends nothing. It never
prints the token, not even a part of it.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from paperreader.cli.options import add_command, endpoint_from_args, offline_from_args
from paperreader.cli.output import print_json

_TRANSPORT_WORDS = {
    "https": "https: the token travels encrypted",
    "loopback": "plain http, but to this machine: the token stays on it",
    "plain http": "plain http to another machine: anyone on the way can read the token",
}


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `auth`."""
    auth = add_command(
        commands,
        "auth",
        description="Say which Hugging Face token requests carry, by where it was found "
        "(HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then the file at HF_TOKEN_PATH, else "
        "$HF_HOME/token, else ~/.cache/huggingface/token), and whether the endpoint is "
        "https or this machine. The token itself is never printed. It is sent only to the "
        "endpoint's host.",
        examples=[
            "paperreader auth",
            "paperreader auth --endpoint http://127.0.0.1:8765",
            "paperreader auth --json",
        ],
    )
    auth.add_argument(
        "--endpoint",
        metavar="URL",
        help="the hub to check (default: $HF_ENDPOINT or huggingface.co)",
        default=argparse.SUPPRESS,
    )
    auth.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print where the token comes from and how the endpoint is reached; exit code 0."""
    from paperreader.config.loading import load_settings
    from paperreader.domain.endpoints import checked_endpoint, transport_of
    from paperreader.platform.paths import find_token

    flag = endpoint_from_args(args)  # a usage error first, before the config is read
    settings, _problems = load_settings()  # `paperreader list` and the app report these
    endpoint = checked_endpoint(settings.hub_endpoint(flag), "The endpoint")
    found = find_token()
    transport = transport_of(endpoint).value
    offline = offline_from_args(args)
    if getattr(args, "json", False):
        print_json(
            {
                "token": found.token is not None,
                "token_source": found.source,
                "token_problem": found.problem,
                "endpoint": endpoint,
                "transport": transport,
                "offline": offline,
            },
            out,
        )
        return 0
    if found.problem:
        out.write(f"token: from {found.source}, but not used: {found.problem}\n")
    elif found.token:
        out.write(f"token: from {found.source}\n")
    else:
        out.write("token: none found (requests go without one)\n")
    out.write(f"endpoint: {endpoint} ({_TRANSPORT_WORDS[transport]})\n")
    if offline:
        out.write("offline: HF_HUB_OFFLINE or --offline is set: nothing is sent at all\n")
    return 0
