"""The configured pipe command (`pipe_command`) as an argument list: the config checks it
when it is read, the hand-off fills and runs it.

The template is split like a shell would split it *before* any field is filled in, so a
field's text (a title, an abstract: untrusted) always stays inside the one argument it was
written in, and no shell ever sees it. A shell that the command itself starts (`sh -c
SCRIPT`) would run a field written inside its script as code: that is refused, and the
fields go to the shell as arguments instead (`sh -c 'papis add "$1"' sh {arxiv_url}`).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from pathlib import PurePath

FIELDS = (
    "id",
    "title",
    "authors",
    "published",
    "summary",
    "hf_url",
    "arxiv_url",
    "pdf_url",
    "github_url",
    "project_url",
)
"""The placeholders a pipe command may use, as `{name}`; `{{` and `}}` are literal braces."""

SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "csh", "tcsh"})
"""Programs that run their `-c` argument as code."""

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def split_template(template: str) -> list[str]:
    """The template's arguments, unfilled; ValueError (saying why) for a template that cannot
    be used: empty, unbalanced quotes, an unknown field, a field as the program, or a field
    inside a shell's script."""
    argv = shlex.split(template)
    if not argv:
        raise ValueError("the command is empty")
    for arg in argv:
        for name in _fields_in(arg):
            if name not in FIELDS:
                raise ValueError(f"{{{name}}} is not a field (fields: {', '.join(FIELDS)})")
    if _fields_in(argv[0]):
        raise ValueError("the program to run cannot be a field")
    script = _shell_script(argv)
    if script is not None and _fields_in(script):
        raise ValueError(
            "a shell would run the fields in its script as code: pass them as arguments, "
            "as in sh -c 'papis add \"$1\"' sh {arxiv_url}"
        )
    return argv


def pipe_argv(template: str, fields: Mapping[str, str]) -> list[str]:
    """The command to run: the template split, then each argument's fields filled in (a
    field missing from `fields` is empty). Raises ValueError as `split_template`."""
    return [fill(arg, fields) for arg in split_template(template)]


def fill(arg: str, fields: Mapping[str, str]) -> str:
    """`arg` with each `{name}` replaced by its field's text and `{{`, `}}` made single."""

    def replace(match: re.Match[str]) -> str:
        if match[1] is None:
            return match[0][0]
        return fields.get(match[1], "").replace("\x00", "")

    return _PLACEHOLDER.sub(replace, arg)


def _fields_in(arg: str) -> list[str]:
    return [match[1] for match in _PLACEHOLDER.finditer(arg) if match[1] is not None]


def _shell_script(argv: list[str]) -> str | None:
    """The script a shell in `argv` runs with -c (after `env` and NAME=value), if any."""
    rest = list(argv)
    if PurePath(rest[0]).name == "env":
        rest = rest[1:]
        while rest and ("=" in rest[0] or rest[0].startswith("-")):
            rest = rest[1:]
    if not rest or PurePath(rest[0]).name not in SHELLS:
        return None
    for index, arg in enumerate(rest[1:], 1):
        if arg.startswith("-") and not arg.startswith("--") and "c" in arg[1:]:
            return rest[index + 1] if index + 1 < len(rest) else ""
    return None
