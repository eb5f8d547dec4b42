"""Subcommands declared by name and help line, completed (their module's work done) only when
used: the top-level --help lists them all, a parse completes the one it picks."""

from __future__ import annotations

import argparse

import pytest

from paperreader.cli.lazy_commands import LazyCommands


def _parser(completed: list[str]) -> argparse.ArgumentParser:
    def fruit(commands: argparse._SubParsersAction) -> None:
        completed.append("fruit")
        apple = commands.add_parser("apple", description="An apple.")
        apple.add_argument("--red", action="store_true")
        commands.add_parser("pear", description="A pear.")

    def tools(commands: argparse._SubParsersAction) -> None:
        completed.append("tools")
        hammer = commands.add_parser("hammer", description="A hammer.")
        actions = hammer.add_subparsers(dest="action", required=True)
        actions.add_parser("hit", help="hit a nail")

    parser = argparse.ArgumentParser(prog="demo")
    commands = LazyCommands.add_to(parser, dest="command", metavar="COMMAND")
    commands.declare("apple", "pick an apple", fruit)
    commands.declare("hammer", "use a hammer", tools)
    commands.declare("pear", "pick a pear", fruit)
    return parser


def test_help_names_every_command_in_order_and_completes_none():
    completed: list[str] = []
    text = _parser(completed).format_help()
    assert text.index("pick an apple") < text.index("use a hammer") < text.index("pick a pear")
    assert completed == []


def test_a_parse_completes_the_group_of_the_command_it_picks():
    completed: list[str] = []
    parser = _parser(completed)
    args = parser.parse_args(["apple", "--red"])
    assert (args.command, args.red) == ("apple", True)
    assert completed == ["fruit"]  # pear came with it; the tools were never needed
    assert parser.parse_args(["pear"]).command == "pear"
    assert completed == ["fruit"]


def test_reading_the_parsers_completes_them_all_in_their_order(capsys):
    completed: list[str] = []
    parser = _parser(completed)
    [commands] = [a for a in parser._actions if isinstance(a, LazyCommands)]
    assert list(commands.choices) == ["apple", "hammer", "pear"]  # names alone: nothing made
    assert completed == []
    assert [name for name, _ in commands.choices.items()] == ["apple", "hammer", "pear"]
    assert sorted(completed) == ["fruit", "tools"]
    assert all(sub.description for sub in commands.choices.values())
    assert parser.parse_args(["hammer", "hit"]).action == "hit"
    with pytest.raises(SystemExit):
        parser.parse_args(["saw"])
    assert "invalid choice: 'saw'" in capsys.readouterr().err


def test_a_declared_command_keeps_the_help_line_it_was_declared_with():
    parser = argparse.ArgumentParser(prog="demo")
    commands = LazyCommands.add_to(parser, dest="command")
    commands.declare("apple", "pick an apple", lambda c: c.add_parser("apple", help="again"))
    with pytest.raises(TypeError):
        parser.parse_args(["apple"])
    commands.declare("pear", "pick a pear", lambda c: None)
    with pytest.raises(LookupError):
        parser.parse_args(["pear"])
