"""`paperreader` and `python -m paperreader`: parse the command line, then run a subcommand
headless or start the app. The one place that ties the CLI and the UI together."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from paperreader.cli.main import build_parser, parse_app_options, run_command
from paperreader.cli.output import warn
from paperreader.domain.errors import PaperReaderError, UsageError

NO_TERMINAL = (
    "the app needs a terminal (stdin and stdout are not one here); "
    "for papers in a pipe, a file or cron, use `paperreader list`"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 failure, 2 usage)."""
    args = build_parser().parse_args(argv)
    try:
        if args.command:
            return run_command(args)
        options = parse_app_options(args)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UsageError(NO_TERMINAL)
        from paperreader.ui.launch import run_app

        return run_app(options)
    except UsageError as error:
        warn(error.message)
        return 2
    except PaperReaderError as error:
        warn(error.message)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of a pipe went away (`paperreader list | head`): that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if os.environ.get("PAPERREADER_DEBUG"):
            raise
        warn(f"unexpected error: {error!r} (set PAPERREADER_DEBUG=1 for details)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
