"""Shared fixtures: every test runs with its own cache, data and config dirs, and no network."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Point every paperreader location at tmp_path and drop hub settings from the environment."""
    dirs = {
        "PAPERREADER_CACHE_DIR": tmp_path / "cache",
        "PAPERREADER_DATA_DIR": tmp_path / "data",
        "PAPERREADER_CONFIG": tmp_path / "config" / "config.toml",
    }
    for name, path in dirs.items():
        monkeypatch.setenv(name, str(path))
    for name in ("HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    return dirs
