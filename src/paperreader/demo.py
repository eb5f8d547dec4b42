"""Bundled demo data served like the hub, so `--demo` works with no network at all.

The data is a fixed set of Daily Papers items spread over several days; listings are cut
from it the way the hub would: by day, ISO week, month, trending order, or a search.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

from . import periods
from .errors import NotFoundError, UsageError
from .models import ListingKind, ListingQuery
from .service import ProgressCallback

DEMO_NOW = datetime(2026, 3, 13, 18, 0, tzinfo=UTC)
"""The demo's 'now': its latest day, week and month are the ones the data covers."""


@cache
def demo_items() -> tuple[dict[str, Any], ...]:
    """Every bundled item, as raw Daily Papers JSON."""
    text = resources.files("paperreader").joinpath("data/demo.json").read_text("utf-8")
    return tuple(json.loads(text))


def _feed_day(item: dict[str, Any]) -> date:
    return date.fromisoformat(item["paper"]["submittedOnDailyAt"][:10])


def _upvotes(item: dict[str, Any]) -> int:
    return int(item["paper"].get("upvotes") or 0)


class DemoSource:
    """Answers listing and paper requests from the bundled data, instantly."""

    async def fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None = None
    ) -> list[Any]:
        """The demo items the hub would return for `query`."""
        items = list(demo_items())
        if query.kind is ListingKind.SEARCH:
            selected = [_highlighted(item, query.text or "") for item in items]
            selected = [item for item in selected if item is not None]
        elif query.kind is ListingKind.TRENDING:
            selected = sorted(items, key=lambda i: -_upvotes(i) * 2 - _feed_day(i).toordinal())
        else:
            selected = [item for item in items if _in_period(query, _feed_day(item))]
            selected.sort(key=_upvotes, reverse=True)
        if progress:
            progress(1, len(selected))
        return selected

    async def fetch_paper(self, paper_id: str) -> dict[str, Any]:
        """The detail object of one demo paper."""
        for item in demo_items():
            if item["paper"]["id"] == paper_id:
                return {**item["paper"], "numComments": item.get("numComments")}
        raise NotFoundError(f"paper {paper_id} is not in the demo data")

    async def aclose(self) -> None:
        """Nothing to close."""


def _in_period(query: ListingQuery, day: date) -> bool:
    if query.kind is ListingKind.DAILY:
        if query.period is None:
            return day == max(_feed_day(i) for i in demo_items())
        return day.isoformat() == query.period
    wanted = query.period or periods.latest_period(query.kind, DEMO_NOW)
    if query.kind is ListingKind.WEEKLY:
        return periods.week_of(day) == wanted
    if query.kind is ListingKind.MONTHLY:
        return periods.month_of(day) == wanted
    raise UsageError(f"{query.kind.title} is not a dated listing.")


def _highlighted(item: dict[str, Any], text: str) -> dict[str, Any] | None:
    """The item with search highlighting, if every word of `text` occurs in it."""
    words = [w for w in text.lower().split() if w]
    paper = item["paper"]
    haystack = f"{paper['title']} {paper.get('summary', '')}".lower()
    if not words or not all(w in haystack for w in words):
        return None
    title: str = paper["title"]
    spans: list[dict[str, str]] = []
    lowered = title.lower()
    position = 0
    while position < len(title):
        hits = [(lowered.find(w, position), w) for w in words]
        hits = [(i, w) for i, w in hits if i >= 0]
        if not hits:
            spans.append({"type": "text", "text": title[position:]})
            break
        start, word = min(hits)
        if start > position:
            spans.append({"type": "text", "text": title[position:start]})
        spans.append({"type": "highlight", "text": title[start : start + len(word)]})
        position = start + len(word)
    return {**item, "highlightedTitle": spans}
