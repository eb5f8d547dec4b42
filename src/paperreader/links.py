"""The web addresses of a paper, and the one rule for which links may be opened."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .models import Paper

HF_WEB = "https://huggingface.co"


def is_web_url(url: object) -> bool:
    """True only for absolute http(s) URLs with a host and no whitespace or control bytes."""
    if not isinstance(url, str) or not url or len(url) > 4096:
        return False
    if any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) <= 159 for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


@dataclass(frozen=True, slots=True)
class PaperLinks:
    """Every link of one paper, named."""

    hf: str
    arxiv: str
    pdf: str
    github: str | None = None
    project: str | None = None

    def named(self) -> list[tuple[str, str]]:
        """(label, url) pairs in the order the detail pane lists them."""
        pairs = [("Hugging Face", self.hf), ("arXiv", self.arxiv), ("PDF", self.pdf)]
        if self.github:
            pairs.append(("GitHub", self.github))
        if self.project:
            pairs.append(("Project page", self.project))
        return pairs


def links_for(paper: Paper, web: str = HF_WEB) -> PaperLinks:
    """Build the links of `paper`; `web` is the Hugging Face site the pages live on."""
    return PaperLinks(
        hf=f"{web.rstrip('/')}/papers/{paper.id}",
        arxiv=f"https://arxiv.org/abs/{paper.id}",
        pdf=f"https://arxiv.org/pdf/{paper.id}",
        github=paper.github_repo if is_web_url(paper.github_repo) else None,
        project=paper.project_page if is_web_url(paper.project_page) else None,
    )
