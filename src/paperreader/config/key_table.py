"""Every key binding the app has, declared once: the single source of truth for the keys.

Each entry says its id (what users remap in `[keys]`), its default key(s), its action, its
labels, where it applies (its scope: whose `BINDINGS` are built from it), whether the
footer shows it and its rank there (a footer too narrow for every key leaves out the lowest
ranks first). The keys of the dialogs, the reader and the discussion are in `page_keys`. The
UI builds every `BINDINGS` list from here (`ui.bindings`), the config validates `[keys]`
against it, and `paperreader keys`, the help screen and every hint that
names a key (`keymap.hint`) read it. Key strings use Textual's names ("slash",
"question_mark", "ctrl+d"); a comma separates alternatives ("down,j").
"""

from __future__ import annotations

from paperreader.config.binding_spec import SCOPES, BindingSpec
from paperreader.config.page_keys import PAGE_BINDINGS

__all__ = ["BINDINGS", "SCOPES", "BindingSpec"]

_TABS = ("daily", "weekly", "monthly", "trending", "search", "bookmarks", "library")


def _pane_scrolling(scope: str, noun: str) -> tuple[BindingSpec, ...]:
    """The vim-style scrolling keys of a text pane (a `RichPane`), with ids `{scope}.down`..."""
    rows = (
        ("down", "j", "scroll_down", "Scroll down", f"Scroll {noun} down"),
        ("up", "k", "scroll_up", "Scroll up", f"Scroll {noun} up"),
        ("top", "g", "scroll_home", "Top", f"Top of {noun}"),
        ("bottom", "G", "scroll_end", "Bottom", f"Bottom of {noun}"),
        ("page_down", "ctrl+d", "page_down", "Page down", f"Page down {noun}"),
        ("page_up", "ctrl+u", "page_up", "Page up", f"Page up {noun}"),
    )
    return tuple(
        BindingSpec(f"{scope}.{name}", key, action, label, scope, show=False, summary=summary)
        for name, key, action, label, summary in rows
    )


BINDINGS: tuple[BindingSpec, ...] = (
    *(
        BindingSpec(
            f"tab.{tab}",
            str(number),
            f"show_tab('{tab}')",
            tab.capitalize(),
            "main",
            show=False,
            summary=f"Show the {tab.capitalize()} tab",
        )
        for number, tab in enumerate(_TABS, 1)
    ),
    BindingSpec(
        "filter", "slash", "filter", "Filter", "main", "Filter this list as you type", rank=60
    ),
    BindingSpec("search", "f", "search", "Search", "main", "Find papers on Hugging Face", rank=55),
    BindingSpec(
        "sort",
        "s",
        "cycle_sort",
        "Sort",
        "main",
        "Sort by upvotes, newest, title, comments",
        rank=30,
    ),
    BindingSpec(
        "period.previous",
        "left_square_bracket",
        "step(-1)",
        "Prev",
        "main",
        "Previous day, week or month",
        rank=20,
    ),
    BindingSpec(
        "period.next",
        "right_square_bracket",
        "step(1)",
        "Next",
        "main",
        "Next day, week or month",
        rank=20,
    ),
    BindingSpec(
        "period.latest",
        "full_stop",
        "latest",
        "Latest",
        "main",
        "Back to the latest day, week or month",
        show=False,
    ),
    BindingSpec(
        "period.goto",
        "d",
        "goto",
        "Go to date",
        "main",
        "Go to a date, week, month or paper",
        show=False,
    ),
    BindingSpec(
        "refresh", "r", "refresh", "Refresh", "main", "Refresh, bypassing the cache", rank=35
    ),
    BindingSpec("bookmark", "b", "bookmark", "Bookmark", "main", "Bookmark on / off", rank=70),
    BindingSpec(
        "undo", "u", "undo", "Undo", "main", "Undo removing a bookmark (a few seconds)", rank=80
    ),
    BindingSpec("tags", "t", "tags", "Tags", "main", "Tags of the bookmark", show=False),
    BindingSpec(
        "collection.sync",
        "S",
        "sync_collection",
        "Sync collection",
        "main",
        "Sync the bookmarks with your Hugging Face collection",
        show=False,
    ),
    BindingSpec("note", "n", "note", "Note", "main", "Note of the bookmark", show=False),
    BindingSpec("read", "x", "toggle_read", "Read", "main", "Mark read / unread", show=False),
    BindingSpec(
        "hide", "h", "hide_read", "Hide read", "main", "Hide / show read papers", show=False
    ),
    BindingSpec(
        "compact",
        "z",
        "toggle_compact",
        "Compact",
        "main",
        "One line per paper, or two",
        show=False,
    ),
    BindingSpec("copy", "y", "copy_link", "Copy", "main", "Copy the Hugging Face link", rank=40),
    BindingSpec(
        "copy.menu",
        "Y",
        "copy_menu",
        "Copy…",
        "main",
        "Copy menu: arXiv, PDF, BibTeX, Markdown, id",
        show=False,
    ),
    BindingSpec(
        "open.page", "o", "open_page", "Open", "main", "Open the paper page in the browser", rank=45
    ),
    BindingSpec(
        "fulltext", "v", "read_full_text", "Read", "main", "Read the full paper text", rank=50
    ),
    BindingSpec(
        "discussion", "c", "discussion", "Comments", "main", "Discussion (comments)", show=False
    ),
    BindingSpec(
        "links",
        "L",
        "links_menu",
        "Links",
        "main",
        "Links menu: GitHub, project, linked models, datasets, Spaces",
        show=False,
    ),
    BindingSpec(
        "open.pdf", "p", "open_pdf", "PDF", "main", "Open the PDF in the browser", show=False
    ),
    # For you: its tab, papers alike, watching.
    BindingSpec(
        "tab.for_you",
        "8",
        "show_tab('for_you')",
        "For you",
        "main",
        show=False,
        summary="Show the For you tab: new from your watches, like your bookmarks",
    ),
    BindingSpec("similar", "m", "similar", "Alike", "main", "Papers like this one", show=False),
    BindingSpec(
        "watch",
        "w",
        "watch",
        "Watch",
        "main",
        "Watch an author, organisation or query",
        show=False,
    ),
    BindingSpec(
        "pdf.download",
        "D",
        "download_pdf",
        "Download PDF",
        "main",
        "Download the PDF and open it here (the saved copy once there is one)",
        show=False,
    ),
    BindingSpec(
        "pipe",
        "vertical_line",
        "pipe_paper",
        "Pipe",
        "main",
        "Pipe the paper to the configured command (pipe_command)",
        show=False,
    ),
    BindingSpec(
        "pane.next",
        "tab",
        "focus_next",
        "Next pane",
        "main",
        show=False,
        summary="Focus the next pane",
    ),
    BindingSpec(
        "pane.previous",
        "shift+tab",
        "focus_previous",
        "Previous pane",
        "main",
        show=False,
        summary="Focus the previous pane",
    ),
    BindingSpec("back", "escape", "back", "Back", "main", "Back / clear the filter", show=False),
    BindingSpec(
        "help",
        "question_mark",
        "help",
        "Help",
        "main",
        summary="Help: every key that works now",
        rank=90,
    ),
    BindingSpec("quit", "q", "quit", "Quit", "main", summary="Quit paperreader", rank=100),
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
    *_pane_scrolling("detail", "the detail"),
    # Other text panes: the comments, and the abstract a reader shows without a full text.
    *_pane_scrolling("pane", "a text pane"),
    *PAGE_BINDINGS,
)
"""Every binding with an id, in the order the help screen and `paperreader keys` list them."""
