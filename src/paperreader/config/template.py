"""The commented config file that `paperreader config init` writes.

Every setting and every key binding is there, commented out, showing its default and what it
does, so the file documents itself and uncommenting a line changes nothing until its value
is edited. It is built from the settings model and the key table, so it cannot fall behind
them; it is built on first use only, as the app never needs it.
"""

from __future__ import annotations

import functools
import json
import textwrap
from pathlib import Path

from paperreader.config import key_table, keymap
from paperreader.config.settings import (
    DEFAULT_ENDPOINT,
    DEFAULT_THEME,
    THEMES,
    TTL_BOUNDS,
    CacheLifetimes,
)
from paperreader.domain.errors import StorageError
from paperreader.platform import files, paths
from paperreader.platform.pipe_template import FIELDS


def _config_keys(keys: str) -> str:
    """Default keys as a person would type them: "slash" -> "/", "down,j" stays."""
    shown = []
    for key in keys.split(","):
        *modifiers, name = key.split("+")
        char = keymap.CHARACTER_NAMES.get(name)
        shown.append("+".join([*modifiers, char if char and char != "," else name]))
    return ",".join(shown)


@functools.cache
def default_config_text() -> str:
    """The file `paperreader config init` writes: every option, commented, with its default."""
    defaults = CacheLifetimes()

    def named(text: str) -> str:
        """`text` with each `{binding id}` as the binding's default key, as people read it."""
        return keymap.hint(text, keymap.DEFAULT_KEYS)

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
        "# The colour theme (the command palette's Theme command saves your choice here):",
        *(f"#   {line}" for line in _wrap(", ".join(THEMES), 84)),
        f'# theme = "{DEFAULT_THEME}"',
        "",
        named("# Start with read papers hidden ({hide} shows or hides them)."),
        "# hide_read = false",
        "",
        named("# One line per paper in the list instead of two ({compact} switches and saves it)."),
        "# compact = false",
        "",
        "# The command that opens links; %s is the URL (appended when missing). It runs",
        "# without a shell. Unset: $BROWSER, else the system's browser.",
        '# browser = "firefox --new-tab %s"',
        "",
        named("# Where {copy} copies to: auto (the system clipboard and the terminal, OSC 52),"),
        "# system (the system clipboard only) or osc52 (the terminal only, also over SSH).",
        '# clipboard = "auto"',
        "",
        "# Sync the bookmarks with your Hugging Face collection when the app starts",
        named("# ({collection.sync} syncs at any time). Link a collection first with"),
        "# `paperreader bookmarks sync --create TITLE` (or --collection SLUG).",
        "# sync_collection_on_start = false",
        "",
        named("# Where {pdf.download} saves PDFs (PAPERREADER_DOWNLOADS_DIR beats this). Unset:"),
        "# a paperreader folder in your download folder.",
        '# downloads_dir = "~/Papers"',
        "",
        named("# The command {pipe} hands the selected paper to, run without a shell. Each"),
        "# {field} below becomes one argument, or part of the one it is written in:",
        *(f"#   {line}" for line in _wrap(", ".join(f"{{{name}}}" for name in FIELDS), 84)),
        "# A shell gets the fields as its arguments: sh -c 'papis add \"$1\"' sh {arxiv_url}",
        '# pipe_command = "papis add --from arxiv {arxiv_url}"',
        "",
        "# What the pipe command reads on its input: json, bibtex, markdown or none.",
        '# pipe_format = "json"',
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
    for spec in key_table.BINDINGS:
        name = spec.id if "." not in spec.id else f'"{spec.id}"'
        assignment = f"# {name} = {json.dumps(_config_keys(spec.key), ensure_ascii=False)}"
        lines.append(f"{assignment:<42}# {spec.help}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` characters, hyphenated names kept whole."""
    return textwrap.wrap(text, width, break_on_hyphens=False)


def write_default_config(path: Path | None = None) -> Path:
    """Write `default_config_text()` to `path` (the user's config by default); never overwrites.

    Raises StorageError when the file exists (a refusal, not a usage error: the command was
    right, the user's file wins) or cannot be written.
    """
    path = path or paths.config_file()
    exists = StorageError(
        f"{path} already exists and was left as it is; rename or delete it to write a fresh one."
    )
    if path.exists():
        raise exists
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(default_config_text())
    except FileExistsError:
        raise exists from None
    except OSError as error:
        raise StorageError(f"Cannot write {path}: {files.reason(error)}.") from None
    return path
