"""One config file read and checked: its valid values, and one line-numbered message per bad
value.

A bad value is reported (file, line, key, why) and that value alone falls back to its
default; a file that is not valid TOML is reported once and every value is a default. Reading
never raises for anything in the file (nesting deeper than the parser's recursion can follow
included): a typo in the config must not keep the reader from starting. `loading` imports
this module only when there is a file to read.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperreader.config import keymap
from paperreader.config.settings import (
    CLIPBOARDS,
    DEFAULT_ENDPOINT,
    DEFAULT_THEME,
    PIPE_FORMATS,
    SORTS,
    TABS,
    THEMES,
    TTL_BOUNDS,
    CacheLifetimes,
)
from paperreader.config.toml_lines import key_lines, nesting_line
from paperreader.domain.endpoints import checked_endpoint, has_credentials, hide_credentials
from paperreader.domain.errors import UsageError
from paperreader.domain.links import is_web_url
from paperreader.platform.browser_command import browser_argv
from paperreader.platform.pipe_template import split_template


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong with the config file, and what is used instead."""

    path: Path
    line: int | None
    """1-based line of the offending key, when it can be found."""
    key: str
    """The setting, dotted ("sort", "ttl.today_minutes", "keys.filter"); "" for the file."""
    message: str
    """What is wrong and what is used instead, such as 'sort = "x" is not one of ...'."""

    def __str__(self) -> str:
        where = f" line {self.line}" if self.line else ""
        return f"{self.path}{where}: {self.message}"


class _Invalid(Exception):
    """A value that cannot be used; the text says why."""


def _render(value: Any) -> str:
    """A value as the user wrote it in TOML, cut short for a one-line message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # a URL's user name and password are never repeated
        text = json.dumps(hide_credentials(value), ensure_ascii=False)
    elif isinstance(value, dict):
        text = "{ " + ", ".join(f"{k} = {_render(v)}" for k, v in value.items()) + " }"
        text = "{}" if not value else text
    elif isinstance(value, list):
        text = "[" + ", ".join(_render(v) for v in value) + "]"
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("is not a string")
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise _Invalid(f"is not one of {', '.join(choices)}")
        return value.strip().lower()

    return check


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("is not true or false")
    return value


def _endpoint(value: Any) -> str:
    text = _string(value).strip()
    if not is_web_url(text) and not has_credentials(text):
        raise _Invalid("is not an http(s) URL")
    try:
        return checked_endpoint(text, "endpoint")
    except UsageError as error:
        raise _Invalid(error.message.removeprefix("endpoint ").removesuffix(".")) from None


def _theme(value: Any) -> str:
    text = _string(value).strip()
    if text not in THEMES:
        raise _Invalid(f"is not a built-in theme ({', '.join(THEMES)})")
    return text


def _browser(value: Any) -> str:
    text = _string(value).strip()
    try:
        browser_argv(text, "https://example.org")
    except ValueError as error:
        raise _Invalid(f"is not a command ({error})") from None
    return text


def _pipe_command(value: Any) -> str:
    text = _string(value).strip()
    try:
        split_template(text)
    except ValueError as error:
        raise _Invalid(f"is not usable ({error})") from None
    return text


def _folder(value: Any) -> str:
    text = _string(value).strip()
    if not text:
        raise _Invalid("is empty")
    return text


def _bounded(name: str) -> Callable[[Any], int]:
    low, high = TTL_BOUNDS[name]

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid("is not a whole number")
        if not low <= value <= high:
            raise _Invalid(f"is out of range ({low} to {high})")
        return value

    return check


_TOP: dict[str, tuple[Callable[[Any], Any], str]] = {
    "default_tab": (_choice(TABS), '"daily"'),
    "sort": (_choice(SORTS), '"upvotes"'),
    "endpoint": (_endpoint, f"the default ({DEFAULT_ENDPOINT})"),
    "theme": (_theme, f"the default ({DEFAULT_THEME})"),
    "hide_read": (_bool, "false"),
    "compact": (_bool, "false"),
    "browser": (_browser, "the system's browser"),
    "clipboard": (_choice(CLIPBOARDS), '"auto"'),
    "sync_collection_on_start": (_bool, "false"),
    "downloads_dir": (_folder, "the download folder's paperreader/"),
    "pipe_command": (_pipe_command, "no pipe command"),
    "pipe_format": (_choice(PIPE_FORMATS), '"json"'),
}
_TABLES = ("ttl", "keys")
MAX_DEPTH = 16
"""No setting nests deeper than a few levels (`[keys]`, a dotted action, a list of keys); a
value nested deeper is refused whole before anything walks it, recursively or not."""


def read_file(path: Path) -> tuple[dict[str, Any], list[ConfigProblem]]:
    """The valid values the file sets, by Settings field, and what is wrong in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except UnicodeDecodeError:
        return {}, [ConfigProblem(path, None, "", "not UTF-8 text; using the defaults.")]
    except OSError as error:
        reason = error.strerror or str(error)
        return {}, [
            ConfigProblem(path, None, "", f"cannot be read ({reason}); using the defaults.")
        ]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        line = int(found.group(1)) if found else None
        message = f"not valid TOML ({reason}); using the defaults for every setting."
        return {}, [ConfigProblem(path, line, "", message)]
    except RecursionError:  # tomllib parses arrays and inline tables recursively
        message = "nested too deeply to read; using the defaults for every setting."
        return {}, [ConfigProblem(path, nesting_line(text, MAX_DEPTH), "", message)]
    return _Validator(path, text).validate(data)


class _Validator:
    """Checks one parsed file: keeps the good values, and a problem, with the line of its
    key, for each bad one."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = key_lines(text)
        self.problems: list[ConfigProblem] = []

    def problem(self, key: str, message: str) -> None:
        parts = key.split(".")
        line = None
        for size in range(len(parts), 0, -1):  # the key, else the table that holds it
            line = self.lines.get(".".join(parts[:size]))
            if line:
                break
        self.problems.append(ConfigProblem(self.path, line, key, message))

    def unknown(self, key: str, known: list[str], value: Any) -> None:
        name = key.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        self.problem(key, f"unknown setting {key} = {_render(value)} ignored{hint}.")

    def validate(self, data: dict[str, Any]) -> tuple[dict[str, Any], list[ConfigProblem]]:
        values: dict[str, Any] = {}
        for name in [name for name, value in data.items() if _too_deep(value)]:
            del data[name]
            self.problem(name, f"{name} is nested too deeply (over {MAX_DEPTH} levels); ignored.")
        for name, value in data.items():
            if name in _TOP:
                check, fallback = _TOP[name]
                try:
                    values[name] = check(value)
                except _Invalid as why:
                    self.problem(name, f"{name} = {_render(value)} {why}; using {fallback}.")
            elif name not in _TABLES:
                self.unknown(name, [*_TOP, *_TABLES], value)
        for name, reader in (("ttl", self._ttl), ("keys", self._keys)):
            if name not in data:
                continue
            if isinstance(data[name], dict):
                values[name] = reader(data[name])
            else:
                what = "lifetimes" if name == "ttl" else "keys"
                self.problem(
                    name,
                    f"{name} = {_render(data[name])} is not a table; using the default {what}.",
                )
        return values, self.problems

    def _ttl(self, table: dict[str, Any]) -> CacheLifetimes:
        values: dict[str, int] = {}
        defaults = CacheLifetimes()
        for name, value in table.items():
            key = f"ttl.{name}"
            if name not in TTL_BOUNDS:
                self.unknown(key, list(TTL_BOUNDS), value)
                continue
            try:
                values[name] = _bounded(name)(value)
            except _Invalid as why:
                fallback = getattr(defaults, name)
                self.problem(key, f"{key} = {_render(value)} {why}; using {fallback}.")
        return CacheLifetimes(**values)

    def _keys(self, table: dict[str, Any]) -> dict[str, str]:
        remaps: dict[str, str] = {}
        for binding_id, value in _flatten(table).items():
            key = f"keys.{binding_id}"
            if binding_id not in keymap.ACTIONS:
                close = difflib.get_close_matches(binding_id, list(keymap.ACTIONS), n=1)
                hint = f'did you mean "{close[0]}"? ' if close else ""
                self.problem(
                    key,
                    f"{key} = {_render(value)}: {binding_id} is not a paperreader action "
                    f"({hint}see `paperreader keys`); ignored.",
                )
                continue
            default = keymap.display_keys(keymap.DEFAULT_KEYS[binding_id])
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                value = ",".join(value)
            if not isinstance(value, str):
                self.problem(key, f"{key} = {_render(value)} is not a key string; using {default}.")
                continue
            try:
                keys = keymap.normalise_keys(value)
            except keymap.KeyStringError as why:
                self.problem(
                    key, f"{key} = {_render(value)} is not a key ({why}); using {default}."
                )
                continue
            if keys != keymap.DEFAULT_KEYS[binding_id]:  # only real remaps reach the keymap
                remaps[binding_id] = keys
        # A key may do one thing per scope: a remap that collides falls back to its default,
        # which can collide in turn, so repeat until nothing does.
        while clashing := keymap.clashes(remaps):
            binding_id = max(clashing, key=list(remaps).index)  # the later line gives way
            taken, other = clashing[binding_id]
            key = f"keys.{binding_id}"
            default = keymap.display_keys(keymap.DEFAULT_KEYS[binding_id])
            owner = "the default key" if other not in remaps else "also the key"
            self.problem(
                key,
                f"{key} = {_render(remaps.pop(binding_id))}: {keymap.display_key(taken)} is "
                f"{owner} of {other}; using {default}.",
            )
        return remaps


def _too_deep(value: Any) -> bool:
    """True when `value` nests lists or tables more than MAX_DEPTH deep (walked without
    recursion, so any depth is measured)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return False


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """`list.down = "j"` parses as {"list": {"down": "j"}}: flatten it back to "list.down"."""
    flat: dict[str, Any] = {}
    for name, value in table.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, dict) and dotted not in keymap.ACTIONS:
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat
