"""A cached listing's items decoded one at a time, as they are read.

`json.loads` of a 50k-paper listing makes every item's dict at once, beside the stored bytes
and the papers made from them: several times the JSON's size alive together. Read item by
item, only the stored bytes, one window of text and the item being read are alive beside the
papers, and each item's dict is freed as soon as its paper is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

WINDOW = 1 << 20
"""Characters of the stored JSON decoded at a time; doubled for an item larger than that."""

_LISTING_HEAD = re.compile(rb'\{"fetched_at":(-?[0-9][0-9.eE+-]*),"data":\[')
"""How `cache.encode_entry` starts a listing: compact JSON, the fetch time, then the items."""


class CorruptEntry(ValueError):
    """The stored JSON broke off or went wrong part-way through the items."""


def listing_head(stored: bytes) -> tuple[float, int] | None:
    """(fetch time, offset of the first item) of a listing `encode_entry` wrote; None when
    `stored` starts any other way (it is then read whole)."""
    head = _LISTING_HEAD.match(stored)
    if head is None:
        return None
    try:
        return float(head.group(1)), head.end()
    except ValueError:
        return None


def items(stored: bytes, start: int) -> Iterator[Any]:
    """The items of the JSON list that begins at `start` (just after its `[`), one at a time;
    CorruptEntry when it is not a well-formed list closed by the entry's `}`."""
    decoder = json.JSONDecoder()
    base, text, at, window = start, "", 0, WINDOW
    if stored[start : start + 1] == b"]":
        _check_end(stored, start + 1)
        return
    while True:
        try:
            item, end = decoder.raw_decode(text, at)
        except (ValueError, RecursionError):
            end = -1
        if end < 0 or end >= len(text):  # cut by the window (or broken): read further
            if base + len(text) >= len(stored):
                raise CorruptEntry("the cached listing breaks off")
            if at == 0:
                window *= 2  # an item longer than the window
            base += at
            text, at = _window(stored, base, window), 0
            continue
        yield item
        separator = text[end]
        if separator == ",":
            at = end + 1
        elif separator == "]":
            _check_end(stored, base + end + 1)
            return
        else:
            raise CorruptEntry("the cached listing's items are not separated by commas")


def _window(stored: bytes, base: int, size: int) -> str:
    try:
        return stored[base : base + size].decode("ascii")  # encode_entry writes ASCII only
    except UnicodeDecodeError:
        raise CorruptEntry("the cached listing is not ASCII JSON") from None


def _check_end(stored: bytes, offset: int) -> None:
    if stored[offset:] != b"}":
        raise CorruptEntry("the cached listing does not end where its items do")
