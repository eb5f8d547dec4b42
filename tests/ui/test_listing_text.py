"""What an empty list says: true for the tab it is in, naming the keys in force."""

from __future__ import annotations

from datetime import UTC, datetime

from paperreader.domain.models import Listing, ListingKind, ListingQuery, Origin
from paperreader.ui.screens.controllers.listing_text import empty_message

KEYS = {"watch": "w", "bookmark": "b", "period.previous": "[", "refresh": "r"}


def empty(query: ListingQuery) -> Listing:
    return Listing(query, (), Origin.LOCAL, datetime.now(UTC))


def test_an_empty_for_you_tab_says_how_to_fill_it_not_to_go_to_an_earlier_period():
    message = empty_message(empty(ListingQuery(ListingKind.FOR_YOU)), KEYS)
    assert "press w to watch" in message
    assert "(b)" in message
    assert "[" not in message and "period" not in message


def test_no_papers_like_a_paper_names_the_paper():
    message = empty_message(empty(ListingQuery(ListingKind.FOR_YOU, text="2603.01234")), KEYS)
    assert message.startswith("No paper in the library is like 2603.01234 yet")


def test_an_empty_day_still_points_at_the_one_before():
    query = ListingQuery(ListingKind.DAILY, period="2026-03-01")
    assert empty_message(empty(query), KEYS) == (
        "No papers for 2026-03-01. Press [ for the one before."
    )
