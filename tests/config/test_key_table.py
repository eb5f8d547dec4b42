"""The key table and key strings agree with Textual: theme names, key spelling, the bindings
the app really has, hints that name the key in force."""

from __future__ import annotations

import pytest

from paperreader.config import key_table, keymap
from paperreader.config.settings import THEMES

# ------------------------------------------------------------------- Textual agreement


def test_theme_names_are_textuals_builtin_themes():
    from textual.theme import BUILTIN_THEMES

    assert tuple(BUILTIN_THEMES) == THEMES


def test_key_spelling_agrees_with_textual():
    from textual.keys import _character_to_key, _normalize_key_list

    for code in [*range(0x21, 0x7F), 0xE9, 0x3B1, 0x2603]:
        assert keymap.character_key(chr(code)) == _character_to_key(chr(code))
    for keys in ("ctrl+f", "/", "down,j", "f5", "shift+tab", "?", "ctrl+d,pagedown", "["):
        assert keymap.normalise_keys(keys) == _normalize_key_list(keys)


def ui_classes_declaring_bindings() -> list[type]:
    """Every class in `paperreader.ui` with a `BINDINGS` of its own (not inherited)."""
    import importlib
    import inspect
    import pkgutil

    import paperreader.ui

    found = []
    for info in pkgutil.walk_packages(paperreader.ui.__path__, "paperreader.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                found.append(cls)
    return found


def test_keymap_table_is_exactly_the_apps_bindings():
    """Every binding in the UI comes from the key table, with the key, action and labels it
    gives; each scope is one class's BINDINGS, and every entry of the table is bound."""
    from textual.binding import Binding

    from paperreader.ui.screens.discussion import DiscussionScreen
    from paperreader.ui.screens.help import HelpScreen
    from paperreader.ui.screens.main import MainScreen
    from paperreader.ui.screens.menu import MenuScreen
    from paperreader.ui.screens.note import NoteScreen
    from paperreader.ui.screens.prompt import PromptScreen
    from paperreader.ui.screens.reader import ReaderScreen
    from paperreader.ui.widgets.filter_input import FilterInput
    from paperreader.ui.widgets.paper_detail import PaperDetail
    from paperreader.ui.widgets.paper_list import PaperList
    from paperreader.ui.widgets.rich_pane import RichPane

    owners = {
        "main": MainScreen,
        "list": PaperList,
        "detail": PaperDetail,
        "filter": FilterInput,
        "pane": RichPane,
        "help": HelpScreen,
        "menu": MenuScreen,
        "note": NoteScreen,
        "prompt": PromptScreen,
        "reader": ReaderScreen,
        "discussion": DiscussionScreen,
    }
    assert set(owners) == set(key_table.SCOPES)
    # No class binds a key of its own: each that declares BINDINGS is one scope's owner.
    assert sorted(map(str, ui_classes_declaring_bindings())) == sorted(map(str, owners.values()))
    by_id = {spec.id: spec for spec in key_table.BINDINGS}
    seen = []
    for scope, owner in owners.items():
        declared = vars(owner)["BINDINGS"]
        assert [binding.id for binding in declared] == [s.id for s in keymap.specs(scope)]
        for binding in declared:
            assert isinstance(binding, Binding)
            assert binding.id is not None, (owner, binding)
            spec = by_id[binding.id]
            seen.append(binding.id)
            assert (spec.scope, spec.key, spec.action, spec.description) == (
                scope,
                binding.key,
                binding.action,
                binding.description,
            ), binding.id
            assert (spec.tooltip or "", spec.show) == (binding.tooltip, binding.show), binding.id
    assert sorted(seen) == sorted(keymap.ACTIONS)
    assert list(keymap.DEFAULT_KEYS) == list(keymap.ACTIONS)
    assert all(keymap.ACTIONS.values())


def test_the_key_table_has_each_id_once_and_each_key_once_per_scope():
    ids = [spec.id for spec in key_table.BINDINGS]
    assert len(ids) == len(set(ids))
    for scope in key_table.SCOPES:
        keys = [key for spec in keymap.specs(scope) for key in spec.key.split(",")]
        assert len(keys) == len(set(keys)), scope
        assert keys, scope
    # Each default is already in Textual's spelling, so a remap compares equal to it.
    for spec in key_table.BINDINGS:
        assert keymap.normalise_keys(spec.key) == spec.key, spec.id


def test_a_hint_names_the_key_in_force():
    defaults = keymap.DEFAULT_KEYS
    assert keymap.hint("Press {refresh} to try again.", defaults) == "Press r to try again."
    assert keymap.hint("Press {period.previous} for the one before.", defaults) == (
        "Press [ for the one before."
    )
    assert keymap.hint("{note.save} saves · {note.cancel} cancels", defaults) == (
        "ctrl+s saves · esc cancels"
    )
    # Of several keys the first is named; a remap is named as people read it.
    assert keymap.hint("{help.close} to close", defaults) == "esc to close"
    remapped = keymap.effective_keys({"refresh": "f5,r", "reader.next": "right_square_bracket"})
    assert keymap.hint("Press {refresh} to try again.", remapped) == "Press f5 to try again."
    assert keymap.hint("{reader.next}/{reader.previous}", remapped) == "]/N"
    # Text without a placeholder stays as it is; an id outside the table is a mistake.
    assert keymap.hint("No {braces here}, 100% plain.", defaults) == "No {braces here}, 100% plain."
    with pytest.raises(KeyError):
        keymap.hint("Press {no.such.binding}", defaults)


@pytest.mark.parametrize(
    ("typed", "textual"),
    [
        ("ctrl+/", "ctrl+slash"),
        ("Esc", "escape"),
        ("PgDn", "pagedown"),
        ("ctrl+shift+f", "ctrl+shift+f"),
        ("+", "plus"),
        ("ctrl++", "ctrl+plus"),
        (" j , down ", "j,down"),
        ("question_mark", "question_mark"),
        ("F12", "f12"),
        ("é", "é"),
        (",", "comma"),
    ],
)
def test_key_strings_are_normalised(typed, textual):
    assert keymap.normalise_keys(typed) == textual


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("ctrl+", "a modifier without a key"),
        ("", "an empty key"),
        ("cmd+f", "'cmd' is not a modifier"),
        ("ctrl+foo", "'foo' is not a key name"),
        ("j,,k", 'write "comma"'),
        ("ctrl+F", 'write "ctrl+shift+f" instead'),
        ("j,j", "a key is listed twice"),
        ("ctrl+ctrl+a", "a modifier is repeated"),
    ],
)
def test_bad_key_strings_say_why(typed, reason):
    with pytest.raises(keymap.KeyStringError, match=reason.replace("+", r"\+")):
        keymap.normalise_keys(typed)


def test_key_display():
    assert keymap.display_keys("left_square_bracket") == "["
    assert keymap.display_keys("down,j") == "↓ / j"
    assert keymap.display_keys("ctrl+slash,escape") == "ctrl+/ / esc"
