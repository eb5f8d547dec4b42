"""Dates, ISO weeks and months as Hugging Face names them, and stepping between them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from paperreader.domain.errors import UsageError
from paperreader.domain.models import ListingKind

FIRST_DAY = date(2023, 5, 4)
"""Hugging Face Daily Papers starts here."""

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-?[Ww](\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _new_york_offset(moment: datetime) -> timedelta:
    """New York's offset from UTC at `moment` (in UTC): daylight time from the second Sunday of
    March, 2:00 local, to the first Sunday of November, 2:00 local, as US law has had it since
    2007. Worked out rather than read from the tz database: loading that took 3-6 ms of every
    start, before the first frame."""
    year = moment.year
    second_sunday_march = 8 + (6 - date(year, 3, 8).weekday()) % 7
    first_sunday_november = 1 + (6 - date(year, 11, 1).weekday()) % 7
    starts = datetime(year, 3, second_sunday_march, 7, tzinfo=UTC)  # 2:00 EST
    ends = datetime(year, 11, first_sunday_november, 6, tzinfo=UTC)  # 2:00 EDT
    return timedelta(hours=-4 if starts <= moment < ends else -5)


def today(now: datetime | None = None) -> date:
    """Today's feed date: Daily Papers follows New York time."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return (moment + _new_york_offset(moment)).date()


def week_of(day: date) -> str:
    """The ISO week `YYYY-Www` containing `day`."""
    year, week, _ = day.isocalendar()
    return _week_string(year, week)


def month_of(day: date) -> str:
    """The month `YYYY-MM` containing `day`."""
    return _month_string(day.year, day.month)


def hub_week_of(day: date) -> str:
    """The week the hub lists for `day`: its ISO week, W52 for a day of a W53 (the hub serves
    no W53)."""
    year, week, _ = day.isocalendar()
    return _week_string(year, min(week, 52))


def latest_period(kind: ListingKind, now: datetime | None = None) -> str | None:
    """The period that 'latest' means: None for daily and trending (the hub decides)."""
    day = today(now)
    if kind is ListingKind.WEEKLY:
        return hub_week_of(day)
    if kind is ListingKind.MONTHLY:
        return month_of(day)
    return None


def periods_of_day(day: str | None, now: datetime | None = None) -> dict[ListingKind, str]:
    """The week and the month that hold `day` (an ISO date; None: the latest day), as the
    weekly and monthly listings name them."""
    moment = today(now) if day is None else _parse_date(day)
    return {ListingKind.WEEKLY: hub_week_of(moment), ListingKind.MONTHLY: month_of(moment)}


def parse_period(kind: ListingKind, text: str) -> str:
    """Validate and normalise a period for `kind`; raises UsageError with a clear sentence."""
    text = text.strip()
    if kind is ListingKind.DAILY:
        return _parse_date(text).isoformat()
    if kind is ListingKind.WEEKLY:
        return _week_string(*_parse_week(text))
    if kind is ListingKind.MONTHLY:
        return _month_string(*_parse_month(text))
    raise UsageError(f"{kind.title} has no periods to choose from.")


def guess_period(text: str, now: datetime | None = None) -> tuple[ListingKind, str]:
    """Read `2026-11-20`, `2026-W47` or `2026-11` (or today, yesterday: as of `now`) and say
    which listing it names."""
    text = text.strip()
    if _DATE.match(text):
        return ListingKind.DAILY, parse_period(ListingKind.DAILY, text)
    if _WEEK.match(text):
        return ListingKind.WEEKLY, parse_period(ListingKind.WEEKLY, text)
    if _MONTH.match(text):
        return ListingKind.MONTHLY, parse_period(ListingKind.MONTHLY, text)
    if text.lower() in {"today", "yesterday"}:
        day = today(now) - timedelta(days=1 if text.lower() == "yesterday" else 0)
        return ListingKind.DAILY, day.isoformat()
    raise UsageError(f"'{text}' is not a date (YYYY-MM-DD), week (YYYY-Www) or month (YYYY-MM).")


def step(kind: ListingKind, period: str, delta: int) -> str:
    """The period `delta` steps before (negative) or after `period`."""
    try:
        return _step(kind, period, delta)
    except (OverflowError, ValueError):  # past year 1 or 9999
        raise UsageError(f"Cannot step {delta:+d} from {period}: outside the calendar.") from None


def _step(kind: ListingKind, period: str, delta: int) -> str:
    if kind is ListingKind.DAILY:
        return (_parse_date(period) + timedelta(days=delta)).isoformat()
    if kind is ListingKind.WEEKLY:
        year, week = _parse_week(period)
        monday = date.fromisocalendar(year, week, 1) + timedelta(weeks=delta)
        _, iso_week, _ = monday.isocalendar()
        if iso_week == 53:  # the hub does not accept W53: step over it
            monday += timedelta(weeks=1 if delta > 0 else -1)
        return week_of(monday)
    if kind is ListingKind.MONTHLY:
        year, month = _parse_month(period)
        index = year * 12 + (month - 1) + delta
        if not 1 <= index // 12 <= 9999:
            raise ValueError("year out of range")
        return _month_string(index // 12, index % 12 + 1)
    raise UsageError(f"{kind.title} has no periods to step through.")


def is_future(kind: ListingKind, period: str, now: datetime | None = None) -> bool:
    """True when `period` starts after today, so there is nothing to fetch yet."""
    day = today(now)
    if kind is ListingKind.DAILY:
        return _parse_date(period) > day
    if kind is ListingKind.WEEKLY:
        year, week = _parse_week(period)
        return date.fromisocalendar(year, week, 1) > day
    if kind is ListingKind.MONTHLY:
        year, month = _parse_month(period)
        return date(year, month, 1) > day
    return False


def is_current(kind: ListingKind, period: str | None, now: datetime | None = None) -> bool:
    """True when the period still gains papers (today, this week, this month, or latest)."""
    if period is None:
        return True
    return period == latest_period(kind, now) or (
        kind is ListingKind.DAILY and period >= (today(now) - timedelta(days=1)).isoformat()
    )


def _parse_date(text: str) -> date:
    match = _DATE.match(text)
    if not match:
        raise UsageError(f"'{text}' is not a date: use YYYY-MM-DD, for example 2026-03-06.")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise UsageError(f"'{text}' is not a real calendar date.") from None


def _parse_week(text: str) -> tuple[int, int]:
    match = _WEEK.match(text)
    if not match:
        raise UsageError(f"'{text}' is not a week: use YYYY-Www, for example 2026-W10.")
    year, week = int(match[1]), int(match[2])
    if year < 1:
        raise UsageError(f"'{text}' is not a week: years start at 0001.")
    if not 1 <= week <= 52:
        raise UsageError(f"Week {week} is out of range: Hugging Face serves weeks W01 to W52.")
    return year, week


def _week_string(year: int, week: int) -> str:
    """How a week is named, `YYYY-Www`: four-digit years, so every name parses back."""
    return f"{year:04d}-W{week:02d}"


def _month_string(year: int, month: int) -> str:
    """How a month is named, `YYYY-MM`: four-digit years, so every name parses back."""
    return f"{year:04d}-{month:02d}"


def _parse_month(text: str) -> tuple[int, int]:
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise UsageError(f"'{text}' is not a month: use YYYY-MM, for example 2026-03.")
    return int(match[1]), int(match[2])
