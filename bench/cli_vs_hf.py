"""`paperreader list --date D --json` against the Hub's own `hf papers ls --date D --format json`.

    python bench/cli_vs_hf.py             # 5 runs of each, interleaved
    python bench/cli_vs_hf.py --runs 3

Both commands run in fresh processes of this interpreter (`python -m ...`), pointed through
HF_ENDPOINT at the fake hub (tests/support/fakehub.py) on loopback, so no byte leaves the
machine and both read the same day. paperreader runs twice per round: with an empty cache
and library (a first run) and with the listing cached a moment before. Both must list the
same papers, or the comparison is void and the script stops. Both run compiled, as installed
packages do (pip compiles them): their bytecode is kept in the scratch folder, written by an
untimed first run of each, and paperreader is this checkout's (`src/`), which is checked.

`hf` comes with huggingface_hub, the `bench` extra (`pip install -e ".[bench]"`), never a
runtime dependency: without it the rows are skipped and the reason printed. bench/run.py
adds these rows to its table through `add_rows`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-10-01"
"""A fake-hub day of 18 papers: one page for both (hf asks for at most 50)."""
FROM_CACHE_TARGET = 0.5
EMPTY_CACHE_TARGET = 0.8

AddRow = Callable[[str, str, str, str, str], None]


def skip_reason() -> str | None:
    """Why the comparison cannot run here, or None when it can."""
    if importlib.util.find_spec("huggingface_hub") is None:
        return 'huggingface_hub is not installed (pip install -e ".[bench]")'
    if importlib.util.find_spec("huggingface_hub.cli.papers") is None:
        return "this huggingface_hub has no `hf papers` command (1.8 or later has it)"
    return None


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    """Milliseconds from spawning `argv` to its exit, and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.decode()[-2000:]}")
    return elapsed, done.stdout


def check_source(env: dict[str, str]) -> None:
    """Stop unless the children import this checkout's paperreader (an installed or editable
    copy elsewhere would be measured instead)."""
    where = subprocess.run(
        [sys.executable, "-c", "import paperreader; print(paperreader.__file__)"],
        capture_output=True,
        env=env,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(where).is_relative_to(ROOT / "src"):
        raise SystemExit(f"the children import paperreader from {where}, not {ROOT / 'src'}")


def listed_ids(output: bytes) -> list[str]:
    """The paper ids either command printed: paperreader's `papers`, or hf's list."""
    data = json.loads(output)
    papers = data["papers"] if isinstance(data, dict) else data
    return [paper["id"] for paper in papers]


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def measure(runs: int) -> dict[str, list[float]]:
    """Interleaved rounds against one fake hub: hf, paperreader cold, paperreader cached."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.fakehub import FakeHub

    scratch = Path(tempfile.mkdtemp(prefix="paperreader-cli-vs-hf-"))
    cache, data = scratch / "cache", scratch / "data"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HF_", "PAPERREADER_", "HUGGING_FACE_"))
    }
    env.update(
        PAPERREADER_CACHE_DIR=str(cache),
        PAPERREADER_DATA_DIR=str(data),
        PAPERREADER_CONFIG=str(scratch / "config.toml"),
        HF_HOME=str(scratch / "hf-home"),  # no token of the user's, no update-check stamp
        HF_HUB_DISABLE_UPDATE_CHECK="1",  # hf would ask PyPI for a newer version
        HF_HUB_DISABLE_TELEMETRY="1",
        PYTHONPATH=str(ROOT / "src"),
        # Both sides compiled: compiling paperreader's modules on each start would be
        # timed, the installed huggingface_hub's would not.
        PYTHONPYCACHEPREFIX=str(scratch / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    check_source(env)
    paperreader = [sys.executable, "-m", "paperreader", "list", "--date", DAY, "--json"]
    hf = [sys.executable, "-m", "huggingface_hub.cli.hf", "papers", "ls", "--date", DAY]
    hf += ["--format", "json"]
    times: dict[str, list[float]] = {"hf": [], "empty": [], "cached": []}
    try:
        with FakeHub() as hub:
            env["HF_ENDPOINT"] = hub.url
            timed(hf, env)  # untimed: writes the bytecode, warms the disk caches
            timed(paperreader, env)
            for _ in range(runs):
                elapsed, hf_out = timed(hf, env)
                times["hf"].append(elapsed)
                shutil.rmtree(cache, ignore_errors=True)
                shutil.rmtree(data, ignore_errors=True)
                elapsed, cold_out = timed(paperreader, env)
                times["empty"].append(elapsed)
                elapsed, cached_out = timed(paperreader, env)
                times["cached"].append(elapsed)
                if json.loads(cached_out)["origin"] != "cache":
                    raise SystemExit("paperreader did not answer the second run from its cache")
                ids = listed_ids(hf_out)
                if not ids or listed_ids(cold_out) != ids or listed_ids(cached_out) != ids:
                    raise SystemExit(f"hf and paperreader listed different papers for {DAY}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return times


def add_rows(add: AddRow, runs: int) -> None:
    """Add the two comparison rows with `add(figure, value, reference, ratio, target)`, or
    print why they are skipped."""
    reason = skip_reason()
    if reason:
        print(f"`list --json` against `hf papers ls` skipped: {reason}", file=sys.stderr)
        return
    times = measure(runs)
    reference = statistics.median(times["hf"])
    for key, label, target in (
        ("cached", "from cache", FROM_CACHE_TARGET),
        ("empty", "empty cache", EMPTY_CACHE_TARGET),
    ):
        add(
            f"`list --date D --json`, {label}, vs `hf papers ls`",
            summary(times[key]),
            summary(times["hf"]),
            f"{statistics.median(times[key]) / reference:.2f}x",
            f"≤ {target}x",
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows: list[tuple[str, ...]] = []
    add_rows(lambda *row: rows.append(row), args.runs)
    for figure, value, reference, ratio, target in rows:
        print(f"{figure}: {value} ms, hf {reference} ms, {ratio} (target {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
