"""Papers and a settable clock for the user-data store's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from paperreader.domain.models import Author, Organization, Paper, TextSpan

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def numbered(n: int = 1, **fields) -> Paper:
    values = {"id": f"2603.{n:05d}", "title": f"Paper number {n}"}
    values.update(fields)
    return Paper(**values)


def full_paper() -> Paper:
    return Paper(
        id="2603.01234",
        title="Tiny Models Read Papers",
        summary="We show that tiny models\ncan read papers.\n\nSecond paragraph.",
        authors=(
            Author("Ada Lovelace", "ada"),
            Author("Alan Turing"),
            Author("Émilie du Châtelet"),
        ),
        published_at=datetime(2026, 3, 4, 17, 8, 18, tzinfo=UTC),
        submitted_on_daily_at=datetime(2026, 3, 6, 3, 55, 12, 777000, tzinfo=UTC),
        upvotes=42,
        num_comments=3,
        organization=Organization("example-lab", "Example Lab"),
        submitted_by="ada",
        github_repo="https://github.com/example/tiny",
        github_stars=17,
        project_page="https://example.org/tiny",
        ai_summary="Tiny models read papers well.",
        ai_keywords=("tiny models", "reading"),
        withdrawn=True,
        highlighted_title=(TextSpan("Tiny", True), TextSpan(" Models Read Papers")),
    )


class Clock:
    """A settable clock for the store, so times in files are predictable."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 60) -> None:
        self.now += timedelta(seconds=seconds)
