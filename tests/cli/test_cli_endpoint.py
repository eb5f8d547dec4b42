"""`--endpoint` and `HF_ENDPOINT`: credentials or a scheme other than http(s) are a usage
error (exit 2) before any request, and the secret is never printed, stored or linked."""

from __future__ import annotations

import pytest
from support.cli import run

from paperreader.platform import paths

SECRET = "s3cr3t-pass"


def secret_url(url: str) -> str:
    """The fake hub's address with a user name and password in it."""
    return url.replace("http://", f"http://alice:{SECRET}@")


def assert_usage_error(result: tuple[int, str, str], says: str) -> None:
    code, out, err = result
    assert (code, out) == (2, ""), (code, out, err)
    assert err.count("\n") == 1 and err.startswith("paperreader: "), err
    assert says in err, err
    assert SECRET not in err and "alice" not in err


def nothing_kept_holds_the_secret() -> bool:
    for directory in (paths.cache_dir(), paths.data_dir()):
        if directory.exists():
            for path in directory.rglob("*"):
                if path.is_file() and SECRET.encode() in path.read_bytes():
                    return False
    return True


@pytest.mark.parametrize("argv", [("list",), ("show", "2610.02001"), ("sync",), ("list", "--json")])
def test_credentials_in_the_endpoint_flag_are_refused(fake_hub, capsys, argv):
    result = run(capsys, *argv, "--endpoint", secret_url(fake_hub.url))
    assert_usage_error(result, "--endpoint must not hold a user name or password")
    assert fake_hub.requests == []
    assert nothing_kept_holds_the_secret()


def test_credentials_in_hf_endpoint_are_refused(fake_hub, capsys, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", secret_url(fake_hub.url))
    assert_usage_error(run(capsys, "list"), "HF_ENDPOINT must not hold a user name or password")
    assert fake_hub.requests == []
    assert nothing_kept_holds_the_secret()


@pytest.mark.parametrize("endpoint", ["ftp://x", "file:///tmp", "http://", "mirror.example"])
def test_an_endpoint_that_is_no_http_url_is_a_usage_error(capsys, endpoint):
    code, out, err = run(capsys, "list", "--endpoint", endpoint)
    assert (code, out) == (2, ""), err
    assert err.startswith("paperreader: --endpoint ") and err.count("\n") == 1


def test_the_app_is_not_started_on_a_refused_endpoint(capsys, monkeypatch):
    def started(*args: object) -> int:
        raise AssertionError("the app started")

    monkeypatch.setattr("paperreader.ui.launch.run_app", started)
    code, out, err = run(capsys, "--endpoint", f"https://bob:{SECRET}@mirror.example")
    assert (code, out) == (2, "") and SECRET not in err
    monkeypatch.setenv("HF_ENDPOINT", "ftp://mirror.example")
    code, out, err = run(capsys)
    assert (code, out) == (2, "") and err.startswith("paperreader: HF_ENDPOINT ")


def test_credentials_in_the_config_file_are_a_problem_that_hides_them(capsys, isolated_dirs):
    config = isolated_dirs["PAPERREADER_CONFIG"]
    config.parent.mkdir(parents=True)
    config.write_text(f'endpoint = "https://bob:{SECRET}@mirror.example"\n')
    _code, out, err = run(capsys, "list", "--offline")
    assert SECRET not in err + out
    assert "endpoint = " in err and "user name or password" in err
