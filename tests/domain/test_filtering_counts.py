"""Counting papers of a view by id (what the status line says is hidden or new), and the
index numbers its orders share."""

from __future__ import annotations

from support.demo_data import latest_daily_items

from paperreader.domain.filtering import PaperView, SortOrder
from paperreader.formats.hub_json import parse_items


def test_count_of_counts_the_views_papers_among_the_ids_and_nothing_else():
    papers = parse_items(latest_daily_items()).papers
    view = PaperView(papers)
    ids = [p.id for p in papers]
    assert view.count_of(frozenset()) == 0
    assert view.count_of(frozenset(ids[:3]) | {"9999.99999"}) == 3
    assert view.count_of(frozenset(ids) | {f"x{n}" for n in range(50)}) == len(papers)


def test_every_order_and_the_id_table_share_the_hub_orders_index_numbers():
    daily = parse_items(latest_daily_items()).papers
    # Past 256 rows, where Python stops sharing small ints by itself.
    papers = tuple(
        paper._replace(id=f"{paper.id}-{n}", upvotes=paper.upvotes + n)
        for n in range(30)
        for paper in daily
    )
    assert len(papers) > 256
    view = PaperView(papers)
    by_upvotes = view.ordered(SortOrder.UPVOTES)  # asked for before the hub order on purpose
    hub = view.ordered(SortOrder.HUB)
    assert hub == list(range(len(papers)))
    assert [papers[i].upvotes for i in by_upvotes] == sorted(
        (p.upvotes for p in papers), reverse=True
    )
    shared = {id(i) for i in hub}
    for order in SortOrder:
        assert {id(i) for i in view.ordered(order)} == shared, order
    assert all(view.index_of(p.id) is hub[n] for n, p in enumerate(papers))
