"""Bundled demo data served like the hub, so `--demo` works with no network at all.

The data is a fixed set of Daily Papers items spread over several days; listings are cut
from it the way the hub would: by day, ISO week, month, trending order, or a search.
"""

from __future__ import annotations

import json
import re
import zlib
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from paperreader.domain import periods
from paperreader.domain.errors import NotFoundError, UsageError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.sources.base import ProgressCallback

DEMO_NOW = datetime(2026, 3, 13, 18, 0, tzinfo=UTC)
"""The demo's 'now': its latest day, week and month are the ones the data covers."""


@cache
def demo_items() -> tuple[dict[str, Any], ...]:
    """Every bundled item, as raw Daily Papers JSON."""
    text = resources.files("paperreader").joinpath("data/demo.json").read_text("utf-8")
    return tuple(json.loads(text))


def _feed_day(item: dict[str, Any]) -> date:
    return date.fromisoformat(item["paper"]["submittedOnDailyAt"][:10])


def _upvotes(item: dict[str, Any]) -> int:
    return int(item["paper"].get("upvotes") or 0)


class DemoSource:
    """Answers listing and paper requests from the bundled data, instantly."""

    async def fetch_listing(
        self, query: ListingQuery, progress: ProgressCallback | None = None
    ) -> list[Any]:
        """The demo items the hub would return for `query`."""
        items = list(demo_items())
        selected: list[dict[str, Any]]
        if query.kind is ListingKind.SEARCH:
            found = (_highlighted(item, query.text or "") for item in items)
            selected = [item for item in found if item is not None]
        elif query.kind is ListingKind.TRENDING:
            selected = sorted(items, key=lambda i: -_upvotes(i) * 2 - _feed_day(i).toordinal())
        else:
            selected = [item for item in items if _in_period(query, _feed_day(item))]
            selected.sort(key=_upvotes, reverse=True)
        if progress:
            progress(1, len(selected))
        return selected

    async def fetch_paper(self, paper_id: str, comments: bool = False) -> dict[str, Any]:
        """The detail object of one demo paper, with linked repos (and comments if asked)."""
        for item in demo_items():
            if item["paper"]["id"] == paper_id:
                detail = {
                    **item["paper"],
                    "numComments": item.get("numComments"),
                    **demo_linked_repos(item),
                }
                if comments:
                    detail["comments"] = demo_comments(item)
                return detail
        raise NotFoundError(f"paper {paper_id} is not in the demo data")

    async def fetch_full_text(self, paper_id: str) -> str | None:
        """A generated Markdown full text for some demo papers; None (no full text) for others."""
        for item in demo_items():
            if item["paper"]["id"] == paper_id:
                return demo_full_text(item)
        return None

    async def aclose(self) -> None:
        """Nothing to close."""


def _in_period(query: ListingQuery, day: date) -> bool:
    if query.kind is ListingKind.DAILY:
        if query.period is None:
            return day == max(_feed_day(i) for i in demo_items())
        return day.isoformat() == query.period
    wanted = query.period or periods.latest_period(query.kind, DEMO_NOW)
    if query.kind is ListingKind.WEEKLY:
        return periods.week_of(day) == wanted
    if query.kind is ListingKind.MONTHLY:
        return periods.month_of(day) == wanted
    raise UsageError(f"{query.kind.title} is not a dated listing.")


def _highlighted(item: dict[str, Any], text: str) -> dict[str, Any] | None:
    """The item with search highlighting, if every word of `text` occurs in it."""
    words = [w for w in text.lower().split() if w]
    paper = item["paper"]
    haystack = f"{paper['title']} {paper.get('summary', '')}".lower()
    if not words or not all(w in haystack for w in words):
        return None
    title: str = paper["title"]
    spans: list[dict[str, str]] = []
    lowered = title.lower()
    position = 0
    while position < len(title):
        hits = [(lowered.find(w, position), w) for w in words]
        hits = [(i, w) for i, w in hits if i >= 0]
        if not hits:
            spans.append({"type": "text", "text": title[position:]})
            break
        start, word = min(hits)
        if start > position:
            spans.append({"type": "text", "text": title[position:start]})
        spans.append({"type": "highlight", "text": title[start : start + len(word)]})
        position = start + len(word)
    return {**item, "highlightedTitle": spans}


# --------------------------------------------------------------------------------------------
# Synthetic extras: linked repos, comments and full texts, derived from the paper id
# --------------------------------------------------------------------------------------------

SHOWCASE_ID = "2603.08522"
"""The top paper of the demo's latest day: it has everything (repos, comments, full text)."""


def _seed(paper_id: str, salt: str = "") -> int:
    return zlib.crc32(f"{salt}{paper_id}".encode())


def demo_has_full_text(paper_id: str) -> bool:
    """True for the demo papers with a full text (about one in five, and the showcase)."""
    return paper_id == SHOWCASE_ID or _seed(paper_id) % 5 == 0


def demo_repo_level(paper_id: str) -> int:
    """0 nothing linked, 1 models, 2 models and datasets, 3 models, datasets and Spaces."""
    return 3 if paper_id == SHOWCASE_ID else _seed(paper_id, "repos") % 4


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words[:2]) or "paper"


def demo_linked_repos(item: dict[str, Any]) -> dict[str, Any]:
    """The `linked*` and `numTotal*` fields of a demo paper's detail (docs/hf-api.md 3.3)."""
    paper = item["paper"]
    pid = paper["id"]
    level = demo_repo_level(pid)
    seed = _seed(pid, "counts")
    owner = (paper.get("organization") or {}).get("name") or "demo-lab"
    slug = _slug(paper["title"])
    models: list[dict[str, Any]] = []
    datasets: list[dict[str, Any]] = []
    spaces: list[dict[str, Any]] = []
    if level >= 1:
        for n, size in enumerate(("base", "instruct", "small")[: 1 + seed % 3]):
            models.append(
                {
                    "id": f"{owner}/{slug}-{size}",
                    "author": owner,
                    "downloads": (seed >> (n * 3)) % 50_000 + 100,
                    "likes": (seed >> (n * 2)) % 300,
                    "lastModified": "2026-03-12T10:00:00.000Z",
                    "private": False,
                    "repoType": "model",
                    "gated": False,
                    "isLikedByUser": False,
                    "availableInferenceProviders": [],
                    "pipeline_tag": "text-generation",
                }
            )
    if level >= 2:
        datasets.append(
            {
                "id": f"{owner}/{slug}-eval",
                "author": owner,
                "downloads": seed % 5_000 + 10,
                "likes": seed % 40,
                "lastModified": "2026-03-11T08:00:00.000Z",
                "private": False,
                "repoType": "dataset",
                "gated": False,
                "isLikedByUser": False,
            }
        )
    if level >= 3:
        spaces.append(
            {
                "id": f"{owner}/{slug}-demo",
                "emoji": ("🚀", "📄", "🧪", "🤗")[seed % 4],
                "likes": seed % 120,
                "running": True,
                "featured": False,
                "shortDescription": "An interactive demo of the paper",
            }
        )
    extra = seed % 5 if models else 0  # the hub lists only some: totals can be larger
    return {
        "linkedModels": models,
        "numTotalModels": len(models) + extra,
        "linkedDatasets": datasets,
        "numTotalDatasets": len(datasets),
        "linkedSpaces": spaces,
        "numTotalSpaces": len(spaces),
    }


_COMMENTERS = ("ada", "grace", "liskov", "mhamilton", "fran", "kay", "hopper-fan", "akhaliq")
_COMMENT_TEXTS = (
    "Great paper! Is the **code** going to be released?",
    "How does this compare to the baseline in Table 2?",
    "Thanks for the interest: the weights are on the Hub, see the linked model.",
    "The ablation in `section 4` is convincing.\n\nCould you share the training config?",
    "Congrats on the release!",
    "I tried it on my own data and got similar numbers.",
    "What is the compute budget for the main run?",
    "Interesting, [bold]this bracket text[/bold] stays literal.",
)


def demo_comments(item: dict[str, Any]) -> list[dict[str, Any]]:
    """As many comments as the item's `numComments`, shaped like E4 (docs/hf-api.md 3.3).

    Every third one replies to the comment before it; the fifth is hidden as off-topic.
    """
    paper = item["paper"]
    pid = paper["id"]
    count = min(int(item.get("numComments") or 0), 25)
    start = datetime.fromisoformat(paper["submittedOnDailyAt"].replace("Z", "+00:00"))
    seed = _seed(pid, "comments")
    comments: list[dict[str, Any]] = []
    for n in range(count):
        user = _COMMENTERS[(seed + n) % len(_COMMENTERS)]
        created = (start + timedelta(hours=2 + 3 * n, minutes=seed % 60)).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"
        )
        hidden = n == 4
        raw = "Check out my unrelated project!" if hidden else _COMMENT_TEXTS[(seed + n) % 8]
        data: dict[str, Any] = {
            "edited": n == 1,
            "hidden": hidden,
            "latest": {"raw": raw, "html": "", "updatedAt": created},
            "numEdits": 1 if n == 1 else 0,
            "editors": [user],
            "editorAvatarUrls": [],
            "reactions": (
                [{"reaction": "rocket", "users": ["ada"], "count": 1 + seed % 5}]
                + ([{"reaction": "heart", "users": ["grace"], "count": 2}] if n == 0 else [])
                if n % 2 == 0
                else []
            ),
        }
        if hidden:
            data.update(hiddenBy="moderator", hiddenReason="Off-Topic")
        if n % 3 == 2:
            data["parentCommentId"] = comments[-1]["id"]
        comments.append(
            {
                "id": f"{zlib.crc32(f'{pid}/{n}'.encode()):08x}{n:016x}",
                "createdAt": created,
                "type": "comment",
                "author": {
                    "_id": f"{zlib.crc32(user.encode()):024x}",
                    "avatarUrl": "/avatars/demo.svg",
                    "fullname": user.replace("-", " ").title(),
                    "name": user,
                    "type": "user",
                    "isPro": False,
                },
                "data": data,
            }
        )
    return comments


def demo_full_text(item: dict[str, Any]) -> str | None:
    """A generated Markdown paper for the papers `demo_has_full_text` names, else None."""
    paper = item["paper"]
    pid = paper["id"]
    if not demo_has_full_text(pid):
        return None
    seed = _seed(pid, "text")
    authors = ", ".join(a["name"] for a in paper.get("authors", [])[:6] if not a.get("hidden"))
    base, ours = 60 + seed % 20, 70 + seed % 25
    summary = " ".join(str(paper.get("summary", "")).split())
    return f"""# {paper["title"]}

{authors}

## Abstract

{summary}

## 1 Introduction

This demo text stands in for the full paper that Hugging Face would serve. It has the
usual parts: a method with a table, some code and a formula, results and references.

## 2 Method

We minimise the loss

$$
\\mathcal{{L}}(\\theta) = -\\sum_{{i=1}}^{{N}} \\log p_\\theta(y_i \\mid x_i)
$$

over $N$ training pairs, with the settings below.

| Setting | Baseline | Ours |
|---|---:|---:|
| Parameters | {1 + seed % 7}B | {1 + seed % 7}B |
| Training tokens | {100 + seed % 900}B | {100 + seed % 900}B |
| Score | {base}.{seed % 10} | {ours}.{seed % 7} |

```python
import torch

def step(model, batch):
    loss = model(**batch).loss
    loss.backward()
    return loss.item()
```

## 3 Results

Our method scores {ours}.{seed % 7} against {base}.{seed % 10} for the baseline.

## References

1. A. Vaswani et al. Attention Is All You Need. 2017.
2. J. Kaplan et al. Scaling Laws for Neural Language Models. 2020.
"""
