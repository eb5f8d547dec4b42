"""The system clipboard through pyperclip, when this machine has one.

Over SSH or in a bare console there is usually none; the UI then relies on the terminal's
own clipboard (OSC 52), which it sends in any case, and says so.
"""

from __future__ import annotations


def copy_to_system_clipboard(text: str) -> bool:
    """Put `text` on the system clipboard; False when no clipboard mechanism works here."""
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # pyperclip raises its own exception types, and backends may raise OSError
        return False
    return True
