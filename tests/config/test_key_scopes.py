"""A key does one thing wherever it works: a remap onto a key that already works in the same
place (its own scope, or a scope whose keys work at the same time, such as the main screen's
while the list has focus) is reported with its config line and falls back to its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperreader.config import keymap
from paperreader.config.key_table import SCOPES
from paperreader.config.loading import load_settings


def load(config_path: Path, text: str):
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(text, encoding="utf-8")
    return load_settings()


def test_a_list_key_that_the_main_screen_also_binds_is_reported_with_its_line(config_path):
    settings, problems = load(config_path, '[keys]\nfilter = "ctrl+f"\n"list.down" = "down,j,n"\n')
    assert settings.keys == {"filter": "ctrl+f"}  # list.down keeps its default keys
    [problem] = problems
    assert (problem.key, problem.line) == ("keys.list.down", 3)
    assert str(problem).endswith(
        'line 3: keys.list.down = "down,j,n": n is the default key of note; using ↓ / j.'
    )


@pytest.mark.parametrize(
    ("line", "taken", "owner"),
    [
        ('"detail.down" = "n"', "n", "note"),  # the detail pane works inside the main screen
        ('"pane.down" = "n"', "n", "reader.next"),  # the reader's text pane
        ('"pane.down" = "N"', "N", "reader.previous"),  # the reader's text pane
        ('note = "G"', "G", "list.last"),  # the other way round: main's key onto the list's
    ],
)
def test_keys_that_work_at_the_same_time_may_not_repeat(config_path, line, taken, owner):
    settings, problems = load(config_path, f"[keys]\n{line}\n")
    [problem] = problems
    shown = keymap.display_key(keymap.normalise_key(taken))
    assert f": {shown} is the default key of {owner};" in problem.message
    assert settings.keys == {}


def test_a_key_may_repeat_where_the_two_never_work_together(config_path):
    # The detail pane is a text pane whose own keys replace the pane's: "x" never reaches it.
    text = '[keys]\n"menu.down" = "n"\n"help.down" = "r"\n"reader.next" = "b"\n"pane.top" = "x"\n'
    settings, problems = load(config_path, text + '"list.open" = "enter,space"\n')
    assert problems == []
    assert settings.keys == {
        "menu.down": "n",
        "help.down": "r",
        "reader.next": "b",
        "pane.top": "x",
        "list.open": "enter,space",
    }


def test_keys_shared_by_default_are_no_clash(config_path):
    # The reader's own scrolling keys and its text pane's are the same by design: remapping one
    # of them to keys the other already had by default is accepted.
    settings, problems = load(config_path, '[keys]\n"reader.down" = "j,J"\n')
    assert problems == []
    assert settings.keys == {"reader.down": "j,J"}


def test_the_default_key_map_has_no_clash_and_every_scope_is_in_a_focus_chain():
    assert keymap.clashes({}) == {}
    assert {scope for chain in keymap.FOCUS_CHAINS for scope in chain} == set(SCOPES)
