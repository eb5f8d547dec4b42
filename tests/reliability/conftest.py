"""The reliability campaign's report: with PAPERREADER_RELIABILITY_REPORT=FILE, every test
marked `reliability(area)` appends one JSON line (area, outcome, recorded counts) to FILE,
which scripts/reliability.py turns into the table in docs/reliability.md."""

from __future__ import annotations

import json
import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    target = os.environ.get("PAPERREADER_RELIABILITY_REPORT")
    marker = item.get_closest_marker("reliability")
    if not target or marker is None:
        return
    failed_setup = report.when == "setup" and not report.passed
    if report.when != "call" and not failed_setup:
        return
    line = {
        "test": item.nodeid,
        "area": marker.args[0] if marker.args else "other",
        "outcome": report.outcome,
        "seconds": round(report.duration, 3),
        "properties": {str(key): value for key, value in item.user_properties},
    }
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
