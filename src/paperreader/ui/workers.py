"""Starting the UI's workers and reporting their failures, one way for every screen.

A bug in a worker must not take the app down: it is reported in one sentence instead.
Textual tells only the node that started a worker how it ended, so the app and the main
screen each pass their workers' endings here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.widget import Widget
from textual.worker import Worker, WorkerState


def start_worker(
    host: Widget,
    work: Callable[[], object],
    *,
    name: str,
    group: str,
    description: str,
    exclusive: bool = False,
) -> None:
    """Run `work` (a coroutine function) as a worker of `host`, whose failure is reported
    rather than fatal; `exclusive` cancels the group's other workers first."""
    host.run_worker(
        work,
        name=name,
        group=group,
        description=description,
        exclusive=exclusive,
        exit_on_error=False,
    )


def report_worker_error(node: App[Any] | Widget, event: Worker.StateChanged) -> bool:
    """Notify the user if the worker failed; True if it did."""
    if event.state is not WorkerState.ERROR:
        return False
    node.notify(
        f"Something went wrong: {event.worker.error!r}",
        title="Error",
        severity="error",
        markup=False,
    )
    return True
