"""The detail pane: everything the listing knows about the selected paper.

Built from `rich.text.Text` pieces, never from markup strings, so a title such as
`[@click=app.quit]` is shown as the characters it is.
"""

from __future__ import annotations

from rich.console import Group
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...links import PaperLinks
from ...models import Bookmark, Paper
from .scrolling import set_virtual_size

MAX_AUTHORS = 12
"""Authors listed before the rest are summarised as a count."""


class PaperDetail(ScrollView, can_focus=True):
    """A scrollable pane describing one paper.

    A line-API widget: the text is wrapped once per paper and width, and showing another
    paper repaints this pane only, never the layout of the whole screen, so moving through
    the list stays within a frame.
    """

    BINDINGS: list[BindingType] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("g", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="detail.bottom"),
        Binding("ctrl+d", "page_down", "Page down", show=False, id="detail.page_down"),
        Binding("ctrl+u", "page_up", "Page up", show=False, id="detail.page_up"),
    ]

    DEFAULT_CSS = """
    PaperDetail {
        padding: 0 1 0 2;
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None
        self._content: Group = Group(Text())
        self._lines: list[Strip] = []
        self._wrapped_width = -1

    @property
    def text(self) -> str:
        """The plain text shown (for tests and screen readers of the source)."""
        return plain_text(self._content)

    def show(
        self,
        paper: Paper | None,
        links: PaperLinks | None = None,
        hint: str = "",
        bookmark: Bookmark | None = None,
    ) -> None:
        """Describe `paper` (with its bookmark's tags and note), or show `hint`."""
        same = paper is not None and self.paper is not None and paper.id == self.paper.id
        self.paper = paper
        if paper is None or links is None:
            self._content = Group(Text(hint, style="italic"))
        else:
            self._content = describe(paper, links, bookmark)
        self._wrapped_width = -1
        self._wrap()
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return
        console = self.app.console
        options = console.options.update(width=width, no_wrap=False, overflow="fold")
        base = self.rich_style
        self._lines = [
            Strip(
                [Segment(s.text, base + s.style if s.style else base) for s in line]
            ).adjust_cell_length(width, base)
            for line in console.render_lines(self._content, options, pad=False)
        ]
        self._wrapped_width = width
        set_virtual_size(self, Size(width, len(self._lines)))

    def notify_style_update(self) -> None:
        self._wrapped_width = -1  # the lines carry the old colours
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        index = int(self.scroll_offset.y) + y
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)


def describe(paper: Paper, links: PaperLinks, bookmark: Bookmark | None = None) -> Group:
    """The detail of one paper: a heading, a table of facts, the summaries, the links."""
    head = Text()
    head.append(paper.title, style="bold")
    head.append("\n")
    if bookmark is not None:
        head.append("★ Bookmarked ", style="bold yellow")
        head.append(bookmark.added_at.strftime("%Y-%m-%d"), style="dim")
        if bookmark.tags:
            head.append("  ")
            head.append(" ".join(f"#{tag}" for tag in bookmark.tags), style="bold cyan")
        head.append("\n")
        if bookmark.note:
            head.append(bookmark.note + "\n", style="italic")
    if paper.withdrawn:
        head.append("WITHDRAWN\n", style="bold reverse")
    if paper.authors:
        names = [a.name for a in paper.authors[:MAX_AUTHORS]]
        more = len(paper.authors) - len(names)
        head.append(", ".join(names), style="italic")
        if more:
            head.append(f" and {more} more", style="italic dim")
        head.append("\n")

    facts: list[tuple[str, str]] = []
    if paper.published_at:
        facts.append(("arXiv", paper.published_at.strftime("%Y-%m-%d")))
    if paper.daily_date:
        facts.append(("Daily Papers", paper.daily_date.isoformat()))
    if paper.organization:
        facts.append(("Organization", paper.organization.label))
    votes = f"▲ {paper.upvotes}"
    if paper.num_comments is not None:
        votes += f"  ·  {paper.num_comments} comment{'s' if paper.num_comments != 1 else ''}"
    facts.append(("Upvotes", votes))
    if paper.submitted_by:
        facts.append(("Submitted by", paper.submitted_by))
    if links.github:
        stars = f"  ★ {paper.github_stars:,}" if paper.github_stars is not None else ""
        facts.append(("GitHub", links.github + stars))
    if links.project:
        facts.append(("Project page", links.project))

    body = Text()
    if paper.ai_summary:
        _heading(body, "AI summary")
        body.append(paper.ai_summary + "\n")
    if paper.ai_keywords:
        body.append("Keywords: ", style="bold")
        body.append(" · ".join(paper.ai_keywords) + "\n", style="italic")
    if paper.summary:
        _heading(body, "Abstract")
        body.append(paper.summary + "\n")
    _heading(body, "Links")
    return Group(head, _facts(facts), body, _facts(links.named()[:3]))


def plain_text(group: Group) -> str:
    """The words of a detail, without styles (for tests and copying)."""
    parts = []
    for renderable in group.renderables:
        if isinstance(renderable, Text):
            parts.append(renderable.plain)
        elif isinstance(renderable, Table):
            for row in zip(*(column._cells for column in renderable.columns), strict=True):
                parts.append("  ".join(str(cell) for cell in row) + "\n")
    return "".join(parts)


def _heading(out: Text, title: str) -> None:
    out.append("\n")
    out.append(title, style="bold underline")
    out.append("\n")


def _facts(facts: list[tuple[str, str]]) -> Table:
    """Labels in one column, values wrapping in the other, so long URLs stay beside them."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold dim", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in facts:
        table.add_row(Text(label), Text(value))
    return table
