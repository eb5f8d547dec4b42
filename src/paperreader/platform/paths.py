"""Where paperreader keeps its files: the one place that knows the directories.

Environment variables override each location, which is how the tests isolate themselves.
The Hugging Face token is found here too, where the Hugging Face tools keep it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

APP_NAME = "paperreader"


def cache_dir() -> Path:
    """Listings and paper details; may be deleted at any time."""
    override = os.environ.get("PAPERREADER_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def data_dir() -> Path:
    """Bookmarks, read state and the library: never deleted by the program."""
    override = os.environ.get("PAPERREADER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def config_file(env: Mapping[str, str] | None = None) -> Path:
    """The user's config.toml: $PAPERREADER_CONFIG (read from `env`, default os.environ)."""
    override = (os.environ if env is None else env).get("PAPERREADER_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


MAX_TOKEN_CHARS = 1024
"""Longer than any Hugging Face token; a longer "token" is a wrong file."""


class TokenLookup(NamedTuple):
    """The Hugging Face token and where it was found: what `paperreader auth` tells."""

    token: str | None
    source: str | None
    """Where it came from ("HF_TOKEN", "$HF_HOME/token (/path)", ...); None: nowhere."""
    problem: str | None = None
    """One sentence when a token was found but cannot be used (never holding the token)."""


def token(env: Mapping[str, str] | None = None) -> str | None:
    """The Hugging Face token (raises the rate limit), or None: see `find_token`."""
    return find_token(env).token


def find_token(env: Mapping[str, str] | None = None) -> TokenLookup:
    """The token as the Hugging Face tools find it: HF_TOKEN, then HUGGING_FACE_HUB_TOKEN,
    then the one token file (HF_TOKEN_PATH, else $HF_HOME/token, else
    $XDG_CACHE_HOME/huggingface/token or ~/.cache/huggingface/token)."""
    env = os.environ if env is None else env
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        value = _cleaned(env.get(name, ""))
        if value:
            return _usable(value, name)
    path, source = _token_file(env)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_TOKEN_CHARS * 4 + 1)
    except FileNotFoundError:
        return TokenLookup(None, None)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return TokenLookup(None, source, f"The token file {path} cannot be read ({reason}).")
    try:
        value = _cleaned(data.decode("utf-8"))
    except UnicodeDecodeError:
        return TokenLookup(None, source, f"The token file {path} is not UTF-8 text.")
    return _usable(value, source) if value else TokenLookup(None, None)


def _token_file(env: Mapping[str, str]) -> tuple[Path, str]:
    """The one file a token is read from, and how `auth` names it."""
    if env.get("HF_TOKEN_PATH"):
        path = Path(env["HF_TOKEN_PATH"]).expanduser()
        return path, f"the file at HF_TOKEN_PATH ({path})"
    if env.get("HF_HOME"):
        path = Path(env["HF_HOME"]).expanduser() / "token"
        return path, f"$HF_HOME/token ({path})"
    cache = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser()
    path = cache / "huggingface" / "token"
    label = "$XDG_CACHE_HOME" if env.get("XDG_CACHE_HOME") else "~/.cache"
    return path, f"{label}/huggingface/token ({path})"


def _cleaned(value: str) -> str:
    """As the Hugging Face tools clean it: no line breaks, no surrounding blanks."""
    return value.replace("\r", "").replace("\n", "").strip()


def _usable(value: str, source: str) -> TokenLookup:
    """The token, unless it cannot go in an HTTP header (then a problem that never shows it)."""
    if len(value) <= MAX_TOKEN_CHARS and all(33 <= ord(ch) <= 126 for ch in value):
        return TokenLookup(value, source)
    problem = (
        f"The token in {source} is not one (it holds spaces, control characters or "
        "letters outside ASCII, or is far too long); requests go without it."
    )
    return TokenLookup(None, source, problem)


def downloads_dir(configured: str | None = None) -> Path:
    """Where downloaded PDFs go: $PAPERREADER_DOWNLOADS_DIR, else `configured` (the config's
    `downloads_dir`), else a `paperreader` folder in the user's download folder."""
    chosen = os.environ.get("PAPERREADER_DOWNLOADS_DIR") or configured
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_downloads_dir

    return Path(user_downloads_dir()) / APP_NAME
