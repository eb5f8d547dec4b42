"""The key map: lookups over the key table, key strings, remaps, and hints that name keys.

The bindings themselves are declared in `key_table`. This module answers questions about
them: which ids `[keys]` accepts (`ACTIONS`), how a typed key is spelt in Textual's names
(`normalise_keys`) and shown to people (`display_keys`), which keys are in force once the
config's remaps apply (`effective_keys`, `clashes`), and how a text names the key the user
has now (`hint`). Nothing here imports Textual: `normalise_key` reimplements the few rules
the config needs, and a test checks them against Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from paperreader.config.key_table import BINDINGS, SCOPES, BindingSpec

ACTIONS: dict[str, str] = {spec.id: spec.help for spec in BINDINGS}
"""Binding id -> one-line description: the ids `[keys]` accepts."""

DEFAULT_KEYS: dict[str, str] = {spec.id: spec.key for spec in BINDINGS}
"""Binding id -> default key(s), comma-separated, in Textual's key names."""

SCOPE_OF: dict[str, str] = {spec.id: spec.scope for spec in BINDINGS}
"""Binding id -> scope."""


def specs(scope: str) -> tuple[BindingSpec, ...]:
    """The bindings of one scope, such as "main" or "list", in order."""
    if scope not in SCOPES:
        raise ValueError(f"unknown binding scope {scope!r}")
    return tuple(spec for spec in BINDINGS if spec.scope == scope)


# ----------------------------------------------------------------------------- key strings

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")

NAMED_KEYS = frozenset(
    {
        "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "insert", "delete",
        "backspace", "tab", "enter", "escape", "space",
        *(f"f{n}" for n in range(1, 25)),
    }
)  # fmt: skip
"""Keys with names that are not characters (Textual's `Keys` values, without modifiers)."""

KEY_ALIASES = {
    "esc": "escape",
    "return": "enter",
    "pgup": "pageup",
    "pgdn": "pagedown",
    "del": "delete",
    "ins": "insert",
}
"""Spellings people use that Textual does not: accepted and rewritten."""

# Textual renames a few Unicode character names (textual.keys.KEY_NAME_REPLACEMENTS).
_NAME_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def character_key(character: str) -> str:
    """Textual's key name for a typed character: "/" -> "slash", "a" -> "a", "?" -> ...

    The same rule as `textual.keys._character_to_key` (checked by a test).
    """
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = {"\t": "tab"}.get(character, character)
    return _NAME_REPLACEMENTS.get(name, name)


CHARACTER_NAMES = {character_key(chr(code)): chr(code) for code in range(0x21, 0x7F)}
"""Textual's name of every printable ASCII character -> the character ("slash" -> "/")."""


class KeyStringError(ValueError):
    """A key string that Textual would never match; the message says why."""


def normalise_key(text: str) -> str:
    """One key in Textual's spelling ("ctrl+/" -> "ctrl+slash", "Esc" -> "escape").

    Raises `KeyStringError` (a ValueError) with a short reason for a key that cannot work.
    """
    raw = text.strip()
    if not raw:
        raise KeyStringError("an empty key")
    if raw == "+":
        return "plus"
    if raw.endswith("++"):  # "ctrl++": the key itself is a plus
        raw = raw[:-1] + "plus"
    *modifiers, key = raw.split("+")
    modifiers = [modifier.strip().lower() for modifier in modifiers]
    key = key.strip()
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            raise KeyStringError(f"{modifier!r} is not a modifier ({', '.join(MODIFIERS)})")
    if len(modifiers) != len(set(modifiers)):
        raise KeyStringError("a modifier is repeated")
    if not key:
        raise KeyStringError("a modifier without a key")
    if len(key) == 1:
        if modifiers and key.isalpha() and key.isupper():
            raise KeyStringError(f'write "{"+".join(modifiers)}+shift+{key.lower()}" instead')
        key = character_key(key)
    else:
        lowered = key.lower()
        lowered = KEY_ALIASES.get(lowered, lowered)
        if lowered not in NAMED_KEYS and lowered not in CHARACTER_NAMES:
            raise KeyStringError(f"{key!r} is not a key name")
        key = lowered
    return "+".join([*modifiers, key])


def normalise_keys(text: str) -> str:
    """A comma-separated key list in Textual's spelling; raises `KeyStringError`."""
    if text.strip() == ",":
        return "comma"
    parts = text.split(",")
    if len(parts) > 1 and not all(part.strip() for part in parts):
        raise KeyStringError('an empty key in the list (write "comma" for the , key)')
    keys = [normalise_key(part) for part in parts]
    if len(keys) != len(set(keys)):
        raise KeyStringError("a key is listed twice")
    return ",".join(keys)


_DISPLAY = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "escape": "esc",
    "enter": "enter",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "delete": "del",
    "backspace": "backspace",
}


def display_key(key: str) -> str:
    """How one key is shown to people: "left_square_bracket" -> "[", "ctrl+d" -> "ctrl+d"."""
    *modifiers, name = key.split("+")
    shown = _DISPLAY.get(name) or CHARACTER_NAMES.get(name) or name
    return "+".join([*modifiers, shown])


def display_keys(keys: str) -> str:
    """A comma-separated key list as people read it: "down,j" -> "↓ / j"."""
    return " / ".join(display_key(key) for key in keys.split(","))


def effective_keys(remaps: Mapping[str, str] | None = None) -> dict[str, str]:
    """Binding id -> the keys in force once `remaps` (a `[keys]` table) is applied."""
    keys = dict(DEFAULT_KEYS)
    for binding_id, value in (remaps or {}).items():
        if binding_id in keys:
            keys[binding_id] = value
    return keys


FOCUS_CHAINS: tuple[tuple[str, ...], ...] = (
    ("main", "list"),
    ("main", "detail"),
    ("main", "filter"),
    ("reader", "pane"),
    ("discussion", "pane"),
    ("help",),
    ("menu",),
    ("note",),
    ("prompt",),
)
"""The scopes whose keys work at the same time, one tuple per place the focus can be.

Textual tries the focused widget's bindings, then its ancestors' and its screen's: with the
list or the detail pane focused, the main screen's keys work too; the reader and the
discussion show a text pane (the detail pane is one as well, but its own keys replace the
pane's, so `pane` remaps never reach it). A key bound twice
within one chain would do one thing or the other depending on the focus. A test checks the
chains against the widgets the app really mounts.
"""

_SHARED_SCOPES: dict[str, frozenset[str]] = {
    scope: frozenset(s for chain in FOCUS_CHAINS if scope in chain for s in chain)
    for scope in SCOPES
}
"""Scope -> every scope whose keys can work at the same time as its own (itself included)."""


def clashes(remaps: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Remapped ids whose key another binding that works at the same time also uses.

    Returns remapped id -> (the clashing key, the other binding id). Two bindings work at
    the same time when their scopes share a focus chain (`FOCUS_CHAINS`). A key both
    bindings have by default is no clash: such overlaps are designed (the reader scrolls its
    text pane with the same keys as the pane itself).
    """
    keys = effective_keys(remaps)
    holders: dict[str, list[str]] = {}
    for binding_id, value in keys.items():
        for key in value.split(","):
            holders.setdefault(key, []).append(binding_id)
    found: dict[str, tuple[str, str]] = {}
    for binding_id in remaps:
        if binding_id not in keys:
            continue
        shared = _SHARED_SCOPES[SCOPE_OF[binding_id]]
        for key in keys[binding_id].split(","):
            other = next(
                (
                    other
                    for other in holders[key]
                    if other != binding_id
                    and SCOPE_OF[other] in shared
                    and not _both_default(key, binding_id, other)
                ),
                None,
            )
            if other is not None:
                found[binding_id] = (key, other)
                break
    return found


def _both_default(key: str, first: str, second: str) -> bool:
    """Whether `key` is one of the default keys of both bindings (a designed overlap)."""
    return all(key in DEFAULT_KEYS[binding_id].split(",") for binding_id in (first, second))


# ---------------------------------------------------------------------------- hints

_PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)\}")


def hint(template: str, key_map: Mapping[str, str]) -> str:
    """`template` with each `{binding id}` replaced by the key that binding has now.

    `hint("Press {refresh} to try again.", key_map)` -> "Press r to try again.": the first of
    the binding's keys in `key_map` (the keys in force, as `effective_keys` gives them), as
    people read it ("escape" -> "esc", "slash" -> "/"). The template is code, never data:
    untrusted text is joined to the result, not put in the template. An id the key map does
    not have raises KeyError.
    """
    return _PLACEHOLDER.sub(
        lambda match: display_key(key_map[match.group(1)].split(",")[0]), template
    )
