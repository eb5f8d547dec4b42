"""How long the reader takes to open and to close a full text, and the memory it takes.

    python bench/full_text.py [KIND ...]     # kinds: paper, headings (default: both)

Each kind runs in a fresh process (this file, with `--child KIND`): the demo's top paper is
given a generated full text, the reader is opened on it headless at 120x35 and timed until
the text (or its plain-text view) is on screen ("open": the first part of a long text), until
all of it is in ("all in"), then sent to its end (G) and closed. Peak RSS is the process's.

    paper      a 52 KB paper: 40 headings, 400 paragraphs, a table
    long       a 216 KB paper of 1,400 blocks: the longest still shown as Markdown
    headings   309 KB in 20,000 headings (the worst case a hub text has been)
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

KINDS = ("paper", "long", "headings")
HANG = 600.0


def paper_text() -> str:
    words = "the model reads every paper and answers what it says about them "
    parts = ["# A generated paper\n"]
    for section in range(40):
        parts.append(f"## {section + 1} Section number {section + 1}\n")
        for _ in range(10):
            parts.append((words * 2).strip() + ".\n")
        if section == 20:
            parts.append("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 20)
    return "\n".join(parts)


def long_text() -> str:
    words = "a long paper still read as Markdown, in pieces behind the first one "
    parts = [f"## {n} Part\n\n" + "\n\n".join([words * 3] * 3) for n in range(350)]
    return "\n\n".join(parts)


def headings_text() -> str:
    lines = [f"## H{n:05d} w\n\nx" for n in range(20_000)]
    return "\n\n".join(lines)


def text_of(kind: str) -> str:
    return {"paper": paper_text, "long": long_text, "headings": headings_text}[kind]()


async def until(ready: Callable[[], bool]) -> None:
    """Let the app run until `ready()` (a hang after HANG seconds)."""
    deadline = time.perf_counter() + HANG
    while not ready():
        if time.perf_counter() > deadline:
            raise SystemExit("hang")
        await asyncio.sleep(0.001)


async def measure(kind: str) -> dict[str, float]:
    from paperreader.service.compose import build_session
    from paperreader.sources.demo import DemoSource
    from paperreader.ui.app import PaperReaderApp
    from paperreader.ui.screens.reader import ReaderScreen

    markdown = text_of(kind)

    async def fetch_full_text(self: DemoSource, paper_id: str) -> str | None:
        return markdown

    DemoSource.fetch_full_text = fetch_full_text  # type: ignore[method-assign]
    app = PaperReaderApp(build_session(endpoint="x", token=None, demo=True))
    async with app.run_test(size=(120, 35)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        # Actions are called, not keys pressed: Pilot gives up on a screen busy for 30 s.
        app.main_screen.action_read_full_text()
        await until(lambda: isinstance(app.screen, ReaderScreen) and app.screen.has_text)
        opened = time.perf_counter() - start
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await until(lambda: getattr(reader, "complete", True))  # older readers: all at once
        complete = time.perf_counter() - start
        start = time.perf_counter()
        reader.action_scroll("end")
        await asyncio.sleep(0)
        await until(lambda: not reader.screen._dirty_widgets)
        bottom = time.perf_counter() - start
        start = time.perf_counter()
        reader.action_close()
        await until(lambda: not isinstance(app.screen, ReaderScreen))
        await until(lambda: not reader.is_attached)
        closed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "kind_kb": len(markdown.encode()) / 1024,
        "open_s": opened,
        "complete_s": complete,
        "bottom_s": bottom,
        "close_s": closed,
        "peak_rss_mb": peak,
        "rss_before_mb": before,
    }


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(asyncio.run(measure(sys.argv[2]))))
        return
    kinds = sys.argv[1:] or list(KINDS)
    print(
        f"{'text':<10} {'size':>8} {'open':>9} {'all in':>9} {'G':>8} {'close':>8} {'peak RSS':>10}"
    )
    for kind in kinds:
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{kind:<10} {r['kind_kb']:>6.0f}KB {r['open_s']:>8.2f}s {r['complete_s']:>8.2f}s "
            f"{r['bottom_s']:>7.2f}s "
            f"{r['close_s']:>7.2f}s {r['peak_rss_mb']:>7.0f} MB"
        )


if __name__ == "__main__":
    main()
