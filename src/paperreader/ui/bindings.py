"""The key table in Textual's terms: `Binding`s built from it, and the keys in force now."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode

from paperreader.config.key_table import BINDINGS
from paperreader.config.keymap import effective_keys, specs

_FOOTER_PLACES: dict[str, tuple[int, int]] = {
    spec.id: (spec.rank, place) for place, spec in enumerate(BINDINGS)
}
_HELP: dict[str, str] = {spec.id: spec.help for spec in BINDINGS}


def bindings(scope: str) -> list[BindingType]:
    """The bindings of one scope (the main screen, the list, a pane, a dialog), with their ids
    for remapping.

    Every `BINDINGS` list in the UI is this: a key no entry of the key table declares would
    escape remapping, `paperreader keys` and the help screen.
    """
    return [
        Binding(
            spec.key,
            spec.action,
            spec.description,
            show=spec.show,
            tooltip=spec.tooltip or "",
            id=spec.id,
        )
        for spec in specs(scope)
    ]


def footer_place(binding: Binding) -> tuple[int, int]:
    """(rank, place in the key table) of a binding: how much the footer wants it, and where.

    Textual's own bindings (no id) rank lowest and go last.
    """
    return _FOOTER_PLACES.get(binding.id or "", (0, len(_FOOTER_PLACES)))


def described(binding: Binding) -> str:
    """What a binding does, in one line: the key table's words for ours (as `paperreader
    keys` says them), Textual's own for its bindings."""
    return _HELP.get(binding.id or "") or binding.tooltip or binding.description


def keys_in_force(app: App[Any]) -> dict[str, str]:
    """Binding id -> the keys that work now in `app`: the defaults, with its keymap applied.

    What `keymap.hint` takes, so a text names the key the user has, remapped or not:
    `hint("Press {refresh} to try again.", keys_in_force(self.app))`.
    """
    return effective_keys(app._keymap)


def live_bindings(app: App[Any], node: DOMNode) -> list[tuple[str, Binding]]:
    """`node`'s (key, binding) pairs with `app`'s keymap applied: the keys that work there.

    These are the node's merged bindings, Textual's own (scrolling, focus: no id) included.
    """
    return _remapped(app, node._bindings.copy())


def declared_bindings(app: App[Any], node: DOMNode) -> list[tuple[str, Binding]]:
    """The bindings `node`'s class declares from the key table, in the table's order, with
    `app`'s keymap applied (a remapped binding moves to the end, as Textual moves it).

    Read from the class, not from the node's merged bindings: those keep each key where a
    base class first bound it, so Textual's own tab binding would put "Next pane" first.
    """
    declared = BindingsMap(type(node).__dict__.get("BINDINGS", []))
    return [(key, binding) for key, binding in _remapped(app, declared) if binding.id]


def _remapped(app: App[Any], bindings_map: BindingsMap) -> list[tuple[str, Binding]]:
    """`bindings_map` (a copy the caller owns) with `app`'s keymap applied, as pairs."""
    if app._keymap:
        bindings_map.apply_keymap(app._keymap)
    return list(bindings_map)
