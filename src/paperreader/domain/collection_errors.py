"""What can stop a sync with a Hugging Face collection, each in one sentence that says what
to do. None of them loses a bookmark: a sync that stops leaves both sides as they were after
its last finished step, and the next sync carries on from there."""

from __future__ import annotations

from paperreader.domain.errors import HubError, NotFoundError, PaperReaderError, UsageError

LOGIN_ADVICE = "run `hf auth login`, or set HF_TOKEN"
CREATE_ADVICE = 'paperreader bookmarks sync --create "TITLE"'


class TokenMissingError(PaperReaderError):
    """No Hugging Face token: collections are private to their owner."""

    def __init__(self) -> None:
        super().__init__(
            f"Syncing with a Hugging Face collection needs your token: {LOGIN_ADVICE}."
        )


class TokenRejectedError(HubError):
    """The hub did not accept the token (401)."""

    def __init__(self) -> None:
        PaperReaderError.__init__(
            self, f"Hugging Face did not accept your token (401): {LOGIN_ADVICE} again."
        )
        self.status = 401


class NoWriteAccessError(HubError):
    """The token may read but not change collections (403)."""

    def __init__(self) -> None:
        PaperReaderError.__init__(
            self,
            "Your Hugging Face token cannot change collections (403): make a token with "
            "write access, then run `hf auth login`.",
        )
        self.status = 403


class CollectionGoneError(NotFoundError):
    """The linked collection no longer exists (404): it was deleted or renamed."""

    def __init__(self, slug: str, title: str | None = None) -> None:
        PaperReaderError.__init__(
            self,
            f"The collection {slug} is gone from Hugging Face: `{CREATE_ADVICE}` makes a new "
            "one, and your bookmarks are all still here.",
        )
        self.status = 404
        self.slug = slug
        self.title = title
        """The collection's title when it was linked: the natural title for a new one."""


class NotLinkedError(UsageError):
    """`bookmarks sync` without a collection linked before."""

    def __init__(self, why: str | None = None) -> None:
        super().__init__(
            (f"{why} " if why else "")
            + f"No collection is linked yet: `{CREATE_ADVICE}` makes one, "
            "`--collection SLUG` links one of yours (`paperreader collections` lists them)."
        )


class SyncBusyError(PaperReaderError):
    """Another sync with the collection holds the lock (another window, a command)."""

    def __init__(self) -> None:
        super().__init__("Another sync with the collection is running; try again when it ends.")
