"""Regenerate the README screenshots from the bundled demo data.

Writes screenshots/{main,search,help,narrow,filter,bookmarks,copy,reader,
discussion,library,compact,links}.svg, and a .png beside
each when the optional `resvg_py` module is importable (pip install resvg-py); otherwise SVG only.
Demo mode runs on a fixed clock with no network and no cache, so the output is the same on
every run and every machine (fonts in the PNGs aside).

    .venv/bin/python scripts/screenshots.py [--out DIR] [--no-png] [--mono-font FAMILY]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the working tree, even if an older copy is installed

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input  # noqa: E402

from paperreader.service.compose import build_session  # noqa: E402
from paperreader.ui.app import PaperReaderApp  # noqa: E402
from paperreader.ui.screens.controllers.detail import DetailFollower  # noqa: E402
from paperreader.ui.screens.controllers.user_data import UserDataController  # noqa: E402

DetailFollower.DETAIL_DELAY = 0  # the detail follows the cursor at once, before the capture
UserDataController.READ_AFTER_SECONDS = 3600  # only `x` marks papers read: the same shots every run

WIDE = (120, 35)
NARROW = (80, 30)


async def settle(pilot: Pilot) -> None:
    """Let the workers finish and the screen catch up; freeze text cursors mid-blink."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def nothing(pilot: Pilot) -> None:
    """The app as it opens."""


async def search(pilot: Pilot) -> None:
    await pilot.press("f")
    await pilot.pause()
    await pilot.press(*"attention", "enter")


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")
    await pilot.pause()


async def detail(pilot: Pilot) -> None:
    await pilot.press("j", "enter")


async def filter_list(pilot: Pilot) -> None:
    await pilot.press("slash", *"attention")


async def bookmarks(pilot: Pilot) -> None:
    """Three bookmarks, one with tags and a note, one already read, shown in their tab."""
    await pilot.press("b", "j", "j", "b", "x", "j", "b", "t")
    await pilot.pause()
    await pilot.press(*"reading-group survey", "enter")
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*"Compare with the attention-sink results in section 4.", "ctrl+s")
    await settle(pilot)
    await pilot.press("6")


async def copy_menu(pilot: Pilot) -> None:
    await pilot.press("j", "Y")


async def reader(pilot: Pilot) -> None:
    await pilot.press("v")
    await settle(pilot)
    await pilot.press("t")


async def discussion(pilot: Pilot) -> None:
    await pilot.press("c")


async def library(pilot: Pilot) -> None:
    await pilot.press("7")
    await settle(pilot)
    await pilot.press("slash", *"sparse attention")


async def compact(pilot: Pilot) -> None:
    """One line per paper, with the filter's words marked in the titles."""
    await pilot.press("z")
    await settle(pilot)
    await pilot.press("slash", *"attention")


async def links(pilot: Pilot) -> None:
    await pilot.press("L")


@dataclass(frozen=True)
class Shot:
    """One screenshot: a file name, the window title, the terminal size, the keys to press."""

    name: str
    title: str
    size: tuple[int, int]
    steps: Callable[[Pilot], Awaitable[None]]


SHOTS = (
    Shot("main", "paperreader: today's Daily Papers", WIDE, nothing),
    Shot("search", "paperreader: searching for “attention”", WIDE, search),
    Shot("help", "paperreader: every key, from the live bindings", WIDE, help_screen),
    Shot("narrow", "paperreader: a narrow terminal shows the detail on enter", NARROW, detail),
    Shot("filter", "paperreader: filtering the list as you type", WIDE, filter_list),
    Shot("bookmarks", "paperreader: bookmarks with tags and a note", WIDE, bookmarks),
    Shot("copy", "paperreader: the copy menu", WIDE, copy_menu),
    Shot("reader", "paperreader: the full text, with its contents", WIDE, reader),
    Shot("discussion", "paperreader: the discussion, replies nested", WIDE, discussion),
    Shot("library", "paperreader: searching the whole library offline", WIDE, library),
    Shot("compact", "paperreader: compact rows (z), the filter's words marked", NARROW, compact),
    Shot("links", "paperreader: every link of a paper (L)", WIDE, links),
)


async def capture(shot: Shot) -> str:
    """Run the demo app headless, press the shot's keys, return the screen as SVG."""
    app = PaperReaderApp(build_session(endpoint="https://huggingface.co", token=None, demo=True))
    async with app.run_test(size=shot.size) as pilot:
        await settle(pilot)
        await shot.steps(pilot)
        await settle(pilot)
        return app.export_screenshot(title=shot.title)


def png_renderer(mono_font: str) -> Callable[[str], bytes] | None:
    """SVG-to-PNG conversion through resvg_py, or None when it is not installed."""
    try:
        import resvg_py
    except ImportError:
        return None

    def render(svg: str) -> bytes:
        # The SVG asks for Fira Code, then the generic monospace family: name a font that
        # is actually installed for the fallback, or the columns drift.
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, monospace_family=mono_font))

    return render


def isolate() -> None:
    """Keep the run away from the user's cache, data, config and theme."""
    scratch = Path(tempfile.mkdtemp(prefix="paperreader-screenshots-"))
    os.environ["PAPERREADER_CACHE_DIR"] = str(scratch / "cache")
    os.environ["PAPERREADER_DATA_DIR"] = str(scratch / "data")
    os.environ["PAPERREADER_CONFIG"] = str(scratch / "config.toml")
    for name in ("TEXTUAL_THEME", "NO_COLOR", "HF_ENDPOINT", "HF_TOKEN"):
        os.environ.pop(name, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="output folder")
    parser.add_argument("--no-png", action="store_true", help="write SVG files only")
    parser.add_argument(
        "--mono-font",
        default="DejaVu Sans Mono",
        help="installed monospace font for the PNGs (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    isolate()
    args.out.mkdir(parents=True, exist_ok=True)
    render = None if args.no_png else png_renderer(args.mono_font)
    for shot in SHOTS:
        svg = asyncio.run(capture(shot))
        svg_path = args.out / f"{shot.name}.svg"
        svg_path.write_text(svg, encoding="utf-8", newline="\n")
        written = [svg_path]
        if render is not None:
            png_path = svg_path.with_suffix(".png")
            png_path.write_bytes(render(svg))
            written.append(png_path)
        print("  ".join(os.path.relpath(path, ROOT) for path in written))
    if render is None and not args.no_png:
        print(
            "note: resvg_py is not installed, so only SVG files were written "
            "(pip install resvg-py to get PNGs too); any older PNGs were left as they were."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
