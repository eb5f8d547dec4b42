"""Problems with the user's files (cache, library, bookmarks), each said once per session."""

from __future__ import annotations

from textual.widget import Widget


class ProblemReporter:
    """Notifies a problem the first time it is seen, not on every listing that meets it."""

    def __init__(self, host: Widget) -> None:
        self._host = host
        self._reported: set[str] = set()

    def report(self, title: str, problem: str | None) -> None:
        """Show `problem` under `title`, unless it was shown already (None: no problem)."""
        if problem and problem not in self._reported:
            self._reported.add(problem)
            self._host.notify(problem, title=title, severity="warning", timeout=15, markup=False)
