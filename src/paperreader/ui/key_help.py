"""The keys that work now, as the help screen lists them and the palette offers them.

Both read the live bindings (`ui.bindings`), so a remapped key is listed as it now works:
each node's bindings are read with the app's keymap applied, the way Textual applies it when
a key is pressed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode

from paperreader.ui.bindings import declared_bindings, described, live_bindings

KeyRow = tuple[str, str, str]
"""(section, keys, description): one row of the help screen."""

PALETTE_ACTIONS = frozenset({"command_palette", "app.command_palette"})

UNLISTED_ACTIONS = frozenset({"quit", "back"})
"""Actions the palette does not offer: it has its own Quit, and going back means nothing
from the palette."""


def our_bindings(app: App[Any], node: DOMNode) -> list[tuple[str, Binding]]:
    """`node`'s live bindings from the key table: ours all have an id, and Textual's own
    scrolling and focus bindings have none."""
    return [(key, binding) for key, binding in live_bindings(app, node) if binding.id]


def general_bindings(app: App[Any], screen: DOMNode) -> list[tuple[str, Binding]]:
    """The keys that work all over a screen: the screen's, then the app's own (Textual's
    ctrl+q joins our q on one row: `key_rows` lists an action once), and last the command
    palette's, which reaches all the others."""
    own = live_bindings(app, app)
    palette = [(key, binding) for key, binding in own if binding.action in PALETTE_ACTIONS]
    rest = [(key, binding) for key, binding in own if binding.action not in PALETTE_ACTIONS]
    return declared_bindings(app, screen) + rest + palette


def key_rows(
    app: App[Any], sections: Iterable[tuple[str, Sequence[tuple[str, Binding]]]]
) -> list[KeyRow]:
    """One row per action of each (section title, bindings), its keys joined ("↓ / j") in
    the spelling the footer uses and described by the first binding that has it; a binding
    without a description (Textual's ctrl+c) is left out."""
    rows: list[KeyRow] = []
    for section, pairs in sections:
        grouped: dict[str, tuple[str, list[str]]] = {}
        for key, binding in pairs:
            if not binding.description:
                continue
            shown = app.get_key_display(binding.with_key(key))
            grouped.setdefault(binding.action, (described(binding), []))[1].append(shown)
        for description, keys in grouped.values():
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
            f"{described(binding)} (key: {app.get_key_display(binding)})",
            lambda action=binding.action: run(action),
        )
