"""Remembering the theme chosen in the palette: one line of config.toml rewritten.

The user's file is theirs: comments, spacing, order and line endings stay byte for byte,
and the edit is checked by parsing the file before and after, so a line-based change that
would alter anything but the theme is refused rather than written.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from paperreader.config.settings import THEMES
from paperreader.config.toml_lines import (
    ASSIGNMENT,
    BASIC_STRING,
    LITERAL_STRING,
    TABLE_HEADER,
    key_segments,
    split_lines,
)
from paperreader.domain.errors import StorageError, UsageError
from paperreader.platform import files, paths

_THEME_VALUE = rf"{BASIC_STRING}|{LITERAL_STRING}|[^\s#]+"
_THEME_LINE = re.compile(
    rf"^(?P<head>\s*theme\s*=\s*)(?P<value>{_THEME_VALUE})(?P<tail>.*)$", re.DOTALL
)
_COMMENTED_THEME = re.compile(r"^\s*#\s*theme\s*=")


def save_theme(name: str, path: Path | None = None) -> Path:
    """Remember `name` as the theme: rewrite only the `theme = ...` line of the config.

    Everything else in the file stays byte for byte. Without such a line one is added among
    the top-level settings; without a file, a file with just that line is created. The file
    is replaced atomically. Raises UsageError for an unknown theme, StorageError when the file
    is not valid TOML (it is then left alone) or cannot be written.
    """
    if name not in THEMES:
        raise UsageError(f'"{name}" is not a built-in theme.')
    path = path or paths.config_file()
    if path.is_symlink():  # a dotfiles manager's link stays a link
        path = path.resolve()
    try:
        original = path.read_bytes()
    except FileNotFoundError:
        original = None
    except OSError as error:
        raise StorageError(f"Cannot read {path}: {files.reason(error)}.") from None
    if original is None:
        _replace(path, f'theme = "{name}"\n'.encode())
        return path
    try:
        text = original.decode("utf-8")
        before = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        raise StorageError(
            f"{path} is not valid TOML ({error}); the theme was not saved."
        ) from None
    updated = _with_theme(text, name)
    try:
        after: dict[str, Any] | None = tomllib.loads(updated)
    except (tomllib.TOMLDecodeError, RecursionError):
        after = None
    before["theme"] = name
    if after != before:  # the line-based edit must have changed the theme and nothing else
        raise StorageError(f"Cannot update the theme in {path}; it was left as it is.")
    _replace(path, updated.encode("utf-8"))
    return path


def _with_theme(text: str, name: str) -> str:
    """`text` with its top-level `theme` set to `name`, every other line as it was.

    An existing line is rewritten in place (a trailing comment kept); else the line goes
    under a commented `# theme = ...`, else before the first table, else at the end.
    """
    lines = split_lines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    new_line = f'theme = "{name}"'
    commented = first_table = None
    for index, line in enumerate(lines):
        if TABLE_HEADER.match(line):
            first_table = index
            break
        if (match := ASSIGNMENT.match(line)) and key_segments(match.group(1)) == ["theme"]:
            found = _THEME_LINE.match(line)
            if found:
                lines[index] = found["head"] + json.dumps(name) + found["tail"]
                return "".join(lines)
        if commented is None and _COMMENTED_THEME.match(line):
            commented = index
    if commented is not None:
        at = commented + 1
    elif first_table is not None:
        at = first_table
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        at = len(lines)
    lines.insert(at, new_line + newline)
    return "".join(lines)


def _replace(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically (`files.atomic_write`: its mode is kept)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.atomic_write(path, data)
    except OSError as error:
        raise StorageError(f"Cannot write {path}: {files.reason(error)}.") from None
