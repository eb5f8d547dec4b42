"""Real child processes for the kill and concurrency tests: start them, read what they print
while they run, kill them with SIGKILL, or let several start writing at the same moment.

Used by tests/storage/test_user_data_processes.py and tests/reliability/test_rel_kill.py.
Children either run `python -m paperreader ...` or functions sent as source (`child_source`),
so they start without pytest; such functions keep their imports inside, since nothing else
of the test module exists in the child.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The project: the children import paperreader from ROOT/src."""
PYCACHE = os.path.join(
    tempfile.gettempdir(), f"paperreader-tests-pycache-{getattr(os, 'getuid', lambda: 0)()}"
)
"""Where children keep compiled bytecode (the tree is left alone)."""
GENEROUS = 60.0
"""Seconds a child may take to say something or finish before it counts as hung."""


def child_source(*functions: Callable[..., object], call: str) -> str:
    """Python source defining `functions` (by their source) and then running `call`."""
    return "\n\n".join(inspect.getsource(f) for f in functions) + f"\n\n{call}\n"


def child_env(**overrides: object) -> dict[str, str]:
    """The test's environment (isolated dirs included) with paperreader importable from src
    and `overrides` (None removes a variable)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONUNBUFFERED": "1",
        # Children start by the hundred: let them share compiled bytecode, kept out of the tree.
        "PYTHONPYCACHEPREFIX": PYCACHE,
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    return env


class Child:
    """A running child whose stdout and stderr lines are collected as they arrive."""

    def __init__(
        self, argv: Sequence[str], *, env: Mapping[str, str] | None = None, stdin: bool = False
    ) -> None:
        self.argv = list(argv)
        self.process = subprocess.Popen(
            self.argv,
            env=dict(env) if env is not None else child_env(),
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.out: list[str] = []
        """stdout so far, line by line (line ends stripped)."""
        self.err: list[str] = []
        self._changed = threading.Condition()
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @classmethod
    def python(cls, code: str, **kwargs: object) -> Child:
        """`python -c code`."""
        return cls([sys.executable, "-c", code], **kwargs)  # type: ignore[arg-type]

    @classmethod
    def cli(cls, *argv: str, **kwargs: object) -> Child:
        """`python -m paperreader *argv`, the command a user types."""
        return cls([sys.executable, "-m", "paperreader", *argv], **kwargs)  # type: ignore[arg-type]

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            with self._changed:
                lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def returncode(self) -> int | None:
        return self.process.poll()

    @property
    def stdout(self) -> str:
        return "".join(line + "\n" for line in self.out)

    @property
    def stderr(self) -> str:
        return "".join(line + "\n" for line in self.err)

    def wait_for(
        self, predicate: Callable[[str], bool], *, stream: str = "out", timeout: float = GENEROUS
    ) -> bool:
        """Wait until a line of `stream` ("out" or "err") satisfies `predicate`; False when the
        child closed the stream (it ended) first. Raises on a hang."""
        lines = self.out if stream == "out" else self.err
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if any(predicate(line) for line in lines):
                    return True
                if not any(r.is_alive() for r in self._readers) and self.process.poll() is not None:
                    return False
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(min(left, 0.05))
        self.kill()  # outside the condition: the readers need it to finish
        raise AssertionError(f"{self.argv[:4]} said nothing for {timeout:g} s:\n{self.stderr}")

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text)
        self.process.stdin.flush()

    def kill(self) -> bool:
        """SIGKILL now (no cleanup of any kind), then collect what it printed before.

        True when the kill ended it, False when it had already exited by itself.
        """
        running = self.process.poll() is None
        if running:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(GENEROUS)
        self._join()
        return running and self.process.returncode == -signal.SIGKILL

    def finish(self, timeout: float = GENEROUS) -> int:
        """Wait for the child to exit by itself; returns its exit code. Killed on a hang."""
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{self.argv[:4]} did not finish in {timeout:g} s") from None
        self._join()
        return self.process.returncode

    def _join(self) -> None:
        for reader in self._readers:
            reader.join(GENEROUS)
        if self.process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()


def kill_all(children: Sequence[Child]) -> None:
    """Kill whatever is still running (for `finally:` blocks)."""
    for child in children:
        if child.returncode is None:
            child.kill()


def release_together(children: Sequence[Child]) -> None:
    """Wait until every child printed "ready", then send each "go": they start at once."""
    for child in children:
        assert child.wait_for(lambda line: line == "ready"), child.stderr
    for child in children:
        child.send("go\n")
