"""Every store keeps its files private (0700 folders, 0600 files), and none is kept in a
folder that others can change: the rule of `platform.files.private_directory`, met through
the bookmark store, the paper library and the listing cache."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from support.user_data import numbered

from paperreader.domain.errors import StorageError
from paperreader.storage.cache import ListingCache
from paperreader.storage.library import FILE_NAME, Library
from paperreader.storage.user_data import BOOKMARKS_FILE, UserDataStore


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most users have (022), under which a plain mkdir is readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_dir_and_bookmarks_are_private(tmp_path):
    data = tmp_path / "share" / "paperreader"
    UserDataStore(data).add_bookmark(numbered())
    assert mode_of(tmp_path / "share") == 0o700
    assert mode_of(data) == 0o700
    assert mode_of(data / BOOKMARKS_FILE) == 0o600
    assert all(mode_of(path) == 0o600 for path in data.iterdir())


def test_the_library_and_its_journal_are_private(tmp_path):
    data = tmp_path / "share" / "paperreader"
    with Library(data / FILE_NAME) as library:
        library.add_papers([numbered()])
        assert mode_of(data) == 0o700
        made = sorted(path.name for path in data.iterdir())
        assert made == [FILE_NAME, f"{FILE_NAME}-shm", f"{FILE_NAME}-wal"]
        assert all(mode_of(path) == 0o600 for path in data.iterdir())


def test_an_existing_library_keeps_its_mode(tmp_path):
    with Library(tmp_path / FILE_NAME) as library:
        library.add_papers([numbered()])
    (tmp_path / FILE_NAME).chmod(0o640)
    with Library(tmp_path / FILE_NAME) as library:
        assert library.count() == 1
    assert mode_of(tmp_path / FILE_NAME) == 0o640


def shared_folder(tmp_path: Path, who: str) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    if who == "everyone":
        folder.chmod(0o777)
    else:
        os.chown(folder, 65534, -1)
    return folder


WHO = ["everyone", "another user"]


@pytest.mark.parametrize("who", WHO)
def test_bookmarks_are_not_saved_in_a_folder_others_can_change(tmp_path, who):
    folder = shared_folder(tmp_path, who)
    with pytest.raises(StorageError) as refused:
        UserDataStore(folder).add_bookmark(numbered())
    assert refused.value.message.startswith(f"{folder} ")
    assert "\n" not in refused.value.message
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("who", WHO)
def test_a_library_in_a_folder_others_can_change_is_refused(tmp_path, who):
    folder = shared_folder(tmp_path, who)
    library = Library(folder / FILE_NAME)
    with pytest.raises(StorageError) as refused:
        library.count()
    assert refused.value.message.startswith(f"{folder} ")
    assert "\n" not in refused.value.message
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("who", WHO)
def test_a_cache_in_a_folder_others_can_change_is_not_used(tmp_path, who):
    folder = shared_folder(tmp_path, who)
    cache = ListingCache(folder, "http://hub")
    assert cache.info()["entries"] == 0
    assert cache.problem.startswith(f"{folder} ")
    assert list(folder.iterdir()) == []
