"""Where keys sit in a TOML file, line by line: what `tomllib` does not tell.

`tomllib` gives values without line numbers, and rewrites nothing; the loader needs the line
of each key for its messages (and of a value nested too deeply for `tomllib` to read), and
theme saving must find and change one line while leaving every other byte alone. Both read
the file's lines with these patterns.
"""

from __future__ import annotations

import json
import re

_BARE = r"[A-Za-z0-9_-]+"
BASIC_STRING = r'"(?:[^"\\\n]|\\.)*"'
"""A TOML basic string, quotes included."""
LITERAL_STRING = r"'[^'\n]*'"
"""A TOML literal string, quotes included."""
_SEGMENT = rf"(?:{_BARE}|{BASIC_STRING}|{LITERAL_STRING})"
_KEY = rf"{_SEGMENT}(?:\s*\.\s*{_SEGMENT})*"
ASSIGNMENT = re.compile(rf"^\s*({_KEY})\s*=")
"""A line that sets a key; group 1 is the (possibly dotted) key."""
TABLE_HEADER = re.compile(rf"^\s*\[\[?\s*({_KEY})\s*\]\]?\s*(?:#.*)?$")
"""A `[table]` or `[[array]]` header line; group 1 is its dotted name."""


def key_segments(key: str) -> list[str]:
    """The parts of a dotted TOML key, quotes removed: `a."b.c"` -> ["a", "b.c"]."""
    parts = re.findall(rf"{_BARE}|{BASIC_STRING}|{LITERAL_STRING}", key)
    return [json.loads(p) if p.startswith('"') else p.strip("'") for p in parts]


def split_lines(text: str) -> list[str]:
    """The lines of `text` with their line endings (TOML's newlines only: LF and CRLF)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def key_lines(text: str) -> dict[str, int]:
    """Dotted key or table -> the 1-based line that first sets it."""
    found: dict[str, int] = {}
    section: list[str] = []
    for number, line in enumerate(split_lines(text), 1):
        if header := TABLE_HEADER.match(line):
            section = key_segments(header.group(1))
            found.setdefault(".".join(section), number)
        elif assignment := ASSIGNMENT.match(line):
            found.setdefault(".".join([*section, *key_segments(assignment.group(1))]), number)
    return found


_OPENING = frozenset("[{")
_CLOSING = frozenset("]}")


def nesting_line(text: str, limit: int) -> int | None:
    """The 1-based line where arrays and inline tables first nest deeper than `limit`, or
    None; strings and comments are skipped, so brackets inside them do not count."""
    depth = 0
    line = 1
    index = 0
    quote = ""  # the open string's delimiter: ", ', \"\"\" or \'\'\'
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        if quote:
            if char == "\\" and quote[0] == '"':
                index += 2  # an escaped character, a quote say
                continue
            if text.startswith(quote, index):
                index += len(quote)
                quote = ""
                continue
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            continue
        elif char in _OPENING:
            depth += 1
            if depth > limit:
                return line
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        index += 1
    return None
