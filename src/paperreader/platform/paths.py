"""Where paperreader keeps its files: the one place that knows the directories.

Environment variables override each location, which is how the tests isolate themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

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


def token() -> str | None:
    """An optional Hugging Face token (raises the rate limit) from HF_TOKEN."""
    value = os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN")
    return value.strip() if value and value.strip() else None


def downloads_dir(configured: str | None = None) -> Path:
    """Where downloaded PDFs go: $PAPERREADER_DOWNLOADS_DIR, else `configured` (the config's
    `downloads_dir`), else a `paperreader` folder in the user's download folder."""
    chosen = os.environ.get("PAPERREADER_DOWNLOADS_DIR") or configured
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_downloads_dir

    return Path(user_downloads_dir()) / APP_NAME
