"""A search for a paper's id or link is that paper: how the app's go-to prompt (`d`) and
`paperreader list --search URL` open one paper by any spelling of its id."""

from __future__ import annotations

from support import fakehub
from support.sessions import hub_session

from paperreader.domain.models import ListingKind, ListingQuery


async def test_a_search_for_a_link_lists_that_paper_from_the_paper_endpoint(fake_hub):
    session = hub_session(fake_hub.url)
    try:
        link = f"https://arxiv.org/abs/{fakehub.RICH_PAPER_ID}v2"
        listing = await session.papers.get_listing(ListingQuery(ListingKind.SEARCH, text=link))
    finally:
        await session.aclose()
    assert [p.id for p in listing.papers] == [fakehub.RICH_PAPER_ID]
    assert [r.path for r in fake_hub.requests] == [f"/api/papers/{fakehub.RICH_PAPER_ID}"]


async def test_words_are_still_a_search(fake_hub):
    session = hub_session(fake_hub.url)
    try:
        await session.papers.get_listing(ListingQuery(ListingKind.SEARCH, text="diffusion"))
    finally:
        await session.aclose()
    assert [r.path for r in fake_hub.requests] == ["/api/papers/search"]
