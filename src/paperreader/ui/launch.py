"""Starting the app from the command line: read the config, build the session, run."""

from __future__ import annotations

from paperreader.config.loading import load_settings
from paperreader.service.compose import open_session
from paperreader.service.options import AppOptions


def run_app(options: AppOptions) -> int:
    """Run the interactive app until the user quits; returns the exit code."""
    from paperreader.ui.app import PaperReaderApp

    settings, problems = load_settings()
    session = open_session(options, settings)
    notices = [*(str(p) for p in problems), *session.upstream.notices]
    PaperReaderApp(session, options.query, problems=notices).run()
    return 0
