"""Apps for Pilot tests: the demo's, and the one `paperreader --demo` builds from the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperreader.config.settings import Settings
from paperreader.domain.models import ListingQuery
from paperreader.platform import paths
from paperreader.service.options import AppOptions
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.launch import run_app
from support.sessions import demo_session


def demo_app(
    initial: ListingQuery | None = None, *, settings: Settings | None = None
) -> PaperReaderApp:
    """The app on the demo's session (fixed clock, no network), opening on `initial`."""
    return PaperReaderApp(demo_session(settings), initial)


def write_config(text: str) -> Path:
    """Write the user's config file (where PAPERREADER_CONFIG points)."""
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def launch(monkeypatch: pytest.MonkeyPatch, *, demo: bool = True) -> PaperReaderApp:
    """The app `paperreader --demo` would run (`paperreader --offline` if not `demo`: the
    user's own data, which the demo never writes), built by `run_app` but not yet running."""
    built: list[PaperReaderApp] = []
    options = AppOptions(query=None, demo=demo, offline=not demo, endpoint=None)
    with monkeypatch.context() as patch:
        patch.setattr(PaperReaderApp, "run", lambda self, *args, **kwargs: built.append(self))
        assert run_app(options) == 0
    [app] = built
    return app
