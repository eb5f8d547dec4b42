"""The type checker over src/: the layers talk through typed calls, so mypy sees every one.

Run with this interpreter and pyproject.toml's [tool.mypy] settings; a report with any error
fails the test with mypy's own lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error_in_src():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],  # its cache (.mypy_cache) makes a re-run quick
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"mypy found errors:\n{output}"
    # Guard against a run that checked nothing (a broken `files` setting, say).
    assert "Success: no issues found in" in output, output
    checked = int(output.split("no issues found in ")[1].split()[0])
    assert checked > 100, output
