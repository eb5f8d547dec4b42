"""Every key binding the app has, in one table: the single source of truth for the keys.

The UI builds its `Binding`s from `BINDINGS` (per scope), the config validates `[keys]`
against `ACTIONS`, and `paperreader keys` prints the map. Key strings use Textual's names
("slash", "question_mark", "ctrl+d"); a comma separates alternatives ("down,j"). Nothing
here imports Textual: `normalise_key` reimplements the few rules the config needs, and a
test checks them against Textual.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BindingSpec:
    """One remappable binding: what a `textual.binding.Binding(...)` is built from."""

    id: str
    """The binding id users remap in `[keys]` (Textual's keymap id)."""
    key: str
    """The default key(s), comma-separated, in Textual's key names."""
    action: str
    """The Textual action string, such as "cycle_sort" or "show_tab('daily')"."""
    description: str
    """The short label shown in the footer."""
    scope: str
    """Whose BINDINGS: app, list (PaperList), detail (PaperDetail), or a dialog's screen."""
    tooltip: str | None = None
    """The longer explanation (help screen, footer tooltip); None keeps the label."""
    show: bool = True
    """Whether the footer shows it."""
    summary: str | None = None
    """What `paperreader keys` says when the tooltip is missing or too terse."""

    @property
    def help(self) -> str:
        """One line describing the action, for `paperreader keys` and the config template."""
        return self.summary or self.tooltip or self.description


SCOPES = ("app", "list", "detail", "help", "menu", "note", "prompt", "reader", "discussion")
"""The nodes that own bindings; a key may be used once per scope."""

_TABS = ("daily", "weekly", "monthly", "trending", "search", "bookmarks", "library")

BINDINGS: tuple[BindingSpec, ...] = (
    *(
        BindingSpec(
            f"tab.{tab}",
            str(number),
            f"show_tab('{tab}')",
            tab.capitalize(),
            "app",
            show=False,
            summary=f"Show the {tab.capitalize()} tab",
        )
        for number, tab in enumerate(_TABS, 1)
    ),
    BindingSpec("filter", "slash", "filter", "Filter", "app", "Filter this list as you type"),
    BindingSpec("search", "f", "search", "Search HF", "app", "Find papers on Hugging Face"),
    BindingSpec(
        "sort", "s", "cycle_sort", "Sort", "app", "Sort by upvotes, newest, title, comments"
    ),
    BindingSpec(
        "period.previous",
        "left_square_bracket",
        "step(-1)",
        "Prev",
        "app",
        "Previous day, week or month",
    ),
    BindingSpec(
        "period.next", "right_square_bracket", "step(1)", "Next", "app", "Next day, week or month"
    ),
    BindingSpec(
        "period.latest",
        "full_stop",
        "latest",
        "Latest",
        "app",
        "Back to the latest day, week or month",
        show=False,
    ),
    BindingSpec(
        "period.goto", "d", "goto", "Go to date", "app", "Go to a date, week or month", show=False
    ),
    BindingSpec("refresh", "r", "refresh", "Refresh", "app", "Refresh, bypassing the cache"),
    BindingSpec("bookmark", "b", "bookmark", "Bookmark", "app", "Bookmark on / off"),
    BindingSpec("tags", "t", "tags", "Tags", "app", "Tags of the bookmark", show=False),
    BindingSpec("note", "n", "note", "Note", "app", "Note of the bookmark", show=False),
    BindingSpec("read", "x", "toggle_read", "Read", "app", "Mark read / unread", show=False),
    BindingSpec(
        "hide", "h", "hide_read", "Hide read", "app", "Hide / show read papers", show=False
    ),
    BindingSpec("copy", "y", "copy_link", "Copy", "app", "Copy the Hugging Face link"),
    BindingSpec(
        "copy.menu",
        "Y",
        "copy_menu",
        "Copy…",
        "app",
        "Copy menu: arXiv, PDF, BibTeX, Markdown, id",
        show=False,
    ),
    BindingSpec("open.page", "o", "open_page", "Open", "app", "Open the paper page in the browser"),
    BindingSpec("fulltext", "v", "read_full_text", "Read", "app", "Read the full paper text"),
    BindingSpec(
        "discussion", "c", "discussion", "Comments", "app", "Discussion (comments)", show=False
    ),
    BindingSpec(
        "links",
        "L",
        "links_menu",
        "Links",
        "app",
        "Links menu: GitHub, project, linked models, datasets, Spaces",
        show=False,
    ),
    BindingSpec(
        "open.pdf", "p", "open_pdf", "PDF", "app", "Open the PDF in the browser", show=False
    ),
    BindingSpec(
        "pane.next",
        "tab",
        "focus_next",
        "Next pane",
        "app",
        show=False,
        summary="Focus the next pane",
    ),
    BindingSpec(
        "pane.previous",
        "shift+tab",
        "focus_previous",
        "Previous pane",
        "app",
        show=False,
        summary="Focus the previous pane",
    ),
    BindingSpec("back", "escape", "back", "Back", "app", "Back / clear the filter", show=False),
    BindingSpec(
        "help", "question_mark", "help", "Help", "app", summary="Help: every key that works now"
    ),
    BindingSpec("quit", "q", "quit", "Quit", "app", summary="Quit paperreader"),
    # The paper list.
    BindingSpec(
        "list.down", "down,j", "cursor_down", "Down", "list", show=False, summary="Next paper"
    ),
    BindingSpec("list.up", "up,k", "cursor_up", "Up", "list", show=False, summary="Previous paper"),
    BindingSpec(
        "list.first", "home,g", "first", "First", "list", show=False, summary="First paper"
    ),
    BindingSpec("list.last", "end,G", "last", "Last", "list", show=False, summary="Last paper"),
    BindingSpec(
        "list.page_down",
        "pagedown,ctrl+d",
        "page_down",
        "Page down",
        "list",
        show=False,
        summary="Page down the list",
    ),
    BindingSpec(
        "list.page_up",
        "pageup,ctrl+u",
        "page_up",
        "Page up",
        "list",
        show=False,
        summary="Page up the list",
    ),
    BindingSpec(
        "list.open",
        "enter",
        "select",
        "Open",
        "list",
        show=False,
        summary="Open the paper in the detail pane",
    ),
    # The detail pane.
    BindingSpec(
        "detail.down",
        "j",
        "scroll_down",
        "Scroll down",
        "detail",
        show=False,
        summary="Scroll the detail down",
    ),
    BindingSpec(
        "detail.up",
        "k",
        "scroll_up",
        "Scroll up",
        "detail",
        show=False,
        summary="Scroll the detail up",
    ),
    BindingSpec(
        "detail.top",
        "g",
        "scroll_home",
        "Top",
        "detail",
        show=False,
        summary="Top of the detail",
    ),
    BindingSpec(
        "detail.bottom",
        "G",
        "scroll_end",
        "Bottom",
        "detail",
        show=False,
        summary="Bottom of the detail",
    ),
    BindingSpec(
        "detail.page_down",
        "ctrl+d",
        "page_down",
        "Page down",
        "detail",
        show=False,
        summary="Page down the detail",
    ),
    BindingSpec(
        "detail.page_up",
        "ctrl+u",
        "page_up",
        "Page up",
        "detail",
        show=False,
        summary="Page up the detail",
    ),
    # Dialogs.
    BindingSpec(
        "help.close",
        "escape,q,question_mark",
        "dismiss",
        "Close",
        "help",
        summary="Close the help screen",
    ),
    BindingSpec("menu.cancel", "escape,q", "cancel", "Cancel", "menu", summary="Close a menu"),
    BindingSpec("note.save", "ctrl+s", "save", "Save", "note", summary="Save the note"),
    BindingSpec(
        "note.cancel", "escape", "cancel", "Cancel", "note", summary="Close the note unsaved"
    ),
    BindingSpec(
        "prompt.cancel", "escape", "cancel", "Cancel", "prompt", summary="Close the prompt"
    ),
    # The reader (full text) and the discussion.
    BindingSpec("reader.back", "escape,q", "close", "Back", "reader", summary="Leave the reader"),
    BindingSpec("reader.find", "slash", "find", "Find", "reader", summary="Find in the text"),
    BindingSpec("reader.next", "n", "next_match", "Next match", "reader", summary="Next match"),
    BindingSpec(
        "reader.previous",
        "N",
        "previous_match",
        "Previous match",
        "reader",
        summary="Previous match",
    ),
    BindingSpec(
        "reader.contents",
        "t",
        "toggle_contents",
        "Contents",
        "reader",
        summary="Show / hide the table of contents",
    ),
    BindingSpec(
        "discussion.back",
        "escape,q",
        "dismiss",
        "Back",
        "discussion",
        summary="Leave the discussion",
    ),
    BindingSpec(
        "discussion.refresh",
        "r",
        "reload",
        "Refresh",
        "discussion",
        summary="Fetch the comments again",
    ),
)
"""Every binding with an id, in the order the help screen and `paperreader keys` list them."""

ACTIONS: dict[str, str] = {spec.id: spec.help for spec in BINDINGS}
"""Binding id -> one-line description: the ids `[keys]` accepts."""

DEFAULT_KEYS: dict[str, str] = {spec.id: spec.key for spec in BINDINGS}
"""Binding id -> default key(s), comma-separated, in Textual's key names."""

SCOPE_OF: dict[str, str] = {spec.id: spec.scope for spec in BINDINGS}
"""Binding id -> scope."""


def specs(scope: str) -> tuple[BindingSpec, ...]:
    """The bindings of one scope, such as "app" or "list", in order."""
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


_CHARACTER_NAMES = {character_key(chr(code)): chr(code) for code in range(0x21, 0x7F)}
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
        if lowered not in NAMED_KEYS and lowered not in _CHARACTER_NAMES:
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
    shown = _DISPLAY.get(name) or _CHARACTER_NAMES.get(name) or name
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


def clashes(remaps: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Remapped ids whose key another binding of the same scope also uses.

    Returns remapped id -> (the clashing key, the other binding id).
    """
    keys = effective_keys(remaps)
    owners: dict[tuple[str, str], list[str]] = {}
    for binding_id, value in keys.items():
        for key in value.split(","):
            owners.setdefault((SCOPE_OF[binding_id], key), []).append(binding_id)
    found: dict[str, tuple[str, str]] = {}
    for (_scope, key), ids in owners.items():
        if len(ids) < 2:
            continue
        for binding_id in ids:
            if binding_id in remaps and binding_id not in found:
                other = next(other for other in ids if other != binding_id)
                found[binding_id] = (key, other)
    return found
