"""The keys that work now, read from the live bindings: for the help screen and the palette.

A remapped key is listed as it now works: each node's bindings are read with the app's keymap
applied, the way Textual applies it when a key is pressed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

KeyRow = tuple[str, str, str]
"""(section, keys, description)."""

PALETTE_ACTIONS = frozenset({"command_palette", "app.command_palette"})

UNLISTED_ACTIONS = frozenset({"quit", "back"})
"""Actions the palette does not offer: it has its own Quit, and going back means nothing
from the palette."""


def live_bindings(app: App[Any], node: DOMNode) -> list[tuple[str, Binding]]:
    """`node`'s (key, binding) pairs with the app's keymap applied: the keys that work."""
    bindings = node._bindings.copy()
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    return list(bindings)


def declared_bindings(app: App[Any], node: DOMNode) -> list[tuple[str, Binding]]:
    """The bindings `node`'s class declares from the key table, in the table's order, with
    the app's keymap applied (a remapped binding moves to the end, as Textual moves it).

    Read from the class, not from the node's merged bindings: those keep each key where a
    base class first bound it, so Textual's own tab binding would put "Next pane" first."""
    bindings = BindingsMap(type(node).__dict__.get("BINDINGS", []))
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    return [(key, binding) for key, binding in bindings if binding.id]


def our_bindings(app: App[Any], node: DOMNode) -> list[tuple[str, Binding]]:
    """`node`'s live bindings from the key table: ours all have an id, and Textual's own
    scrolling and focus bindings have none."""
    return [(key, binding) for key, binding in live_bindings(app, node) if binding.id]


def general_bindings(app: App[Any], screen: DOMNode) -> list[tuple[str, Binding]]:
    """The keys that work all over a screen: the app's own, the screen's, and last the
    command palette's, which reaches all the others."""
    own = live_bindings(app, app)
    palette = [(key, binding) for key, binding in own if binding.action in PALETTE_ACTIONS]
    rest = [(key, binding) for key, binding in own if binding.action not in PALETTE_ACTIONS]
    return rest + declared_bindings(app, screen) + palette


def key_rows(
    app: App[Any], sections: Iterable[tuple[str, Sequence[tuple[str, Binding]]]]
) -> list[KeyRow]:
    """One row per action of each section, its keys joined ("↓ / j")."""
    rows: list[KeyRow] = []
    for section, pairs in sections:
        grouped: dict[tuple[str, str], list[str]] = {}
        for key, binding in pairs:
            if not binding.description:
                continue
            shown = app.get_key_display(binding.with_key(key))
            text = binding.tooltip or binding.description
            grouped.setdefault((binding.action, text), []).append(shown)
        for (_action, description), keys in grouped.items():
            rows.append((section, " / ".join(dict.fromkeys(keys)), description))
    return rows


def binding_commands(
    app: App[Any], node: DOMNode, run: Callable[[str], object]
) -> Iterator[SystemCommand]:
    """A palette command for each of `node`'s actions, once each, run by `run(action)`."""
    seen: set[str] = set()
    for _key, binding in declared_bindings(app, node):
        if binding.action in seen or binding.action in UNLISTED_ACTIONS:
            continue
        seen.add(binding.action)
        if binding.action.startswith(("focus_", "show_tab")):
            continue
        yield SystemCommand(
            binding.description,
            f"{binding.description} (key: {app.get_key_display(binding)})",
            lambda action=binding.action: run(action),
        )
