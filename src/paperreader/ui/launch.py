"""Starting the app from the command line: build the service, run, close."""

from __future__ import annotations

from .. import paths
from ..cli import AppOptions
from ..service import open_service


def run_app(options: AppOptions) -> int:
    """Run the interactive app until the user quits; returns the exit code."""
    from .app import PaperReaderApp

    service = open_service(
        endpoint=paths.endpoint(options.endpoint),
        token=paths.token(),
        offline=options.offline,
        demo=options.demo,
    )
    PaperReaderApp(service, options.query).run()
    return 0
