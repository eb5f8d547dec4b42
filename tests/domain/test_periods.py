"""Dates, ISO weeks and months: parsing, stepping, guessing, 'latest' and the New York feed day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from paperreader.domain import periods
from paperreader.domain.errors import PaperReaderError, UsageError
from paperreader.domain.models import ListingKind

D, W, M = ListingKind.DAILY, ListingKind.WEEKLY, ListingKind.MONTHLY


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- the New York feed date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 3, 6, 3, 0), date(2026, 3, 5)),  # 22:00 EST the day before
        (utc(2026, 3, 6, 4, 59), date(2026, 3, 5)),
        (utc(2026, 3, 6, 5, 0), date(2026, 3, 6)),  # midnight EST
        (utc(2026, 7, 1, 3, 59), date(2026, 6, 30)),  # summer: EDT is UTC-4
        (utc(2026, 7, 1, 4, 0), date(2026, 7, 1)),
        (utc(2026, 1, 1, 3, 0), date(2025, 12, 31)),  # year boundary
        (datetime(2026, 3, 6, 1, 0, tzinfo=timezone(timedelta(hours=9))), date(2026, 3, 5)),
    ],
)
def test_today_is_the_new_york_date(now, expected):
    assert periods.today(now) == expected


@pytest.mark.parametrize(
    ("starts", "ends"),  # the hours daylight time began and ended, in UTC
    [
        (utc(2023, 3, 12, 7, 0), utc(2023, 11, 5, 6, 0)),
        (utc(2024, 3, 10, 7, 0), utc(2024, 11, 3, 6, 0)),
        (utc(2026, 3, 8, 7, 0), utc(2026, 11, 1, 6, 0)),
        (utc(2030, 3, 10, 7, 0), utc(2030, 11, 3, 6, 0)),
    ],
)
def test_the_feed_date_turns_with_new_yorks_daylight_time(starts, ends):
    minute = timedelta(minutes=1)
    assert periods._new_york_offset(starts - minute) == timedelta(hours=-5)
    assert periods._new_york_offset(starts) == timedelta(hours=-4)
    assert periods._new_york_offset(ends - minute) == timedelta(hours=-4)
    assert periods._new_york_offset(ends) == timedelta(hours=-5)


def test_the_feed_date_agrees_with_the_tz_database_hour_by_hour():
    # The system's tz database, else the `tzdata` package the test extras install.
    new_york = ZoneInfo("America/New_York")
    moment = utc(2023, 1, 1, 0, 0)
    while moment < utc(2031, 1, 1, 0, 0):
        assert periods.today(moment) == moment.astimezone(new_york).date(), moment
        moment += timedelta(minutes=30)


def test_today_without_now_uses_the_clock():
    got = periods.today()
    real = datetime.now(UTC).date()
    assert abs((got - real).days) <= 1


# --- parse_period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (D, "2026-03-06", "2026-03-06"),
        (D, "  2024-02-29 ", "2024-02-29"),
        (W, "2026-W10", "2026-W10"),
        (W, "2026-w7", "2026-W07"),
        (W, "2026W07", "2026-W07"),
        (W, "2026-W52", "2026-W52"),
        (W, "2026-W01", "2026-W01"),
        (M, "2026-03", "2026-03"),
        (M, "2025-12", "2025-12"),
    ],
)
def test_parse_period_normalises(kind, text, expected):
    assert periods.parse_period(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (D, "2026/03/06", "'2026/03/06' is not a date: use YYYY-MM-DD, for example 2026-03-06."),
        (D, "06-03-2026", "is not a date: use YYYY-MM-DD"),
        (D, "2026-3-6", "is not a date: use YYYY-MM-DD"),
        (D, "", "is not a date"),
        (D, "2026-02-30", "'2026-02-30' is not a real calendar date."),
        (D, "2025-02-29", "is not a real calendar date"),
        (D, "2025-13-40", "is not a real calendar date"),
        (D, "0000-01-01", "is not a real calendar date"),
        (W, "2026-W53", "Week 53 is out of range: Hugging Face serves weeks W01 to W52."),
        (W, "2020-W53", "Week 53 is out of range"),
        (W, "2026-W00", "Week 0 is out of range"),
        (W, "2026-W99", "Week 99 is out of range"),
        (W, "2026-10", "'2026-10' is not a week: use YYYY-Www, for example 2026-W10."),
        (W, "W10", "is not a week"),
        (W, "0000-W01", "is not a week"),
        (M, "2026-13", "'2026-13' is not a month: use YYYY-MM, for example 2026-03."),
        (M, "2026-00", "is not a month"),
        (M, "2026-3", "is not a month"),
        (M, "March 2026", "is not a month"),
        (M, "0000-01", "is not a month"),
        (ListingKind.TRENDING, "2026-03", "Trending has no periods to choose from."),
        (ListingKind.SEARCH, "2026-03", "Search has no periods to choose from."),
    ],
)
def test_parse_period_rejects_bad_input_clearly(kind, text, message):
    with pytest.raises(UsageError) as info:
        periods.parse_period(kind, text)
    assert message in info.value.message
    assert isinstance(info.value, PaperReaderError)


# --- guess_period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", (D, "2026-11-20")),
        (" 2026-W47 ", (W, "2026-W47")),
        ("2026w5", (W, "2026-W05")),
        ("2026-11", (M, "2026-11")),
    ],
)
def test_guess_period(text, expected):
    assert periods.guess_period(text) == expected


def test_guess_period_today_and_yesterday(monkeypatch):
    monkeypatch.setattr(periods, "today", lambda now=None: date(2026, 3, 1))
    assert periods.guess_period("today") == (D, "2026-03-01")
    assert periods.guess_period("Yesterday") == (D, "2026-02-28")


@pytest.mark.parametrize("text", ["tomorrow", "", "2026", "2026-11-20-01", "20261120", "W47"])
def test_guess_period_rejects_unknown_text(text):
    with pytest.raises(UsageError) as info:
        periods.guess_period(text)
    assert "is not a date (YYYY-MM-DD), week (YYYY-Www) or month (YYYY-MM)" in info.value.message


@pytest.mark.parametrize("text", ["2026-02-30", "2026-W53", "2026-13"])
def test_guess_period_passes_on_specific_errors(text):
    with pytest.raises(UsageError, match=r"calendar date|out of range|not a month"):
        periods.guess_period(text)


# --- step ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "delta", "expected"),
    [
        ("2026-03-06", 1, "2026-03-07"),
        ("2026-03-06", -1, "2026-03-05"),
        ("2026-03-06", 0, "2026-03-06"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2025-12-31", 1, "2026-01-01"),
        ("2026-01-01", -1, "2025-12-31"),
        ("2026-03-06", -365, "2025-03-06"),
    ],
)
def test_step_days(period, delta, expected):
    assert periods.step(D, period, delta) == expected


@pytest.mark.parametrize(
    ("period", "delta", "expected"),
    [
        ("2026-W10", 1, "2026-W11"),
        ("2026-W10", -1, "2026-W09"),
        ("2026-W10", 0, "2026-W10"),
        # 2026 has an ISO week 53, which the hub does not serve: it is stepped over
        ("2026-W52", 1, "2027-W01"),
        ("2027-W01", -1, "2026-W52"),
        ("2026-W51", 2, "2027-W01"),
        ("2027-W02", -2, "2026-W52"),
        # 2025 has 52 weeks: plain year boundary
        ("2025-W52", 1, "2026-W01"),
        ("2026-W01", -1, "2025-W52"),
        # 2020 had a W53 as well
        ("2020-W52", 1, "2021-W01"),
        ("2021-W01", -1, "2020-W52"),
        ("2026-W10", 52, "2027-W09"),  # 52 calendar weeks; 2026 has 53
    ],
)
def test_step_weeks(period, delta, expected):
    assert periods.step(W, period, delta) == expected


def test_step_weeks_never_lands_on_w53():
    period = "2019-W01"
    for _ in range(52 * 10):
        period = periods.step(W, period, 1)
        assert not period.endswith("W53")
        assert periods.parse_period(W, period) == period
    assert period.startswith("2029-")
    for _ in range(52 * 10):
        period = periods.step(W, period, -1)
        assert not period.endswith("W53")
    assert period.startswith("2019-")


@pytest.mark.parametrize(
    ("period", "delta", "expected"),
    [
        ("2026-03", 1, "2026-04"),
        ("2026-03", -1, "2026-02"),
        ("2025-12", 1, "2026-01"),
        ("2026-01", -1, "2025-12"),
        ("2026-03", -15, "2024-12"),
        ("2026-03", 22, "2028-01"),
        ("2026-03", 0, "2026-03"),
    ],
)
def test_step_months(period, delta, expected):
    assert periods.step(M, period, delta) == expected


@pytest.mark.parametrize(
    ("kind", "period", "delta"),
    [
        (D, "9999-12-31", 1),
        (D, "0001-01-01", -1),
        (W, "9999-W52", 1),
        (W, "0001-W01", -1),
        (M, "9999-12", 1),
        (M, "0001-01", -1),
        (D, "2026-03-06", 10**9),
    ],
)
def test_step_off_the_calendar_is_a_usage_error(kind, period, delta):
    with pytest.raises(UsageError, match="outside the calendar"):
        periods.step(kind, period, delta)


@pytest.mark.parametrize(
    ("kind", "period", "delta", "expected"),
    [
        (W, "0001-W02", -1, "0001-W01"),
        (W, "0999-W52", 1, "1000-W01"),
        (M, "0001-02", -1, "0001-01"),
        (M, "0999-12", 1, "1000-01"),
        (D, "0999-12-31", 1, "1000-01-01"),
    ],
)
def test_periods_of_early_years_keep_four_digit_names_that_parse_back(
    kind, period, delta, expected
):
    assert periods.step(kind, period, delta) == expected
    assert periods.parse_period(kind, period) == period
    assert periods.parse_period(kind, expected) == expected
    assert periods.week_of(date(5, 3, 6)) == "0005-W09"
    assert periods.month_of(date(5, 3, 6)) == "0005-03"


def test_step_rejects_bad_periods_and_kinds():
    with pytest.raises(UsageError, match="not a date"):
        periods.step(D, "2026-W10", 1)
    with pytest.raises(UsageError, match="Week 53"):
        periods.step(W, "2026-W53", 1)
    with pytest.raises(UsageError, match="not a month"):
        periods.step(M, "2026-13", 1)
    with pytest.raises(UsageError, match="Trending has no periods to step through"):
        periods.step(ListingKind.TRENDING, "2026-03", 1)


# --- is_future -------------------------------------------------------------------------------

NOW = utc(2026, 3, 6, 3, 0)  # still Thursday 2026-03-05 in New York, ISO week 2026-W10


@pytest.mark.parametrize(
    ("kind", "period", "future"),
    [
        (D, "2026-03-05", False),
        (D, "2026-03-06", True),  # already the 6th in UTC, not yet in New York
        (D, "2026-03-04", False),
        (D, "2027-01-01", True),
        (W, "2026-W10", False),
        (W, "2026-W11", True),
        (W, "2026-W09", False),
        (M, "2026-03", False),
        (M, "2026-04", True),
        (M, "2025-12", False),
    ],
)
def test_is_future(kind, period, future):
    assert periods.is_future(kind, period, NOW) is future


def test_is_future_flips_at_new_york_midnight():
    assert periods.is_future(D, "2026-03-06", utc(2026, 3, 6, 4, 59)) is True
    assert periods.is_future(D, "2026-03-06", utc(2026, 3, 6, 5, 0)) is False


def test_is_future_for_undated_kinds():
    assert periods.is_future(ListingKind.TRENDING, "2099-01", NOW) is False
    assert periods.is_future(ListingKind.SEARCH, "2099-01", NOW) is False


def test_is_future_rejects_bad_periods():
    with pytest.raises(UsageError):
        periods.is_future(W, "0000-W01", NOW)
    with pytest.raises(UsageError):
        periods.is_future(M, "0000-01", NOW)


# --- latest_period and is_current ------------------------------------------------------------


def test_latest_period_with_fixed_now():
    assert periods.latest_period(W, NOW) == "2026-W10"
    assert periods.latest_period(M, NOW) == "2026-03"
    assert periods.latest_period(D, NOW) is None
    assert periods.latest_period(ListingKind.TRENDING, NOW) is None
    assert periods.latest_period(ListingKind.SEARCH, NOW) is None


def test_latest_period_uses_the_new_york_date():
    # 03:00 UTC on 1 January is still 31 December in New York.
    assert periods.latest_period(M, utc(2026, 1, 1, 3, 0)) == "2025-12"
    assert periods.latest_period(M, utc(2026, 1, 1, 6, 0)) == "2026-01"
    # DST began on 2026-03-08, so Monday 2026-03-09 starts at 04:00 UTC in New York.
    assert periods.latest_period(W, utc(2026, 3, 9, 3, 59)) == "2026-W10"
    assert periods.latest_period(W, utc(2026, 3, 9, 4, 0)) == "2026-W11"


@pytest.mark.parametrize("now", [utc(2026, 12, 30, 12), utc(2027, 1, 2, 12), utc(2027, 1, 4, 4)])
def test_latest_week_during_w53_is_w52(now):
    assert periods.latest_period(W, now) == "2026-W52"


def test_latest_week_after_w53():
    assert periods.latest_period(W, utc(2027, 1, 4, 12)) == "2027-W01"


def test_latest_period_is_never_future_and_parses():
    moment = utc(2026, 1, 1)
    for _ in range(60):
        for kind in (W, M):
            latest = periods.latest_period(kind, moment)
            assert periods.parse_period(kind, latest) == latest
            assert not periods.is_future(kind, latest, moment)
        moment += timedelta(days=7, hours=5)


def test_is_current():
    assert periods.is_current(D, None, NOW) is True
    assert periods.is_current(D, "2026-03-05", NOW) is True  # today in New York
    assert periods.is_current(D, "2026-03-04", NOW) is True  # yesterday still gains papers
    assert periods.is_current(D, "2026-03-03", NOW) is False
    assert periods.is_current(W, "2026-W10", NOW) is True
    assert periods.is_current(W, "2026-W09", NOW) is False
    assert periods.is_current(M, "2026-03", NOW) is True
    assert periods.is_current(M, "2026-02", NOW) is False


def test_week_and_month_of():
    assert periods.week_of(date(2026, 3, 6)) == "2026-W10"
    assert periods.week_of(date(2027, 1, 1)) == "2026-W53"  # the raw ISO week, unclamped
    assert periods.week_of(date(2025, 12, 29)) == "2026-W01"
    assert periods.month_of(date(2026, 3, 6)) == "2026-03"
    assert date(2023, 5, 4) == periods.FIRST_DAY


# --- the week and month of a day ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week", "month"),
    [
        ("2026-11-20", "2026-W47", "2026-11"),
        ("2025-12-31", "2026-W01", "2025-12"),  # the ISO week belongs to the next year
        ("2026-12-29", "2026-W52", "2026-12"),  # in W53, which the hub does not serve
        ("2027-01-02", "2026-W52", "2027-01"),
    ],
)
def test_periods_of_a_day_are_the_week_and_month_the_hub_lists_it_in(day, week, month):
    assert periods.periods_of_day(day) == {W: week, M: month}


def test_periods_of_the_latest_day_are_the_latest_week_and_month():
    now = utc(2026, 3, 13, 18)
    assert periods.periods_of_day(None, now) == {
        W: periods.latest_period(W, now),
        M: periods.latest_period(M, now),
    }


def test_guess_period_reads_today_as_of_the_clock_given():
    assert periods.guess_period("today", utc(2026, 3, 6, 3, 0)) == (D, "2026-03-05")
