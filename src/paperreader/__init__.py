"""paperreader: a keyboard-driven terminal reader for Hugging Face Papers."""

import logging as _logging

__version__ = "0.1.0"
"""The one place the version is written; pyproject.toml reads it from here."""

# Problems reach the user as one sentence each (stderr, the status line); without this,
# Python's last-resort handler would print our log warnings to stderr as a second line.
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
