"""One wording rule for counts: the number, grouped by thousands, and its noun agreeing."""

from __future__ import annotations

import pytest

from paperreader.domain.text import counted


@pytest.mark.parametrize(
    ("number", "noun", "plural", "expected"),
    [
        (0, "paper", None, "0 papers"),
        (1, "paper", None, "1 paper"),
        (2, "paper", None, "2 papers"),
        (1, "day", None, "1 day"),
        (1775, "request", None, "1,775 requests"),
        (-1, "paper", None, "-1 papers"),
        (1, "match", "matches", "1 match"),
        (3, "match", "matches", "3 matches"),
        (2, "reply", "replies", "2 replies"),
    ],
)
def test_counted_says_the_number_with_its_noun(number, noun, plural, expected):
    assert counted(number, noun, plural) == expected


def test_counted_without_the_number_gives_the_noun_alone():
    assert counted(1, "bookmark", number=False) == "bookmark"
    assert counted(4, "bookmark", number=False) == "bookmarks"
