"""A closed terminal ends the app as `q` does, keeping what the user had open.

Closing a terminal window, or an SSH connection dropping, sends SIGHUP; a system shutting
down sends SIGTERM. Left to Python's default, either kills the process on the spot: the note
being typed is gone, the reader forgets its place, and exit handlers (the demo's scratch
folder) never run. Here each of them asks the open screens to keep what they hold (any screen
with a `keep_on_hangup` coroutine), closes the session, and leaves the app normally.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, runtime_checkable

from textual.app import App

Close = Callable[[], Awaitable[None]]
"""What ends the session (the network client, the cache, the library)."""

HANGUP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)
"""The signals that mean "the user is gone": a closed terminal, a shutdown."""
HANGUP_EXIT_CODE = 129
"""128 + SIGHUP, as a shell reports a process ended by a hangup."""


@runtime_checkable
class KeepsOnHangup(Protocol):
    """A screen holding something of the user's that a hangup must not lose."""

    def keep_on_hangup(self) -> Awaitable[None]:
        """Save what the screen holds, as its own save key would."""
        ...


def install(app: App[Any], close: Close) -> None:
    """Answer the hangup signals with `hang_up` from now on (where the loop can)."""
    loop = asyncio.get_running_loop()
    for number in HANGUP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, _on_signal, app, close)


def _on_signal(app: App[Any], close: Close) -> None:
    app.run_worker(hang_up(app, close), group="hangup", exclusive=True, exit_on_error=False)


async def hang_up(app: App[Any], close: Close) -> None:
    """Keep what each open screen holds (the top one first), then close the session and
    leave. A screen that fails to keep its part does not stop the others or the exit."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, KeepsOnHangup):
            with contextlib.suppress(Exception):
                await screen.keep_on_hangup()
    with contextlib.suppress(Exception):
        await close()
    app.exit(return_code=HANGUP_EXIT_CODE)
