"""Starting the app from the command line: read the config, build the session, run, and
say how it ended (the exit code, and after a crash one line naming the log of it)."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from paperreader.config.loading import load_settings
from paperreader.service.compose import open_session
from paperreader.service.options import AppOptions

if TYPE_CHECKING:
    from paperreader.ui.app import PaperReaderApp


def run_app(options: AppOptions) -> int:
    """Run the interactive app until the user quits; returns the exit code."""
    # Importing Textual and building the app make thousands of objects and free almost none:
    # the collector's passes over them (~10 ms) wait until the first frame is drawn,
    # when the app turns it back on (PaperReaderApp.on_mount), or at the latest when it ends.
    gc.disable()
    try:
        from paperreader.ui.app import PaperReaderApp

        settings, problems = load_settings()
        session = open_session(options, settings)
        notices = [*(str(p) for p in problems), *session.upstream.notices]
        app = PaperReaderApp(session, options.query, problems=notices)
        app.run()
    finally:
        gc.enable()
    return finish(app)


def finish(app: PaperReaderApp) -> int:
    """The exit code of an app that has stopped: 0, or 1 after a crash, whose traceback is
    saved to a log file named on one stderr line."""
    if app.crash_report is None:
        return app.return_code or 0
    from paperreader.service.crash_log import save_crash_report

    try:
        where = f"the details are in {save_crash_report(app.crash_report)}"
    except OSError as error:
        last = app.crash_report.strip().splitlines()[-1]
        where = f"{last} (no log: {error.strerror or error})"
    print(f"paperreader: stopped on an unexpected error; {where}", file=sys.stderr)
    return 1
