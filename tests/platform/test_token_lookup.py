"""Where the Hugging Face token comes from, in the order the Hugging Face tools look:
HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then one file (HF_TOKEN_PATH, else $HF_HOME/token, else
~/.cache/huggingface/token). What is said about it never holds the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperreader.platform.paths import find_token, token

TOKEN = "hf_AbCdEf0123456789"


def test_hf_token_comes_first(tmp_path):
    (tmp_path / "token").write_text("hf_from_file")
    env = {"HF_TOKEN": f" {TOKEN}\n", "HUGGING_FACE_HUB_TOKEN": "hf_old", "HF_HOME": str(tmp_path)}
    found = find_token(env)
    assert (found.token, found.source, found.problem) == (TOKEN, "HF_TOKEN", None)


def test_the_older_variable_is_read_next(tmp_path):
    env = {"HF_TOKEN": "  ", "HUGGING_FACE_HUB_TOKEN": TOKEN, "HF_HOME": str(tmp_path)}
    found = find_token(env)
    assert (found.token, found.source) == (TOKEN, "HUGGING_FACE_HUB_TOKEN")


def test_the_file_at_hf_token_path(tmp_path):
    path = tmp_path / "elsewhere" / "my-token"
    path.parent.mkdir()
    path.write_text(f"{TOKEN}\r\n")
    (tmp_path / "token").write_text("hf_not_this_one")
    found = find_token({"HF_TOKEN_PATH": str(path), "HF_HOME": str(tmp_path)})
    assert found.token == TOKEN
    assert found.source == f"the file at HF_TOKEN_PATH ({path})"


def test_the_file_in_hf_home(tmp_path):
    (tmp_path / "token").write_text(TOKEN)
    found = find_token({"HF_HOME": str(tmp_path)})
    assert found.token == TOKEN and found.source == f"$HF_HOME/token ({tmp_path / 'token'})"


def test_the_file_in_the_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / ".cache" / "huggingface" / "token"
    path.parent.mkdir(parents=True)
    path.write_text(TOKEN)
    found = find_token({})
    assert found.token == TOKEN and found.source == f"~/.cache/huggingface/token ({path})"
    other = tmp_path / "xdg"
    (other / "huggingface").mkdir(parents=True)
    (other / "huggingface" / "token").write_text("hf_xdg")
    assert find_token({"XDG_CACHE_HOME": str(other)}).token == "hf_xdg"


def test_no_token_anywhere(tmp_path):
    found = find_token({"HF_HOME": str(tmp_path)})
    assert (found.token, found.source, found.problem) == (None, None, None)
    (tmp_path / "token").write_text("\n")
    assert find_token({"HF_HOME": str(tmp_path)}).token is None


@pytest.mark.parametrize(
    "content",
    ["hf_with space", "hf_é_accent", "hf_\x1b[2J", "hf_" + "x" * 5000],
    ids=["space", "non-ASCII", "escape", "too long"],
)
def test_a_token_that_cannot_be_sent_is_left_out_with_a_problem(tmp_path, content):
    found = find_token({"HF_TOKEN": content, "HF_HOME": str(tmp_path)})
    assert found.token is None and found.source == "HF_TOKEN"
    assert found.problem is not None and content[3:8] not in found.problem
    assert found.problem.startswith("The token in HF_TOKEN is not one")


def test_an_unreadable_token_file_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "token").mkdir()  # a directory where the file should be
    found = find_token({"HF_HOME": str(tmp_path)})
    assert found.token is None and found.problem and "cannot be read" in found.problem
    (tmp_path / "token").rmdir()
    (tmp_path / "token").write_bytes(b"\xff\xfe hf")
    found = find_token({"HF_HOME": str(tmp_path)})
    assert found.token is None and found.problem and "not UTF-8" in found.problem


def test_token_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert token() == TOKEN
    monkeypatch.delenv("HF_TOKEN")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    Path(tmp_path / "token").write_text("hf_file")
    assert token() == "hf_file"
