"""The on-disk cache: round trips, key separation, freshness policy, and surviving bad disks."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import diskcache
import pytest

from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.storage import cache as cache_module
from paperreader.storage import cache_disk
from paperreader.storage.cache import HOUR, MINUTE, CachedEntry, ListingCache, freshness_ttl

HF = "https://huggingface.co"
DAY_Q = ListingQuery(ListingKind.DAILY, "2026-03-02")
ITEMS = [{"paper": {"id": "2603.01234", "title": "Tiny Models Read Papers"}}, {"x": [1, 2.5]}]
DETAIL = {"id": "2603.01234", "title": "Tiny", "authors": [], "nested": {"a": None}}


@pytest.fixture
def cache(tmp_path):
    c = ListingCache(tmp_path / "cache", HF)
    yield c
    c.close()


# --- round trips ----------------------------------------------------------------------------


def test_listing_round_trip(cache):
    assert cache.get_listing(DAY_Q) is None
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1_700_000_000.5)
    entry = cache.get_listing(DAY_Q)
    assert entry == CachedEntry(ITEMS, 1_700_000_000.5)
    assert entry.age(now=1_700_000_060.5) == 60.0
    assert entry.age(now=1_600_000_000) == 0.0  # a clock that went backwards is not negative
    assert cache.problem is None


def test_paper_round_trip(cache):
    assert cache.get_paper("2603.01234") is None
    cache.put_paper("2603.01234", DETAIL, fetched_at=123.0)
    assert cache.get_paper("2603.01234") == CachedEntry(DETAIL, 123.0)


def test_unicode_and_empty_listing_round_trip(cache):
    items = [{"title": "שלום 🎉 e\u0301 \x1b[31m"}]
    cache.put_listing(DAY_Q, items, fetched_at=1.0)
    assert cache.get_listing(DAY_Q).data == items
    empty = ListingQuery(ListingKind.DAILY, "2026-03-01")
    cache.put_listing(empty, [], fetched_at=1.0)
    assert cache.get_listing(empty).data == []


def test_put_without_time_records_now(cache, monkeypatch):
    monkeypatch.setattr(cache_module.time, "time", lambda: 5000.0)
    cache.put_listing(DAY_Q, ITEMS)
    assert cache.get_listing(DAY_Q).fetched_at == 5000.0
    assert cache.get_listing(DAY_Q).age() == 0.0


def test_explicit_zero_time_is_kept(cache):
    cache.put_listing(DAY_Q, ITEMS, fetched_at=0.0)
    assert cache.get_listing(DAY_Q).fetched_at == 0.0


def test_overwrite_replaces_the_entry(cache):
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    cache.put_listing(DAY_Q, ITEMS[:1], fetched_at=2.0)
    assert cache.get_listing(DAY_Q) == CachedEntry(ITEMS[:1], 2.0)


def test_entries_survive_reopening(tmp_path):
    first = ListingCache(tmp_path / "cache", HF)
    first.put_listing(DAY_Q, ITEMS, fetched_at=9.0)
    first.close()
    second = ListingCache(tmp_path / "cache", HF)
    assert second.get_listing(DAY_Q) == CachedEntry(ITEMS, 9.0)
    second.close()


def test_close_then_use_again(cache):
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    cache.close()
    cache.close()  # twice is harmless
    assert cache.get_listing(DAY_Q).data == ITEMS


# --- keys ---------------------------------------------------------------------------------------


def test_keys_are_separate_per_endpoint(tmp_path):
    hub = ListingCache(tmp_path / "cache", HF)
    mirror = ListingCache(tmp_path / "cache", "http://127.0.0.1:9999")
    hub.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    hub.put_paper("2603.01234", DETAIL, fetched_at=1.0)
    assert mirror.get_listing(DAY_Q) is None
    assert mirror.get_paper("2603.01234") is None
    mirror.put_listing(DAY_Q, [], fetched_at=2.0)
    assert hub.get_listing(DAY_Q).data == ITEMS
    assert mirror.get_listing(DAY_Q).data == []
    hub.close()
    mirror.close()


def test_keys_are_separate_per_query(cache):
    queries = [
        ListingQuery(ListingKind.DAILY),
        ListingQuery(ListingKind.DAILY, "2026-03-02"),
        ListingQuery(ListingKind.DAILY, "2026-03-03"),
        ListingQuery(ListingKind.WEEKLY),
        ListingQuery(ListingKind.WEEKLY, "2026-W10"),
        ListingQuery(ListingKind.MONTHLY, "2026-03"),
        ListingQuery(ListingKind.TRENDING),
        ListingQuery(ListingKind.SEARCH, text="tiny"),
        ListingQuery(ListingKind.SEARCH, text="models"),
    ]
    for number, query in enumerate(queries):
        cache.put_listing(query, [number], fetched_at=float(number))
    for number, query in enumerate(queries):
        assert cache.get_listing(query) == CachedEntry([number], float(number))
    assert cache.info()["entries"] == len(queries)


def test_listing_and_paper_keys_do_not_collide(cache):
    cache.put_paper("2603.01234", DETAIL, fetched_at=1.0)
    cache.put_listing(ListingQuery(ListingKind.SEARCH, text="2603.01234"), [1], fetched_at=2.0)
    assert cache.get_paper("2603.01234").data == DETAIL


def test_search_key_ignores_case_and_surrounding_space(cache):
    cache.put_listing(ListingQuery(ListingKind.SEARCH, text="Tiny Models"), [1], fetched_at=1.0)
    assert cache.get_listing(ListingQuery(ListingKind.SEARCH, text="  tiny models ")).data == [1]


def test_version_bump_hides_old_entries(tmp_path, monkeypatch):
    cache = ListingCache(tmp_path / "cache", HF)
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    monkeypatch.setattr(cache_module, "CACHE_VERSION", "v999")
    assert cache.get_listing(DAY_Q) is None
    cache.close()


@pytest.mark.parametrize(
    "stored",
    [
        b"not json",
        b'"not a dict"',
        b'{"data": []}',
        b'{"data": [], "fetched_at": "soon"}',
        b'{"data": [], "fetched_at": true}',
        b'{"data": [], "fetched_at": -1}',
        b'{"data": [], "fetched_at": 1e300}',
        b'{"fetched_at": 1.0}',
        b"\xff\xfe",
        b'{"fetched_at": 1, "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
)
def test_foreign_or_damaged_entries_read_as_missing(cache, stored):
    cache._open().set(cache._key(f"listing:{DAY_Q.key}"), stored)
    assert cache.get_listing(DAY_Q) is None
    assert cache.problem is None


def test_what_is_kept_is_json_bytes(cache):
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    stored = cache._open().get(cache._key(f"listing:{DAY_Q.key}"))
    assert json.loads(stored) == {"fetched_at": 1.0, "data": ITEMS}


# --- nothing in the cache folder runs code ---------------------------------------------------


class _MakesFolder:
    """Unpickling this makes a folder: proof that a pickle ran."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def _plant(directory: Path, key: str, value) -> None:
    """What someone with write access to the cache folder could leave there."""
    with diskcache.Cache(str(directory)) as planted:  # diskcache's default: pickles
        planted.set(key, value)


def test_a_planted_pickle_never_runs(tmp_path):
    marker = tmp_path / "ran"
    cache = ListingCache(tmp_path / "cache", HF)
    _plant(cache.directory, cache._key(f"listing:{DAY_Q.key}"), _MakesFolder(marker))

    assert cache.get_listing(DAY_Q) is None
    assert not marker.exists()
    assert "older format" in cache.problem  # dropped on opening, said in one line
    assert "\n" not in cache.problem
    assert cache.info()["entries"] == 0
    cache.close()


def test_a_pickle_planted_while_the_cache_is_open_is_refused(cache, tmp_path):
    marker = tmp_path / "ran"
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    _plant(cache.directory, cache._key(f"listing:{DAY_Q.key}"), _MakesFolder(marker))
    _plant(cache.directory, cache._key("paper:2603.01234"), _MakesFolder(marker))

    assert cache.get_listing(DAY_Q) is None
    assert cache.get_paper("2603.01234") is None
    assert not marker.exists()
    cache.put_listing(DAY_Q, ITEMS, fetched_at=2.0)  # overwritten by what we keep: read again
    assert cache.get_listing(DAY_Q) == CachedEntry(ITEMS, 2.0)


def test_an_older_cache_is_dropped_with_one_notice(tmp_path):
    directory = tmp_path / "cache"
    with diskcache.Cache(str(directory)) as old:  # what earlier versions wrote
        for n in range(3):
            old.set(f"v1|{HF}|paper:2603.0000{n}", {"json": "{}", "fetched_at": 1.0})
    cache = ListingCache(directory, HF)

    assert cache.info()["entries"] == 0
    assert cache.problem == (
        "The cache held 3 entries in an older format, which is no longer read; they were "
        "dropped and will be fetched again."
    )
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    assert cache.get_listing(DAY_Q) == CachedEntry(ITEMS, 1.0)
    cache.close()
    again = ListingCache(directory, HF)
    assert again.get_listing(DAY_Q) == CachedEntry(ITEMS, 1.0)
    assert again.problem is None  # said once
    again.close()


def test_a_planted_file_name_is_never_read_nor_deleted(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text('{"fetched_at": 1, "data": ["planted"]}')
    cache = ListingCache(tmp_path / "cache", HF)
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    with sqlite3.connect(cache.directory / "cache.db") as db:
        db.execute(
            "UPDATE Cache SET mode = ?, filename = ?, value = NULL",
            (diskcache.core.MODE_BINARY, "../victim.txt"),
        )

    assert cache.get_listing(DAY_Q) is None
    cache.put_listing(DAY_Q, ITEMS, fetched_at=2.0)  # replacing the row deletes its file
    assert cache.clear() == 1
    assert victim.read_text() == '{"fetched_at": 1, "data": ["planted"]}'
    cache.close()


def test_settings_diskcache_never_writes_make_the_cache_foreign(tmp_path):
    directory = tmp_path / "cache"
    ListingCache(directory, HF).info()  # made, then closed with the process
    with sqlite3.connect(directory / "cache.db") as db:  # would run as a PRAGMA on opening
        db.execute("INSERT INTO Settings VALUES ('sqlite_query_only', 1)")
    cache = ListingCache(directory, HF)

    assert cache.info()["entries"] == 0
    assert "moved" in cache.problem
    assert [p.name.startswith("cache.corrupt-") for p in tmp_path.iterdir()].count(True) == 1
    cache.close()


def _opened_state(cache) -> tuple[dict, dict, list]:
    """What an opened diskcache holds: its attributes, its disk's, its connection's PRAGMAs."""
    attributes = {k: v for k, v in vars(cache).items() if k not in ("_local", "_disk")}
    pragmas = [
        cache._sql(f"PRAGMA {name}").fetchall()
        for name in ("auto_vacuum", "cache_size", "journal_mode", "mmap_size", "synchronous")
    ]
    return attributes, vars(cache._disk), pragmas


def _writes_while(monkeypatch, open_it) -> tuple[object, list[str]]:
    """What `open_it` returns, and the statements that change the database it ran."""
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", traced)
        opened = open_it()
    changing = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "REPLACE")
    return opened, [s for s in statements if s.lstrip().upper().startswith(changing)]


def test_a_cache_set_up_before_opens_as_diskcache_would_without_writing(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    first = ListingCache(directory, HF)
    first.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    first.close()
    (reopened, dropped), writes = _writes_while(
        monkeypatch, lambda: cache_disk.open_cache(directory)
    )
    by_diskcache, its_writes = _writes_while(
        monkeypatch,
        lambda: diskcache.Cache(
            str(directory), disk=cache_disk.BytesOnlyDisk, **cache_disk.SETTINGS
        ),
    )

    assert dropped == 0
    assert writes == []  # no setting written back, no table made again
    assert len(its_writes) > 20
    assert _opened_state(reopened) == _opened_state(by_diskcache)
    assert reopened.count == 1
    by_diskcache.close()
    reopened.close()
    again = ListingCache(directory, HF)
    assert again.get_listing(DAY_Q) == CachedEntry(ITEMS, 1.0)
    again.put_listing(DAY_Q, ITEMS, fetched_at=2.0)
    assert again.get_listing(DAY_Q) == CachedEntry(ITEMS, 2.0)
    again.close()


def test_a_setting_changed_in_the_database_is_set_back_on_opening(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    made = ListingCache(directory, HF)
    made.info()
    made.close()
    with sqlite3.connect(directory / "cache.db") as db:
        db.execute("UPDATE Settings SET value = 1 WHERE key = 'size_limit'")
    (reopened, _), writes = _writes_while(monkeypatch, lambda: cache_disk.open_cache(directory))

    assert writes  # diskcache's own opening: it writes every setting
    assert reopened.size_limit == cache_disk.SIZE_LIMIT
    ((stored,),) = reopened._sql("SELECT value FROM Settings WHERE key = 'size_limit'")
    assert stored == cache_disk.SIZE_LIMIT
    reopened.close()


# --- a private folder ----------------------------------------------------------------------


def test_the_cache_folder_and_file_are_private(tmp_path):
    cache = ListingCache(tmp_path / "made" / "cache", HF)
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    assert stat.S_IMODE((tmp_path / "made").stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.directory.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache.directory / "cache.db").stat().st_mode) == 0o600
    cache.close()


@pytest.mark.parametrize("who", ["everyone", "another user"])
def test_a_cache_folder_others_can_write_is_not_used(tmp_path, who):
    directory = tmp_path / "cache"
    directory.mkdir()
    if who == "everyone":
        directory.chmod(0o777)
    else:
        os.chown(directory, 65534, -1)
    cache = ListingCache(directory, HF)

    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    assert cache.get_listing(DAY_Q) is None
    assert str(directory) in cache.problem
    assert ("every user" if who == "everyone" else "another user") in cache.problem
    assert "\n" not in cache.problem
    assert list(directory.iterdir()) == []  # nothing written there, nothing moved


# --- freshness policy ----------------------------------------------------------------------

NOW = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # Friday 2026-03-06 in New York, week 2026-W10


@pytest.mark.parametrize(
    ("query", "ttl"),
    [
        (ListingQuery(ListingKind.SEARCH, text="tiny"), HOUR),
        (ListingQuery(ListingKind.TRENDING), 10 * MINUTE),
        (ListingQuery(ListingKind.TRENDING, "2020-01-01"), 10 * MINUTE),
        (ListingQuery(ListingKind.DAILY), 15 * MINUTE),  # the latest is as live as today
        (ListingQuery(ListingKind.WEEKLY), 15 * MINUTE),
        (ListingQuery(ListingKind.MONTHLY), 15 * MINUTE),
        (ListingQuery(ListingKind.DAILY, "2026-03-06"), 15 * MINUTE),  # today
        (ListingQuery(ListingKind.DAILY, "2026-03-05"), 15 * MINUTE),  # yesterday
        (ListingQuery(ListingKind.WEEKLY, "2026-W10"), 15 * MINUTE),
        (ListingQuery(ListingKind.MONTHLY, "2026-03"), 15 * MINUTE),
        (ListingQuery(ListingKind.DAILY, "2026-03-04"), 24 * HOUR),
        (ListingQuery(ListingKind.DAILY, "2024-01-01"), 24 * HOUR),
        (ListingQuery(ListingKind.WEEKLY, "2026-W09"), 24 * HOUR),
        (ListingQuery(ListingKind.MONTHLY, "2026-02"), 24 * HOUR),
        (ListingQuery(ListingKind.MONTHLY, "2025-03"), 24 * HOUR),
    ],
)
def test_freshness_ttl(query, ttl):
    assert freshness_ttl(query, NOW) == ttl


def test_freshness_constants():
    assert MINUTE == 60
    assert HOUR == 3600


def test_current_day_follows_new_york_time():
    # 03:00 UTC on the 6th is still the 5th in New York, so the 6th is not 'today' yet
    # but the 4th is 'yesterday'.
    early = datetime(2026, 3, 6, 3, 0, tzinfo=UTC)
    assert freshness_ttl(ListingQuery(ListingKind.DAILY, "2026-03-04"), early) == 15 * MINUTE
    assert freshness_ttl(ListingQuery(ListingKind.DAILY, "2026-03-04"), NOW) == 24 * HOUR


# --- info and clear -------------------------------------------------------------------------


def test_info_and_clear(cache, tmp_path):
    assert cache.info()["entries"] == 0
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    cache.put_paper("2603.01234", DETAIL, fetched_at=1.0)
    info = cache.info()
    assert info["directory"] == str(tmp_path / "cache")
    assert info["entries"] == 2
    assert isinstance(info["bytes"], int)
    assert info["bytes"] > 0
    assert cache.clear() == 2
    assert cache.info()["entries"] == 0
    assert cache.get_listing(DAY_Q) is None
    assert cache.clear() == 0
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)  # still usable after clearing
    assert cache.get_listing(DAY_Q).data == ITEMS


def test_opening_is_lazy(tmp_path):
    ListingCache(tmp_path / "lazy", HF)
    assert not (tmp_path / "lazy").exists()


# --- a corrupt cache is moved aside --------------------------------------------------------


def test_corrupt_database_is_moved_aside(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    garbage = b"this is not a database\x00\xff" * 200
    (directory / "cache.db").write_bytes(garbage)
    cache = ListingCache(directory, HF)

    assert cache.get_listing(DAY_Q) is None
    assert cache.problem is not None
    assert "moved" in cache.problem
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("cache.corrupt-")]
    assert len(aside) == 1
    assert str(aside[0]) in cache.problem
    assert (aside[0] / "cache.db").read_bytes() == garbage  # kept for inspection, not deleted

    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    assert cache.get_listing(DAY_Q) == CachedEntry(ITEMS, 1.0)
    assert cache.info()["entries"] == 1
    cache.close()


# --- an unusable location disables the cache ---------------------------------------------


def _assert_disabled_but_harmless(cache: ListingCache) -> None:
    assert cache.get_listing(DAY_Q) is None
    assert cache.problem is not None
    assert "cannot be used" in cache.problem
    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)
    cache.put_paper("2603.01234", DETAIL)
    assert cache.get_listing(DAY_Q) is None
    assert cache.get_paper("2603.01234") is None
    assert cache.info()["entries"] == 0
    assert cache.clear() == 0
    cache.close()


def test_cache_dir_that_is_a_regular_file_disables_the_cache(tmp_path):
    path = tmp_path / "cache"
    path.write_bytes(b"someone else's file")
    cache = ListingCache(path, HF)
    _assert_disabled_but_harmless(cache)
    assert str(path) in cache.problem
    # The file is not ours: it is neither moved nor changed.
    assert path.read_bytes() == b"someone else's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_cache_dir_under_a_regular_file_disables_the_cache(tmp_path):
    (tmp_path / "file").write_text("x")
    cache = ListingCache(tmp_path / "file" / "cache", HF)
    _assert_disabled_but_harmless(cache)
    assert (tmp_path / "file").read_text() == "x"


def test_write_failure_mid_session_disables_the_cache(cache):
    import sqlite3

    cache.put_listing(DAY_Q, ITEMS, fetched_at=1.0)

    class Broken:
        def set(self, *args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        def get(self, *args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        def close(self):
            pass

    cache._cache = Broken()
    cache.put_listing(DAY_Q, ITEMS)
    assert cache.problem is not None
    assert "could not be written" in cache.problem
    assert cache.get_listing(DAY_Q) is None  # disabled now: no more attempts
