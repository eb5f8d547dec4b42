"""Remembering a choice made in the app (the palette's theme, the compact list): one line
of config.toml rewritten.

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

_VALUE = rf"{BASIC_STRING}|{LITERAL_STRING}|[^\s#]+"

SAVED_IN_APP = {"theme": "the theme", "compact": "the compact list"}
"""The top-level settings the app writes back when the user changes them, and their names."""


def save_theme(name: str, path: Path | None = None) -> Path:
    """Remember `name` as the theme: rewrite only the `theme = ...` line of the config.

    Raises UsageError for an unknown theme; otherwise as `save_setting`.
    """
    if name not in THEMES:
        raise UsageError(f'"{name}" is not a built-in theme.')
    return save_setting("theme", name, path)


def save_setting(key: str, value: str | bool, path: Path | None = None) -> Path:
    """Remember a top-level setting (one of SAVED_IN_APP): rewrite only its line.

    Everything else in the file stays byte for byte. Without such a line one is added among
    the top-level settings; without a file, a file with just that line is created. The file
    is replaced atomically. Raises StorageError when the file is not valid TOML (it is then
    left alone) or cannot be written.
    """
    what = SAVED_IN_APP[key]
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
        _replace(path, f"{key} = {json.dumps(value)}\n".encode())
        return path
    try:
        text = original.decode("utf-8")
        before = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        raise StorageError(f"{path} is not valid TOML ({error}); {what} was not saved.") from None
    updated = _with_value(text, key, value)
    try:
        after: dict[str, Any] | None = tomllib.loads(updated)
    except (tomllib.TOMLDecodeError, RecursionError):
        after = None
    before[key] = value
    if after != before:  # the line-based edit must have changed the setting and nothing else
        raise StorageError(f"Cannot update {what} in {path}; it was left as it is.")
    _replace(path, updated.encode("utf-8"))
    return path


def _with_value(text: str, key: str, value: str | bool) -> str:
    """`text` with its top-level `key` set to `value`, every other line as it was.

    An existing line is rewritten in place (a trailing comment kept); else the line goes
    under a commented `# key = ...`, else before the first table, else at the end.
    """
    lines = split_lines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    new_line = f"{key} = {json.dumps(value)}"
    setting_line = re.compile(
        rf"^(?P<head>\s*{re.escape(key)}\s*=\s*)(?P<value>{_VALUE})(?P<tail>.*)$", re.DOTALL
    )
    commented_line = re.compile(rf"^\s*#\s*{re.escape(key)}\s*=")
    commented = first_table = None
    for index, line in enumerate(lines):
        if TABLE_HEADER.match(line):
            first_table = index
            break
        if (match := ASSIGNMENT.match(line)) and key_segments(match.group(1)) == [key]:
            found = setting_line.match(line)
            if found:
                lines[index] = found["head"] + json.dumps(value) + found["tail"]
                return "".join(lines)
        if commented is None and commented_line.match(line):
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
