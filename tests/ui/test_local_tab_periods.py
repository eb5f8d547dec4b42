"""`[` and `]` on the Bookmarks and Library tabs: they have no days, so the keys say so in
one line instead of raising."""

from __future__ import annotations

import pytest
from support.sessions import demo_session

from paperreader.domain.filtering import SortOrder
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.ui.screens.controllers.navigation import Navigation, Refusal


@pytest.mark.parametrize("kind", [ListingKind.BOOKMARKS, ListingKind.LIBRARY])
@pytest.mark.parametrize("delta", [-1, 1])
def test_stepping_a_tab_without_days_is_refused_in_one_line(kind, delta):
    navigation = Navigation(demo_session(), ListingQuery(kind), SortOrder.UPVOTES)
    refusal = navigation.step(delta, None)
    assert refusal == Refusal(f"{kind.title} has no days to step through.", "warning")
