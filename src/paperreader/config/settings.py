"""The user's config.toml: typed settings, one clear message per bad value, theme saving.

Where a value comes from, highest first: a command-line flag, then an environment variable,
then the config file, then the built-in default.

- endpoint: `--endpoint` > `HF_ENDPOINT` > `endpoint` > https://huggingface.co
- theme: `TEXTUAL_THEME` > `theme` (which the palette's Theme command saves) > textual-dark
- browser: `browser` > `$BROWSER` (Python's webbrowser reads it) > the system's browser;
  `$BROWSER` is a machine-wide habit, the config a paperreader-specific choice.
- the file itself: `PAPERREADER_CONFIG` > the platform config dir.

A bad value is reported (file, line, key, why) and that value alone falls back to its
default; a file that is not valid TOML is reported once and every value is a default.
Nothing here imports Textual: the theme names are a constant a test checks against Textual.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperreader.config import keymap
from paperreader.domain.errors import StorageError, UsageError
from paperreader.domain.links import is_web_url
from paperreader.platform import files, paths
from paperreader.platform.opener import browser_argv

DEFAULT_ENDPOINT = "https://huggingface.co"

THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)
"""Textual 8.2.8's built-in themes (`textual.theme.BUILTIN_THEMES`, checked by a test)."""

DEFAULT_THEME = "textual-dark"
TABS = ("daily", "weekly", "monthly", "trending", "bookmarks", "library")
SORTS = ("upvotes", "newest", "title", "comments")
CLIPBOARDS = ("auto", "system", "osc52")


@dataclass(frozen=True, slots=True)
class CacheLifetimes:
    """How long a cached listing counts as fresh before it is refreshed behind the screen."""

    today_minutes: int = 15
    """Today's daily papers and the current week and month."""
    past_days_hours: int = 24
    """Past days, weeks and months (they rarely change)."""
    search_minutes: int = 60
    """Search results."""
    trending_minutes: int = 10
    """Trending papers."""

    @property
    def today_seconds(self) -> float:
        """`today_minutes` in seconds."""
        return self.today_minutes * 60.0

    @property
    def past_days_seconds(self) -> float:
        """`past_days_hours` in seconds."""
        return self.past_days_hours * 3600.0

    @property
    def search_seconds(self) -> float:
        """`search_minutes` in seconds."""
        return self.search_minutes * 60.0

    @property
    def trending_seconds(self) -> float:
        """`trending_minutes` in seconds."""
        return self.trending_minutes * 60.0


TTL_BOUNDS = {
    "today_minutes": (1, 24 * 60),
    "past_days_hours": (1, 30 * 24),
    "search_minutes": (1, 7 * 24 * 60),
    "trending_minutes": (1, 24 * 60),
}
"""Inclusive (lowest, highest) value of each `[ttl]` setting."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the config file sets, after environment overrides; defaults throughout."""

    default_tab: str = "daily"
    """The tab the app opens on when no listing flag is given: one of TABS."""
    sort: str = "upvotes"
    """The first sort order of the dated tabs: one of SORTS."""
    endpoint: str | None = None
    """The hub's base URL (HF_ENDPOINT beats the file); None is huggingface.co."""
    theme: str | None = None
    """A built-in Textual theme (TEXTUAL_THEME beats the file); None leaves Textual's default."""
    hide_read: bool = False
    """Whether read papers start hidden (the h key toggles it)."""
    browser: str | None = None
    """A command to open links, such as "firefox" or "w3m %s"; None uses the system browser."""
    clipboard: str = "auto"
    """auto: system clipboard and OSC 52; system: only the system one; osc52: only the terminal."""
    ttl: CacheLifetimes = CacheLifetimes()
    """Cache lifetimes."""
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> key(s) in Textual's spelling: only the remapped ones (for App.set_keymap)."""

    def hub_endpoint(self, flag: str | None = None) -> str:
        """The endpoint to use: the --endpoint flag, else this setting, else huggingface.co."""
        return (flag or self.endpoint or DEFAULT_ENDPOINT).rstrip("/")

    def browser_argv(self, url: str) -> list[str] | None:
        """The command that opens `url` in the configured browser, or None to use the system's."""
        return browser_argv(self.browser, url) if self.browser else None

    @property
    def key_map(self) -> dict[str, str]:
        """Binding id -> key(s) for every binding, remaps applied."""
        return keymap.effective_keys(self.keys)


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


# ---------------------------------------------------------------------------------- loading


class _Invalid(Exception):
    """A value that cannot be used; the text says why."""


def _render(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
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
    if not is_web_url(text):
        raise _Invalid("is not an http(s) URL")
    return text.rstrip("/")


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
    "browser": (_browser, "the system's browser"),
    "clipboard": (_choice(CLIPBOARDS), '"auto"'),
}
_TABLES = ("ttl", "keys")


def load_settings(
    path: Path | None = None, env: Mapping[str, str] = os.environ
) -> tuple[Settings, list[ConfigProblem]]:
    """Read the config file (PAPERREADER_CONFIG or the platform's) and the environment.

    A missing file is no problem. Every problem is reported and only the values concerned
    fall back to their defaults; this never raises for anything in the file.
    """
    path = path or paths.config_file(env)
    values, problems = _read_file(path)
    if env.get("HF_ENDPOINT", "").strip():
        values["endpoint"] = env["HF_ENDPOINT"].strip().rstrip("/")
    if env.get("TEXTUAL_THEME", "").strip() in THEMES:
        values["theme"] = env["TEXTUAL_THEME"].strip()
    return Settings(**values), problems


def _read_file(path: Path) -> tuple[dict[str, Any], list[ConfigProblem]]:
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
    return _Validator(path, text).validate(data)


class _Validator:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = _key_lines(text)
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


# ------------------------------------------------------------------------- lines of keys

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_SEGMENT = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_KEY = rf"{_SEGMENT}(?:\s*\.\s*{_SEGMENT})*"
_ASSIGNMENT = re.compile(rf"^\s*({_KEY})\s*=")
_HEADER = re.compile(rf"^\s*\[\[?\s*({_KEY})\s*\]\]?\s*(?:#.*)?$")


def _segments(key: str) -> list[str]:
    parts = re.findall(rf"{_BARE}|{_BASIC}|{_LITERAL}", key)
    return [json.loads(p) if p.startswith('"') else p.strip("'") for p in parts]


def _split_lines(text: str) -> list[str]:
    """The lines of `text` with their line endings (TOML's newlines only: LF and CRLF)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _key_lines(text: str) -> dict[str, int]:
    """Dotted key or table -> the 1-based line that first sets it (tomllib gives no lines)."""
    found: dict[str, int] = {}
    section: list[str] = []
    for number, line in enumerate(_split_lines(text), 1):
        if header := _HEADER.match(line):
            section = _segments(header.group(1))
            found.setdefault(".".join(section), number)
        elif assignment := _ASSIGNMENT.match(line):
            found.setdefault(".".join([*section, *_segments(assignment.group(1))]), number)
    return found


# ---------------------------------------------------------------------- the default file


def _config_keys(keys: str) -> str:
    """Default keys as a person would type them: "slash" -> "/", "down,j" stays."""
    shown = []
    for key in keys.split(","):
        *modifiers, name = key.split("+")
        char = keymap._CHARACTER_NAMES.get(name)
        shown.append("+".join([*modifiers, char if char and char != "," else name]))
    return ",".join(shown)


def _default_config_text() -> str:
    defaults = CacheLifetimes()
    lines = [
        "# paperreader configuration. Every setting is commented out and shows its default;",
        "# uncomment a line to change it. `paperreader config path` says where this file is;",
        "# --endpoint, HF_ENDPOINT and TEXTUAL_THEME beat what is set here.",
        "",
        "# The tab the app opens on: daily, weekly, monthly, trending, bookmarks or library.",
        '# default_tab = "daily"',
        "",
        "# The first sort order of the dated tabs: upvotes, newest, title or comments.",
        '# sort = "upvotes"',
        "",
        "# The Hugging Face site to talk to (a mirror, or a local fake hub for testing).",
        f'# endpoint = "{DEFAULT_ENDPOINT}"',
        "",
        "# The colour theme (the palette's Theme command, ctrl+p, saves your choice here):",
        *(f"#   {line}" for line in _wrap(", ".join(THEMES), 84)),
        f'# theme = "{DEFAULT_THEME}"',
        "",
        "# Start with read papers hidden (h shows or hides them).",
        "# hide_read = false",
        "",
        "# The command that opens links; %s is the URL (appended when missing). It runs",
        "# without a shell. Unset: $BROWSER, else the system's browser.",
        '# browser = "firefox --new-tab %s"',
        "",
        "# Where y copies to: auto (the system clipboard and the terminal, OSC 52),",
        "# system (the system clipboard only) or osc52 (the terminal only, also over SSH).",
        '# clipboard = "auto"',
        "",
        "# How long a cached listing is fresh before it is refreshed behind the screen.",
        "[ttl]",
    ]
    explanations = {
        "today_minutes": "today's papers, this week's and this month's",
        "past_days_hours": "past days, weeks and months",
        "search_minutes": "search results",
        "trending_minutes": "trending papers",
    }
    for name, (low, high) in TTL_BOUNDS.items():
        lines.append(f"# {name} = {getattr(defaults, name)}")
        lines[-1] = f"{lines[-1]:<28}# {explanations[name]} ({low} to {high})"
    lines += [
        "",
        "# Keys: one line per action, with its key or several keys separated by commas,",
        "# named as in Textual:",
        '# "ctrl+f", "shift+tab", "f5", "pageup", "escape", "space", a character such as "/".',
        "# `paperreader keys` prints the keys in force.",
        "[keys]",
    ]
    for spec in keymap.BINDINGS:
        name = spec.id if "." not in spec.id else f'"{spec.id}"'
        assignment = f"# {name} = {json.dumps(_config_keys(spec.key), ensure_ascii=False)}"
        lines.append(f"{assignment:<42}# {spec.help}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_on_hyphens=False)


def default_config_text() -> str:
    """The file `paperreader config init` writes: every option, commented, with its default."""
    global _default_text
    if _default_text is None:
        _default_text = _default_config_text()
    return _default_text


_default_text: str | None = None  # made on first use: the app starts without it


def __getattr__(name: str) -> str:
    """`DEFAULT_CONFIG_TEXT`, built when first asked for rather than at every start."""
    if name == "DEFAULT_CONFIG_TEXT":
        return default_config_text()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def write_default_config(path: Path | None = None) -> Path:
    """Write DEFAULT_CONFIG_TEXT to `path` (the user's config by default); never overwrites.

    Raises UsageError when the file exists, StorageError when it cannot be written.
    """
    path = path or paths.config_file()
    if path.exists():
        raise UsageError(f"{path} already exists; it was left as it is.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(default_config_text())
    except FileExistsError:
        raise UsageError(f"{path} already exists; it was left as it is.") from None
    except OSError as error:
        raise StorageError(f"Cannot write {path}: {error.strerror or error}.") from None
    return path


# --------------------------------------------------------------------------- saving a theme

_THEME_LINE = re.compile(
    rf"^(?P<head>\s*theme\s*=\s*)(?P<value>{_BASIC}|{_LITERAL}|[^\s#]+)(?P<tail>.*)$", re.DOTALL
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
        raise StorageError(f"Cannot read {path}: {error.strerror or error}.") from None
    if original is None:
        _replace(path, f'theme = "{name}"\n'.encode())
        return path
    try:
        text = original.decode("utf-8")
        before = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise StorageError(
            f"{path} is not valid TOML ({error}); the theme was not saved."
        ) from None
    updated = _with_theme(text, name)
    try:
        after: dict[str, Any] | None = tomllib.loads(updated)
    except tomllib.TOMLDecodeError:
        after = None
    before["theme"] = name
    if after != before:  # the line-based edit must have changed the theme and nothing else
        raise StorageError(f"Cannot update the theme in {path}; it was left as it is.")
    _replace(path, updated.encode("utf-8"))
    return path


def _with_theme(text: str, name: str) -> str:
    lines = _split_lines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    new_line = f'theme = "{name}"'
    commented = first_table = None
    for index, line in enumerate(lines):
        if _HEADER.match(line):
            first_table = index
            break
        if (match := _ASSIGNMENT.match(line)) and _segments(match.group(1)) == ["theme"]:
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
        raise StorageError(f"Cannot write {path}: {error.strerror or error}.") from None
