"""The key table in Textual's terms: `Binding`s built from it, and the keys in force now."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode

from paperreader.config.keymap import effective_keys, specs


def bindings(scope: str) -> list[BindingType]:
    """The bindings of one scope (app, list, a pane, a screen), with their ids for remapping.

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


def keys_in_force(app: App[Any]) -> dict[str, str]:
    """Binding id -> the keys that work now in `app`: the defaults, with its keymap applied.

    What `keymap.hint` takes, so a text names the key the user has, remapped or not:
    `hint("Press {refresh} to try again.", keys_in_force(self.app))`.
    """
    return effective_keys(app._keymap)


def live_bindings(app: App[Any], node: DOMNode) -> BindingsMap:
    """`node`'s bindings with `app`'s keymap applied: the keys that actually work there."""
    live = node._bindings.copy()
    if app._keymap:
        live.apply_keymap(app._keymap)
    return live
