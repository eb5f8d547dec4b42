"""How every command writes: results to its output, problems as one line on stderr.

One definition each, so that every command's JSON reads alike (UTF-8 as is, indented, one
final newline) and every problem starts with the program's name, as scripts and cron mail
expect.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


def print_json(data: Any, out: TextIO) -> None:
    """`data` as indented JSON, non-ASCII text kept as it is, ending with a newline."""
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def print_text(text: str, out: TextIO) -> None:
    """`text` as it is, with a final newline when it has none."""
    out.write(text if text.endswith("\n") else text + "\n")


def warn(message: str) -> None:
    """One line on stderr: `paperreader: <message>`."""
    print(f"paperreader: {message}", file=sys.stderr)
