"""One web link for a paper everywhere a session gives one: the copy key, `show --json`,
`list --json`, `search-local --json` and every bookmark export build it with the same rule
(`links.web_site` of the endpoint, then `links.paper_page`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from paperreader.domain.links import paper_page, web_site
from paperreader.domain.models import Bookmark, Paper
from paperreader.formats.export.bookmarks import export_bookmarks
from paperreader.formats.export.paper_json import paper_to_dict
from paperreader.service.compose import build_session

PAPER = Paper(id="2603.01234", title="Tiny Models Read Papers")


@pytest.mark.parametrize(
    "endpoint",
    ["https://huggingface.co", "https://hf.co/", "http://huggingface.co", "http://127.0.0.1:9/"],
)
async def test_every_front_end_builds_the_same_paper_link(endpoint):
    session = build_session(endpoint=endpoint, token=None, offline=True)
    try:
        expected = paper_page(PAPER.id, web_site(endpoint))
        assert session.web_url == web_site(endpoint)
        assert session.papers.links(PAPER).hf == expected  # y, o, the reader, the menus
        assert paper_to_dict(PAPER, session.web_url)["links"]["hf"] == expected
        mark = Bookmark(PAPER, datetime(2026, 3, 6, tzinfo=UTC))
        for fmt in ("markdown", "csv"):
            exported = export_bookmarks([mark], fmt, web=session.web_url)
            assert expected in exported
            assert exported.count("/papers/") == 1
    finally:
        await session.aclose()
