"""Facts of the bundled demo data that tests check against."""

from __future__ import annotations

from typing import Any

from paperreader.sources.demo import demo_items

FIRST_TITLE = (
    "Lumen-2 Technical Report: Open Multilingual Foundation Models from 1B to 70B Parameters"
)
"""The top paper of the demo's latest day: where the cursor starts."""


def latest_daily_items() -> list[dict[str, Any]]:
    """The raw hub items of the demo's latest day (2026-03-13), 14 of them."""
    return [i for i in demo_items() if i["paper"]["submittedOnDailyAt"].startswith("2026-03-13")]
