"""The start as a user sees it: `paperreader --offline --date 2026-03-13` in a terminal.

    python bench/pty_start.py            # 10 rounds
    python bench/pty_start.py --runs 20

Black-box, beside `bench/run.py`'s first frame (which builds the app in the benchmark's own
process): the real command runs in a pseudo-terminal, through the command line, the config
and the launcher, and is timed from its spawn until its output holds the cached day's first
paper title; the reference is a bare Textual app showing one line of text, timed until that
line arrives. They run in turn, compiled (an untimed first run of each writes the bytecode
in a scratch folder), and the medians and their ratio are printed. POSIX only (`pty`).
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

BARE = "from textual.app import App\nfrom textual.widgets import Static\n" + (
    "class Bare(App):\n    def compose(self):\n        yield Static('bare app up')\nBare().run()"
)
APP = ("-m", "paperreader", "--offline", "--date", "2026-03-13")
FIRST_TITLE = b"Lumen-2"
"""The demo day's first paper, in the list and the detail of the app's first screen."""
TIMEOUT = 20.0


def shown_after(argv: list[str], marker: bytes, env: dict[str, str]) -> float:
    """Milliseconds from spawning `argv` in a pty until its output holds `marker`."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, its terminal the pty
        os.execvpe(argv[0], argv, env)
    start = time.monotonic()
    seen = b""
    try:
        while time.monotonic() - start < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the child went away
                break
            if marker in seen:
                return (time.monotonic() - start) * 1000
        raise SystemExit(f"{' '.join(argv)} never showed {marker!r}:\n{seen[-2000:]!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from run import prepare_cache

    scratch = Path(tempfile.mkdtemp(prefix="paperreader-pty-"))
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        PAPERREADER_CACHE_DIR=str(scratch / "cache"),
        PAPERREADER_DATA_DIR=str(scratch / "data"),
        PAPERREADER_CONFIG=str(scratch / "config.toml"),
        PYTHONPATH=str(ROOT / "src"),
        PYTHONPYCACHEPREFIX=str(scratch / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("HF_ENDPOINT", None)
    prepare_cache(env)
    bare = [sys.executable, "-c", BARE]
    app = [sys.executable, *APP]
    shown_after(bare, b"bare app up", env)  # bytecode written, untimed
    shown_after(app, FIRST_TITLE, env)
    bare_ms, app_ms = [], []
    for _ in range(args.runs):
        bare_ms.append(shown_after(bare, b"bare app up", env))
        app_ms.append(shown_after(app, FIRST_TITLE, env))
    b, a = statistics.median(bare_ms), statistics.median(app_ms)
    print(f"bare Textual app's first line {b:.1f} ms; paperreader's first paper {a:.1f} ms")
    print(f"ratio {a / b:.2f}x ({args.runs} runs each, medians)")


if __name__ == "__main__":
    main()
