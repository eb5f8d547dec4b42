"""What one entry of the key table is, and the scopes that own bindings."""

from __future__ import annotations

from typing import NamedTuple


class BindingSpec(NamedTuple):
    """One remappable binding: what a `textual.binding.Binding(...)` is built from.

    A named tuple, not a dataclass: made at every start, before the first frame, in a
    fifth of the time.
    """

    id: str
    """The binding id users remap in `[keys]` (Textual's keymap id)."""
    key: str
    """The default key(s), comma-separated, in Textual's key names."""
    action: str
    """The Textual action string, such as "cycle_sort" or "show_tab('daily')"."""
    description: str
    """The short label shown in the footer: a word or two, so the footer holds many."""
    scope: str
    """Whose BINDINGS: one of SCOPES."""
    tooltip: str | None = None
    """The longer explanation (help screen, footer tooltip); None keeps the label."""
    show: bool = True
    """Whether the footer shows it."""
    summary: str | None = None
    """What `paperreader keys` says when the tooltip is missing or too terse."""
    rank: int = 0
    """How much a shown key matters in the footer: one too narrow for every key it has to
    show leaves out the lowest ranks first, so leaving and help (the highest) stay."""

    @property
    def help(self) -> str:
        """One line describing the action, for `paperreader keys` and the config template."""
        return self.summary or self.tooltip or self.description


SCOPES = (
    "main", "list", "detail", "filter", "pane", "help", "menu", "note", "prompt", "reader",
    "discussion",
)  # fmt: skip
"""The nodes that own bindings; a key may be used once per scope.

main: the main screen (tabs, list and detail: the keys that work all over it); list: the
paper list; detail: the detail pane; filter: the filter box while typing; pane: any other
text pane (the comments, a reader's abstract); the rest: the screen of that name.
"""
