"""Typed failures of the core, each carrying one sentence a person can act on."""

from __future__ import annotations


class PaperReaderError(Exception):
    """Base of every failure the program reports to the user instead of crashing."""

    @property
    def message(self) -> str:
        """One clear sentence for the status line or stderr."""
        return str(self)


class OfflineError(PaperReaderError):
    """The hub could not be reached (no network, DNS, refused, timeout) or offline mode is on."""


class RateLimitedError(PaperReaderError):
    """The hub answered 429: too many requests."""

    def __init__(self, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        wait = f" Try again in {retry_after:.0f} s." if retry_after else " Try again shortly."
        super().__init__("Hugging Face is rate-limiting requests." + wait)


class HubError(PaperReaderError):
    """The hub answered with an HTTP error status."""

    def __init__(self, status: int, message: str = "") -> None:
        self.status = status
        detail = f": {message}" if message else ""
        super().__init__(f"Hugging Face answered HTTP {status}{detail}")


class RedirectLoopError(HubError):
    """The hub redirected again and again without answering (a loop, a broken proxy)."""

    def __init__(self, endpoint: str) -> None:
        PaperReaderError.__init__(self, f"Hugging Face sent too many redirects ({endpoint}).")
        self.status = 310


class NotFoundError(HubError):
    """The hub has no such paper or page (404)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(404, message or "not found")


class BadResponseError(PaperReaderError):
    """The hub answered, but not with data of the expected shape."""


class UsageError(PaperReaderError):
    """The user asked for something malformed (a bad date, an invalid paper id)."""


class StorageError(PaperReaderError):
    """The user's data (bookmarks, read state) could not be saved; nothing on disk was lost."""
