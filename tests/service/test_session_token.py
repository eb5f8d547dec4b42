"""What a session built from the command line knows of its token: a warning, once, when
the token would cross the network in plain http; a problem when the token is unusable."""

from __future__ import annotations

import pytest

from paperreader.config.settings import Settings
from paperreader.service.compose import open_session
from paperreader.service.options import AppOptions

TOKEN = "hf_SeCrEtToKeN0123456789"


def notices(endpoint: str, *, offline: bool = False, demo: bool = False) -> tuple[str, ...]:
    options = AppOptions(query=None, demo=demo, offline=offline, endpoint=endpoint)
    return open_session(options, Settings()).upstream.notices


def test_a_token_over_plain_http_to_another_machine_is_warned_of(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    (warning,) = notices("http://mirror.example:8080")
    assert warning == (
        "The Hugging Face token (from HF_TOKEN) goes unencrypted to mirror.example over "
        "plain http; use an https:// endpoint."
    )
    assert TOKEN not in warning


@pytest.mark.parametrize(
    "endpoint",
    ["https://mirror.example", "http://127.0.0.1:8765", "http://localhost", "http://[::1]"],
)
def test_https_and_loopback_are_not_warned_of(monkeypatch, endpoint):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert notices(endpoint) == ()


def test_no_warning_without_a_token_or_without_the_network(monkeypatch):
    assert notices("http://mirror.example") == ()
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert notices("http://mirror.example", offline=True) == ()
    assert notices("http://mirror.example", demo=True) == ()


def test_an_unusable_token_is_a_notice_that_never_shows_it(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_with a space")
    (problem,) = notices("https://huggingface.co")
    assert problem.startswith("The token in HF_TOKEN is not one") and "space" not in problem[30:40]
