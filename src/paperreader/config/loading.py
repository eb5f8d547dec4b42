"""The user's settings: the config file (`config_file` reads and checks it) under the
environment's overrides.

A missing file is no problem at all, and the common case: it costs one look at the disk and
no import of the TOML reader or of the checks, which every command would otherwise pay for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperreader.config.settings import THEMES, Settings
from paperreader.platform import paths

if TYPE_CHECKING:
    from paperreader.config.config_file import ConfigProblem


def load_settings(
    path: Path | None = None, env: Mapping[str, str] = os.environ
) -> tuple[Settings, list[ConfigProblem]]:
    """Read the config file (PAPERREADER_CONFIG or the platform's) and the environment.

    A missing file is no problem. Every problem is reported and only the values concerned
    fall back to their defaults; this never raises for anything in the file.
    """
    path = path or paths.config_file(env)
    values, problems = _read(path)
    if env.get("HF_ENDPOINT", "").strip():
        values["endpoint"] = env["HF_ENDPOINT"].strip().rstrip("/")
    if env.get("TEXTUAL_THEME", "").strip() in THEMES:
        values["theme"] = env["TEXTUAL_THEME"].strip()
    return Settings(**values), problems


def _read(path: Path) -> tuple[dict[str, Any], list[ConfigProblem]]:
    """The file's valid values by Settings field, and its problems; none for no file."""
    if not os.path.lexists(path):
        return {}, []
    from paperreader.config.config_file import read_file

    return read_file(path)
