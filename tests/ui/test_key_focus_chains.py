"""The key map's focus chains match the app: for every widget that can take the focus, the
scopes of the key-table bindings that work there (its own and its ancestors' up to the
screen) are one of `keymap.FOCUS_CHAINS`, so the config's clash check sees every place a key
could do two things."""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import SIZE, open_modal, press, select, settle
from textual.screen import Screen

from paperreader.config import keymap
from paperreader.sources.demo import demo_has_full_text
from paperreader.ui.screens.discussion import DiscussionScreen
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.reader import ReaderScreen

NO_TEXT_ID = "2603.09230"
"""A demo paper without a full text."""


def chains_of(screen: Screen) -> set[frozenset[str]]:
    """The scopes in force at each focusable widget of `screen` (and at the screen itself)."""
    found: set[frozenset[str]] = set()
    for node in screen.walk_children(with_self=True):
        if node is not screen and not node.can_focus:
            continue
        scopes = {
            keymap.SCOPE_OF[binding.id]
            for ancestor in node.ancestors_with_self
            if ancestor is screen or screen in ancestor.ancestors
            for _key, binding in ancestor._bindings
            if binding.id in keymap.SCOPE_OF
        }
        if scopes:
            found.add(frozenset(scopes))
    return found


def covered(found: set[frozenset[str]]) -> bool:
    return all(any(scopes <= set(chain) for chain in keymap.FOCUS_CHAINS) for scopes in found)


async def test_every_screen_binds_keys_only_in_the_chains_the_clash_check_knows():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = chains_of(app.screen)
        assert {frozenset({"main", "list"}), frozenset({"main", "detail"})} <= main
        seen = set(main)
        assert not demo_has_full_text(NO_TEXT_ID)
        await select(app, pilot, NO_TEXT_ID)  # its reader shows the abstract in a text pane
        for key, kind in (("v", ReaderScreen), ("c", DiscussionScreen), ("?", HelpScreen)):
            await open_modal(app, pilot, key)
            assert isinstance(app.screen, kind)
            await settle(app, pilot)
            seen |= chains_of(app.screen)
            await press(app, pilot, "escape")
        assert frozenset({"reader", "pane"}) in seen
        assert frozenset({"discussion", "pane"}) in seen
        assert covered(seen), seen
