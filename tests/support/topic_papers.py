"""Papers of known topics, for measuring how well "papers like this" finds its own topic.

`topic_papers()` gives 12 topics x 30 papers (360), deterministic. Each topic has its own
words, and sibling topics share some of theirs (image and video generation, code and math
reasoning, ...), as real neighbouring fields do. An abstract is mostly plain academic prose
and the general vocabulary of machine learning, one word in ten its topic's and one in twenty
some other topic's; a title holds two words of its topic, one of another and two general
ones. So no paper is a clean sample of its topic.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from paperreader.domain.models import Author, Paper

FIRST_DAY = date(2026, 2, 2)
DAYS = 30
PER_TOPIC = 30

TOPICS: dict[str, str] = {
    "image-generation": "diffusion denoising image synthesis text-to-image sampler guidance "
    "latent unet pixels photorealistic inpainting editing prompt fidelity aesthetic",
    "video-generation": "video diffusion temporal frames motion text-to-video consistency "
    "clips animation latent camera synthesis flicker keyframes long-horizon",
    "code-reasoning": "code program synthesis debugging repository compiler unit-tests "
    "execution bugs software patches functions completion reasoning verifier",
    "math-reasoning": "math theorem proof olympiad arithmetic reasoning verifier "
    "chain-of-thought step-by-step problems lean formal solutions geometry",
    "robot-manipulation": "robot manipulation grasping embodied gripper policy demonstrations "
    "teleoperation dexterous arm tactile objects sim-to-real imitation",
    "autonomous-driving": "driving autonomous vehicle lidar trajectory planning occupancy "
    "traffic pedestrians perception bird-eye-view lanes motion forecasting",
    "speech": "speech audio asr transcription speaker acoustic waveform phonemes prosody "
    "text-to-speech vocoder spectrogram accents voice",
    "protein-biology": "protein molecule folding binding drug chemistry sequences structure "
    "enzymes ligand docking residues genomics biology",
    "llm-safety": "safety jailbreak alignment harmful refusal red-teaming adversarial "
    "guardrails toxicity attacks misuse robustness preference",
    "efficient-inference": "quantization inference latency kv-cache pruning sparse kernels "
    "throughput speculative decoding compression memory gpu bits",
    "retrieval-agents": "retrieval rag documents search agents tools web browsing "
    "knowledge corpus queries citations grounding memory",
    "3d-vision": "gaussian splatting nerf 3d reconstruction mesh rendering novel-view "
    "point-cloud depth geometry scenes multi-view camera",
}
"""Topic -> its words; siblings share some (latent, synthesis, reasoning, verifier, ...)."""

_GENERAL_WORDS = (
    "model models language large learning training neural network transformer attention "
    "dataset benchmark evaluation fine-tuning pretraining tokens parameters scaling "
    "embedding representation optimization loss gradient supervised reinforcement reward "
    "architecture layers baseline accuracy generalization multimodal vision encoder decoder "
    "instruction zero-shot few-shot context inference sampling distribution synthetic"
)
GENERAL = _GENERAL_WORDS.split()
"""The words of machine learning every topic uses."""

_PROSE_WORDS = (
    "we present a comprehensive study showing that careful design leads to remarkable gains "
    "in practice our analysis reveals crucial insights into the behaviour of modern systems "
    "across diverse settings furthermore we observe consistent improvements over strong "
    "baselines and discuss limitations and broader impact in detail the proposed technique "
    "is simple to implement scales well and opens new avenues for future investigation"
)
PROSE = _PROSE_WORDS.split()
"""Academic prose, about no topic."""

_NAMES = (
    "Wei Chen", "Ana Costa", "Yuki Sato", "Lukas Müller", "Priya Sharma", "Omar Khan",
    "Chloé Dubois", "Ivan Petrov", "Min-jun Kim", "Sofía López", "Kofi Mensah", "Elif Demir",
)  # fmt: skip


def _sentence(rng: random.Random, own: list[str], other: list[str], length: int) -> str:
    words = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.10:
            words.append(rng.choice(own))
        elif roll < 0.15:
            words.append(rng.choice(other))
        elif roll < 0.40:
            words.append(rng.choice(GENERAL))
        else:
            words.append(rng.choice(PROSE))
    return " ".join(words).capitalize() + "."


def topic_papers(seed: int = 7) -> list[tuple[str, Paper]]:
    """(topic, paper) for `PER_TOPIC` papers of every topic, on days spread over `DAYS`."""
    rng = random.Random(seed)
    names = list(TOPICS)
    vocab = {topic: TOPICS[topic].split() for topic in names}
    papers = []
    serial = 0
    for index in range(PER_TOPIC):
        for topic in names:
            serial += 1
            own = vocab[topic]
            other = vocab[rng.choice([t for t in names if t != topic])]
            day = FIRST_DAY + timedelta(days=(index * DAYS) // PER_TOPIC)
            title_words = [*rng.sample(own, 2), rng.choice(other), *rng.sample(GENERAL, 2)]
            rng.shuffle(title_words)
            abstract = " ".join(
                _sentence(rng, own, other, rng.randint(14, 22)) for _ in range(rng.randint(6, 9))
            )
            keywords = tuple(
                [*rng.sample(own, 2), rng.choice(other if rng.random() < 0.3 else own)]
            )
            moment = datetime(day.year, day.month, day.day, 13, tzinfo=UTC)
            paper = Paper(
                id=f"2602.{serial:05d}",
                title=" ".join(title_words).title(),
                summary=abstract,
                authors=tuple(Author(n) for n in rng.sample(_NAMES, 3)),
                published_at=moment - timedelta(days=2),
                submitted_on_daily_at=moment,
                upvotes=rng.randint(0, 80),
                ai_keywords=keywords,
            )
            papers.append((topic, paper))
    return papers
