"""The reader and the discussion name their keys once, in the footer: the status line above
it says what the page is doing, never which keys to press."""

from __future__ import annotations

import re

from support.apps import demo_app
from support.pilot import SIZE, line_of, open_modal, press, screen_text, settle, type_text

from paperreader.sources.demo import SHOWCASE_ID, demo_has_full_text
from paperreader.ui.screens.reader import ReaderScreen
from paperreader.ui.widgets.key_footer import KeyFooter

KEY_WORDS = re.compile(r"\b(back|find|refresh|contents|next/previous|opens)\b|·\s*\S+\s+back")


def footer_keys(app) -> list[str]:
    return [key.text for key in app.screen.query_one(KeyFooter).shown]


async def test_the_readers_status_names_no_key_while_loaded_or_finding():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.current.id == SHOWCASE_ID
        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.complete
        status = line_of(app, "#reader-status")
        assert status.startswith("Full text · ") and status.endswith(" sections")
        assert not KEY_WORDS.search(status), status
        for key in ("q Back", "/ Find", "n Next match", "N Prev match", "t Contents", "? Help"):
            assert key in footer_keys(app)

        await press(app, pilot, "slash")
        await type_text(app, pilot, "model")
        await press(app, pilot, "enter")
        status = line_of(app, "#reader-status")
        assert re.fullmatch(r"Match 1 of \d+", status), status
        await press(app, pilot, "n")
        assert re.fullmatch(r"Match 2 of \d+", line_of(app, "#reader-status"))


async def test_without_a_full_text_the_footer_offers_only_what_works():
    no_text = "2603.09230"
    assert not demo_has_full_text(no_text)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        while app.main_screen.paper_list.current.id != no_text:
            await press(app, pilot, "j")
        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        assert line_of(app, "#reader-status") == "Hugging Face has no full text for this paper."
        keys = footer_keys(app)
        assert "o Open" in keys and "q Back" in keys
        assert not any(key.startswith(("/ ", "n ", "N ", "t ")) for key in keys), keys
        assert "o Open" in screen_text(app).splitlines()[-1]


async def test_the_discussions_status_counts_the_comments_and_names_no_key():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        assert line_of(app, "#discussion-status") == "16 comments"
        for key in ("q Back", "r Refresh", "? Help"):
            assert key in footer_keys(app)
