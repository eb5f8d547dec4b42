"""Values many papers repeat are held once: a listing of 50k papers names the same authors,
organisations, days and keywords over and over, and each copy would cost memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from paperreader.domain.models import Author, Organization, Paper
from paperreader.domain.sharing import shared_moment
from paperreader.formats.hub_json import parse_paper
from paperreader.formats.records import paper_from_record, paper_to_record

DAY = datetime(2026, 3, 13, 13, tzinfo=UTC)


def _paper(paper_id: str) -> Paper:
    return Paper(
        id=paper_id,
        title=f"Paper {paper_id}",
        authors=(Author("Jürgen Schmidt"), Author("Wei Li", "weili")),
        published_at=DAY - timedelta(days=1),
        submitted_on_daily_at=DAY,
        organization=Organization("eth-zurich", "ETH Zürich"),
        submitted_by="akhaliq",
        ai_keywords=("diffusion", "reasoning"),
    )


def _same_objects(first: Paper, second: Paper) -> None:
    assert first.authors[0] is second.authors[0]
    assert first.authors[1] is second.authors[1]
    assert first.organization is second.organization
    assert first.submitted_on_daily_at is second.submitted_on_daily_at
    assert first.published_at is second.published_at
    assert all(a is b for a, b in zip(first.ai_keywords, second.ai_keywords, strict=True))
    assert first.submitted_by is second.submitted_by


def test_records_read_back_share_what_they_repeat():
    # Each record is decoded from its own JSON text, as the library and the stores read them.
    import json

    first, second = (
        paper_from_record(json.loads(json.dumps(paper_to_record(_paper(i)))))
        for i in ("2603.00001", "2603.00002")
    )
    _same_objects(first, second)
    assert first.authors == _paper("x").authors  # shared, and still equal to what was written


def _hub_item(paper_id: str) -> dict:
    import json

    return json.loads(
        json.dumps(
            {
                "paper": {
                    "id": paper_id,
                    "title": f"Paper {paper_id}",
                    "authors": [{"name": "Jürgen Schmidt"}, {"name": "Wei Li", "user": "weili"}],
                    "publishedAt": "2026-03-12T13:00:00.000Z",
                    "submittedOnDailyAt": "2026-03-13T13:00:00.000Z",
                    "organization": {"name": "eth-zurich", "fullname": "ETH Zürich"},
                    "ai_keywords": ["diffusion", "reasoning"],
                },
                "submittedBy": {"user": "akhaliq"},
            }
        )
    )


def test_hub_items_share_what_they_repeat():
    first, second = parse_paper(_hub_item("2603.00001")), parse_paper(_hub_item("2603.00002"))
    _same_objects(first, second)


def test_equal_instants_in_other_offsets_are_not_merged():
    paris = DAY.astimezone(timezone(timedelta(hours=1)))
    assert shared_moment(DAY) is shared_moment(DAY)
    assert shared_moment(paris).utcoffset() == timedelta(hours=1)
    assert shared_moment(paris) == DAY
