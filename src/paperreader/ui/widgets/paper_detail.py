"""The detail pane: everything the listing knows about the selected paper.

Built from `rich.text.Text` pieces, never from markup strings, so a title such as
`[@click=app.quit]` is shown as the characters it is.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...links import PaperLinks
from ...models import Paper

MAX_AUTHORS = 12
"""Authors listed before the rest are summarised as a count."""


class PaperDetail(VerticalScroll, can_focus=True):
    """A scrollable pane describing one paper."""

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
        padding: 0 2;
        background: $surface;
        & > Static { width: 1fr; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = Static("", id="detail-body")
        self.paper: Paper | None = None

    def compose(self):
        yield self._body

    def show(self, paper: Paper | None, links: PaperLinks | None = None, hint: str = "") -> None:
        """Describe `paper`, or show `hint` when there is none."""
        self.paper = paper
        if paper is None or links is None:
            self._body.update(Text(hint, style="italic"))
        else:
            self._body.update(describe(paper, links))
        self.scroll_home(animate=False)


def describe(paper: Paper, links: PaperLinks) -> Text:
    """The detail text of one paper."""
    out = Text()
    out.append(paper.title, style="bold")
    out.append("\n")
    if paper.withdrawn:
        out.append("WITHDRAWN\n", style="bold reverse")
    if paper.authors:
        names = [a.name for a in paper.authors[:MAX_AUTHORS]]
        more = len(paper.authors) - len(names)
        out.append(", ".join(names), style="italic")
        if more:
            out.append(f" and {more} more", style="italic dim")
        out.append("\n")
    out.append("\n")

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
    _append_facts(out, facts)

    if paper.ai_summary:
        _heading(out, "AI summary")
        out.append(paper.ai_summary + "\n")
    if paper.ai_keywords:
        out.append("Keywords: ", style="bold")
        out.append(" · ".join(paper.ai_keywords) + "\n", style="italic")
    if paper.summary:
        _heading(out, "Abstract")
        out.append(paper.summary + "\n")
    _heading(out, "Links")
    _append_facts(out, [(label, url) for label, url in links.named()[:3]])
    return out


def _heading(out: Text, title: str) -> None:
    out.append("\n")
    out.append(title, style="bold underline")
    out.append("\n")


def _append_facts(out: Text, facts: list[tuple[str, str]]) -> None:
    width = max((len(label) for label, _ in facts), default=0)
    for label, value in facts:
        out.append(f"{label:<{width}}  ", style="bold dim")
        out.append(value + "\n")
