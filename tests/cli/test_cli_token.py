"""The command line and the token: a warning on stderr, once, when it would go over plain
http to another machine; `paperreader auth` says where the token comes from (never the
token) and how the endpoint is reached; HF_HUB_OFFLINE means --offline."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from support.cli import run
from support.fakehub import RICH_PAPER_ID

TOKEN = "hf_SeCrEtToKeN0123456789"
NOWHERE = "http://paperreader-test.invalid"
"""Plain http to a host that is not this machine (and never resolves)."""


@pytest.fixture
def no_dns(monkeypatch) -> None:
    """Names under .invalid fail at once, whatever the resolver."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host).rstrip(".").endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_token_over_plain_http_is_warned_of_once_on_stderr(monkeypatch, capsys, no_dns):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    code, out, err = run(capsys, "list", "--endpoint", NOWHERE)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == (
        "paperreader: The Hugging Face token (from HF_TOKEN) goes unencrypted to "
        "paperreader-test.invalid over plain http; use an https:// endpoint."
    )
    assert len(lines) == 2 and "Cannot reach" in lines[1]
    assert TOKEN not in err


def test_no_warning_to_the_fake_hub_on_loopback(fake_hub, monkeypatch, capsys):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    code, _out, err = run(capsys, "list", "--endpoint", fake_hub.url)
    assert (code, err) == (0, "")
    assert {r.header("authorization") for r in fake_hub.requests} == {f"Bearer {TOKEN}"}


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"HF_TOKEN": TOKEN}, "token: from HF_TOKEN"),
        ({"HUGGING_FACE_HUB_TOKEN": TOKEN}, "token: from HUGGING_FACE_HUB_TOKEN"),
        ({}, "token: none found (requests go without one)"),
    ],
)
def test_auth_says_where_the_token_comes_from_never_the_token(monkeypatch, capsys, env, says):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, "auth")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        says,
        "endpoint: https://huggingface.co (https: the token travels encrypted)",
    ]
    assert TOKEN not in out and TOKEN[:6] not in out


def test_auth_names_the_token_file(monkeypatch, capsys, isolated_dirs, tmp_path):
    (tmp_path / "hf-home").mkdir()
    (tmp_path / "hf-home" / "token").write_text(TOKEN + "\n")
    code, out, _err = run(capsys, "auth", "--endpoint", "http://127.0.0.1:8765", "--json")
    assert code == 0
    assert json.loads(out) == {
        "token": True,
        "token_source": f"$HF_HOME/token ({tmp_path / 'hf-home' / 'token'})",
        "token_problem": None,
        "endpoint": "http://127.0.0.1:8765",
        "transport": "loopback",
        "offline": False,
    }
    assert TOKEN[3:] not in out


def test_auth_warns_of_plain_http_and_of_an_unusable_token(monkeypatch, capsys):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    code, out, _err = run(capsys, "auth", "--endpoint", "http://mirror.example")
    assert code == 0
    assert "endpoint: http://mirror.example (plain http to another machine" in out
    monkeypatch.setenv("HF_TOKEN", "hf_with a space")
    code, out, _err = run(capsys, "auth")
    assert code == 0 and "with a space" not in out
    assert "token: from HF_TOKEN, but not used: The token in HF_TOKEN is not one" in out


def test_auth_refuses_an_endpoint_with_credentials(capsys):
    code, out, err = run(capsys, "auth", "--endpoint", "https://u:pw1234@mirror.example")
    assert (code, out) == (2, "") and "pw1234" not in err


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_hf_hub_offline_means_offline(fake_hub, monkeypatch, capsys, value):
    monkeypatch.setenv("HF_HUB_OFFLINE", value)
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url)
    assert (code, out) == (1, "")
    assert err.startswith("paperreader: ") and "ffline" in err
    code, out, err = run(capsys, "show", RICH_PAPER_ID, "--endpoint", fake_hub.url)
    assert (code, out) == (1, "")
    assert fake_hub.requests == []
    code, out, _err = run(capsys, "auth", "--json")
    assert json.loads(out)["offline"] is True


@pytest.mark.parametrize("value", ["0", "false", "no", ""])
def test_hf_hub_offline_off(fake_hub, monkeypatch, capsys, value):
    monkeypatch.setenv("HF_HUB_OFFLINE", value)
    code, _out, err = run(capsys, "list", "--endpoint", fake_hub.url)
    assert (code, err) == (0, "") and fake_hub.requests


def test_hf_hub_offline_serves_the_cache(fake_hub, monkeypatch, capsys):
    code, first, _err = run(capsys, "list", "--endpoint", fake_hub.url, "--json")
    assert code == 0
    asked = len(fake_hub.requests)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code, again, _err = run(capsys, "list", "--endpoint", fake_hub.url, "--json")
    assert code == 0 and len(fake_hub.requests) == asked
    assert json.loads(again)["papers"] == json.loads(first)["papers"]
