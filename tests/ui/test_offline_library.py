"""The app offline on a day the paper library holds whole: the same service call as `list
--offline`, so the same papers, labelled as coming from the library."""

from __future__ import annotations

from support.pilot import SIZE, settle, status

from paperreader.domain.models import ListingKind, ListingQuery, Origin
from paperreader.platform import paths
from paperreader.storage.library import FILE_NAME, Library
from paperreader.ui.app import PaperReaderApp


async def test_the_app_offline_lists_a_day_from_the_library(make_service, fake_hub):
    day = ListingQuery(ListingKind.DAILY, "2026-09-29")
    online = make_service()
    online.library.store = Library(paths.data_dir() / FILE_NAME)
    fetched = await online.papers.get_listing(day)
    await online.aclose()
    online.cache.clear()
    fake_hub.reset()

    offline = make_service(offline=True)
    offline.library.store = Library(paths.data_dir() / FILE_NAME)
    app = PaperReaderApp(offline, day)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listing = app.main_screen.listings.listing
        assert listing is not None and listing.origin is Origin.LIBRARY
        assert {p.id for p in app.main_screen.paper_list.papers} == {p.id for p in fetched.papers}
        line = status(app)
        assert line.startswith(f"Daily {day.period} · {len(fetched.papers)} papers")
        assert "from the library, fetched " in line and "offline" in line
    assert fake_hub.requests == []
