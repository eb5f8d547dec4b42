"""The go-to prompt (`d`) takes a paper as well as a period: any spelling of its id that the
one id rule reads opens it as a search for that paper."""

from __future__ import annotations

import pytest
from support.sessions import demo_session

from paperreader.domain.errors import UsageError
from paperreader.domain.filtering import SortOrder
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.ui.screens.controllers.navigation import Navigation


def navigation() -> Navigation:
    return Navigation(demo_session(), ListingQuery(ListingKind.DAILY), SortOrder.UPVOTES)


@pytest.mark.parametrize(
    ("typed", "paper_id"),
    [
        ("2603.01234", "2603.01234"),
        ("arXiv:2603.01234v2", "2603.01234"),
        ("https://huggingface.co/papers/2603.01234", "2603.01234"),
        ("https://arxiv.org/pdf/2603.01234.pdf", "2603.01234"),
        ("hep-th/9901001", "hep-th/9901001"),
    ],
)
def test_goto_a_paper_is_a_search_for_it(typed, paper_id):
    assert navigation().goto(typed) == ListingQuery(ListingKind.SEARCH, text=paper_id)


def test_goto_a_period_is_unchanged_and_anything_else_still_says_why():
    nav = navigation()
    assert nav.goto("2026-03-01") == ListingQuery(ListingKind.DAILY, "2026-03-01")
    with pytest.raises(UsageError, match="is not a date"):
        nav.goto("https://example.com/papers/2603.01234")
