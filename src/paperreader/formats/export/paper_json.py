"""Papers and listings as JSON-ready dicts: what `paperreader list|show --json` prints.

The field names are the program's own, stable for scripts, not the hub's: a script reading
them never sees the hub's nesting and naming quirks.
"""

from __future__ import annotations

from typing import Any

from paperreader.domain.links import HF_WEB, links_for
from paperreader.domain.models import Listing, Paper


def paper_to_dict(paper: Paper, web: str | None = None) -> dict[str, Any]:
    """A JSON-ready description of one paper, links included."""
    links = links_for(paper, web or HF_WEB)
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": [a.name for a in paper.authors],
        "summary": paper.summary,
        "published_at": paper.published_at.isoformat() if paper.published_at else None,
        "daily_date": paper.daily_date.isoformat() if paper.daily_date else None,
        "upvotes": paper.upvotes,
        "num_comments": paper.num_comments,
        "organization": paper.organization.label if paper.organization else None,
        "submitted_by": paper.submitted_by,
        "github_repo": paper.github_repo,
        "github_stars": paper.github_stars,
        "project_page": paper.project_page,
        "ai_summary": paper.ai_summary,
        "ai_keywords": list(paper.ai_keywords),
        "withdrawn": paper.withdrawn,
        "links": {"hf": links.hf, "arxiv": links.arxiv, "pdf": links.pdf},
    }


def listing_to_dict(listing: Listing, web: str | None = None) -> dict[str, Any]:
    """A JSON-ready listing: what was asked, where it came from, and the papers."""
    return {
        "listing": listing.query.kind.value,
        "period": listing.query.period or listing.effective_period,
        "search": listing.query.text,
        "origin": listing.origin.value,
        "fetched_at": listing.fetched_at.isoformat(),
        "stale": listing.stale,
        "error": listing.error,
        "skipped": listing.skipped,
        "papers": [paper_to_dict(p, web) for p in listing.papers],
    }
