"""`session.reading`: where the reader was left, kept beside the user's data, or for the
session alone when it keeps none."""

from __future__ import annotations

import pytest
from support.sessions import fake_service

from paperreader.domain.errors import StorageError
from paperreader.storage.user_data import UserDataStore


async def test_a_session_with_user_data_keeps_the_place_for_the_next_one(tmp_path):
    first = fake_service(None, None, user_data=UserDataStore(tmp_path))
    assert await first.reading.position("2603.08522") is None
    await first.reading.remember("2603.08522", 12.5)
    later = fake_service(None, None, user_data=UserDataStore(tmp_path))
    assert await later.reading.position("2603.08522") == 12.5


async def test_a_session_without_user_data_keeps_the_place_for_itself(tmp_path):
    session = fake_service(None, None)
    await session.reading.remember("2603.08522", 3.0)
    assert await session.reading.position("2603.08522") == 3.0
    assert not list(tmp_path.iterdir())


async def test_a_place_that_cannot_be_saved_is_still_kept_for_the_session(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    session = fake_service(None, None, user_data=UserDataStore(blocker / "data"))
    with pytest.raises(StorageError):
        await session.reading.remember("2603.08522", 8.0)
    assert await session.reading.position("2603.08522") == 8.0
