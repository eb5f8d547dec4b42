"""Run the fault and bad-input campaign and write its figures into the docs.

    python scripts/reliability.py               # every case, bookmark kill loops 300 times
    python scripts/reliability.py --loops 30 --sync-loops 10    # a quicker pass
    python scripts/reliability.py --write       # also update docs/reliability.md

Every test marked `reliability(area)` is a case; it survived when it passed. Loop tests
record how many iterations they ran and how many saved items went missing ("lost"), which
must be zero. The tables go between the `campaign` markers of docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = {
    "network": "Network faults",
    "data": "Hostile data",
    "links": "Unsafe links",
    "disk": "Disk faults",
    "kill": "kill -9 and concurrent writers",
    "terminal": "Terminal sizes and environments",
    "load": "Load",
}
LOOP_VARIABLES = ("PAPERREADER_KILL_LOOPS", "PAPERREADER_DISK_LOOPS")
"""Loops of a fraction of a second an iteration; a sync kill takes seconds (--sync-loops)."""


def run_campaign(loops: int, sync_loops: int, report: Path, extra: list[str]) -> int:
    env = dict(os.environ)
    env["PAPERREADER_RELIABILITY_REPORT"] = str(report)
    for name in LOOP_VARIABLES:
        env[name] = str(loops)
    env["PAPERREADER_SYNC_KILL_LOOPS"] = str(sync_loops)
    command = [sys.executable, "-m", "pytest", "-m", "reliability", "-q"]
    return subprocess.call([*command, *extra], cwd=ROOT, env=env)


def summarise(report: Path) -> dict[str, dict[str, int]]:
    areas: dict[str, dict[str, int]] = defaultdict(
        lambda: {"cases": 0, "survived": 0, "iterations": 0, "lost": 0}
    )
    for line in report.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        area = areas[record["area"]]
        area["cases"] += 1
        area["survived"] += record["outcome"] == "passed"
        properties = record["properties"]
        area["iterations"] += int(properties.get("iterations", 0))
        area["lost"] += int(properties.get("lost", 0))
    return dict(areas)


def table(areas: dict[str, dict[str, int]]) -> str:
    rows = [
        "| area | cases tried | survived | iterations within them | data lost |",
        "|---|---|---|---|---|",
    ]
    totals = {"cases": 0, "survived": 0, "iterations": 0, "lost": 0}
    for key in [*AREAS, *sorted(set(areas) - set(AREAS))]:
        if key not in areas:
            continue
        figures = areas[key]
        for name in totals:
            totals[name] += figures[name]
        rows.append(
            f"| {AREAS.get(key, key)} | {figures['cases']} | {figures['survived']} "
            f"| {figures['iterations'] or '-'} | {figures['lost']} |"
        )
    rows.append(
        f"| **all** | **{totals['cases']}** | **{totals['survived']}** "
        f"| **{totals['iterations']}** | **{totals['lost']}** |"
    )
    return "\n".join(rows)


def replace_between_markers(path: Path, text: str) -> None:
    start, end = "<!-- campaign:start -->", "<!-- campaign:end -->"
    content = path.read_text(encoding="utf-8")
    if start not in content or end not in content:
        raise SystemExit(f"{path} has no {start} ... {end} markers")
    head, rest = content.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--loops", type=int, default=300, help="iterations of the bookmark and disk loops"
    )
    parser.add_argument(
        "--sync-loops", type=int, default=100, help="iterations of the sync kill loop"
    )
    parser.add_argument("--write", action="store_true", help="update the docs' tables")
    parser.add_argument("pytest_args", nargs="*", help="passed on to pytest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "campaign.jsonl"
        report.touch()
        started = time.monotonic()
        code = run_campaign(args.loops, args.sync_loops, report, args.pytest_args)
        minutes = (time.monotonic() - started) / 60
        areas = summarise(report)
    result = table(areas)
    stamp = (
        f"{time.strftime('%Y-%m-%d')}, `python scripts/reliability.py --loops {args.loops} "
        f"--sync-loops {args.sync_loops}`, "
        f"{minutes:.0f} min on this machine (2 cores)."
    )
    print(result)
    print(stamp)
    if args.write:
        replace_between_markers(ROOT / "docs" / "reliability.md", f"{result}\n\n{stamp}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
