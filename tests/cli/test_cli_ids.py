"""Every command that takes a paper id reads it by the one rule (domain/ids.py): ids with a
version or an `arXiv:` prefix, Hugging Face and arXiv links, and old-style ids; anything else
is one line on stderr and exit 2, before any request."""

from __future__ import annotations

import json

import pytest
from support.cli import run
from support.fakehub import OLD_STYLE_PAPER_ID, RICH_PAPER_ID, tiny_pdf

from paperreader.platform import paths

SPELLINGS = (
    RICH_PAPER_ID,
    f"{RICH_PAPER_ID}v2",
    f"arXiv:{RICH_PAPER_ID}",
    f"https://huggingface.co/papers/{RICH_PAPER_ID}",
    f"https://arxiv.org/abs/{RICH_PAPER_ID}v1",
    f"https://arxiv.org/pdf/{RICH_PAPER_ID}",
    f"https://arxiv.org/pdf/{RICH_PAPER_ID}.pdf",
)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_show_takes_every_spelling_of_an_id(fake_hub, capsys, spelling):
    code, out, err = run(capsys, "show", spelling, "--json", "--endpoint", fake_hub.url)
    assert (code, err) == (0, "")
    assert json.loads(out)["id"] == RICH_PAPER_ID
    assert fake_hub.requests_to(f"/api/papers/{RICH_PAPER_ID}")


def test_show_an_old_style_id_the_hub_has(fake_hub, capsys):
    code, out, err = run(capsys, "show", "hep-th/9901001v2", "--json", "--endpoint", fake_hub.url)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["id"] == OLD_STYLE_PAPER_ID
    assert data["links"]["arxiv"] == f"https://arxiv.org/abs/{OLD_STYLE_PAPER_ID}"
    # Kept under its id: shown again offline.
    code, out, _ = run(capsys, "show", f"arXiv:{OLD_STYLE_PAPER_ID}", "--offline", "--json")
    assert code == 0 and json.loads(out)["id"] == OLD_STYLE_PAPER_ID


def test_pdf_of_an_old_style_id_is_one_file_in_the_downloads_folder(fake_hub, capsys):
    link = f"https://arxiv.org/abs/{OLD_STYLE_PAPER_ID}v1"
    code, out, err = run(capsys, "pdf", link, "--endpoint", fake_hub.url, "--no-open")
    assert (code, err) == (0, "")
    path = paths.downloads_dir() / "hep-th_9901001.pdf"
    assert out == f"{path}\n"
    assert path.read_bytes() == tiny_pdf(OLD_STYLE_PAPER_ID)


@pytest.mark.parametrize(
    "argv",
    [
        ("show", "https://example.com/papers/2610.02001"),
        ("show", "2610.02001/comments"),
        ("pdf", "not-an-id", "--no-open"),
        ("similar", "https://arxiv.org/list/cs.CL"),
    ],
)
def test_anything_else_is_one_line_and_exit_2_before_any_request(fake_hub, capsys, argv):
    code, out, err = run(capsys, *argv, "--endpoint", fake_hub.url)
    assert (code, out) == (2, "")
    assert err.startswith("paperreader: '") and err.count("\n") == 1
    assert "is not an arXiv id" in err
    assert fake_hub.requests == []


@pytest.mark.parametrize("command", ["show", "pdf", "similar"])
def test_help_says_which_spellings_an_id_may_take(capsys, command):
    with pytest.raises(SystemExit):
        run(capsys, command, "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "hep-th/9901001" in out and "arxiv.org" in out
