"""A cached listing's items read one at a time: the same items as reading it whole, and a
stored listing that breaks off is refused rather than read in part."""

from __future__ import annotations

import pytest

from paperreader.storage import cache_items
from paperreader.storage.cache import decode_entry, decode_listing, encode_entry
from paperreader.storage.cache_items import CorruptEntry

ITEMS = [
    {"paper": {"id": "2603.00001", "summary": "x" * 100}},
    {"paper": {"id": "2603.00002", "authors": [{"name": "Zoë"}, {"name": "李"}]}},
    3,
    "a string",
    None,
    [],
]


@pytest.mark.parametrize("window", [1, 7, 64, cache_items.WINDOW])
@pytest.mark.parametrize("items", [[], ITEMS[:1], ITEMS])
def test_items_read_one_at_a_time_are_the_items_read_whole(monkeypatch, window, items):
    monkeypatch.setattr(cache_items, "WINDOW", window)  # items cut by the window, or not
    stored = encode_entry(items, 1733450000.5)
    entry = decode_listing(stored)
    assert entry is not None and entry.fetched_at == 1733450000.5
    assert not isinstance(entry.data, list)  # read as it is iterated
    assert list(entry.data) == items == decode_entry(stored).data


def test_an_entry_of_another_shape_is_read_whole():
    stored = encode_entry({"not": "a list"}, 5.0)
    assert decode_listing(stored).data == {"not": "a list"}
    assert decode_listing(b'{"fetched_at": 5, "data": [1]}').data == [1]  # not as written
    assert decode_listing("text") is None
    assert decode_listing(encode_entry([1], -5.0)) is None  # no time to show


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s[:-1],  # the closing brace lost
        lambda s: s[: len(s) // 2],  # broken off mid-item
        lambda s: s.replace(b',{"paper":{"id":"2603.00002"', b';{"paper":{"id":"2603.00002"'),
        lambda s: s + b"trailing",
        lambda s: s.replace(b"xxxx", "é".encode()),  # not what the cache writes
    ],
)
def test_a_listing_that_goes_wrong_part_way_is_refused(monkeypatch, damage):
    monkeypatch.setattr(cache_items, "WINDOW", 16)
    entry = decode_listing(damage(encode_entry(ITEMS, 1.0)))
    with pytest.raises(CorruptEntry):
        list(entry.data)
