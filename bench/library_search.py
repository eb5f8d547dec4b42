"""Library search latency at benchmark size: p50 / p95 of `Library.search` per query.

    .venv/bin/python bench/library_search.py            # 50,000 papers
    .venv/bin/python bench/library_search.py --papers 10000 --runs 50

Builds the library once in a temporary directory (or reuses `--db PATH`), then times each
query `--runs` times after one warm-up, as the Library tab and `search-local` call it
(limit 200, papers decoded and titles highlighted).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from itertools import groupby
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import synthetic_papers
from paperreader.storage.library import Library

QUERIES = (
    "diffusion",
    "language model",
    "reinforcement learning reward",
    "mixture of experts",
    '"chain-of-thought" reasoning',
    "quant",
    "m",
    "author:wang",
    "org:google year:2025",
    "upvotes:>100 has:code",
    "vision year:2024-2025 upvotes:>=20",
    "zürich",
    "",
)


def build(path: Path, count: int) -> float:
    started = time.perf_counter()
    papers = synthetic_papers(count)
    with Library(path) as library:
        for day, group in groupby(papers, key=lambda p: p.daily_date):
            library.add_papers(list(group), day=day, complete=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--db", type=Path, help="reuse (or create) this library file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        path = args.db or Path(scratch) / "library.sqlite3"
        if not path.exists():
            seconds = build(path, args.papers)
            print(f"built {args.papers:,} papers in {seconds:.1f} s")
        with Library(path) as library:
            info = library.info()
            print(f"{info.papers:,} papers, {info.bytes / 1e6:.0f} MB, fts={info.full_text}")
            print(f"{'query':<38} {'total':>7} {'p50 ms':>8} {'p95 ms':>8}")
            all_times: list[float] = []
            for query in QUERIES:
                result = library.search(query, limit=args.limit)  # warm-up
                times = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    library.search(query, limit=args.limit)
                    times.append((time.perf_counter() - started) * 1000)
                all_times += times
                times.sort()
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                print(
                    f"{query!r:<38} {result.total:>7} {statistics.median(times):>8.1f} {p95:>8.1f}"
                )
            all_times.sort()
            p95 = all_times[int(len(all_times) * 0.95) - 1]
            print(f"{'all queries':<38} {'':>7} {statistics.median(all_times):>8.1f} {p95:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
