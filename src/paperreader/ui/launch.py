"""Starting the app from the command line: read the config, build the service, run."""

from __future__ import annotations

from paperreader.config.settings import load_settings
from paperreader.service.options import AppOptions
from paperreader.service.reader import open_for


def run_app(options: AppOptions) -> int:
    """Run the interactive app until the user quits; returns the exit code."""
    from paperreader.ui.app import PaperReaderApp

    settings, problems = load_settings()
    service = open_for(options, settings)
    PaperReaderApp(service, options.query, problems=[str(p) for p in problems]).run()
    return 0
