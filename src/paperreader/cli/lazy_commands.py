"""Subcommands whose parsers are completed, and whose modules imported, only when used.

`paperreader --help` names every command with its one line of help; `paperreader list` needs
the parser and the module of `list` alone. Importing every command's module and building
every parser at each start cost more than answering `list` from the cache. So a command is
declared with its name and help, and completed (its module imported, its description and
arguments added) the first time its parser is looked up: when argparse picks it, or when
anything reads the parsers (the completion script, a test walking them).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, ItemsView, ValuesView
from typing import Any

Completer = Callable[["LazyCommands"], None]
"""Adds the parsers of one group of commands, by `add_parser`, to the commands given."""


class _Parsers(dict[str, argparse.ArgumentParser]):
    """Command name -> parser, each completed before it is handed out."""

    def __init__(self, complete: Callable[[str], None]) -> None:
        super().__init__()
        self._complete = complete

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        self._complete(name)
        return super().__getitem__(name)

    def values(self) -> ValuesView[argparse.ArgumentParser]:  # type: ignore[override]
        for name in list(self):
            self._complete(name)
        return super().values()

    def items(self) -> ItemsView[str, argparse.ArgumentParser]:  # type: ignore[override]
        for name in list(self):
            self._complete(name)
        return super().items()


class LazyCommands(argparse._SubParsersAction):
    """The subcommands of a parser (`LazyCommands.add_to`): declared now, completed on first
    use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: dict[str, Completer] = {}
        """Declared commands whose parser is not made yet, and what makes it."""
        self._name_parser_map = self.choices = _Parsers(self._complete)

    @classmethod
    def add_to(cls, parser: argparse.ArgumentParser, **kwargs: Any) -> LazyCommands:
        """`parser.add_subparsers(**kwargs)`, made of this class."""
        commands = parser.add_subparsers(action=cls, **kwargs)
        assert isinstance(commands, cls)
        return commands

    def declare(self, name: str, help: str, complete: Completer) -> None:
        """Name a command with its line for --help; `complete` adds its parser (with
        `add_parser`, and any other command of its group) when it is first used."""
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        # Its place in the order of the commands, kept for the parser made later.
        dict.__setitem__(self._name_parser_map, name, None)
        self._pending[name] = complete

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """The parser of a command; a declared one was given its help line already."""
        if dict.get(self._name_parser_map, name, False) is not None:  # not declared
            return super().add_parser(name, **kwargs)
        if "help" in kwargs or "aliases" in kwargs:
            raise TypeError(f"{name} was declared with its help line, and without aliases")
        self._pending.pop(name, None)
        parser = self._parser_class(prog=f"{self._prog_prefix} {name}", **kwargs)
        dict.__setitem__(self._name_parser_map, name, parser)
        return parser

    def _complete(self, name: str) -> None:
        complete = self._pending.pop(name, None)
        if complete is None:
            return
        complete(self)
        if dict.get(self._name_parser_map, name) is None:
            raise LookupError(f"{name} was declared, but its module added no parser for it")
