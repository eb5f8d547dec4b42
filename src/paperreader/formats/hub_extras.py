"""A paper's extras from the paper endpoint (E3/E4): linked models, datasets and Spaces, and
the comment count.

`parse_extras` raises ValueError only when the response is not usable at all (not an object,
no paper id); anything else unreadable inside it is skipped, so a response always gives a
result (a property test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping

from paperreader.domain.details import LinkedRepo, PaperExtras
from paperreader.domain.ids import PAPER_ID, REPO_ID, exact_id
from paperreader.formats.hub_discussion import parse_discussion
from paperreader.formats.hub_values import read_int, read_str


def _repo(raw: object, kind: str) -> LinkedRepo | None:
    if not isinstance(raw, Mapping):
        return None
    repo_id = exact_id(raw.get("id"), REPO_ID)  # as sent, or not at all: never repaired
    if not repo_id:
        return None
    likes = read_int(raw.get("likes"))
    downloads = read_int(raw.get("downloads")) if kind != "space" else None
    emoji = read_str(raw.get("emoji")) if kind == "space" else None
    return LinkedRepo(
        kind=kind,
        id=repo_id,
        likes=likes if likes is not None and likes >= 0 else None,
        downloads=downloads if downloads is not None and downloads >= 0 else None,
        emoji=emoji[:8] if emoji else None,
        description=read_str(raw.get("shortDescription")) if kind == "space" else None,
    )


def _repos(value: object, kind: str) -> tuple[LinkedRepo, ...]:
    """The readable repos of one `linked*` list, best first, each id once."""
    if not isinstance(value, list):
        return ()
    repos: dict[str, LinkedRepo] = {}
    for raw in value:
        repo = _repo(raw, kind)
        if repo is not None and repo.id not in repos:
            repos[repo.id] = repo

    def rank(repo: LinkedRepo) -> tuple[int, int]:
        likes = repo.likes if repo.likes is not None else -1
        if kind == "space":
            return (-likes, 0)
        downloads = repo.downloads if repo.downloads is not None else -1
        return (-downloads, -likes)

    return tuple(sorted(repos.values(), key=rank))  # stable: ties keep the hub's order


def _total(value: object, listed: int) -> int:
    """`numTotal*`, never less than what was actually listed."""
    total = read_int(value)
    return max(total if total is not None else 0, listed)


def parse_extras(data: object, paper_id: str | None = None) -> PaperExtras:
    """Read linked repos and the comment count from a paper detail (E3, or E4 with comments).

    `paper_id` is used when the payload's own `id` is missing or malformed. Raises ValueError
    only when `data` is not an object or no paper id is known.
    """
    if not isinstance(data, Mapping):
        raise ValueError("paper detail is not an object")
    pid = exact_id(data.get("id"), PAPER_ID) or paper_id
    if not pid:
        raise ValueError(f"missing or malformed paper id: {data.get('id')!r}")
    models = _repos(data.get("linkedModels"), "model")
    datasets = _repos(data.get("linkedDatasets"), "dataset")
    spaces = _repos(data.get("linkedSpaces"), "space")
    num_comments = read_int(data.get("numComments"))
    if isinstance(data.get("comments"), list):
        num_comments = parse_discussion(pid, data).total
    return PaperExtras(
        paper_id=pid,
        models=models,
        datasets=datasets,
        spaces=spaces,
        total_models=_total(data.get("numTotalModels"), len(models)),
        total_datasets=_total(data.get("numTotalDatasets"), len(datasets)),
        total_spaces=_total(data.get("numTotalSpaces"), len(spaces)),
        num_comments=num_comments if num_comments is None or num_comments >= 0 else None,
    )
