"""Fixtures of the storage tests: a paper library (with FTS5 and without), a user-data store."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.user_data import Clock

from paperreader.storage.library import Library
from paperreader.storage.user_data import UserDataStore


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "library.sqlite3") as store:
        yield store


@pytest.fixture(params=["fts", "like"])
def either(request, tmp_path):
    """A library with FTS5, and one forced onto the substring fallback."""
    with Library(tmp_path / "library.sqlite3", use_fts=request.param == "fts") as store:
        yield store


@pytest.fixture
def data_dir(isolated_dirs) -> Path:
    return Path(isolated_dirs["PAPERREADER_DATA_DIR"])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def lib(data_dir, clock) -> UserDataStore:
    return UserDataStore(data_dir, clock=clock)
