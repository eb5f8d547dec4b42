"""Fetching the Daily Papers history into the library, politely: `paperreader sync`.

- One request at a time, at least `min_interval` seconds apart (0.7 s: at most 86 in any
  minute, `MAX_PER_MINUTE`, the figure progress shows; ~430 per 5-minute window, under the
  anonymous API quota of 500; see docs/hf-api.md section 5). The interval applies to every
  page, through the hub client's `before_request` hook.
- The `RateLimit` header (`"api";r=<remaining>;t=<seconds to reset>`) is read on every
  response: with fewer than `LOW_REMAINING` requests left in the window the interval
  stretches to spread them over what is left of it, and at `r=0` the next request waits
  for the reset. A 429 is honoured: the sync sleeps `Retry-After` (or the header's `t=`,
  else a doubling backoff from 30 s, capped at 5 minutes) and retries the same day, up to
  `max_retries` times before it stops and says why.
- Days are fetched newest first and each is committed to the library on its own, so an
  interruption (Ctrl-C, a crash, `kill -9`) loses at most the day in flight, and the next
  run skips every day already stored.
- A day counts as settled once it was fetched at least `refresh_recent_days` days after
  its date; unsettled days (the last few, whose papers and upvote counts still move) are
  fetched again on every run, settled ones never.
- A day whose answer cannot be read is reported as failed and left unrecorded (the next
  run tries it again); the sync goes on with the other days, unless `MAX_FAILURES_IN_A_ROW`
  days fail in a row (the hub is down, say). A connection failure is retried twice (after
  5 and 15 s) before the sync stops: the network is gone.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from paperreader.domain import periods
from paperreader.domain.errors import (
    BadResponseError,
    HubError,
    OfflineError,
    PaperReaderError,
    RateLimitedError,
    StorageError,
    UsageError,
)
from paperreader.domain.models import ListingKind, ListingQuery, unreadable_answer
from paperreader.formats.hub_json import parse_items
from paperreader.sources.base import ProgressCallback
from paperreader.sources.server_waits import MAX_SERVER_WAIT, parse_ratelimit

if TYPE_CHECKING:
    from paperreader.storage.library import Library

MIN_INTERVAL = 0.7
MAX_PER_MINUTE = math.floor(60 / MIN_INTERVAL) + 1
"""The most requests any minute can hold at `MIN_INTERVAL` (one at its start, one every
0.7 s after): the promise, and the ceiling of the rate progress shows."""
"""Seconds between the starts of two requests."""
REFRESH_RECENT_DAYS = 3
DEFAULT_BACKOFF = 30.0
"""First wait after a 429 that says nothing about when to come back; doubles each time."""
MAX_BACKOFF = MAX_SERVER_WAIT
"""Longest single wait of a sync, whatever the hub asks for (`server_waits` caps its asks)."""
MAX_RATE_RETRIES = 5
MAX_FAILURES_IN_A_ROW = 5
MAX_OFFLINE_RETRIES = 2
OFFLINE_BACKOFF = 5.0
"""First wait after a connection failure (then 15 s), before the sync gives up."""
LOW_REMAINING = 50
"""Below this many requests left in the window, requests are spread over what remains."""


class DailySource(Protocol):
    """What sync needs from the hub: `HubClient.fetch_listing` (pages followed)."""

    async def fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None = None
    ) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a running sync is; passed to the progress callback on every event."""

    days_done: int
    """Days finished in this run (fetched or failed)."""
    days_total: int
    """Days this run has to fetch (those already stored and settled are not counted)."""
    papers: int
    """Papers stored in this run."""
    requests: int
    elapsed: float
    rate_per_min: float
    """Requests started in the last minute (all of them in a run's first minute): what the
    pacing keeps at or under `MAX_PER_MINUTE`."""
    eta_seconds: float | None
    current_day: str | None
    event: str = "page"
    """"start", "day-start", "page" (a page arrived), "day" (a day stored), "failed",
    "wait" (rate limited or pacing a long pause; `message` says why), "done"."""
    day_papers: int = 0
    """For "page" and "day": papers of `current_day` so far."""
    message: str | None = None


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did."""

    days_fetched: int
    days_skipped: int
    """Days in the range already stored and settled, so not fetched again."""
    papers: int
    failed_days: tuple[str, ...]
    requests: int
    elapsed: float
    days_total: int = 0
    """Days in the range."""
    problems: tuple[str, ...] = ()
    """One line per failed day: "YYYY-MM-DD: reason"."""
    skipped_items: int = 0
    """Items in the answers that could not be read and were left out."""
    stopped: str | None = None
    """Why the sync stopped before the end (rate limited for too long, offline, ...)."""

    @property
    def complete(self) -> bool:
        """True when every day of the range is now stored."""
        return not self.failed_days and self.stopped is None


class Pacer:
    """Spaces requests `interval` apart and slows down when the hub says the quota runs low."""

    def __init__(
        self,
        min_interval: float,
        monotonic: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        on_wait: Callable[[float, str], None] | None = None,
    ) -> None:
        self.min_interval = max(0.0, min_interval)
        self.interval = self.min_interval
        self.requests = 0
        self._monotonic = monotonic
        self._sleep = sleep
        self._on_wait = on_wait
        self._last: float | None = None
        self._hold_until = 0.0
        self._starts: deque[float] = deque()

    async def before_request(self) -> None:
        """Wait until the next request may start, then count it."""
        await self.wait()
        self.count()

    def count(self) -> None:
        """Count a request that starts now."""
        self.requests += 1
        self._starts.append(self._monotonic())

    def per_minute(self) -> int:
        """Requests started in the last 60 seconds."""
        starts, since = self._starts, self._monotonic() - 60
        while starts and starts[0] < since:
            starts.popleft()
        return len(starts)

    async def wait(self) -> None:
        """Wait until the next request may start."""
        now = self._monotonic()
        start = now if self._last is None else self._last + self.interval
        start = max(start, self._hold_until)
        if start > now:
            wait = start - now
            if self._on_wait is not None and wait >= 5:
                self._on_wait(wait, f"near the rate limit: waiting {wait:.0f} s")
            await self._sleep(wait)
        self._last = self._monotonic()

    def on_response(self, status: int, headers: Mapping[str, str]) -> None:
        """Read `RateLimit`: stretch the interval when few requests are left in the window."""
        remaining, reset = parse_ratelimit(headers)
        if remaining is None or reset is None:
            self.interval = self.min_interval
        elif remaining <= 0:
            self._hold_until = self._monotonic() + reset + 1
        elif remaining < LOW_REMAINING:
            self.interval = max(self.min_interval, reset / remaining)
        else:
            self.interval = self.min_interval


def _days(since: date, until: date) -> list[date]:
    """Every day from `until` back to `since`: newest first."""
    return [until - timedelta(days=k) for k in range((until - since).days + 1)]


def _settled(day: date, fetched_at: datetime | None, refresh_recent_days: int) -> bool:
    """True when the day was fetched long enough after it that it will not change."""
    if fetched_at is None:
        return False
    return periods.today(fetched_at) >= day + timedelta(days=max(0, refresh_recent_days))


async def sync(
    hub: DailySource,
    library: Library,
    since: date,
    until: date,
    *,
    progress: Callable[[SyncProgress], None] | None = None,
    now: Callable[[], datetime] | None = None,
    monotonic: Callable[[], float] | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    min_interval: float = MIN_INTERVAL,
    refresh_recent_days: int = REFRESH_RECENT_DAYS,
    max_retries: int = MAX_RATE_RETRIES,
    default_backoff: float = DEFAULT_BACKOFF,
    max_backoff: float = MAX_BACKOFF,
) -> SyncReport:
    """Fetch every Daily Papers day in [since, until] (all pages) into `library`.

    `since` before the first day of Daily Papers starts there; `until` after today (New
    York time, by `now`) stops at today. Raises UsageError when nothing is left (since >
    until). `now` is the wall clock (today, and when a day was fetched); `monotonic` and
    `sleep` time the pacing; tests inject all three.
    """
    now = now or (lambda: datetime.now(UTC))
    monotonic = monotonic or time.monotonic
    sleep = sleep or asyncio.sleep
    today = periods.today(now())
    if since > until:
        raise UsageError(f"The first day, {since}, is after the last, {until}.")
    since = max(since, periods.FIRST_DAY)
    until = min(until, today)
    if since > until:
        raise UsageError(
            f"Nothing to sync between {since} and {until}: Daily Papers runs from "
            f"{periods.FIRST_DAY} to today ({today})."
        )
    started = monotonic()
    records = await asyncio.to_thread(library.day_records, since, until)
    days = _days(since, until)
    todo = []
    for day in days:
        record = records.get(day.isoformat())
        if not (
            record and record.complete and _settled(day, record.fetched_at, refresh_recent_days)
        ):
            todo.append(day)
    skipped = len(days) - len(todo)

    state: dict[str, Any] = {"done": 0, "papers": 0, "day": None}

    def emit(event: str, day_papers: int = 0, message: str | None = None) -> None:
        if progress is None:
            return
        elapsed = max(0.0, monotonic() - started)
        done = state["done"]
        eta = elapsed / done * (len(todo) - done) if done else None
        progress(
            SyncProgress(
                days_done=done,
                days_total=len(todo),
                papers=state["papers"],
                requests=pacer.requests,
                elapsed=elapsed,
                rate_per_min=pacer.per_minute(),
                eta_seconds=eta,
                current_day=state["day"],
                event=event,
                day_papers=day_papers,
                message=message,
            )
        )

    pacer = Pacer(min_interval, monotonic, sleep, on_wait=lambda s, why: emit("wait", message=why))
    hooked = hasattr(hub, "before_request") and hasattr(hub, "on_response")
    saved = (getattr(hub, "before_request", None), getattr(hub, "on_response", None))
    if hooked:
        hub.before_request = pacer.before_request  # type: ignore[attr-defined]
        hub.on_response = pacer.on_response  # type: ignore[attr-defined]

    fetched = 0
    skipped_items = 0
    failed: list[str] = []
    problems: list[str] = []
    stopped: str | None = None
    in_a_row = 0
    emit("start")
    try:
        for day in todo:
            iso = day.isoformat()
            state["day"] = iso
            attempts = offline = 0
            while True:
                pages = 0

                def on_page(page: int, items: int) -> None:
                    nonlocal pages
                    pages = page
                    if not hooked:  # no per-request hook: count pages here
                        pacer.count()
                    emit("page", day_papers=items)

                emit("day-start")
                try:
                    if not hooked:
                        await pacer.wait()
                    try:
                        items = await hub.fetch_listing(
                            ListingQuery(ListingKind.DAILY, iso), on_page
                        )
                    except PaperReaderError:
                        if not hooked:
                            pacer.count()  # the request that failed
                        raise
                    parsed = parse_items(items)
                    unreadable = unreadable_answer(parsed.papers, parsed.skipped)
                    if unreadable:  # not a day without papers: never stored as one
                        raise BadResponseError(unreadable)
                except RateLimitedError as error:
                    attempts += 1
                    if attempts > max_retries:
                        stopped = (
                            f"Hugging Face kept rate-limiting after {max_retries} retries; "
                            "run sync again later to go on."
                        )
                        break
                    wait = error.retry_after or default_backoff * 2 ** (attempts - 1)
                    wait = min(max(wait, 0.0), max_backoff)
                    emit("wait", message=f"rate limited: waiting {wait:.0f} s")
                    await sleep(wait)
                    continue
                except OfflineError as error:
                    offline += 1  # a dropped connection, or the network gone: retry a little
                    if offline > MAX_OFFLINE_RETRIES:
                        stopped = error.message
                        break
                    wait = min(OFFLINE_BACKOFF * 3 ** (offline - 1), max_backoff)
                    emit("wait", message=f"{error.message} Retrying in {wait:.0f} s.")
                    await sleep(wait)
                    continue
                except (BadResponseError, HubError, ValueError) as error:
                    reason = getattr(error, "message", None) or str(error)
                    failed.append(iso)
                    problems.append(f"{iso}: {reason}")
                    in_a_row += 1
                    state["done"] += 1
                    emit("failed", message=reason)
                    if in_a_row >= MAX_FAILURES_IN_A_ROW:
                        stopped = f"{in_a_row} days in a row could not be fetched; last: {reason}"
                    break
                try:
                    stored = await asyncio.to_thread(
                        library.add_papers,
                        parsed.papers,
                        day=iso,
                        complete=True,
                        pages=max(pages, 1),
                        fetched_at=now(),
                    )
                except StorageError as error:
                    stopped = error.message
                    break
                in_a_row = 0
                fetched += 1
                skipped_items += parsed.skipped
                state["done"] += 1
                state["papers"] += stored
                emit("day", day_papers=stored)
                break
            if stopped:
                break
    finally:
        if hooked:
            hub.before_request, hub.on_response = saved  # type: ignore[attr-defined]
    state["day"] = None
    emit("done", message=stopped)
    return SyncReport(
        days_fetched=fetched,
        days_skipped=skipped,
        papers=state["papers"],
        failed_days=tuple(failed),
        requests=pacer.requests,
        elapsed=max(0.0, monotonic() - started),
        days_total=len(days),
        problems=tuple(problems),
        skipped_items=skipped_items,
        stopped=stopped,
    )
