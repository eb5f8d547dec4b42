"""`paperreader keys` prints the key map in force, and a remap in the config works in the app
and its help screen."""

from __future__ import annotations

import json

from support.apps import demo_app, write_config
from support.cli import run

from paperreader.config import keymap
from paperreader.config.loading import load_settings
from paperreader.platform import paths

# ------------------------------------------------------------------------ paperreader keys


def test_keys_prints_the_active_map_with_remaps(capsys):
    code, out, err = run(capsys, "keys")
    assert code == 0 and err == ""
    rows = out.splitlines()
    assert rows[0].split() == ["ACTION", "KEYS", "DESCRIPTION"]
    assert len(rows) == 1 + len(keymap.ACTIONS)
    assert any(r.split(None, 2) == ["filter", "/", "Filter this list as you type"] for r in rows)

    write_config('[keys]\nfilter = "ctrl+f"\n"list.down" = "down,e"\n')
    code, out, err = run(capsys, "keys")
    assert code == 0 and err == ""
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert lines["filter"].split() == [
        "filter",
        "ctrl+f",
        "*",
        *["Filter", "this", "list", "as", "you", "type"],
    ]
    assert lines["list.down"].split()[:5] == ["list.down", "↓", "/", "e", "*"]
    assert lines["sort"].split()[:2] == ["sort", "s"]


def test_keys_json_and_problems(capsys):
    write_config('[keys]\nfilter = "ctrl+f"\nsort = "ctrl+"\n')
    code, out, err = run(capsys, "keys", "--json")
    assert code == 0
    assert err.startswith(f"paperreader: {paths.config_file()} line 3: keys.sort = ")
    rows = {row["id"]: row for row in json.loads(out)}
    assert list(rows) == list(keymap.ACTIONS)
    assert rows["filter"] == {
        "id": "filter",
        "keys": ["ctrl+f"],
        "display": "ctrl+f",
        "default": ["slash"],
        "remapped": True,
        "scope": "main",
        "description": "Filter this list as you type",
    }
    assert rows["sort"]["keys"] == ["s"] and not rows["sort"]["remapped"]


# ----------------------------------------------------------------- a remap in the real app


async def test_a_configured_remap_works_in_the_app_and_its_help():
    from paperreader.ui.screens.help import HelpScreen

    write_config('[keys]\nfilter = "ctrl+f"\n"list.down" = "down,e"\n')
    settings, problems = load_settings()
    assert problems == []
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        app.set_keymap(settings.keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.focused is app.main_screen.paper_list and app.main_screen.paper_list.cursor == 0
        await pilot.press("j")  # no longer a list key
        assert app.main_screen.paper_list.cursor == 0
        await pilot.press("e", "down")
        assert app.main_screen.paper_list.cursor == 2
        await pilot.press("slash")  # no longer the filter key
        await pilot.pause()
        assert app.focused is app.main_screen.paper_list
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.focused is app.main_screen.filter_input
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        assert isinstance(app.screen, HelpScreen)
        assert ("General", "^f", "Filter this list as you type") in app.screen._rows
        assert ("List", "↓ / e", "Next paper") in app.screen._rows
