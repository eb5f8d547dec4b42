"""The subcommands about paperreader itself: `config path|init`, `keys`, `completion`.

They need no session (no cache, no network), so the CLI runs them without opening one.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from paperreader.cli.options import add_command
from paperreader.cli.output import print_json, warn


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `config`, `keys` and `completion` to the main parser's subcommands."""
    config = add_command(
        commands,
        "config",
        description="The config file: TOML, every setting optional. "
        "$PAPERREADER_CONFIG points elsewhere.",
        examples=[
            "paperreader config path",
            "paperreader config init",
            '"$EDITOR" "$(paperreader config path)"',
        ],
    )
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    add_command(
        actions,
        "path",
        help="print the config file's path",
        description="Print where the config file is (or would be).",
        examples=[
            "paperreader config path",
            "PAPERREADER_CONFIG=~/pr.toml paperreader config path",
        ],
    )
    add_command(
        actions,
        "init",
        help="write a commented default config (never overwrites)",
        description="Write a config file listing every setting, commented out with its default. "
        "An existing file is left alone (exit code 1).",
        examples=[
            "paperreader config init",
            "PAPERREADER_CONFIG=./config.toml paperreader config init",
        ],
    )
    keys = add_command(
        commands,
        "keys",
        description="Print every action's binding id, its keys (with the config's [keys] "
        "applied; * marks a remapped one) and what it does.",
        examples=[
            "paperreader keys",
            "PAPERREADER_CONFIG=./try.toml paperreader keys",
            "paperreader keys --json",
        ],
    )
    keys.add_argument("--json", action="store_true", help="print JSON")
    completion = add_command(
        commands,
        "completion",
        description="Print a completion script for bash, zsh or fish: save it where the "
        "shell looks for completions, or load it from the shell's startup file.",
        examples=[
            "paperreader completion bash > ~/.local/share/bash-completion/completions/paperreader",
            'paperreader completion zsh > "${fpath[1]}/_paperreader"',
            "paperreader completion fish > ~/.config/fish/completions/paperreader.fish",
            'eval "$(paperreader completion bash)"    # in ~/.bashrc (or zsh, in ~/.zshrc)',
        ],
    )
    completion.add_argument("shell", choices=["bash", "zsh", "fish"])


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run one of the commands `add_commands` adds; returns the exit code (UsageError
    propagates: exit 2)."""
    from paperreader.platform import paths

    if args.command == "config":
        if args.action == "path":
            path = paths.config_file()
            out.write(f"{path}\n")
            if not path.exists():
                print("(no file there yet: `paperreader config init` writes one)", file=sys.stderr)
        else:
            from paperreader.config.template import write_default_config

            out.write(f"{write_default_config()}\n")
    elif args.command == "keys":
        _keys(args.json, out)
    else:
        from paperreader.cli.completion import completion_script

        out.write(completion_script(args.root_parser, args.shell))
    return 0


def _keys(as_json: bool, out: TextIO) -> None:
    from paperreader.config import key_table, keymap
    from paperreader.config.loading import load_settings

    settings, problems = load_settings()
    for problem in problems:
        warn(str(problem))
    active = settings.key_map
    if as_json:
        rows = [
            {
                "id": spec.id,
                "keys": active[spec.id].split(","),
                "display": keymap.display_keys(active[spec.id]),
                "default": spec.key.split(","),
                "remapped": spec.id in settings.keys,
                "scope": spec.scope,
                "description": spec.help,
            }
            for spec in key_table.BINDINGS
        ]
        print_json(rows, out)
        return
    table = [("ACTION", "KEYS", "DESCRIPTION")]
    for spec in key_table.BINDINGS:
        mark = " *" if spec.id in settings.keys else ""
        table.append((spec.id, keymap.display_keys(active[spec.id]) + mark, spec.help))
    widths = [max(len(row[column]) for row in table) for column in (0, 1)]
    for row in table:
        out.write(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}\n")
