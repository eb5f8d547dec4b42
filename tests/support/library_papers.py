"""Papers for the library tests: `make` builds one in a line; `ids` and `marked` read hits."""

from __future__ import annotations

from datetime import UTC, datetime

from paperreader.domain.models import Author, Organization, Paper

_serial = iter(range(10_000, 99_999))


def make(
    title: str,
    *,
    summary: str = "An abstract about nothing in particular.",
    authors: tuple[str, ...] = ("Ada Lovelace",),
    day: str = "2025-06-02",
    upvotes: int = 0,
    org: Organization | None = None,
    keywords: tuple[str, ...] = (),
    github: str | None = None,
    project: str | None = None,
    comments: int | None = None,
    published: str | None = None,
    paper_id: str | None = None,
) -> Paper:
    feed = datetime.fromisoformat(day).replace(hour=13, tzinfo=UTC)
    return Paper(
        id=paper_id or f"2506.{next(_serial):05d}",
        title=title,
        summary=summary,
        authors=tuple(Author(name) for name in authors),
        published_at=datetime.fromisoformat(published or day).replace(tzinfo=UTC),
        submitted_on_daily_at=feed,
        upvotes=upvotes,
        num_comments=comments,
        organization=org,
        github_repo=github,
        project_page=project,
        ai_keywords=keywords,
    )


def ids(result) -> list[str]:
    return [hit.paper.id for hit in result.hits]


def marked(hit) -> list[str]:
    return [span.text for span in hit.title_spans if span.highlight]
