"""The detail pane: everything the listing knows about the selected paper.

Built from `rich.text.Text` pieces, never from markup strings, so a title such as
`[@click=app.quit]` is shown as the characters it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from paperreader.config.keymap import hint
from paperreader.domain.links import PaperLinks, repo_count
from paperreader.domain.models import Bookmark, Paper
from paperreader.ui.bindings import bindings, keys_in_force
from paperreader.ui.widgets.fact_lines import FactLines
from paperreader.ui.widgets.link_line import LinkLine
from paperreader.ui.widgets.link_pane import LinkPane
from paperreader.ui.widgets.type_ahead import TypeAhead

if TYPE_CHECKING:
    from paperreader.domain.details import LinkedRepo, PaperExtras

TOP_REPOS = 3
"""Linked repos of each kind listed in the detail; the links menu has them all."""

MAX_AUTHORS = 12
"""Authors listed before the rest are summarised as a count."""


class PaperDetail(TypeAhead, LinkPane):
    """The selected paper: facts, summaries, links, and the user's bookmark.

    Its scrolling keys are the detail's own (`detail.*`), which take the place of the text
    pane's (`pane.*`) key by key.
    """

    BINDINGS = bindings("detail")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None

    def show(
        self,
        paper: Paper | None,
        links: PaperLinks | None = None,
        hint: str = "",
        bookmark: Bookmark | None = None,
        extras: PaperExtras | None = None,
        texts_problem: str | None = None,
    ) -> None:
        """Describe `paper` (with its bookmark and linked repos), or show `hint`.

        A paper whose texts are held elsewhere says they are loading, or `texts_problem`."""
        same = paper is not None and self.paper is not None and paper.id == self.paper.id
        self.paper = paper
        if paper is None or links is None:
            self.set_content(Text(hint, style="italic"))
        else:
            described = describe(
                paper,
                links,
                bookmark,
                extras,
                key_map=keys_in_force(self.app),
                texts_problem=texts_problem,
            )
            self.set_content(described, keep_scroll=same)


def describe(
    paper: Paper,
    links: PaperLinks,
    bookmark: Bookmark | None = None,
    extras: PaperExtras | None = None,
    *,
    key_map: Mapping[str, str],
    texts_problem: str | None = None,
) -> Group:
    """The detail of one paper: a heading, a table of facts, the summaries, the links.

    `key_map` (the keys in force) names the key of the links menu. A paper whose texts are
    held elsewhere says they are loading (or `texts_problem`), never that it has none.
    """
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
        if bookmark.note:  # labelled: in italics alone it reads like the author list
            head.append("Note: ", style="bold yellow")
            head.append(bookmark.note + "\n")
    if paper.withdrawn:
        head.append("WITHDRAWN\n", style="bold reverse")
    if paper.authors:
        names = [a.name for a in paper.authors[:MAX_AUTHORS]]
        more = len(paper.authors) - len(names)
        head.append(", ".join(names), style="italic")
        if more:
            head.append(f" and {more} more", style="italic dim")
        head.append("\n")

    facts: list[tuple[str, Text | LinkLine]] = []
    if paper.published_at:
        facts.append(("arXiv", Text(paper.published_at.strftime("%Y-%m-%d"))))
    if paper.daily_date:
        facts.append(("Daily Papers", Text(paper.daily_date.isoformat())))
    if paper.organization:
        facts.append(("Organization", Text(paper.organization.label)))
    votes = f"▲ {paper.upvotes}"
    comments = extras.num_comments if extras and extras.num_comments is not None else None
    if comments is None:
        comments = paper.num_comments
    if comments is not None:
        votes += f"  ·  {comments} comment{'s' if comments != 1 else ''}"
    facts.append(("Upvotes", Text(votes)))
    if paper.submitted_by:
        facts.append(("Submitted by", Text(paper.submitted_by)))
    if links.github:
        stars = f"  ★ {paper.github_stars:,}" if paper.github_stars is not None else ""
        facts.append(("GitHub", LinkLine(links.github, stars)))
    if links.project:
        facts.append(("Project page", LinkLine(links.project)))

    body = Text()
    if paper.ai_summary:
        _heading(body, "AI summary")
        body.append(paper.ai_summary + "\n")
    if paper.ai_keywords:
        body.append("Keywords: ", style="bold")
        body.append(" · ".join(paper.ai_keywords) + "\n", style="italic")
    if paper.texts_elsewhere:
        _heading(body, "Abstract")
        if texts_problem is None:
            body.append("Loading the abstract…\n", style="dim italic")
        else:
            body.append(f"The abstract could not be read: {texts_problem}\n", style="italic")
    elif paper.summary:
        _heading(body, "Abstract")
        body.append(paper.summary + "\n")
    if extras is not None and extras.has_repos:
        _heading(body, "On Hugging Face")
        for kind, repos, total in extras.by_kind():
            if total:
                shown = repos[:TOP_REPOS]
                body.append(repo_count(kind, len(repos), total), style="bold")
                if shown:
                    body.append("  " + " · ".join(_repo_label(r) for r in shown))
                if len(repos) > len(shown):  # fetched but not named here: the menu has them
                    body.append(f" · +{len(repos) - len(shown)} more", style="dim")
                body.append("\n")
        listed = (
            "{links} lists them all, with links\n"
            if extras.complete
            else "{links} lists them with links, and the hub's page of all of them\n"
        )
        body.append(hint(listed, key_map), style="dim italic")
    _heading(body, "Links")
    named = [(label, LinkLine(url)) for label, url in links.named()[:3]]
    return Group(head, FactLines(facts), body, FactLines(named))


def _repo_label(repo: LinkedRepo) -> str:
    """`id ♥ likes ↓ downloads`, or `emoji id` for a Space."""
    parts = [f"{repo.emoji} {repo.id}" if repo.emoji else repo.id]
    if repo.likes:
        parts.append(f"♥ {repo.likes:,}")
    if repo.downloads:
        parts.append(f"↓ {repo.downloads:,}")
    return " ".join(parts)


def _heading(out: Text, title: str) -> None:
    out.append("\n")
    out.append(title, style="bold underline")
    out.append("\n")
