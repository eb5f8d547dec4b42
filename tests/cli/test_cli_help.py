"""The command line's own help and shell completion: every subcommand shows examples, and
the completion scripts follow the parser."""

from __future__ import annotations

import subprocess

import pytest
from support.cli import run

from paperreader.__main__ import main


def _subparsers(parser, path=()):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _subparsers(sub, (*path, name))


def test_every_subcommand_help_has_examples():
    from paperreader.cli.main import build_parser

    parser = build_parser()
    assert "examples:" in parser.format_help()
    commands = dict(_subparsers(parser))
    assert {("config", "path"), ("config", "init"), ("keys",), ("completion",)} <= set(commands)
    for path, sub in commands.items():
        help_text = sub.format_help()
        assert "examples:" in help_text, path
        assert f"paperreader {' '.join(path)}" in help_text.split("examples:")[1], path


def completions(script: str, *words: str) -> list[str]:
    """What bash offers after `paperreader <words>` with the generated script loaded."""
    program = (
        f"{script}\nCOMP_WORDS=(paperreader {' '.join(repr(w) for w in words)})\n"
        'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _paperreader; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completion_follows_the_parser(capsys):
    code, script, _ = run(capsys, "completion", "bash")
    assert code == 0
    assert set(completions(script, "")) >= {"list", "show", "bookmarks", "config", "keys"}
    assert completions(script, "con") == ["config"]
    assert completions(script, "config", "") == ["path", "init"]
    assert completions(script, "bookmarks", "export", "--format", "") == [
        "bibtex",
        "markdown",
        "json",
        "csv",
        "ris",
    ]
    assert completions(script, "--week", "2026-W10", "list", "--js") == ["--json"]
    assert completions(script, "keys", "--") == ["--help", "--json"]
    assert completions(script, "completion", "") == ["bash", "zsh", "fish"]


def test_zsh_and_fish_completion_scripts(capsys):
    code, zsh, _ = run(capsys, "completion", "zsh")
    assert code == 0 and zsh.startswith("#compdef paperreader\n")  # what compinit looks for
    assert "compdef _paperreader paperreader" in zsh
    code, fish, _ = run(capsys, "completion", "fish")
    assert code == 0
    assert "complete -c paperreader -n '__paperreader_at \"\"' -a 'list show bookmarks" in fish
    assert (
        "complete -c paperreader -n '__paperreader_at \"bookmarks export\"' -l format "
        "-xa 'bibtex markdown json csv ris'" in fish
    )
    assert "complete -c paperreader -n '__paperreader_at \"keys\"' -l json" in fish
    with pytest.raises(SystemExit) as raised:
        main(["completion", "tcsh"])
    assert raised.value.code == 2
