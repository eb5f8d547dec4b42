"""Synthetic papers for benchmarks: deterministic, realistic in size and in word statistics.

    from bench.data import synthetic_papers   # with the repository root on sys.path
    papers = synthetic_papers(50_000)

Titles of about 80 characters and abstracts of about 1,100 from a machine-learning
vocabulary: each paper has 3 to 6 topic words drawn Zipf-like from ~250 (so "diffusion" or
"reasoning" match a sizeable share of the papers and rarer topics a few, as in the real
feed), repeated through its title and abstract among generic words ("model", "data")
that match most papers, 3 to 8 authors from a pool of
names (some with accents), an organisation on about 60 % of the papers, AI keywords,
GitHub and project links on some, feed dates on weekdays from 2023-05-04 to 2026-11-30,
Pareto-distributed upvotes. The same `n` and `seed` always give the same papers. Repeated
values (authors, organisations, dates, keywords) are shared as the app's decoders share them
(`domain.models.shared_*`), so the papers cost what a decoded listing costs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from paperreader.domain.models import Paper
from paperreader.domain.sharing import (
    shared_author,
    shared_moment,
    shared_organization,
    shared_words,
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = date(2023, 5, 4)
LAST = date(2026, 11, 30)

_COMMON = _words(
    "model models language large learning training data neural network performance tasks "
    "method approach results benchmark evaluation"
)
_TOPIC = _words(
    "reasoning generation vision transformer diffusion agents inference efficient scaling "
    "multimodal attention alignment retrieval augmentation reinforcement policy reward preference "
    "optimization tokenizer tokenization speech audio video image segmentation detection "
    "depth robotics manipulation navigation planning memory context window sparse mixture "
    "experts routing quantization distillation pruning compression latent autoencoder "
    "contrastive embedding representation graph molecule protein chemistry physics math "
    "theorem proof code program synthesis debugging compiler instruction tuning chat "
    "dialogue safety jailbreak robustness adversarial watermark privacy federated "
    "continual curriculum synthetic hallucination factuality calibration uncertainty "
    "interpretability probing circuits neurons features steering editing unlearning "
    "multilingual translation summarization question answering search ranking "
    "recommendation tabular time series forecasting weather climate medical clinical "
    "radiology pathology genomics 3d mesh gaussian splatting nerf rendering avatar motion "
    "animation layout document chart table ocr world simulation game embodied humanoid "
    "driving trajectory occupancy lidar point cloud spatial temporal streaming realtime "
    "lightweight mobile edge hardware kernel throughput latency memory-efficient "
    "long-context state-space recurrent linear convolution normalization initialization "
    "optimizer schedule warmup scaling-law emergent chain-of-thought verifier critique "
    "self-play self-improvement bootstrapping rollout sampling decoding speculative "
    "parallel beam search tree monte-carlo value function critic actor offline online"
)
_FILLER = _words(
    "we propose a novel approach that improves the state of the art on several widely "
    "used benchmarks our method achieves strong results while requiring fewer parameters "
    "and less compute than prior work extensive experiments demonstrate the effectiveness "
    "of the proposed framework we further analyse the behaviour of the system and release "
    "code data and checkpoints to facilitate future research in this direction moreover "
    "the results suggest that simple design choices matter more than expected"
)
_TITLE_PATTERNS = (
    "{A}: {B} {C} for {D} {E}",
    "Scaling {B} {C} with {D} {E}",
    "Towards {A} {B} via {C} {D}",
    "{A} {B} Is All You Need for {C} {D}",
    "Rethinking {B} in {C} {D} {E}",
    "Learning to {A} with {B} {C} and {D}",
    "On the {A} of {B} {C} in {D} {E}",
    "{A}-{B}: Efficient {C} {D} for {E}",
)
_FIRST_NAMES = _words(
    "Wei Jing Yuki Haruto Ana José María Zoë Chloé Lukas Jürgen Søren Ingrid Amélie "
    "François Björn Priya Arjun Fatima Omar Chen Li Min-jun Seo-yeon Ivan Olga Tomás "
    "Renée Noah Emma Liam Olivia Mateo Sofía Kofi Amara Thanh Linh Ahmet Elif"
)
_LAST_NAMES = _words(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Sato Suzuki Takahashi Kim Park "
    "Müller Schmidt Schneider García Martínez López Hernández Dubois Lefèvre Moreau "
    "Rossi Russo Kowalski Nowak Ivanov Petrov Singh Sharma Patel Gupta Khan Ahmed "
    "Nguyen Tran Öztürk Demir Johansson Andersson Nielsen Smith Johnson Brown"
)
_ORGS = (
    ("google", "Google"),
    ("meta-llama", "Meta Llama"),
    ("microsoft", "Microsoft"),
    ("nvidia", "NVIDIA"),
    ("Qwen", "Qwen"),
    ("deepseek-ai", "DeepSeek"),
    ("allenai", "Ai2"),
    ("stanford", "Stanford University"),
    ("mit", "Massachusetts Institute of Technology"),
    ("tsinghua", "Tsinghua University"),
    ("ByteDance-Seed", "ByteDance Seed"),
    ("mistralai", "Mistral AI"),
    ("HuggingFaceTB", "Hugging Face Smol Models Research"),
    ("eth-zurich", "ETH Zürich"),
    ("kaist-ai", "KAIST AI"),
    ("epfl", "École Polytechnique Fédérale de Lausanne"),
)


def _weekdays() -> list[date]:
    days = []
    day = FIRST
    while day <= LAST:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _subject(rng: random.Random) -> list[str]:
    """A paper's topic words: Zipf-distributed over the topic list (popular topics first)."""
    weights = [1 / (rank + 8) for rank in range(len(_TOPIC))]
    return list(dict.fromkeys(rng.choices(_TOPIC, weights, k=rng.randint(3, 6))))


def _title(rng: random.Random, subject: list[str]) -> str:
    def cap(word: str) -> str:
        return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))

    pool = list(dict.fromkeys([*subject, *rng.sample(_COMMON, 3), *rng.sample(_TOPIC, 4)]))
    picks = rng.sample(pool, 5)
    title = rng.choice(_TITLE_PATTERNS).format(**dict(zip("ABCDE", map(cap, picks), strict=True)))
    extra = [word for word in pool if word not in picks]
    while len(title) < 70 and extra:
        title += " " + cap(extra.pop())
    return title


def _abstract(rng: random.Random, subject: list[str]) -> str:
    sentences = []
    length = 0
    target = rng.randint(900, 1300)
    while length < target:
        words = []
        for _ in range(rng.randint(12, 24)):
            roll = rng.random()
            if roll < 0.12:
                words.append(rng.choice(subject))
            elif roll < 0.2:
                words.append(rng.choice(_COMMON))
            elif roll < 0.24:
                words.append(rng.choice(_TOPIC))
            else:
                words.append(rng.choice(_FILLER))
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


def synthetic_papers(n: int, seed: int = 0) -> list[Paper]:
    """`n` deterministic papers spread over the Daily Papers history, oldest first."""
    return list(iter_synthetic_papers(n, seed))


def iter_synthetic_papers(n: int, seed: int = 0) -> Iterator[Paper]:
    """The papers of `synthetic_papers`, made one at a time (none is kept here)."""
    rng = random.Random(seed)
    days = _weekdays()
    per_month: dict[tuple[int, int], int] = {}
    for index in range(n):
        day = days[index * len(days) // max(n, 1)]
        published = datetime(day.year, day.month, day.day, 17, tzinfo=UTC) - timedelta(
            days=rng.randint(1, 5), hours=rng.randint(0, 12)
        )
        key = (published.year % 100, published.month)
        per_month[key] = per_month.get(key, 0) + 1
        paper_id = f"{key[0]:02d}{key[1]:02d}.{per_month[key]:05d}"
        authors = tuple(
            shared_author(f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}")
            for _ in range(rng.randint(3, 8))
        )
        org = None
        if rng.random() < 0.6:
            slug, fullname = rng.choice(_ORGS)
            org = shared_organization(slug, fullname)
        subject = _subject(rng)
        title = _title(rng, subject)
        upvotes = min(int(8 * (rng.paretovariate(1.16) - 1)), 3000)
        has_code = rng.random() < 0.45
        keywords = shared_words(subject[:4])
        yield (
            Paper(
                id=paper_id,
                title=title,
                summary=_abstract(rng, subject),
                authors=authors,
                published_at=shared_moment(published),
                submitted_on_daily_at=shared_moment(
                    datetime(day.year, day.month, day.day, 13, tzinfo=UTC)
                ),
                upvotes=upvotes,
                num_comments=rng.randint(0, 6),
                organization=org,
                submitted_by="akhaliq" if rng.random() < 0.5 else None,
                github_repo=f"https://github.com/example/{paper_id}" if has_code else None,
                github_stars=rng.randint(0, 5000) if has_code else None,
                project_page=f"https://example.org/{paper_id}" if rng.random() < 0.3 else None,
                ai_summary=f"{title} improves {rng.choice(_COMMON)} with {subject[0]}.",
                ai_keywords=keywords,
            )
        )


def hub_item(paper: Paper) -> dict[str, Any]:
    """`paper` as a Daily Papers listing item of the hub (what the cache keeps)."""
    org = paper.organization
    inner = {
        "id": paper.id,
        "title": paper.title,
        "summary": paper.summary,
        "authors": [{"name": author.name} for author in paper.authors],
        "publishedAt": paper.published_at.isoformat() if paper.published_at else None,
        "upvotes": paper.upvotes,
        "organization": {"name": org.name, "fullname": org.fullname} if org else None,
        "githubRepo": paper.github_repo,
        "githubStars": paper.github_stars,
        "projectPage": paper.project_page,
        "ai_summary": paper.ai_summary,
        "ai_keywords": list(paper.ai_keywords),
    }
    daily = paper.submitted_on_daily_at
    return {
        "paper": inner,
        "submittedOnDailyAt": daily.isoformat() if daily else None,
        "submittedBy": {"user": paper.submitted_by} if paper.submitted_by else None,
        "numComments": paper.num_comments,
    }
