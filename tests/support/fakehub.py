#!/usr/bin/env python3
"""A local fake of the Hugging Face Papers API, for tests and for trying the app by hand.

It serves, over loopback, the endpoints paperreader uses, with the shapes described in
docs/hf-api.md sections 3 and 4, from deterministic fixture data built by `build_data()`:

- `GET /api/daily_papers` (`date`, `week`, `month`, `sort=trending`, `submitter`, `p`, `limit`)
- `GET /api/papers/search` (`q`, `limit`)
- `GET /api/papers/{id}` (and `?field=comments`)
- `GET /papers/{id}.md`
- the Collections endpoints (`/api/whoami-v2`, `/api/collections...`: GET, POST, PATCH,
  DELETE), kept by `hub.collections` (`fake_collections.py`, which says what they do)
- `GET /pdf/{id}`: where a session on this hub fetches PDFs (arXiv's `/pdf/ID` for the real
  one): a tiny valid PDF, or a web page for `NO_PDF_PAPER_ID` (see "PDFs" below)

Tests tell it to misbehave with `FakeHub.fail(path_prefix, mode, times=..., **options)`:

    hub.fail("/api/daily_papers", "status", status=429, headers={"Retry-After": "3"}, times=1)
    hub.fail("/api/papers/", "stall")          # never answers (until reset/stop)
    hub.fail("/", "truncate")                  # every request, until reset()

Every request is logged in `hub.requests` (method, path, query params, headers).

By hand (standard library only, no PYTHONPATH needed):

    python tests/support/fakehub.py --port 8765
    paperreader --endpoint http://127.0.0.1:8765
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

if __package__:  # imported by the tests as support.fakehub
    from .fake_collections import FakeCollections
else:  # run by hand as a script: its folder is on sys.path
    from fake_collections import FakeCollections

# --------------------------------------------------------------------------------------------
# Fixture data
# --------------------------------------------------------------------------------------------

DAY_SIZES: dict[str, int] = {
    "2026-09-25": 12,  # ISO week 2026-W39, September
    "2026-09-29": 25,  # W40, September
    "2026-09-30": 230,  # W40, September: three pages at limit=100
    "2026-10-01": 18,  # W40, October
    "2026-10-02": 20,  # W40, October: the latest day, plus the quirk items below
}
"""Regular (well-formed) papers per feed day."""
DAYS = tuple(sorted(DAY_SIZES))
NO_LINKED_REPOS: dict[str, Any] = {
    "linkedModels": [],
    "numTotalModels": 0,
    "linkedDatasets": [],
    "numTotalDatasets": 0,
    "linkedSpaces": [],
    "numTotalSpaces": 0,
}
"""What a paper's own page says of a paper no model, dataset or Space links to."""
LATEST_DAY = DAYS[-1]
BIG_DAY = "2026-09-30"
NOW = datetime(2026, 10, 2, 18, 0, tzinfo=UTC)
"""A 'now' for tests (pass it as the service clock): the afternoon of the latest day."""

RICH_PAPER_ID = "2610.02001"
"""Has linked repos, comments and a markdown full text."""
PLAIN_PAPER_ID = "2610.02002"
"""A paper with no full text (its .md is a 404) and nothing linked."""
UNKNOWN_PAPER_ID = "2601.99999"
OLD_STYLE_PAPER_ID = "hep-th/9901001"
"""An id from before April 2007 (`archive/YYMMNNN`): a paper the detail and PDF endpoints
know, on no day's listing."""
NO_PDF_PAPER_ID = PLAIN_PAPER_ID
"""Its `/pdf/` answer is a web page with status 200, as arXiv's while a PDF is being made."""

# Quirk items, all on LATEST_DAY (see `_quirk_items`).
Q_USER_ONLY = "2610.02901"
Q_HIDDEN_AUTHOR = "2610.02902"
Q_NULLS = "2610.02903"
Q_WRAPPED = "2610.02904"
Q_ORG_WRAPPER = "2610.02905"
Q_BOLD = "2610.02906"
Q_CLICK = "2610.02907"
Q_ANSI = "2610.02908"
Q_WITHDRAWN = "2610.02909"
Q_MANY_AUTHORS = "2610.02910"
NO_ID_TITLE = "This Item Has No Id"
"""The title of the one item without a paper id (clients must skip it)."""
BOLD_TITLE = "Why [bold]Markup[/bold] Must Stay Literal"
CLICK_TITLE = "Clicking [@click=app.quit]Here[/] Quits Nothing"
ANSI_TITLE = "\x1b[31mRed Alert\x1b[0m: Escapes in Titles"
ANSI_TITLE_CLEAN = "Red Alert: Escapes in Titles"
MANY_AUTHORS = 533

TRENDING_EXTRAS = ("2607.15001", "2608.02001")
"""Older papers that appear in trending but on none of the fixture days."""

_ADJECTIVES = (
    "Scalable",
    "Efficient",
    "Robust",
    "Sparse",
    "Multimodal",
    "Latent",
    "Causal",
    "Adaptive",
    "Recursive",
    "Contrastive",
    "Hierarchical",
    "Federated",
)
_TOPICS = (
    "Diffusion Transformers",
    "Language Agents",
    "Mixture-of-Experts",
    "Retrieval Augmentation",
    "Speech Tokenizers",
    "Vision Encoders",
    "Reward Models",
    "State Space Models",
    "Code Generation",
    "Video World Models",
    "Protein Folding",
    "Graph Reasoning",
)
_PATTERNS = (
    "{adj} {topic} at Scale",
    "Rethinking {topic}: A {adj} View",
    "On the Limits of {adj} {topic}",
    "{topic} Need {adj} Objectives",
)
_PEOPLE = (
    ("Ada Lovelace", "ada"),
    ("Alan Turing", None),
    ("Grace Hopper", "grace"),
    ("Edsger Dijkstra", None),
    ("Barbara Liskov", "liskov"),
    ("Donald Knuth", None),
    ("Frances Allen", "fran"),
    ("John McCarthy", None),
    ("Margaret Hamilton", "mhamilton"),
    ("Claude Shannon", None),
)
_ORGS = (
    {"name": "example-lab", "fullname": "Example Lab"},
    {"name": "tiny-ai", "fullname": "Tiny AI Research"},
    {"name": "open-science", "fullname": "Open Science Collective"},
)

RICH_MARKDOWN = r"""# Tiny Models Read Papers

Ada Lovelace, Alan Turing

## Abstract

We show that tiny models can read papers.

## 1 Introduction

Reading is hard. We train with the reading loss $\mathcal{L} = -\sum_i \log p(x_i)$ and
score a reader $m$ on $N$ questions:

$$
\mathrm{score}(m) = \frac{1}{N} \sum_{i=1}^{N} \mathbb{1}[m(x_i) = y_i]
$$

## 2 Results

| Model | Params | Accuracy |
|---|---:|---:|
| tiny-1b | 1.0B | 71.2 |
| tiny-3b | 3.0B | 78.9 |

```python
from tiny import Reader

reader = Reader.from_pretrained("example/tiny-1b")
print(reader.read("2610.02001"))
```

### 2.1 Text that must stay literal

A line with [bold]brackets[/bold] and [@click=app.quit]a fake link[/].

## 3 Conclusion

Tiny models read papers well.
"""


def _hex24(*parts: object) -> str:
    """A deterministic 24-hex id, like the hub's Mongo ids."""
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()[:24]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _user(username: str, fullname: str, *, key: str = "name") -> dict[str, Any]:
    """A UserOverview; `key="user"` gives the quirky shape with the username in `user`."""
    return {
        "_id": _hex24("user", username),
        "avatarUrl": f"/avatars/{_hex24('avatar', username)[:4]}.svg",
        "isPro": False,
        "fullname": fullname,
        key: username,
        "type": "user",
    }


def _submitter(username: str, fullname: str) -> dict[str, Any]:
    return {
        **_user(username, fullname),
        "isHf": False,
        "isHfAdmin": False,
        "isMod": False,
        "followerCount": len(username) * 3,
        "isUserFollowing": False,
    }


def _author(name: str, username: str | None, *, hidden: bool = False) -> dict[str, Any]:
    author: dict[str, Any] = {"_id": _hex24("author", name), "name": name, "hidden": hidden}
    if username:
        author["user"] = _user(username, name, key="user")
        author["status"] = "claimed_verified"
        author["statusLastChangedAt"] = "2026-09-01T09:00:00.000Z"
    return author


def _org(index: int) -> dict[str, Any]:
    org = _ORGS[index % len(_ORGS)]
    return {
        "_id": _hex24("org", org["name"]),
        "name": org["name"],
        "fullname": org["fullname"],
        "avatar": f"https://cdn-uploads.huggingface.co/production/uploads/{org['name']}/l.png",
    }


def _wrap(text: str, width: int = 60) -> str:
    """Hard-wrap like the abstracts the hub sends (newlines inside paragraphs)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _daily_item(
    paper_id: str,
    title: str,
    summary: str,
    day: str,
    index: int,
    *,
    upvotes: int,
    authors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One DailyItem (docs/hf-api.md 3.1) with every field the real captures show."""
    feed_day = date.fromisoformat(day)
    # Some real items enter the feed at a real time, some at midnight UTC.
    submitted = datetime(feed_day.year, feed_day.month, feed_day.day, tzinfo=UTC)
    if index % 4:
        submitted += timedelta(hours=3 + index % 9, minutes=index % 60, seconds=index % 47)
    published = submitted - timedelta(days=1 + index % 2, hours=index % 7)
    if authors is None:
        authors = [_author(*_PEOPLE[(index + k) % len(_PEOPLE)]) for k in range(1 + index % 5)]
    fullname, username = _PEOPLE[index % len(_PEOPLE)]
    if username is None:
        fullname, username = "AK", "akhaliq"
    paper: dict[str, Any] = {
        "id": paper_id,
        "authors": authors,
        "mediaUrls": [f"https://cdn-uploads.huggingface.co/production/uploads/{paper_id}/t.webp"]
        if index % 3 == 0
        else [],
        "publishedAt": _iso(published),
        "submittedOnDailyAt": _iso(submitted),
        "title": title,
        "submittedOnDailyBy": _user(username, fullname, key="user"),
        "summary": summary,
        "upvotes": upvotes,
        "discussionId": _hex24("discussion", paper_id),
    }
    if index % 2 == 0:
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:30]
        paper["githubRepo"] = f"https://github.com/example/{slug}"
        paper["githubRepoAddedBy"] = "user"
        paper["githubStars"] = (index * 13) % 900
    if index % 5 == 0:
        paper["projectPage"] = f"https://example.org/papers/{paper_id}"
    if index % 3 != 2:
        paper["ai_summary"] = f"{title} improves results with a simple method."
        paper["ai_keywords"] = [w.lower() for w in title.split()[:3]]
        paper["ai_summary_model"] = "Qwen/Qwen3-235B-A22B"
    item: dict[str, Any] = {
        "paper": paper,
        # New York wall-clock time labelled Z, as the hub does (summer: UTC-4).
        "publishedAt": _iso(published - timedelta(hours=4)),
        "title": title,
        "summary": summary,
        "mediaUrls": paper["mediaUrls"],
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png",
        "numComments": index % 6,
        "submittedBy": _submitter(username, fullname),
        "isAuthorParticipating": index % 2 == 1,
    }
    if index % 3 == 1:
        org = _org(index)
        paper["organization"] = org
        item["organization"] = org
    return item


def _regular_item(day: str, index: int) -> dict[str, Any]:
    feed_day = date.fromisoformat(day)
    paper_id = f"{feed_day:%y%m}.{feed_day.day:02d}{index:03d}"
    seed = feed_day.toordinal() * 7 + index
    adj = _ADJECTIVES[seed % len(_ADJECTIVES)]
    topic = _TOPICS[(seed * 5 + index // 3) % len(_TOPICS)]
    title = _PATTERNS[(index // 2) % len(_PATTERNS)].format(adj=adj, topic=topic)
    summary = (
        f"We study {topic.lower()} and propose a {adj.lower()} method that needs fewer "
        f"parameters than prior work. Experiments on {3 + index % 9} benchmarks show gains "
        f"of {index % 17 + 1}.{index % 10} points. Code and models are released."
    )
    if index % 2 == 0:
        summary = _wrap(summary)
    upvotes = (index * 37 + feed_day.day * 11) % 150
    return _daily_item(paper_id, title, summary, day, index, upvotes=upvotes)


def _rich_item() -> dict[str, Any]:
    summary = "We show that tiny models\ncan read papers."
    item = _daily_item(
        RICH_PAPER_ID,
        "Tiny Models Read Papers",
        summary,
        LATEST_DAY,
        1,
        upvotes=142,
        authors=[_author("Ada Lovelace", "ada"), _author("Alan Turing", None)],
    )
    item["paper"].update(
        projectPage="https://example.org/tiny",
        githubRepo="https://github.com/example/tiny",
        githubRepoAddedBy="user",
        githubStars=17,
        ai_summary="Tiny models read papers well.",
        ai_keywords=["tiny models", "reading"],
    )
    item["numComments"] = 4
    return item


def _quirk_items() -> list[dict[str, Any]]:
    """The awkward items of LATEST_DAY, one quirk each (docs/hf-api.md section 8)."""
    day = LATEST_DAY
    quirks: list[dict[str, Any]] = []

    item = _daily_item(
        Q_USER_ONLY,
        "Usernames Hide in the User Field",
        "Short.",
        day,
        901,
        upvotes=33,
        authors=[_author("Ada Lovelace", "ada")],
    )
    del item["submittedBy"]  # only submittedOnDailyBy, with the username in `user`
    item["paper"]["submittedOnDailyBy"] = _user("quirky", "Quirky Submitter", key="user")
    quirks.append(item)

    item = _daily_item(
        Q_HIDDEN_AUTHOR, "Some Authors Prefer to Stay Hidden", "Short.", day, 902, upvotes=21
    )
    item["paper"]["authors"] = [
        _author("Visible First", None),
        _author("Hidden Person", "hidden-person", hidden=True),
        _author("Visible Last", None),
    ]
    quirks.append(item)

    item = _daily_item(
        Q_NULLS, "Null Fields Everywhere", "Optional fields are null.", day, 903, upvotes=5
    )
    for key in (
        "submittedOnDailyAt",
        "submittedOnDailyBy",
        "projectPage",
        "githubRepo",
        "githubStars",
        "githubRepoAddedBy",
        "ai_summary",
        "ai_keywords",
        "ai_summary_model",
        "mediaUrls",
        "withdrawnAt",
        "organization",
    ):
        item["paper"][key] = None
    item["mediaUrls"] = None
    item["organization"] = None
    quirks.append(item)

    wrapped = (
        "The first paragraph of this abstract\nis hard-wrapped at odd places\n"
        "like arXiv sources are.\n\nA second paragraph\nfollows after a blank line."
    )
    quirks.append(
        _daily_item(Q_WRAPPED, "Hard-Wrapped Abstracts Reflow", wrapped, day, 904, upvotes=64)
    )

    item = _daily_item(
        Q_ORG_WRAPPER, "Organisation Only on the Wrapper", "Short.", day, 905, upvotes=12
    )
    item["paper"].pop("organization", None)
    item["organization"] = _org(2)
    quirks.append(item)

    item = _daily_item("0000.00000", NO_ID_TITLE, "Clients must skip this.", day, 906, upvotes=99)
    del item["paper"]["id"]
    quirks.append(item)

    quirks.append(
        _daily_item(
            Q_BOLD, BOLD_TITLE, "A [red]summary[/red] with [b]markup[/b].", day, 907, upvotes=44
        )
    )
    quirks.append(
        _daily_item(
            Q_CLICK, CLICK_TITLE, "Nothing [@click=app.bell]rings[/].", day, 908, upvotes=43
        )
    )
    quirks.append(
        _daily_item(
            Q_ANSI,
            ANSI_TITLE,
            "Escapes \x1b[1mbold\x1b[0m and a \x1b]8;;https://evil.example\x07link"
            "\x1b]8;;\x07 must not reach the terminal.",
            day,
            909,
            upvotes=42,
        )
    )

    item = _daily_item(
        Q_WITHDRAWN, "A Withdrawn Paper", "Withdrawn by the authors.", day, 910, upvotes=1
    )
    item["paper"]["withdrawnAt"] = "2026-10-02T12:00:00.000Z"
    quirks.append(item)

    many = [_author(f"Author Number{n:03d}", None) for n in range(MANY_AUTHORS)]
    quirks.append(
        _daily_item(
            Q_MANY_AUTHORS,
            "A Paper with Very Many Authors",
            "Big collaboration.",
            day,
            911,
            upvotes=88,
            authors=many,
        )
    )
    return quirks


def _rich_detail_extras() -> dict[str, Any]:
    return {
        "linkedModels": [
            {
                "id": "example/tiny-1b",
                "author": "example",
                "downloads": 1200,
                "likes": 8,
                "lastModified": "2026-10-02T10:00:00.000Z",
                "private": False,
                "repoType": "model",
                "gated": False,
                "isLikedByUser": False,
                "availableInferenceProviders": [],
                "pipeline_tag": "text-generation",
                "numParameters": 1_000_000_000,
            },
            {
                "id": "example/tiny-3b",
                "author": "example",
                "downloads": 300,
                "likes": 2,
                "lastModified": "2026-10-02T11:00:00.000Z",
                "private": False,
                "repoType": "model",
                "gated": "auto",
                "isLikedByUser": False,
                "availableInferenceProviders": [],
            },
        ],
        "numTotalModels": 7,
        "linkedDatasets": [
            {
                "id": "example/reading-bench",
                "author": "example",
                "downloads": 50,
                "likes": 1,
                "lastModified": "2026-09-30T08:00:00.000Z",
                "private": False,
                "repoType": "dataset",
                "gated": False,
                "isLikedByUser": False,
            }
        ],
        "numTotalDatasets": 1,
        "linkedSpaces": [
            {"id": "example/tiny-demo", "emoji": "📄", "running": True, "featured": False},
        ],
        "numTotalSpaces": 3,
    }


def _comment(
    number: int,
    author: dict[str, Any],
    raw: str,
    *,
    hidden: bool = False,
    parent: str | None = None,
) -> dict[str, Any]:
    created = f"2026-10-02T{8 + number:02d}:00:00.000Z"
    data: dict[str, Any] = {
        "edited": False,
        "hidden": hidden,
        "latest": {"raw": raw, "html": f"<p>{raw}</p>\n", "updatedAt": created},
        "numEdits": 0,
        "editors": [author["name"]],
        "editorAvatarUrls": [author.get("avatarUrl", "")],
        "reactions": [{"reaction": "rocket", "users": ["ada"], "count": 1}] if number == 1 else [],
        "identifiedLanguage": {"language": "en", "probability": 0.97},
    }
    if hidden:
        data.update(hiddenBy="moderator", hiddenReason="Spam")
    if parent:
        data["parentCommentId"] = parent
    return {
        "id": _hex24("comment", number),
        "createdAt": created,
        "type": "comment",
        "author": author,
        "data": data,
    }


def _rich_comments() -> list[dict[str, Any]]:
    grace = {**_submitter("grace", "Grace Hopper")}
    grace.pop("isUserFollowing")
    ada = {**_submitter("ada", "Ada Lovelace")}
    ada.pop("isUserFollowing")
    org = {
        "_id": _hex24("org", "example-lab"),
        "avatarUrl": "https://cdn-avatars.huggingface.co/example-lab.png",
        "fullname": "Example Lab",
        "name": "example-lab",
        "type": "org",
        "isPro": False,
    }
    first = _comment(1, grace, "Nice **work**!")
    return [
        first,
        _comment(2, _submitter("spammer", "Spam Bot"), "Buy cheap GPUs", hidden=True),
        _comment(3, ada, "Thanks! The code is on GitHub.", parent=first["id"]),
        _comment(
            4,
            org,
            "[bold]not bold[/bold] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m",
        ),
    ]


def _search_item(item: dict[str, Any]) -> dict[str, Any]:
    """The SearchItem shape (docs/hf-api.md 3.2) of a daily item, highlights added later."""
    source = item["paper"]
    paper = {
        "id": source["id"],
        "authors": [{key: a[key] for key in ("_id", "name", "hidden")} for a in source["authors"]],
        "publishedAt": source["publishedAt"],
        "title": source["title"],
        "summary": source["summary"],
        "upvotes": source["upvotes"],
        "discussionId": source["discussionId"],
    }
    for key in ("ai_keywords", "githubRepo", "githubStars"):
        if source.get(key) is not None:
            paper[key] = source[key]
    return {
        "paper": paper,
        "publishedAt": item["publishedAt"],
        "title": item["title"],
        "summary": item["summary"],
        "thumbnail": item["thumbnail"],
        "numComments": item["numComments"],
        "upvoted": False,
        "isAuthorParticipating": item["isAuthorParticipating"],
    }


@dataclass
class HubData:
    """Everything the fake hub serves."""

    days: dict[str, list[dict[str, Any]]]
    """Feed date -> DailyItems in feed order (upvotes, highest first)."""
    trending: list[dict[str, Any]]
    details: dict[str, dict[str, Any]]
    """Paper id -> flat PaperDetail (without comments)."""
    comments: dict[str, list[dict[str, Any]]]
    markdown: dict[str, str]
    search_pool: list[dict[str, Any]]
    """Every searchable item, in the SearchItem shape without highlights."""

    def day_ids(self, day: str) -> list[str]:
        """The ids of the well-formed papers of one day, in feed order."""
        return [i["paper"]["id"] for i in self.days[day] if "id" in i["paper"]]


def _by_upvotes(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        items, key=lambda i: (-int(i["paper"].get("upvotes") or 0), i["paper"].get("id", ""))
    )


@cache
def _build_data() -> HubData:
    days: dict[str, list[dict[str, Any]]] = {}
    for day, size in DAY_SIZES.items():
        items = [_regular_item(day, index) for index in range(1, size + 1)]
        if day == LATEST_DAY:
            items[0] = _rich_item()
            items.extend(_quirk_items())
        days[day] = _by_upvotes(items)

    extras = [
        _daily_item(
            TRENDING_EXTRAS[0],
            "An Older Paper Still Trending",
            _wrap("Old but popular: still in the trending list."),
            "2026-07-15",
            3,
            upvotes=612,
        ),
        _daily_item(
            TRENDING_EXTRAS[1],
            "Diffusion Transformers Revisited Again",
            "A second look at diffusion transformers.",
            "2026-08-02",
            5,
            upvotes=431,
        ),
    ]
    everything = [item for day in DAYS for item in days[day] if "id" in item["paper"]]
    everything += extras

    # Trending: an opaque rank, not ordered by upvotes (docs/hf-api.md 2): recent and popular.
    def score(item: dict[str, Any]) -> float:
        feed = str(item["paper"].get("submittedOnDailyAt") or LATEST_DAY)[:10]
        age = (date.fromisoformat(LATEST_DAY) - date.fromisoformat(feed)).days
        return int(item["paper"]["upvotes"]) / (age + 2) ** 1.2

    trending = sorted(everything[:-2], key=lambda i: (-score(i), i["paper"]["id"]))[:28]
    trending.insert(2, extras[0])
    trending.insert(9, extras[1])

    details: dict[str, dict[str, Any]] = {}
    for item in everything:
        paper = copy.deepcopy(item["paper"])
        if paper.get("organization") is None and item.get("organization"):
            paper["organization"] = item["organization"]
        paper.update(copy.deepcopy(NO_LINKED_REPOS))
        details[paper["id"]] = paper
    details[RICH_PAPER_ID].update(_rich_detail_extras())
    old = _daily_item(OLD_STYLE_PAPER_ID, "Strings Before 2007", "Old.", DAYS[0], 7, upvotes=4)
    old["paper"].update(copy.deepcopy(NO_LINKED_REPOS))
    details[OLD_STYLE_PAPER_ID] = old["paper"]

    return HubData(
        days=days,
        trending=trending,
        details=details,
        comments={RICH_PAPER_ID: _rich_comments()},
        markdown={RICH_PAPER_ID: RICH_MARKDOWN},
        search_pool=[_search_item(item) for item in everything],
    )


def build_data() -> HubData:
    """A fresh deep copy of the fixture data (deterministic: same every call)."""
    return copy.deepcopy(_build_data())


def raw_ids(items: list[dict[str, Any]]) -> list[str]:
    """The paper ids of raw listing items (`{"paper": {"id": ...}}`), in order."""
    return [item["paper"]["id"] for item in items]


def highlight(text: str, words: list[str]) -> list[dict[str, str]]:
    """Split `text` into text/highlight spans marking `words` (case-insensitive)."""
    if not text:
        return []
    if not words:
        return [{"type": "text", "text": text}]
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)), re.IGNORECASE
    )
    spans: list[dict[str, str]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            spans.append({"type": "text", "text": text[position : match.start()]})
        spans.append({"type": "highlight", "text": match.group()})
        position = match.end()
    if position < len(text):
        spans.append({"type": "text", "text": text[position:]})
    return spans


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------

FAULT_OPTIONS: dict[str, frozenset[str]] = {
    "delay": frozenset({"seconds"}),  # wait, then answer normally
    "stall": frozenset({"seconds"}),  # never answer (until reset/stop or `seconds`), then close
    "disconnect": frozenset(),  # close the connection without answering
    "status": frozenset({"status", "headers", "error", "body"}),  # any status code
    "truncate": frozenset(),  # declare the full Content-Length, send half, close
    "stall_body": frozenset({"seconds"}),  # headers and half the body, then nothing, then close
    "drip": frozenset({"seconds", "total"}),  # a byte every `seconds`: no read ever times out
    "invalid_json": frozenset({"body"}),  # 200 with a body that is not JSON
    "wrong_shape": frozenset(),  # object instead of list (list instead of object for details)
    "wrong_types": frozenset({"keep_ids"}),  # items whose fields have the wrong JSON types
    "empty": frozenset(),  # [] (or {} for details)
    "huge": frozenset({"size", "declared", "status"}),  # a very large body
    "redirect_loop": frozenset(),  # 302 to a path that redirects forever
    "json": frozenset({"body", "status", "headers"}),  # any JSON body
}
"""Fault modes and the options each accepts (see `FakeHub.fail`)."""

HUGE_SIZE = 64 * 1024 * 1024


@dataclass
class Fault:
    """One injected misbehaviour; `hits` counts the requests it has answered."""

    mode: str
    path: str = "/"
    times: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    hits: int = 0
    sent: int = 0
    """Body bytes written so far by "huge" (how much a client let itself be sent)."""
    arrived: threading.Event = field(default_factory=threading.Event)
    """Set when the fault answers its first request: a test waits on it, never sleeps."""

    def applies_to(self, path: str) -> bool:
        return path.startswith(self.path) and (self.times is None or self.hits < self.times)


@dataclass(frozen=True)
class RequestRecord:
    """One request the fake hub received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Header names in lower case."""
    body: Any = None
    """The JSON body a POST, PATCH or DELETE sent (None for none)."""

    @property
    def params(self) -> dict[str, str]:
        """Query parameters, last value of each."""
        return {key: values[-1] for key, values in self.query.items()}

    def header(self, name: str) -> str | None:
        """A request header by case-insensitive name."""
        return self.headers.get(name.lower())


def _wrong_types(value: Any, keep_ids: bool) -> Any:
    """The same JSON with (almost) every field of every paper of the wrong JSON type."""
    if isinstance(value, list):
        return [_wrong_types(item, keep_ids) for item in value]
    if not isinstance(value, dict):
        return value
    bad_paper = {
        "authors": "Ada Lovelace, Alan Turing",
        "publishedAt": 1_790_000_000,
        "submittedOnDailyAt": ["2026-10-02"],
        "submittedOnDailyBy": "ada",
        "summary": {"text": "an object where a string belongs"},
        "upvotes": "many",
        "githubRepo": 42,
        "githubStars": "17",
        "projectPage": ["https://example.org"],
        "ai_summary": 3.5,
        "ai_keywords": "tiny, models",
        "organization": "example-lab",
    }
    inner = value.get("paper")
    paper = dict(inner) if isinstance(inner, dict) else dict(value)
    paper.update(bad_paper)
    if not keep_ids:
        paper["id"] = 2610.02001
        paper["title"] = ["not", "a", "string"]
    if not isinstance(inner, dict):
        return paper  # a flat detail
    wrapper = dict(value)
    wrapper.update(
        paper=paper,
        numComments="three",
        submittedBy=["ada"],
        summary=None,
        organization=7,
        highlightedTitle="Tiny",
    )
    if not keep_ids:
        wrapper["title"] = {"text": "not a string"}
    return wrapper


# --------------------------------------------------------------------------------------------
# PDFs
# --------------------------------------------------------------------------------------------

_PDF_PATH = re.compile(r"^/pdf/((?:[a-z-]+/)?[^/]+)$")
NOT_A_PDF = (
    b"<!DOCTYPE html><html><head><title>PDF unavailable</title></head>"
    b"<body><p>The PDF for this paper is being prepared. Try again later.</p></body></html>"
)


def tiny_pdf(paper_id: str) -> bytes:
    """A one-page PDF that names the paper: valid (offsets and all), a few hundred bytes."""
    text = f"BT /F1 18 Tf 72 720 Td (Paper {paper_id}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_answer(data: HubData, paper_id: str) -> tuple[int, bytes, dict[str, str]]:
    """What `GET /pdf/{id}` answers: the PDF of a known paper, a web page for
    NO_PDF_PAPER_ID, a 404 for anything else."""
    if paper_id == NO_PDF_PAPER_ID:
        return 200, NOT_A_PDF, {"Content-Type": "text/html; charset=utf-8"}
    if paper_id not in data.details:
        return 404, b"Not found", {"Content-Type": "text/plain; charset=utf-8"}
    return 200, tiny_pdf(paper_id), {"Content-Type": "application/pdf"}


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+Z?)?$")
_WEEK = re.compile(r"^(\d{4})-W(0[1-9]|[1-4]\d|5[0-2])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_PAPER_PATH = re.compile(r"^/api/papers/((?:[a-z-]+/)?[^/]+)$")
_MARKDOWN_PATH = re.compile(r"^/papers/([^/]+)\.md$")


class _BadRequest(Exception):
    pass


def _token(headers: dict[str, str]) -> str | None:
    """The bearer token of a request, if any."""
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    return value[7:].strip() if value.lower().startswith("bearer ") else None


class _Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], hub: FakeHub) -> None:
        self.hub = hub
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (timeouts, refused huge bodies) are expected, not errors."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server
    server_version = "FakeHub/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.hub.verbose:
            sys.stderr.write(f"fakehub: {format % args}\n")

    def do_GET(self) -> None:
        hub = self.server.hub
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        hub._record(
            RequestRecord(
                method="GET",
                path=path,
                query=query,
                headers={k.lower(): v for k, v in self.headers.items()},
            )
        )
        try:
            self._serve(hub, path, query)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def do_POST(self) -> None:
        self._serve_write("POST")

    def do_PATCH(self) -> None:
        self._serve_write("PATCH")

    def do_DELETE(self) -> None:
        self._serve_write("DELETE")

    def _serve_write(self, method: str) -> None:
        """A request that changes something: only the Collections endpoints take them."""
        hub = self.server.hub
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        query = parse_qs(parts.query, keep_blank_values=True)
        hub._record(RequestRecord(method, parts.path, query, headers, body))
        try:
            fault = hub._take_fault(parts.path)
            if fault is not None and fault.mode in ("stall", "disconnect"):
                if fault.mode == "stall":
                    hub._wait(float(fault.options.get("seconds", 60.0)))
                self.close_connection = True
                return
            if fault is not None and fault.mode == "status":
                self._send_status_fault(fault.options)
                return
            answer = hub.collections.answer(
                method, parts.path, {k: v[-1] for k, v in query.items()}, _token(headers), body
            )
            status, payload, extra = answer or (405, {"error": "Method not allowed"}, {})
            self._send_json(status, payload, extra)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    # -- dispatch ---------------------------------------------------------------------------

    def _serve(self, hub: FakeHub, path: str, query: dict[str, list[str]]) -> None:
        if path.startswith("/__redirect/"):
            step = int(path.rsplit("/", 1)[1] or 0)
            self._send_redirect(f"/__redirect/{step + 1}")
            return
        fault = hub._take_fault(path)
        mode = fault.mode if fault else None
        options = fault.options if fault else {}
        if mode == "delay":
            hub._wait(float(options["seconds"]))
        elif mode in ("stall", "disconnect"):
            if mode == "stall":
                hub._wait(float(options.get("seconds", 60.0)))
            self.close_connection = True
            return
        elif mode == "status":
            self._send_status_fault(options)
            return
        elif mode == "redirect_loop":
            self._send_redirect("/__redirect/1")
            return
        elif mode == "json":
            self._send_json(
                int(options.get("status", 200)), options["body"], options.get("headers")
            )
            return
        elif mode == "invalid_json":
            body = options.get("body", b'[{"paper": {"id": "2610.02001", "title": }, <html>oops')
            self._send_bytes(200, body if isinstance(body, bytes) else str(body).encode())
            return
        elif mode == "huge":
            self._send_huge(fault)
            return

        status, payload, headers = self._route(hub, path, query)
        content_type = "application/json; charset=utf-8"
        if isinstance(payload, bytes):  # a PDF (or what stands in for one)
            body = payload
            headers = dict(headers)
            content_type = headers.pop("Content-Type")
        elif isinstance(payload, str):  # the markdown full text
            body = payload.encode()
            content_type = "text/markdown; charset=utf-8"
        else:
            if status == 200 and mode == "wrong_shape":
                payload = {"papers": payload} if isinstance(payload, list) else [payload]
            elif status == 200 and mode == "wrong_types":
                payload = _wrong_types(payload, bool(options.get("keep_ids", False)))
            elif status == 200 and mode == "empty":
                payload = [] if isinstance(payload, list) else {}
            body = json.dumps(payload, ensure_ascii=False).encode()
        if mode == "drip":
            self._send_drip(hub, status, body, content_type, headers, options)
            return
        if mode in ("truncate", "stall_body"):
            cut = body[: len(body) // 2]
            self._send_bytes(status, cut, content_type, headers, declared=len(body))
            if mode == "stall_body":
                hub._wait(float(options.get("seconds", 60.0)))
            self.close_connection = True
            return
        self._send_bytes(status, body, content_type, headers)

    def _route(
        self, hub: FakeHub, path: str, query: dict[str, list[str]]
    ) -> tuple[int, Any, dict[str, str]]:
        params = {key: values[-1] for key, values in query.items()}
        collections = hub.collections.answer(
            "GET", path, params, _token(dict(self.headers.items())), None
        )
        if collections is not None:
            return collections
        try:
            if path == "/api/daily_papers":
                return self._daily(hub.data, params)
            if path == "/api/papers/search":
                return 200, self._search(hub.data, params), {}
            match = _PAPER_PATH.match(path)
            if match:
                detail = hub.data.details.get(match[1])
                if detail is None:
                    return 404, {"error": "Paper not found"}, {}
                detail = copy.deepcopy(detail)
                if "comments" in query.get("field", []):
                    detail["comments"] = copy.deepcopy(hub.data.comments.get(match[1], []))
                return 200, detail, {}
            match = _PDF_PATH.match(path)
            if match:
                return pdf_answer(hub.data, match[1])
            match = _MARKDOWN_PATH.match(path)
            if match:
                text = hub.data.markdown.get(match[1])
                if text is None:
                    return 404, {"error": "Paper not found"}, {}
                return 200, text, {}
        except _BadRequest as error:
            return 400, {"error": str(error)}, {}
        return 404, {"error": "Not found"}, {}

    # -- endpoints --------------------------------------------------------------------------

    @staticmethod
    def _int_param(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
        raw = params.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise _BadRequest(f"Invalid '{name}': expected an integer") from None
        if not low <= value <= high:
            raise _BadRequest(f"Invalid '{name}': must be between {low} and {high}")
        return value

    def _daily(self, data: HubData, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        limit = self._int_param(params, "limit", 50, 1, 100)
        page = self._int_param(params, "p", 0, 0, 10**6)
        sort = params.get("sort", "publishedAt")
        if sort not in ("publishedAt", "trending"):
            raise _BadRequest("Invalid 'sort': expected publishedAt or trending")
        days = self._select_days(data, params)
        if days is None and sort == "trending":
            items = data.trending
        else:
            chosen = days if days is not None else [max(data.days)]
            items = [item for day in sorted(chosen, reverse=True) for item in data.days[day]]
            if sort == "trending":
                items = _by_upvotes(items)
        if "submitter" in params:
            items = [
                i for i in items if (i.get("submittedBy") or {}).get("name") == params["submitter"]
            ]
        window = items[page * limit : (page + 1) * limit]
        headers = {}
        if (page + 1) * limit < len(items):
            following = {**params, "p": str(page + 1), "limit": str(limit)}
            headers["Link"] = f'</api/daily_papers?{urlencode(following)}>; rel="next"'
        return 200, window, headers

    @staticmethod
    def _select_days(data: HubData, params: dict[str, str]) -> list[str] | None:
        if "date" in params:
            match = _DATE.match(params["date"])
            try:
                day = date(int(match[1]), int(match[2]), int(match[3])) if match else None
            except ValueError:
                day = None
            if day is None:
                raise _BadRequest(f"Invalid 'date': {params['date']!r} is not YYYY-MM-DD")
            return [d for d in data.days if d == day.isoformat()]
        if "week" in params:
            match = _WEEK.match(params["week"])
            if not match:
                raise _BadRequest(f"Invalid 'week': {params['week']!r} is not YYYY-Www (W01-W52)")
            wanted = (int(match[1]), int(match[2]))
            return [d for d in data.days if date.fromisoformat(d).isocalendar()[:2] == wanted]
        if "month" in params:
            if not _MONTH.match(params["month"]):
                raise _BadRequest(f"Invalid 'month': {params['month']!r} is not YYYY-MM")
            return [d for d in data.days if d.startswith(params["month"] + "-")]
        return None

    def _search(self, data: HubData, params: dict[str, str]) -> list[Any]:
        q = params.get("q", "")
        if len(q) > 250:
            raise _BadRequest("Invalid 'q': at most 250 characters")
        limit = self._int_param(params, "limit", 120, 1, 120)
        words = q.lower().split()
        if not words:
            return []
        scored = []
        for item in data.search_pool:
            title, summary = item["title"], item["summary"]
            haystack = f"{title} {summary}".lower()
            if q.strip() == item["paper"]["id"] or all(w in haystack for w in words):
                hits = sum(title.lower().count(w) * 3 + summary.lower().count(w) for w in words)
                scored.append((-hits, -item["paper"]["upvotes"], item["paper"]["id"], item))
        scored.sort(key=lambda row: row[:3])
        results = []
        for *_, item in scored[:limit]:
            result = copy.deepcopy(item)
            result["highlightedTitle"] = highlight(result["title"], words)
            result["highlightedSummary"] = highlight(result["summary"], words)
            results.append(result)
        return results

    # -- writing ----------------------------------------------------------------------------

    def _send_bytes(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json; charset=utf-8",
        headers: dict[str, str] | None = None,
        declared: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if declared is None else declared))
        if status < 400:
            self.send_header("RateLimit", '"api";r=499;t=300')
            self.send_header("RateLimit-Policy", '"fixed window";"api";q=500;w=300')
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send_bytes(status, json.dumps(payload, ensure_ascii=False).encode(), headers=headers)

    def _send_status_fault(self, options: dict[str, Any]) -> None:
        status = int(options["status"])
        body = options.get("body")
        if body is None:
            message = options.get("error") or {
                400: "Bad request",
                401: "Invalid credentials in Authorization header",
                403: "Forbidden",
                404: "Not found",
                429: "You have exceeded the rate limit",
            }.get(status, "Internal Error - We're working hard to fix this as soon as possible!")
            body = {"error": message}
        headers = dict(options.get("headers") or {})
        if isinstance(body, bytes | str):
            raw = body if isinstance(body, bytes) else body.encode()
            self._send_bytes(status, raw, "text/plain; charset=utf-8", headers)
        else:
            self._send_json(status, body, headers)

    def _send_drip(
        self,
        hub: FakeHub,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str],
        options: dict[str, Any],
    ) -> None:
        """Headers at once, then the body a byte at a time, `seconds` apart."""
        self.close_connection = True
        self._send_bytes(status, b"", content_type, headers, declared=len(body))
        with hub._lock:
            release = hub._release
        ends = time.monotonic() + float(options.get("total", 30.0))
        for index in range(len(body)):
            if release.wait(float(options.get("seconds", 0.1))) or time.monotonic() > ends:
                return  # reset(), stop() or long enough: hang up
            self.wfile.write(body[index : index + 1])
            self.wfile.flush()

    def _send_redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_huge(self, fault: Fault) -> None:
        """A body of `size` bytes: declared up front, or streamed chunked with no length."""
        options = fault.options
        size = int(options.get("size", HUGE_SIZE))
        status = int(options.get("status", 200))
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        declared = options.get("declared", True)
        if declared:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"[" + b" " * (256 * 1024 - 1)
        sent = 0
        limit = min(size, 256 * 1024) if declared else size  # declared: never send it all
        while sent < limit:
            piece = chunk[: min(len(chunk), limit - sent)]
            if declared:
                self.wfile.write(piece)
            else:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
            fault.sent = sent
            chunk = b" " * len(chunk)
        if not declared:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class FakeHub:
    """A fake Hugging Face Papers hub on 127.0.0.1 (a random port unless given one)."""

    def __init__(
        self,
        data: HubData | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
    ) -> None:
        self.data = data or build_data()
        self.verbose = verbose
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._requests: list[RequestRecord] = []
        self._release = threading.Event()
        self.collections = FakeCollections(
            {paper_id: str(detail.get("title")) for paper_id, detail in self.data.details.items()}
        )
        """The Collections endpoints' accounts and collections (cleared by reset())."""

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> FakeHub:
        """Bind and serve in a background thread; returns self."""
        if self._server is None:
            self._release = threading.Event()
            self._server = _Server(self._address, self)
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fakehub",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release stalled requests and close the socket."""
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake hub is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to hand to the client, e.g. http://127.0.0.1:54321."""
        return f"http://{self._address[0]}:{self.port}"

    def reset(self) -> None:
        """Forget faults and the request log; let stalled requests go."""
        with self._lock:
            self._faults.clear()
            self._requests.clear()
            self.collections.clear()
            self._release.set()
            self._release = threading.Event()

    # -- faults -----------------------------------------------------------------------------

    def fail(self, path: str, mode: str, *, times: int | None = None, **options: Any) -> Fault:
        """Misbehave for requests whose path starts with `path`.

        `times` limits the fault to the next N matching requests (None: until reset()).
        Modes and their options (see FAULT_OPTIONS):

        - "delay", seconds=S: answer normally after S seconds
        - "stall", seconds=S (default 60): answer nothing until reset()/stop() or S seconds
        - "disconnect": close the connection without answering
        - "status", status=N, headers={...}, error="message" | body=obj/bytes
        - "truncate": declare the whole body's Content-Length, send half, close
        - "stall_body", seconds=S (default 60): send the headers (the whole body's
          Content-Length) and half the body, then nothing until reset()/stop() or S seconds,
          then close: a hub that stalls mid-answer
        - "drip", seconds=S (default 0.1), total=T (default 30): the headers, then the body
          one byte every S seconds until it is all sent, the client hangs up, reset()/stop(),
          or T seconds have passed (then it hangs up: a client that never gives up fails)
        - "invalid_json", body=bytes: a 200 whose body is not JSON
        - "wrong_shape": a JSON object where a list belongs (a list for a paper detail)
        - "wrong_types", keep_ids=False: every field of every paper has the wrong JSON type
          (keep_ids=True keeps `id` and `title` valid so the items are still readable)
        - "empty": [] (or {} for a paper detail)
        - "huge", size=64 MiB, declared=True, status=200: a huge body; declared sends only
          the Content-Length header and a little data, declared=False streams `size` bytes
          chunked; `Fault.sent` counts the body bytes written
        - "redirect_loop": 302 into an endless chain of redirects
        - "json", body=obj, status=200, headers={...}: any JSON answer

        Faults are checked in the order they were added; the first that applies wins.
        """
        if mode not in FAULT_OPTIONS:
            raise ValueError(f"unknown fault mode {mode!r}; choose from {sorted(FAULT_OPTIONS)}")
        unknown = set(options) - FAULT_OPTIONS[mode]
        if unknown:
            raise ValueError(f"fault {mode!r} takes no option(s) {sorted(unknown)}")
        required = {"delay": "seconds", "status": "status", "json": "body"}.get(mode)
        if required and required not in options:
            raise ValueError(f"fault {mode!r} needs {required}=")
        if not path.startswith("/"):
            raise ValueError("path must start with '/'")
        fault = Fault(mode=mode, path=path, times=times, options=options)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Behave again (the request log is kept)."""
        with self._lock:
            self._faults.clear()

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.applies_to(path):
                    fault.hits += 1
                    fault.arrived.set()
                    return fault
        return None

    def _wait(self, seconds: float) -> None:
        with self._lock:
            release = self._release
        release.wait(seconds)

    # -- request log ------------------------------------------------------------------------

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._requests.append(record)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request since the last reset(), oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RequestRecord]:
        """The logged requests for exactly `path`."""
        return [r for r in self.requests if r.path == path]

    def pages(self, path: str = "/api/daily_papers") -> list[int]:
        """The `p=` values requested from `path`, in order (0 when absent)."""
        return [int(r.params.get("p", 0)) for r in self.requests_to(path)]


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def unanswered_connect_url(max_fillers: int = 16) -> Iterator[str]:
    """A loopback URL where connecting times out: its listener never accepts and its backlog
    is full, so the kernel drops new connection attempts (no address off this machine)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        for _ in range(max_fillers):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.settimeout(0.2)
            try:
                filler.connect(address)
            except OSError:  # timed out: the backlog is full
                filler.close()
                break
            fillers.append(filler)
        yield f"http://127.0.0.1:{address[1]}"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


# --------------------------------------------------------------------------------------------
# By hand
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Serve a fake Hugging Face Papers API on loopback until Ctrl-C."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--delay", type=float, default=0.0, help="answer every request late")
    parser.add_argument(
        "--fail",
        metavar="MODE[@PATH]",
        action="append",
        default=[],
        help="misbehave, e.g. 'truncate@/api/papers/', 'empty' or 'status@/api/daily_papers'",
    )
    parser.add_argument("--status", type=int, default=503, help="the status for --fail status")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)

    hub = FakeHub(host=args.host, port=args.port, verbose=not args.quiet)
    if args.delay:
        hub.fail("/", "delay", seconds=args.delay)
    for spec in args.fail:
        mode, _, path = spec.partition("@")
        options = {"status": args.status} if mode == "status" else {}
        hub.fail(path or "/", mode, **options)
    # Ctrl-C stops it even when started from a shell that ignores SIGINT in background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with hub:
        print(f"Fake Hugging Face hub serving at {hub.url}", flush=True)
        print(f"  try: paperreader --endpoint {hub.url}", flush=True)
        print(f"  days: {', '.join(DAYS)} (latest {LATEST_DAY}); Ctrl-C stops", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
