"""One measurement in a fresh process; prints a JSON object on its last line.

    python bench/child.py MODE [N] [SPAWNED_AT]

Frames are driven directly, as docs/benchmarks.md describes: after an action the message
queues are drained and the screen's update (what the 60 fps timer would call) is run until
nothing is dirty, so figures are the work a frame needs, without waiting for a timer tick.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

FILTER_STEPS = ("d", "di", "dif", "diff", "diffu")
KEY_PRESSES = 100
FOCUS_CHANGES = 20


def _wake(future: asyncio.Future) -> None:
    future.set_result(None)  # a Python function: Textual inspects a builtin's signature per call


async def drain(app, pumps) -> None:
    loop = asyncio.get_running_loop()
    for pump in pumps:
        future = loop.create_future()
        pump.call_later(_wake, future)
        await future
    await asyncio.sleep(0)


async def settle(app, *widgets) -> None:
    """Process pending messages and render until the screen is clean."""
    for _ in range(20):
        await drain(app, [app, app.screen, *widgets])
        screen = app.screen
        if (
            screen._layout_required
            or screen._scroll_required
            or screen._repaint_required
            or screen._dirty_widgets
        ):
            screen._on_timer_update()
        else:
            return


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def papers(n: int):
    from bench.data import synthetic_papers

    return tuple(synthetic_papers(n))


def row_text(paper) -> str:
    return f"{paper.upvotes:>5}  {paper.title}"


async def fill_and_move(app, view, fill, move) -> tuple[float, list[float]]:
    """Time filling a list, then each of KEY_PRESSES cursor moves, each to a clean screen."""
    await settle(app, view)
    start = time.perf_counter()
    fill()
    await settle(app, view)
    populate = (time.perf_counter() - start) * 1000
    await app.workers.wait_for_complete()  # work started once drawn (the app's filter index)
    gc.collect()
    gc.freeze()  # as the app does after a large listing
    keys = []
    for _ in range(KEY_PRESSES):
        start = time.perf_counter()
        move()
        await settle(app, view)
        keys.append((time.perf_counter() - start) * 1000)
    return populate, keys


def bench_dir() -> Path:
    import tempfile

    return Path(os.environ.get("PAPERREADER_BENCH_DIR", tempfile.gettempdir()))


def library_path(n: int) -> Path:
    """The library of the n synthetic papers, built once per size in a process of its own
    (its making is neither timed nor in the measuring process's memory)."""
    path = bench_dir() / f"library-{n}.sqlite3"
    from paperreader.storage.library import Library

    with Library(path) as library:
        built = library.count() == n
    if not built:
        subprocess.run([sys.executable, __file__, "build-library", str(n)], check=True)
    return path


def build_library(n: int) -> dict:
    from paperreader.storage.library import Library

    with Library(bench_dir() / f"library-{n}.sqlite3") as library:
        if library.count() != n:
            library.add_papers(papers(n))
    return {}


CACHED_QUERY = ("monthly", "2025-03")


def cache_path(n: int) -> Path:
    """A cache holding the n synthetic papers as one listing, as the hub sends them
    (built once per size in a process of its own, like the library)."""
    path = bench_dir() / f"cache-{n}"
    if not (path / "built").exists():
        subprocess.run([sys.executable, __file__, "build-cache", str(n)], check=True)
    return path


def build_cache(n: int) -> dict:
    from bench.data import hub_item, iter_synthetic_papers
    from paperreader.domain.models import ListingKind, ListingQuery
    from paperreader.storage.cache import ListingCache

    path = bench_dir() / f"cache-{n}"
    cache = ListingCache(path, "https://huggingface.co")
    items = [hub_item(paper) for paper in iter_synthetic_papers(n)]
    cache.put_listing(ListingQuery(ListingKind(CACHED_QUERY[0]), CACHED_QUERY[1]), items)
    cache.close()
    (path / "built").touch()
    return {}


def cached_listing(n: int, traced: bool) -> dict:
    """A cached n-paper listing read as the app reads it before its first frame
    (`preload_listing`), with the library holding the papers: the time it takes, or (traced)
    the most memory Python held at once while reading it."""
    import tracemalloc

    from paperreader.domain.models import ListingKind, ListingQuery
    from paperreader.service.session import Session
    from paperreader.storage.cache import ListingCache
    from paperreader.storage.library import Library

    query = ListingQuery(ListingKind(CACHED_QUERY[0]), CACHED_QUERY[1])
    cache = ListingCache(cache_path(n), "https://huggingface.co")
    session = Session(source_factory=None, cache=cache, library=Library(library_path(n)))
    session.library.store.count()  # opened: its opening is not the listing's
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    listing = session.papers.preload_listing(query)
    elapsed = (time.perf_counter() - start) * 1000
    peak = tracemalloc.get_traced_memory()[1] / 1e6 if traced else None
    held = tracemalloc.get_traced_memory()[0] / 1e6 if traced else None
    assert listing is not None and len(listing.papers) == n
    slim = sum(1 for paper in listing.papers if getattr(paper, "texts_elsewhere", False))
    return {
        "ms": elapsed,
        "peak_mb": peak,
        "held_mb": held,
        "rss_mb": rss_mb(),
        "slim": slim,
    }


async def app_list(n: int) -> dict:
    """The app's paper list: populate, cursor keys, filter keystrokes, memory.

    The papers come as a large listing comes: the library holds them, and they are read
    one at a time through the function the app keeps a listing's papers with
    (`PaperTexts.slimmed`), so the process never holds them all whole."""
    from bench.data import iter_synthetic_papers
    from paperreader.service.session import Session
    from paperreader.storage.library import Library
    from paperreader.ui.app import PaperReaderApp

    session = Session(source_factory=None, cache=None, library=Library(library_path(n)))
    data = session.texts.slimmed(iter_synthetic_papers(n))
    app = PaperReaderApp(session)
    # The list alone: the detail follows only once keys rest.
    app.main_screen.detail_follower.DETAIL_DELAY = 3600
    async with app.run_test(size=(160, 50)):
        await app.workers.wait_for_complete()
        plist = app.main_screen.paper_list
        populate, keys = await fill_and_move(
            app, plist, lambda: plist.set_papers(data), plist.action_cursor_down
        )
        focus = []  # tab between the list and the detail: the keys in the footer change
        for _ in range(FOCUS_CHANGES):
            start = time.perf_counter()
            app.screen.focus_next()
            await settle(app, plist)
            await settle(app, plist)  # the footer lays its keys out after the refresh
            focus.append((time.perf_counter() - start) * 1000)
        filters, counted = [], []
        app.main_screen.action_filter()  # the box joins the screen when first opened
        box = app.main_screen.filter_input
        await settle(app, plist, box)
        for wait_for_count in (False, True):
            for _ in range(3):
                for step in FILTER_STEPS:
                    start = time.perf_counter()
                    box.value = step
                    await settle(app, plist, box)
                    if not wait_for_count:  # typed on at once, as a fast typist does
                        filters.append((time.perf_counter() - start) * 1000)
                        continue
                    while plist.counting:  # a large list counts past the first screenful
                        await app.workers.wait_for_complete()
                        await settle(app, plist, box)
                    counted.append((time.perf_counter() - start) * 1000)
                box.value = ""
                await settle(app, plist, box)
        memory = rss_mb()  # the whole process with the papers loaded and shown
    # The JSON of the whole papers, texts and all: made one at a time again, after measuring.
    raw = sum(len(json.dumps(_record(p))) for p in iter_synthetic_papers(n)) / 1e6
    return {
        "populate": populate,
        "keys": keys,
        "focus": focus,
        "filters": filters,
        "counted": counted,
        "rss_mb": memory,
        "raw_mb": raw,
    }


def _record(paper) -> dict:
    from paperreader.formats.records import paper_to_record

    return paper_to_record(paper)


async def reference_list(n: int) -> dict:
    """The minimal line-API list of the same rows."""
    from bench.reference import ReferenceApp, VirtualList

    lines = [row_text(p) for p in papers(n)]
    app = ReferenceApp()
    async with app.run_test(size=(160, 50)):
        view = app.query_one(VirtualList)
        populate, keys = await fill_and_move(
            app, view, lambda: view.set_lines(lines), view.action_down
        )
        filters = []  # the plainest filter: scan every title, show what matched
        for _ in range(3):
            for step in FILTER_STEPS:
                start = time.perf_counter()
                view.set_lines([line for line in lines if step in line.lower()])
                await settle(app, view)
                filters.append((time.perf_counter() - start) * 1000)
            view.set_lines(lines)
            await settle(app, view)
    return {"populate": populate, "keys": keys, "filters": filters}


def library_search(n: int) -> dict:
    """`Library.search` over n papers, the queries the Library tab sends."""
    from paperreader.storage.library import Library

    queries = (
        "diffusion",
        "language model",
        "reinforcement learning reward",
        "vision trans",
        "author:li",
        "year:2025 reasoning",
        "upvotes:>50 agents",
        "has:code video",
    )
    # Building a 50k library takes a minute: build it once per size and reuse it.
    library = Library(library_path(n))
    times = []
    for query in queries:
        library.search(query)  # warm-up
        for _ in range(10):
            # Each search as a new query costs: without the hits kept decoded from the last
            # one (a query typed a letter further reuses most of them).
            library._hits.clear()
            start = time.perf_counter()
            library.search(query)
            times.append((time.perf_counter() - start) * 1000)
    library.close()
    return {"search": times}


def similar(n: int) -> dict:
    """`similar` and the For-you tab's first listing over n papers (bench/similar.py)."""
    from bench.similar import measure

    return measure(library_path(n), runs=10)


def first_frame(spawned_at: float, bare: bool) -> dict:
    """Process start to the first frame: a bare app, or the app on a cached listing."""
    if not bare:
        gc.disable()  # as `paperreader.ui.launch.run_app` does before it imports the UI
    from textual.screen import Screen

    marks: dict[str, float] = {}
    original = Screen._compositor_refresh

    if bare:
        from textual.app import App

        class Bare(App[None]):
            def on_mount(self) -> None:
                self.set_timer(0.5, self.exit)

        app = Bare()

        def patched(self) -> None:
            original(self)
            if "frame" not in marks:
                marks["frame"] = time.monotonic()
                app.exit()

    else:
        from paperreader.domain.models import ListingKind, ListingQuery
        from paperreader.service.compose import build_session
        from paperreader.ui.app import PaperReaderApp

        app = PaperReaderApp(
            build_session(endpoint="https://huggingface.co", token=None, offline=True),
            ListingQuery(ListingKind.DAILY, "2026-03-13"),
        )

        def patched(self) -> None:
            original(self)
            if "frame" not in marks and app.main_screen.paper_list.visible_count:
                marks["frame"] = time.monotonic()
                app.exit()

    Screen._compositor_refresh = patched
    app.run(headless=True, size=(160, 50))
    return {"first_frame": (marks["frame"] - spawned_at) * 1000}


def main() -> None:
    mode = sys.argv[1]
    if not mode.startswith("first-frame"):
        os.environ["TEXTUAL_FPS"] = "1"  # frames are driven by hand, not by the timer
    n = int(sys.argv[2]) if len(sys.argv) > 2 and not mode.startswith("first-frame") else 0
    if mode == "app-list":
        result = asyncio.run(app_list(n))
    elif mode == "reference-list":
        result = asyncio.run(reference_list(n))
    elif mode == "build-library":
        result = build_library(n)
    elif mode == "build-cache":
        result = build_cache(n)
    elif mode in ("cached-listing", "cached-listing-traced"):
        result = cached_listing(n, traced=mode.endswith("traced"))
    elif mode == "library-search":
        result = library_search(n)
    elif mode == "similar":
        result = similar(n)
    elif mode in ("first-frame-app", "first-frame-bare"):
        result = first_frame(float(sys.argv[2]), bare=mode.endswith("bare"))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
