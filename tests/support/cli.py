"""Running the command line in-process, as `paperreader ARGS` would."""

from __future__ import annotations

import pytest

from paperreader.__main__ import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of `paperreader *argv`."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
