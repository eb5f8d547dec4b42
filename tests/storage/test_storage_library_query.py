"""The library's query language refuses a malformed filter with a sentence that names it,
instead of searching for its text and silently finding nothing."""

from __future__ import annotations

import pytest

from paperreader.domain.errors import UsageError
from paperreader.storage.library import parse_query

BAD = {
    "year:abc": "bad filter year:abc: a year is four digits",
    "year:24": "bad filter year:24: a year is four digits",
    "year:>=99": "bad filter year:>=99: a year is four digits",
    "year:2024-25": "bad filter year:2024-25: a year is four digits",
    "upvotes:many": "bad filter upvotes:many: upvotes are a whole number",
    "votes:>-3": "bad filter votes:>-3: upvotes are a whole number",
    "comments:lots": "bad filter comments:lots: comments are a whole number",
    "has:nothing": "bad filter has:nothing: has: takes code or project",
    "author:***": "bad filter author:***: a name needs a letter or digit",
    'org:"--"': 'bad filter org:"--": a name needs a letter or digit',
}


@pytest.mark.parametrize("text", sorted(BAD))
def test_a_malformed_filter_is_an_error_that_names_it(text):
    with pytest.raises(UsageError) as raised:
        parse_query(f"diffusion {text} models")
    assert raised.value.message.startswith(BAD[text])
    assert "\n" not in raised.value.message


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("year:2025", "year_min", 2025),
        ("year:2023..2024", "year_max", 2024),
        ("year:<2024", "year_max", 2023),
        ("upvotes:=7", "upvotes_min", 7),
        ("likes:<=3", "upvotes_max", 3),
        ("comments:>2", "comments_min", 3),
        ("has:github", "has_code", True),
        ("has:Website", "has_project", True),
    ],
)
def test_every_well_formed_filter_still_reads(text, field, value):
    assert getattr(parse_query(text), field) == value


def test_a_filter_still_being_typed_and_unknown_fields_are_not_errors():
    assert not parse_query("author: year: has:").has_filters
    assert [t.text for t in parse_query("title:* arxiv:2401").terms] == ["title:*", "arxiv:2401"]
