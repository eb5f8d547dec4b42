"""The web addresses of a paper, and the one rule for which links may be opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, urlsplit

from paperreader.domain.models import Paper

if TYPE_CHECKING:
    from paperreader.domain.details import LinkedRepo, PaperExtras

HF_WEB = "https://huggingface.co"
HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
"""The hub's own hosts: an endpoint on any of them links to HF_WEB."""


def web_site(endpoint: str | None) -> str:
    """The site a session's web links point at, for the endpoint it reads from.

    The hub itself, however spelt (`hf.co`, `http://`, a trailing `/`), is
    `https://huggingface.co`. Any other endpoint (a mirror, a private hub) is its own site,
    scheme, host, port and path without query or trailing `/`: the papers listed from it
    are the ones its pages show, and it is the site its users can reach.
    """
    if not endpoint or not is_web_url(endpoint):
        return HF_WEB
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if host in HUB_HOSTS:
        return HF_WEB
    site = f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"
    return site.rstrip("/")


def paper_page(paper_id: str, web: str = HF_WEB) -> str:
    """The web link of a paper: its page on the site `web_site` chose."""
    return f"{web.rstrip('/')}/papers/{quote(paper_id, safe='./')}"


def arxiv_page(paper_id: str) -> str:
    """A paper's abstract page on arXiv."""
    return f"https://arxiv.org/abs/{quote(paper_id, safe='./')}"


def arxiv_pdf(paper_id: str) -> str:
    """A paper's PDF on arXiv."""
    return f"https://arxiv.org/pdf/{quote(paper_id, safe='./')}"


def is_web_url(url: object) -> bool:
    """True only for absolute http(s) URLs with a host and nothing unprintable in them.

    No whitespace, control byte, bidi or other format character, or lone surrogate: each is a
    disguise (a right-to-left override makes `/exe.txt` read as another name). Nor a password
    (`https://huggingface.co:x@evil.example/`): credentials in a link from the hub are a leak
    or a disguise, and either way not something to open.
    """
    if not isinstance(url, str) or not url or len(url) > 4096:
        return False
    if not url.isprintable() or " " in url:  # the one whitespace Python calls printable
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in {"http", "https"}
        and bool(parts.hostname)
        and parts.password is None
    )


class PaperLinks(NamedTuple):
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
    """Build the links of `paper`; `web` is the site `web_site` chose for the session."""
    return PaperLinks(
        hf=paper_page(paper.id, web),
        arxiv=arxiv_page(paper.id),
        pdf=arxiv_pdf(paper.id),
        github=paper.github_repo if is_web_url(paper.github_repo) else None,
        project=paper.project_page if is_web_url(paper.project_page) else None,
    )


REPO_LABELS = {"model": "Model", "dataset": "Dataset", "space": "Space"}
REPO_LISTS = {"model": "models", "dataset": "datasets", "space": "spaces"}
"""The hub's list of each kind of repo, and how a count of them is named."""


def all_repos_page(paper_id: str, kind: str, web: str = HF_WEB) -> str:
    """The hub's page of every repo of `kind` citing the paper (the API sends only some)."""
    return f"{web.rstrip('/')}/{REPO_LISTS[kind]}?other=arxiv:{quote(paper_id, safe='./')}"


def repo_count(kind: str, fetched: int, total: int) -> str:
    """`Models (4)`, or `Models (57 on the hub, 2 fetched)` when the hub sent only some:
    the count shown is never more than the links listed without saying so."""
    name = REPO_LISTS[kind].capitalize()
    if fetched >= total:
        return f"{name} ({total})"
    return f"{name} ({total} on the hub, {fetched or 'none'} fetched)"


def repo_url(repo: LinkedRepo, web: str = HF_WEB) -> str:
    """The page of a linked repo: `{web}/{id}`, `{web}/datasets/{id}` or `{web}/spaces/{id}`."""
    return f"{web.rstrip('/')}/{repo.path}"


def menu_links(
    paper: Paper, extras: PaperExtras | None = None, web: str = HF_WEB
) -> list[tuple[str, str]]:
    """(label, url) for the links menu: the paper's own links, then each linked repo, then
    for each kind the hub sent only some of, its page of all ("Models: all 57, on the hub").

    Only http(s) links are listed. Labels name the kind: "Model: owner/name".
    """
    pairs = [(label, url) for label, url in links_for(paper, web).named() if is_web_url(url)]
    if extras is not None:
        for repo in extras.repos:
            url = repo_url(repo, web)
            if is_web_url(url):
                pairs.append((f"{REPO_LABELS.get(repo.kind, repo.kind)}: {repo.id}", url))
        for kind, repos, total in extras.by_kind():
            if total > len(repos):
                label = f"{REPO_LISTS[kind].capitalize()}: all {total}, on the hub"
                pairs.append((label, all_repos_page(paper.id, kind, web)))
    return pairs
