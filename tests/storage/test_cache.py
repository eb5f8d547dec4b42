"""The on-disk cache: round trips, key separation, freshness policy, and surviving bad disks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.storage import cache as cache_module
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


def test_foreign_or_damaged_entries_read_as_missing(cache):
    raw = cache._open()
    raw.set(cache._key(f"listing:{DAY_Q.key}"), "not a dict")
    assert cache.get_listing(DAY_Q) is None
    raw.set(cache._key(f"listing:{DAY_Q.key}"), {"json": "{not json", "fetched_at": 1.0})
    assert cache.get_listing(DAY_Q) is None
    raw.set(cache._key(f"listing:{DAY_Q.key}"), {"json": "[]"})
    assert cache.get_listing(DAY_Q) is None
    raw.set(cache._key(f"listing:{DAY_Q.key}"), {"json": "[]", "fetched_at": "soon"})
    assert cache.get_listing(DAY_Q) is None
    assert cache.problem is None


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
