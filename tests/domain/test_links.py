"""Links of a paper, and the one rule for what may be opened: absolute http(s) only."""

from __future__ import annotations

import pytest

from paperreader.domain.links import (
    HF_WEB,
    PaperLinks,
    arxiv_page,
    is_web_url,
    links_for,
    paper_page,
    web_site,
)
from paperreader.domain.models import Paper

PAPER = Paper(
    id="2603.01234",
    title="Tiny Models Read Papers",
    github_repo="https://github.com/example/tiny",
    project_page="https://example.org/tiny",
)


def test_links_for_a_full_paper():
    links = links_for(PAPER)
    assert links == PaperLinks(
        hf="https://huggingface.co/papers/2603.01234",
        arxiv="https://arxiv.org/abs/2603.01234",
        pdf="https://arxiv.org/pdf/2603.01234",
        github="https://github.com/example/tiny",
        project="https://example.org/tiny",
    )
    assert links.named() == [
        ("Hugging Face", "https://huggingface.co/papers/2603.01234"),
        ("arXiv", "https://arxiv.org/abs/2603.01234"),
        ("PDF", "https://arxiv.org/pdf/2603.01234"),
        ("GitHub", "https://github.com/example/tiny"),
        ("Project page", "https://example.org/tiny"),
    ]
    assert all(is_web_url(url) for _, url in links.named())


def test_links_for_a_bare_paper():
    links = links_for(Paper(id="2603.01234", title="T"))
    assert links.github is None
    assert links.project is None
    assert [label for label, _ in links.named()] == ["Hugging Face", "arXiv", "PDF"]


def test_links_for_a_mirror():
    assert HF_WEB == "https://huggingface.co"
    links = links_for(PAPER, "http://127.0.0.1:8080/")
    assert links.hf == "http://127.0.0.1:8080/papers/2603.01234"
    assert links.arxiv == "https://arxiv.org/abs/2603.01234"


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html;base64,PHNjcmlwdD4=",
        "/relative/path",
        "//github.com/x",
        "https://github.com/x y",
        "https://github.com/x\n",
        "https://github.com/x\x1b[31m",
    ],
)
def test_links_for_drops_unsafe_repo_and_project_urls(bad):
    paper = PAPER._replace(github_repo=bad, project_page=bad)
    links = links_for(paper)
    assert links.github is None
    assert links.project is None
    assert ("GitHub", bad) not in links.named()


@pytest.mark.parametrize(
    "url",
    [
        "https://huggingface.co/papers/2603.01234",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/UPPER",
        "HtTp://example.org/mixed",
        "https://example.org:8443/path?q=1&r=2#frag",
        "https://user@example.org/",
        "http://127.0.0.1:8080/x",
        "http://[::1]:8080/x",
        "https://xn--bcher-kva.example/",
        "https://example.org/ünïcode",
        # Shell metacharacters do not matter: URLs are never passed through a shell.
        "https://example.org/$(rm${IFS}-rf${IFS}~)",
        "https://example.org/a;b|c&d`e`$HOME>f<g'h\"i",
        "https://example.org/%0a%1b%20",
    ],
)
def test_is_web_url_accepts_absolute_http_urls(url):
    assert is_web_url(url) is True


@pytest.mark.parametrize(
    "url",
    [
        # other schemes
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "javascript://example.org/%0aalert(1)",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x",
        "mailto:a@example.org",
        "ssh://example.org",
        "vbscript:msgbox",
        "chrome://settings",
        # relative or host-less
        "/papers/2603.01234",
        "papers/2603.01234",
        "//example.org/x",
        "?q=1",
        "#frag",
        "https://",
        "https:///path",
        "http:example.org",
        "example.org",
        # whitespace and control characters
        "https://example.org/a b",
        " https://example.org/",
        "https://example.org/\n",
        "https://exa\nmple.org/",
        "https://example.org/\r\nSet-Cookie: x",
        "https://example.org/\t",
        "https://example.org/\x00",
        "https://example.org/\x07",
        "https://example.org/\x1b]0;title\x07",
        "https://example.org/\x7f",
        "https://example.org/\x9b31m",
        "https://example.org/\x85",
        "https://example.org/\u00a0",
        "https://example.org/\u2028",
        # malformed
        "http://[::1",
        "https://example.org/" + "a" * 5000,
        "",
    ],
)
def test_is_web_url_rejects(url):
    assert is_web_url(url) is False


def test_is_web_url_rejects_every_whitespace_character():
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    assert len(spaces) > 20
    assert not [ch for ch in spaces if is_web_url(f"https://example.org/a{ch}b")]


@pytest.mark.parametrize("value", [None, 42, b"https://example.org", ["https://example.org"], {}])
def test_is_web_url_rejects_non_strings(value):
    assert is_web_url(value) is False


# --- the web site a session's links point at ------------------------------------------------


@pytest.mark.parametrize(
    "endpoint",
    [
        None,
        "",
        "https://huggingface.co",
        "https://huggingface.co/",
        "http://huggingface.co",
        "https://HuggingFace.co",
        "https://www.huggingface.co/",
        "https://hf.co",
        "not a url",
    ],
)
def test_the_hub_itself_in_any_spelling_links_to_huggingface_co(endpoint):
    assert web_site(endpoint) == HF_WEB


@pytest.mark.parametrize(
    ("endpoint", "site"),
    [
        ("https://hf-mirror.com", "https://hf-mirror.com"),
        ("https://hf-mirror.com/", "https://hf-mirror.com"),
        ("HTTP://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://hub.example.org/hf/", "https://hub.example.org/hf"),
        ("https://hub.example.org/hf?x=1#y", "https://hub.example.org/hf"),
    ],
)
def test_another_endpoint_is_the_site_its_links_point_at(endpoint, site):
    assert web_site(endpoint) == site


def test_a_paper_page_is_built_in_one_place():
    assert paper_page("2603.01234") == "https://huggingface.co/papers/2603.01234"
    assert paper_page("2603.01234", "https://hf-mirror.com") == (
        "https://hf-mirror.com/papers/2603.01234"
    )
    assert links_for(PAPER, "https://hf-mirror.com").hf == paper_page(
        PAPER.id, "https://hf-mirror.com"
    )
    assert links_for(PAPER).arxiv == arxiv_page(PAPER.id) == "https://arxiv.org/abs/2603.01234"
