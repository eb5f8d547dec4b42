"""What only a paper's own endpoints tell: its linked repos, its discussion, its full text.

A listing's `Paper` (domain.models) is what the list shows; these come when a paper is looked
at more closely (the detail's links, the discussion, the reader), one paper at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from paperreader.domain.models import Origin

REPO_KINDS = ("model", "dataset", "space")
"""The kinds of Hugging Face repos a paper can link to, in the order they are listed."""


@dataclass(frozen=True, slots=True)
class LinkedRepo:
    """A model, dataset or Space that cites the paper (`links.repo_url` builds its address)."""

    kind: str
    """One of REPO_KINDS: "model", "dataset" or "space"."""
    id: str
    """The repo id, `owner/name` (older models may have no owner)."""
    likes: int | None = None
    downloads: int | None = None
    """Models and datasets only; Spaces have none."""
    emoji: str | None = None
    """Spaces only."""
    description: str | None = None
    """A Space's short description, when it has one."""

    @property
    def path(self) -> str:
        """The repo's path on the Hugging Face site: `id`, `datasets/id` or `spaces/id`."""
        prefix = {"dataset": "datasets/", "space": "spaces/"}.get(self.kind, "")
        return prefix + self.id


@dataclass(frozen=True, slots=True)
class PaperExtras:
    """What only the paper endpoint tells: linked repos and the comment count.

    The lists hold what the hub sent (it truncates them: `total_*` can be larger), models and
    datasets by downloads then likes, Spaces by likes; picking the top few is the UI's job.
    """

    paper_id: str
    models: tuple[LinkedRepo, ...] = ()
    datasets: tuple[LinkedRepo, ...] = ()
    spaces: tuple[LinkedRepo, ...] = ()
    total_models: int = 0
    total_datasets: int = 0
    total_spaces: int = 0
    num_comments: int | None = None
    """None when unknown (read from a copy fetched without the comments)."""
    origin: Origin = Origin.NETWORK

    @property
    def repos(self) -> tuple[LinkedRepo, ...]:
        """Every linked repo: models, then datasets, then Spaces."""
        return self.models + self.datasets + self.spaces

    @property
    def has_repos(self) -> bool:
        """True when anything at all is linked."""
        return bool(self.total_models or self.total_datasets or self.total_spaces)

    def by_kind(self) -> tuple[tuple[str, tuple[LinkedRepo, ...], int], ...]:
        """(kind, the repos the hub sent, how many it counts) for each of REPO_KINDS."""
        return (
            ("model", self.models, self.total_models),
            ("dataset", self.datasets, self.total_datasets),
            ("space", self.spaces, self.total_spaces),
        )

    @property
    def complete(self) -> bool:
        """True when the hub sent every repo it counts (it often sends only a few)."""
        return all(total == len(repos) for _, repos, total in self.by_kind())


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment of a paper's discussion, with its replies nested under it."""

    id: str
    author: str | None
    """The username (`author.name`, or `author.user` in the quirky shape)."""
    created_at: datetime | None
    text: str
    """The Markdown source as plain text (escape sequences removed); to be shown literally,
    never as markup. Empty for hidden comments."""
    hidden: bool = False
    hidden_reason: str | None = None
    """Spam, Abuse, Off-Topic, Resolved, ... when the hub gives one."""
    reactions: tuple[tuple[str, int], ...] = ()
    """(reaction name such as "rocket", count), in the hub's order."""
    edited: bool = False
    replies: tuple[Comment, ...] = ()
    """Oldest first."""


@dataclass(frozen=True, slots=True)
class Discussion:
    """A paper's comments as a tree: top-level comments oldest first, replies nested."""

    paper_id: str
    comments: tuple[Comment, ...] = ()
    total: int = 0
    """Every comment in the tree, replies and hidden ones included."""
    skipped: int = 0
    """Comments in the response that could not be read (no id, not an object)."""
    origin: Origin = Origin.NETWORK

    def walk(self) -> list[tuple[int, Comment]]:
        """(depth, comment) for every comment, depth-first in display order (0 = top level)."""
        order: list[tuple[int, Comment]] = []
        stack = [(0, c) for c in reversed(self.comments)]
        while stack:
            depth, comment = stack.pop()
            order.append((depth, comment))
            stack.extend((depth + 1, r) for r in reversed(comment.replies))
        return order


@dataclass(frozen=True, slots=True)
class FullText:
    """A paper's full text as Markdown, from `/papers/{id}.md`."""

    paper_id: str
    markdown: str | None
    """None when the hub has no full text (it answered 404)."""
    origin: Origin = Origin.NETWORK

    @property
    def available(self) -> bool:
        """True when there is a text to show."""
        return self.markdown is not None
