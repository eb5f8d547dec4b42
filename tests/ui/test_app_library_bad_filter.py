"""A malformed filter in the Library tab's search says what is wrong with it, where the
papers would be, instead of showing "nothing matches"."""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import SIZE, list_words, press, settle, status, type_text


async def test_a_bad_filter_in_the_library_search_is_named():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "7")
        await press(app, pilot, "slash")
        await type_text(app, pilot, "attention year:abc")
        await settle(app, pilot)
        shown = f"{status(app)} {list_words(app)}"
        assert "bad filter year:abc: a year is four digits" in shown
        assert "Nothing in the library matches" not in shown
        assert app.main_screen.paper_list.papers == ()

        await press(app, pilot, "backspace", "backspace", "backspace")
        await type_text(app, pilot, "2026")
        await settle(app, pilot)
        assert status(app).startswith('Library "attention year:2026" · ')
        assert app.main_screen.paper_list.papers
