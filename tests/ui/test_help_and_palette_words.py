"""The help screen and the palette speak of paperreader's own keys: one quit row, no entry
without a title, and each entry says what it does."""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import SIZE, open_modal, press, settle

from paperreader.ui.screens.help import HelpScreen


async def test_the_help_lists_quit_once_with_both_its_keys_and_no_textual_wording():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_modal(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen._rows
        quits = [row for row in rows if "quit" in row[2].lower() or row[1].startswith("q")]
        assert quits == [("General", "q / ^q", "Quit paperreader")]
        assert rows[0][2] == "Show the Daily tab"  # the screen's own keys come first
        assert not any("command prompt" in text for _section, _keys, text in rows)
        assert not any(keys.startswith("^c") for _section, keys, _text in rows)


async def entries(app) -> list[tuple[str, str]]:
    return [(str(c.title), str(c.help)) for c in app.get_system_commands(app.screen)]


async def test_every_palette_entry_has_a_title_and_says_what_it_does():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        found = {"main": await entries(app)}
        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        found["reader"] = await entries(app)
        await press(app, pilot, "q")
        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        found["discussion"] = await entries(app)
        await open_modal(app, pilot, "question_mark")
        found["help"] = await entries(app)
    for where, commands in found.items():
        for title, help_text in commands:
            assert title.strip(), f"{where}: an entry without a title ({help_text!r})"
            assert not help_text.startswith(f"{title} (key:"), f"{where}: {help_text!r}"
    main = dict(found["main"])
    assert main["Search"] == "Find papers on Hugging Face (key: f)"
    assert dict(found["reader"])["Back"] == "Leave the reader (key: q)"
