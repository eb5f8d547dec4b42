"""The user's settings as typed values: what config.toml can set, and the built-in defaults.

Where a value comes from, highest first: a command-line flag, then an environment variable,
then the config file, then the built-in default.

- endpoint: `--endpoint` > `HF_ENDPOINT` > `endpoint` > https://huggingface.co
- theme: `TEXTUAL_THEME` > `theme` (which the palette's Theme command saves) > textual-dark
- browser: `browser` > `$BROWSER` (Python's webbrowser reads it) > the system's browser;
  `$BROWSER` is a machine-wide habit, the config a paperreader-specific choice.
- the file itself: `PAPERREADER_CONFIG` > the platform config dir.

Reading the file is `loading`, the commented file `config init` writes is `template`, and
the palette's theme choice is written back by `theme_saving`. Nothing here imports Textual:
the theme names are a constant a test checks against Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

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
PIPE_FORMATS = ("json", "bibtex", "markdown", "none")
"""What a pipe command reads on its input: the paper in one of these, or nothing."""


class CacheLifetimes(NamedTuple):
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


DEFAULT_TTL = CacheLifetimes()
"""The lifetimes a config without `[ttl]` gets."""

TTL_BOUNDS = {
    "today_minutes": (1, 24 * 60),
    "past_days_hours": (1, 30 * 24),
    "search_minutes": (1, 7 * 24 * 60),
    "trending_minutes": (1, 24 * 60),
}
"""Inclusive (lowest, highest) value of each `[ttl]` setting."""


class Settings(NamedTuple):
    """Everything the config file sets, after environment overrides; defaults throughout.

    A named tuple, as the domain's values are (defined before the first frame, in a fifth
    of a dataclass's time); a changed copy is `settings._replace(theme=...)`."""

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
    compact: bool = False
    """Whether the list shows one line per paper instead of two (the z key switches and
    saves it)."""
    browser: str | None = None
    """A command to open links, such as "firefox" or "w3m %s"; None uses the system browser."""
    clipboard: str = "auto"
    """auto: system clipboard and OSC 52; system: only the system one; osc52: only the terminal."""
    downloads_dir: str | None = None
    """Where PDFs are saved (PAPERREADER_DOWNLOADS_DIR beats it); None: the user's download
    folder's paperreader/."""
    pipe_command: str | None = None
    """The command the pipe key hands a paper to, with {field} placeholders; run without a
    shell. None: not set."""
    pipe_format: str = "json"
    """What the pipe command reads on its input: one of PIPE_FORMATS."""
    ttl: CacheLifetimes = DEFAULT_TTL
    """Cache lifetimes."""
    sync_collection_on_start: bool = False
    """Whether the app syncs the bookmarks with the linked Hugging Face collection at start."""
    keys: Mapping[str, str] = MappingProxyType({})
    """Binding id -> key(s) in Textual's spelling: only the remapped ones (for App.set_keymap)."""

    def hub_endpoint(self, flag: str | None = None) -> str:
        """The endpoint to use: the --endpoint flag, else this setting, else huggingface.co."""
        return (flag or self.endpoint or DEFAULT_ENDPOINT).rstrip("/")

    def browser_argv(self, url: str) -> list[str] | None:
        """The command that opens `url` in the configured browser, or None to use the system's."""
        from paperreader.platform.browser_command import browser_argv

        return browser_argv(self.browser, url) if self.browser else None

    @property
    def key_map(self) -> dict[str, str]:
        """Binding id -> key(s) for every binding, remaps applied (the key table is imported
        here, by the app and `keys`: a command that prints papers never reads it)."""
        from paperreader.config import keymap

        return keymap.effective_keys(self.keys)
