"""Starting the app from the command line: read the config, build the service, run."""

from __future__ import annotations

from .. import paths
from ..cli import AppOptions
from ..config import load_settings
from ..service import open_service


def run_app(options: AppOptions) -> int:
    """Run the interactive app until the user quits; returns the exit code."""
    from .app import PaperReaderApp

    settings, problems = load_settings()
    service = open_service(
        endpoint=settings.hub_endpoint(options.endpoint),
        token=paths.token(),
        offline=options.offline,
        demo=options.demo,
        settings=settings,
    )
    PaperReaderApp(
        service, options.query, settings=settings, problems=[str(p) for p in problems]
    ).run()
    return 0
