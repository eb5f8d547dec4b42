"""What the config tests share: where the isolated config file is."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def config_path(isolated_dirs) -> Path:
    """The config file the isolated environment points at (not created)."""
    return Path(isolated_dirs["PAPERREADER_CONFIG"])
