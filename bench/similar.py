"""Papers alike and the For-you tab at benchmark size: `similar` per paper, and the first
listing the For-you tab shows (watches matched, papers ranked against the bookmarks).

    python bench/similar.py                 # 50,000 papers
    python bench/similar.py --papers 10000 --runs 20

Builds the library once in a temporary directory (or reuses `--db PATH`). `similar` is timed
for 40 papers spread over the library, each once after a warm-up, as `paperreader similar`
and `m` call it (limit 10, papers decoded). For you: 2 authors, an organisation and 2 queries
watched, 20 bookmarks, the newest two weeks ranked, offline, `--runs` times in one session
whose library is open (opening it, its quick check, is timed apart: the first use of the
library in a session pays it, whichever tab or command that is).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import LAST, synthetic_papers
from paperreader.storage.library import Library
from paperreader.storage.library.similar import like_paper

WATCHES = (
    ("author", "Wei Wang"),
    ("author", "Ana Müller"),
    ("org", "Google"),
    ("query", "diffusion video"),
    ("query", '"mixture of experts" has:code'),
)


def build(path: Path, count: int) -> None:
    with Library(path) as library:
        papers = synthetic_papers(count)
        for day, group in groupby(papers, key=lambda p: p.daily_date):
            library.add_papers(list(group), day=day, complete=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_similar(path: Path) -> list[float]:
    """Milliseconds of `like_paper` for 40 papers spread over the library."""
    with Library(path) as library:
        ids = [p.id for p in library.recent(1_000_000)]
        picks = ids[:: max(1, len(ids) // 40)][:40]
        like_paper(library, picks[0])  # warm-up: the connection, the first pages
        times = []
        for paper_id in picks:
            start = time.perf_counter()
            like_paper(library, paper_id, 10)
            times.append((time.perf_counter() - start) * 1000)
    return times


def time_for_you(path: Path, runs: int) -> tuple[float, list[float]]:
    """Milliseconds to open the library (once, as any first use in a session does), and of
    the For-you tab's first listing, `runs` times, in a session whose library is open."""
    from paperreader.service.session import Session
    from paperreader.storage.user_data import UserDataStore
    from paperreader.storage.watches import WatchStore

    now = datetime(LAST.year, LAST.month, LAST.day, 18, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as scratch:
        user = Path(scratch)
        with Library(path) as library:
            recent = library.recent(2000)
        store = UserDataStore(user, clock=lambda: now)
        for paper in recent[500:2000:75]:  # 20 bookmarks from the weeks before
            store.add_bookmark(paper)
        watch_store = WatchStore(user, clock=lambda: now)
        from paperreader.domain.watches import make_watch

        for kind, text in WATCHES:
            watch_store.add(make_watch(kind, text))

        async def timed() -> tuple[float, list[float]]:
            session = Session(
                source_factory=None,
                cache=None,
                clock=lambda: now,
                user_data=UserDataStore(user, clock=lambda: now),
                library=Library(path),
                watches=WatchStore(user, clock=lambda: now),
            )
            try:
                start = time.perf_counter()
                await session.library.info()  # opening the library: its quick check
                opening = (time.perf_counter() - start) * 1000
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    listing = await session.recommend.for_you()
                    times.append((time.perf_counter() - start) * 1000)
                    assert listing.papers, "the benchmark's For-you tab must show papers"
                return opening, times
            finally:
                await session.aclose()

        return asyncio.run(timed())


def measure(path: Path, runs: int) -> dict:
    opening, for_you = time_for_you(path, runs)
    return {"similar": time_similar(path), "for_you": for_you, "opening": [opening]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", type=Path, help="reuse (or create) this library file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.db or Path(scratch) / "library.sqlite3"
        if not path.exists():
            build(path, args.papers)
        result = measure(path, args.runs)
    for name, times in result.items():
        print(f"{name:<8} median {statistics.median(times):6.1f} ms  p95 {p95(times):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
