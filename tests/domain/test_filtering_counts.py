"""Counting papers of a view by id: what the status line says is hidden or new."""

from __future__ import annotations

from support.demo_data import latest_daily_items

from paperreader.domain.filtering import PaperView
from paperreader.formats.hub_json import parse_items


def test_count_of_counts_the_views_papers_among_the_ids_and_nothing_else():
    papers = parse_items(latest_daily_items()).papers
    view = PaperView(papers)
    ids = [p.id for p in papers]
    assert view.count_of(frozenset()) == 0
    assert view.count_of(frozenset(ids[:3]) | {"9999.99999"}) == 3
    assert view.count_of(frozenset(ids) | {f"x{n}" for n in range(50)}) == len(papers)
