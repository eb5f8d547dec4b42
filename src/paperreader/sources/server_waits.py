"""The waits a hub asks for (`Retry-After`, the `RateLimit` header's `t=`), read and capped.

A server's number is data, never an order: `t=100000000` would make a sync sleep for three
years, and a number of 5,000 digits is more than Python turns into an int. Every wait read
here is at most `MAX_SERVER_WAIT`; whoever waits says so while it waits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_SERVER_WAIT = 300.0
"""Longest wait a hub may ask for: the length of its rate-limit window (docs/hf-api.md)."""
MAX_REMAINING = 10**9
_NUMBER = r"(\d{1,15})\d*"
"""A whole number; digits past the 15th are dropped (the value is capped anyway)."""


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:  # a plain dict with the header in another case
        value = next((v for k, v in headers.items() if k.lower() == name), "")
    return value or ""


def capped(seconds: float) -> float:
    """`seconds` within [0, MAX_SERVER_WAIT]."""
    return min(max(seconds, 0.0), MAX_SERVER_WAIT)


def parse_ratelimit(headers: Mapping[str, str]) -> tuple[int | None, float | None]:
    """(remaining, seconds to reset) from `RateLimit: "api";r=<n>;t=<s>`; None when absent.

    With several limits (items after commas, or the header sent twice) the one with the
    fewest requests left rules. The reset is capped at MAX_SERVER_WAIT, the count at
    MAX_REMAINING.
    """
    found: list[tuple[int, float]] = []
    for item in _header(headers, "ratelimit").split(","):
        remaining = re.search(rf"(?:^|[;\s])r={_NUMBER}", item)
        reset = re.search(rf"(?:^|[;\s])t={_NUMBER}", item)
        if remaining or reset:
            found.append(
                (
                    min(int(remaining[1]), MAX_REMAINING) if remaining else MAX_REMAINING + 1,
                    capped(float(reset[1])) if reset else -1.0,
                )
            )
    if not found:
        return None, None
    left, reset_in = min(found, key=lambda limit: (limit[0], -limit[1]))
    return (left if left <= MAX_REMAINING else None, reset_in if reset_in >= 0 else None)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait before asking again: `Retry-After` in seconds, else the `RateLimit`
    header's `t=`, capped; None when the hub says nothing usable."""
    value = _header(headers, "retry-after").strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return capped(float(value))  # thousands of digits: inf, then the cap
    return parse_ratelimit(headers)[1]
