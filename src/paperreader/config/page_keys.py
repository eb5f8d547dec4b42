"""The keys of the dialogs, the reader and the discussion: part of the key table.

`key_table.BINDINGS` lists these after the main screen's; see it for what an entry says.
"""

from __future__ import annotations

from paperreader.config.binding_spec import BindingSpec


def _text_scrolling() -> tuple[BindingSpec, ...]:
    """The reader's vim-style scrolling keys, ids `reader.down`...; space pages down too."""
    rows = (
        ("down", "j", "down", "Scroll down", "Scroll the text down"),
        ("up", "k", "up", "Scroll up", "Scroll the text up"),
        ("top", "g", "home", "Top", "Top of the text"),
        ("bottom", "G", "end", "Bottom", "Bottom of the text"),
        ("page_down", "ctrl+d,space", "page_down", "Page down", "Page down the text"),
        ("page_up", "ctrl+u", "page_up", "Page up", "Page up the text"),
    )
    return tuple(
        BindingSpec(
            f"reader.{name}", key, f"scroll('{how}')", label, "reader", show=False, summary=summary
        )
        for name, key, how, label, summary in rows
    )


PAGE_BINDINGS: tuple[BindingSpec, ...] = (
    # Dialogs.
    BindingSpec(
        "help.close",
        "escape,q,question_mark",
        "dismiss",
        "Close",
        "help",
        summary="Close the help screen",
    ),
    BindingSpec(
        "help.down",
        "j,down",
        "scroll('down')",
        "Down",
        "help",
        show=False,
        summary="Scroll the help down",
    ),
    BindingSpec(
        "help.up", "k,up", "scroll('up')", "Up", "help", show=False, summary="Scroll the help up"
    ),
    BindingSpec("menu.cancel", "escape,q", "cancel", "Cancel", "menu", summary="Close a menu"),
    BindingSpec(
        "menu.down", "j", "cursor_down", "Down", "menu", show=False, summary="Next choice in a menu"
    ),
    BindingSpec(
        "menu.up", "k", "cursor_up", "Up", "menu", show=False, summary="Previous choice in a menu"
    ),
    BindingSpec("note.save", "ctrl+s", "save", "Save", "note", summary="Save the note"),
    BindingSpec(
        "note.cancel", "escape", "cancel", "Cancel", "note", summary="Close the note unsaved"
    ),
    BindingSpec(
        "filter.keep",
        "enter",
        "submit",
        "Keep filter",
        "filter",
        summary="Keep the filter and go back to the list",
    ),
    BindingSpec(
        "filter.clear",
        "escape",
        "screen.back",
        "Clear filter",
        "filter",
        summary="Clear the filter and close its box",
    ),
    BindingSpec(
        "prompt.cancel", "escape", "cancel", "Cancel", "prompt", summary="Close the prompt"
    ),
    # The reader (full text). Its footer names every key it needs: there is no second list.
    BindingSpec(
        "reader.back", "q,escape", "close", "Back", "reader", summary="Leave the reader", rank=100
    ),
    BindingSpec(
        "reader.find", "slash", "find", "Find", "reader", summary="Find in the text", rank=60
    ),
    BindingSpec(
        "reader.next",
        "n",
        "next_match",
        "Next match",
        "reader",
        summary="Go to the next match",
        rank=50,
    ),
    BindingSpec(
        "reader.previous",
        "N",
        "previous_match",
        "Prev match",
        "reader",
        summary="Go to the previous match",
        rank=45,
    ),
    BindingSpec(
        "reader.contents",
        "t",
        "toggle_contents",
        "Contents",
        "reader",
        summary="Show / hide the table of contents",
        rank=55,
    ),
    BindingSpec(
        "reader.open_page",
        "o",
        "open_page",
        "Open",
        "reader",
        summary="Open the paper page in the browser",
        rank=30,
    ),
    BindingSpec(
        "reader.help",
        "question_mark",
        "help",
        "Help",
        "reader",
        summary="Help: the keys of the reader",
        rank=90,
    ),
    *_text_scrolling(),
    # The discussion.
    BindingSpec(
        "discussion.back",
        "q,escape",
        "dismiss",
        "Back",
        "discussion",
        summary="Leave the discussion",
        rank=100,
    ),
    BindingSpec(
        "discussion.refresh",
        "r",
        "reload",
        "Refresh",
        "discussion",
        summary="Fetch the comments again",
        rank=50,
    ),
    BindingSpec(
        "discussion.help",
        "question_mark",
        "help",
        "Help",
        "discussion",
        summary="Help: the keys of the discussion",
        rank=90,
    ),
)
"""The dialogs', the reader's and the discussion's bindings, in the order help lists them."""
