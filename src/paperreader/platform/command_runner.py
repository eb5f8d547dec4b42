"""Running a command the user configured, as the hand-off hook does: no shell, its input
given, its output captured (only the first bytes kept), stopped after a time limit, and
never on the terminal the app draws on (its own session: no controlling terminal)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from dataclasses import dataclass

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.text import one_line

OUTPUT_CAP = 64 * 1024
"""Bytes of output kept; the rest is read and dropped, so the command never blocks on it."""


class CommandNotStarted(PaperReaderError):
    """The configured command could not be started (not installed, not executable)."""


@dataclass(frozen=True, slots=True)
class CommandResult:
    """How a command ended and the start of what it printed (stdout and stderr together)."""

    exit_code: int | None
    """Its exit status; negative for a signal; None when it was stopped at the time limit."""
    output: bytes
    """The first OUTPUT_CAP bytes it printed."""

    @property
    def first_line(self) -> str:
        """The first line it printed that is not blank, cleaned for a terminal."""
        for line in self.output.decode("utf-8", errors="replace").splitlines():
            if line.strip():
                return one_line(line)
        return ""


def run_command(
    argv: list[str], stdin: bytes | None, timeout: float, cap: int = OUTPUT_CAP
) -> CommandResult:
    """Run `argv` with `stdin` as its input (None: nothing), for at most `timeout` seconds.

    Raises CommandNotStarted when it cannot be started. Blocks: call it in a thread.
    """
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except (OSError, ValueError) as error:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise CommandNotStarted(f"{one_line(argv[0])} could not be started: {why}.") from None
    kept = bytearray()
    reader = threading.Thread(target=_read, args=(process, kept, cap), daemon=True)
    reader.start()
    if stdin is not None:
        threading.Thread(target=_feed, args=(process, stdin), daemon=True).start()
    try:
        code: int | None = process.wait(timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        code = None
    # A program it started in the background may hold the output open: do not wait for it.
    reader.join(1.0)
    return CommandResult(code, bytes(kept[:cap]))


def _read(process: subprocess.Popen[bytes], kept: bytearray, cap: int) -> None:
    assert process.stdout is not None
    fd = process.stdout.fileno()
    with contextlib.suppress(OSError, ValueError):
        while chunk := os.read(fd, 65536):
            if len(kept) < cap:
                kept.extend(chunk[: cap - len(kept)])
    with contextlib.suppress(OSError):
        process.stdout.close()


def _feed(process: subprocess.Popen[bytes], data: bytes) -> None:
    assert process.stdin is not None
    with contextlib.suppress(OSError, ValueError):  # it may not read its input at all
        process.stdin.write(data)
    with contextlib.suppress(OSError, ValueError):
        process.stdin.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the command and whatever it started (its process group)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)
