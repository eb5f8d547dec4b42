"""A digest of what the watches found, as plain text, Markdown (for mail) or JSON.

Grouped by watch, each paper with its title, authors, link and the first lines of its AI
summary or abstract. Untrusted text stays text: escaped in Markdown, as is in JSON, and
cleaned of escape sequences at parsing for the terminal.
"""

from __future__ import annotations

import textwrap
from typing import Any

from paperreader.domain.links import HF_WEB, links_for
from paperreader.domain.models import Paper
from paperreader.domain.text import counted, one_line
from paperreader.domain.watches import Digest, excerpt
from paperreader.formats.export.markdown import escape_markdown, markdown_link
from paperreader.formats.export.paper_json import paper_to_dict

_AUTHORS = 4
"""Authors named before "et al."."""


def _authors(paper: Paper) -> list[str]:
    return [n for n in (one_line(a.name) for a in paper.authors) if n]


def _byline(names: list[str]) -> str:
    shown = ", ".join(names[:_AUTHORS])
    return shown + (" et al." if len(names) > _AUTHORS else "")


def _heading(digest: Digest) -> str:
    count = len(digest.found)
    return f"{counted(count, 'new paper')} from your watches since {digest.since}"


def digest_text(digest: Digest, web: str = HF_WEB) -> str:
    """Plain text, wrapped at 78 columns, for a terminal or a plain mail."""
    lines = [_heading(digest)]
    for group in digest.groups:
        lines += ["", f"== {group.watch.label} ({len(group.papers)})"]
        for paper in group.papers:
            day = paper.daily_date.isoformat() if paper.daily_date else ""
            lines += ["", f"* {one_line(paper.title)}"]
            meta = " · ".join(filter(None, (_byline(_authors(paper)), day)))
            if meta:
                lines.append(f"  {meta}")
            lines.append(f"  {links_for(paper, web).hf}")
            text = excerpt(paper)
            if text:
                lines += textwrap.wrap(text, 76, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines) + "\n"


def digest_markdown(digest: Digest, web: str = HF_WEB) -> str:
    """Markdown that reads well in a mail client: a heading per watch, a linked title per
    paper, its authors and day, and its first lines as a quote."""
    lines = [f"# {escape_markdown(_heading(digest))}"]
    for group in digest.groups:
        lines += ["", f"## {escape_markdown(group.watch.label)} ({len(group.papers)})"]
        for paper in group.papers:
            lines += ["", f"### {markdown_link(paper, web)}", ""]
            names = [escape_markdown(n) for n in _authors(paper)]
            day = paper.daily_date.isoformat() if paper.daily_date else ""
            meta = " · ".join(filter(None, (_byline(names), day)))
            if meta:
                lines.append(f"*{meta}*")
            text = excerpt(paper)
            if text:
                lines += ["", f"> {escape_markdown(text)}"]
    return "\n".join(lines) + "\n"


def digest_dict(digest: Digest, web: str = HF_WEB) -> dict[str, Any]:
    """The digest as JSON data: the watches with their papers (each with its excerpt)."""
    return {
        "since": digest.since.isoformat(),
        "papers": len(digest.found),
        "watches": [
            {
                "kind": group.watch.kind.value,
                "text": group.watch.text,
                "papers": [
                    {**paper_to_dict(paper, web), "excerpt": excerpt(paper)}
                    for paper in group.papers
                ],
            }
            for group in digest.groups
        ],
    }
