"""Where the tabs stand after a move: the week and month tabs follow the day in view, and a
move a tab cannot make is refused in one sentence (no exception reaches the screen)."""

from __future__ import annotations

import pytest
from support.sessions import demo_session

from paperreader.domain.errors import UsageError
from paperreader.domain.filtering import SortOrder
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.ui.screens.controllers.navigation import Navigation, Refusal

D, W, M = ListingKind.DAILY, ListingKind.WEEKLY, ListingKind.MONTHLY


def navigation(start: ListingQuery) -> Navigation:
    return Navigation(demo_session(), start, SortOrder.UPVOTES)


def periods_of(nav: Navigation) -> tuple[str | None, str | None, str | None]:
    return tuple(nav.queries[kind].period for kind in (D, W, M))  # type: ignore[return-value]


def test_a_day_to_start_on_sets_the_week_and_month_that_hold_it():
    nav = navigation(ListingQuery(D, "2025-11-20"))
    assert periods_of(nav) == ("2025-11-20", "2025-W47", "2025-11")


def test_landing_on_a_day_by_any_move_moves_the_week_and_month_with_it():
    nav = navigation(ListingQuery(D, "2026-03-02"))
    assert periods_of(nav) == ("2026-03-02", "2026-W10", "2026-03")
    step = nav.step(-1, None)  # [ from a Monday: the Sunday of the week before, in February
    assert step == ListingQuery(D, "2026-03-01")
    nav.land(step)
    assert periods_of(nav) == ("2026-03-01", "2026-W09", "2026-03")
    nav.land(nav.step(-1, None))
    assert periods_of(nav) == ("2026-02-28", "2026-W09", "2026-02")
    nav.land(nav.goto("2025-12-31"))  # d: a day whose ISO week is the next year's first
    assert periods_of(nav) == ("2025-12-31", "2026-W01", "2025-12")
    latest = nav.latest()
    assert latest == ListingQuery(D, None)
    nav.land(latest)  # back to the latest day: the latest week and month
    assert periods_of(nav) == (None, "2026-W11", "2026-03")


def test_a_week_or_month_leaves_the_day_alone():
    nav = navigation(ListingQuery(D, "2026-02-10"))
    nav.land(ListingQuery(W, "2026-W02"))
    nav.land(ListingQuery(M, "2025-10"))
    assert periods_of(nav) == ("2026-02-10", "2026-W02", "2025-10")


@pytest.mark.parametrize("kind", [ListingKind.BOOKMARKS, ListingKind.LIBRARY, ListingKind.TRENDING])
def test_tabs_without_periods_refuse_to_step_or_jump_to_the_latest(kind):
    nav = navigation(ListingQuery(kind))
    for move in (nav.step(-1, None), nav.step(1, None), nav.latest()):
        assert move == Refusal(f"{kind.title} has no days to step through.", "warning")
    assert nav.query == ListingQuery(kind)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("x", "'x' is not a date (YYYY-MM-DD), week (YYYY-Www) or month (YYYY-MM)."),
        ("2026-04", "2026-04 is in the future: nothing has been published yet."),
        ("2023-05-03", "Daily Papers begins on 2023-05-04."),
        ("2026-02-30", "'2026-02-30' is not a real calendar date."),
    ],
)
def test_goto_says_why_a_typed_period_cannot_be_shown(typed, why):
    nav = navigation(ListingQuery(D))
    with pytest.raises(UsageError) as info:
        nav.goto(typed)
    assert info.value.message == why


def test_goto_today_is_the_sessions_today():
    nav = navigation(ListingQuery(D))
    assert nav.goto("today") == ListingQuery(D, "2026-03-13")
    assert nav.goto("yesterday") == ListingQuery(D, "2026-03-12")
