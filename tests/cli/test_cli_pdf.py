"""`paperreader pdf ID`: the PDF saved and its path printed, against the fake hub's PDF
endpoint; one line on stderr when it cannot be; progress on a terminal only."""

from __future__ import annotations

import io

import pytest
from support.cli import run
from support.fakehub import NO_PDF_PAPER_ID, RICH_PAPER_ID, tiny_pdf

from paperreader.cli.pdf import ProgressMeter
from paperreader.platform import paths


def test_pdf_saves_the_pdf_and_prints_where(capsys, fake_hub):
    code, out, err = run(capsys, "pdf", RICH_PAPER_ID, "--endpoint", fake_hub.url, "--no-open")
    assert (code, err) == (0, "")
    path = paths.downloads_dir() / f"{RICH_PAPER_ID}.pdf"
    assert out == f"{path}\n"
    assert path.read_bytes() == tiny_pdf(RICH_PAPER_ID)
    # Again, offline: the saved copy, no network.
    code, out, err = run(capsys, "pdf", f"arXiv:{RICH_PAPER_ID}", "--offline", "--no-open")
    assert (code, out, err) == (0, f"{path}\n", "")
    assert len(fake_hub.requests_to(f"/pdf/{RICH_PAPER_ID}")) == 1


def test_pdf_to_an_output_path(capsys, fake_hub, tmp_path):
    target = tmp_path / "attention.pdf"
    code, out, _ = run(
        capsys, "pdf", RICH_PAPER_ID, "-o", str(target), "--endpoint", fake_hub.url, "--no-open"
    )
    assert (code, out) == (0, f"{target}\n")
    assert target.read_bytes() == tiny_pdf(RICH_PAPER_ID)
    code, out, err = run(capsys, "pdf", RICH_PAPER_ID, "-o", str(target), "--no-open")
    assert (code, out) == (2, "")
    assert err == f"paperreader: {target} already exists; choose another name.\n"


def test_a_non_pdf_answer_is_one_line_and_saves_nothing(capsys, fake_hub):
    code, out, err = run(capsys, "pdf", NO_PDF_PAPER_ID, "--endpoint", fake_hub.url)
    assert (code, out) == (1, "")
    assert err == (
        f"paperreader: 127.0.0.1 sent text/html instead of the PDF of {NO_PDF_PAPER_ID}; "
        "nothing was saved.\n"
    )
    assert not paths.downloads_dir().exists() or list(paths.downloads_dir().iterdir()) == []


def test_no_viewer_is_a_warning_not_a_failure(capsys, fake_hub, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code, out, err = run(capsys, "pdf", RICH_PAPER_ID, "--endpoint", fake_hub.url)
    assert code == 0
    assert out.strip().endswith(f"{RICH_PAPER_ID}.pdf")
    assert "No viewer can be started here" in err


def test_pdf_is_in_the_help(capsys):
    from paperreader.cli.main import build_parser

    parser = build_parser()
    assert "paperreader pdf 2603.01234" in parser.format_help()
    with pytest.raises(SystemExit):
        parser.parse_args(["pdf", "--help"])
    text = capsys.readouterr().out
    for words in ("-o PATH", "--no-open", "--refresh", "URL/pdf/ID", "hidden temporary name"):
        assert words in text


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_one_rewritten_line_on_a_terminal_and_nothing_on_a_pipe():
    terminal = Terminal()
    meter = ProgressMeter(terminal, RICH_PAPER_ID)
    for done in (0, 524_288, 1_048_576, 1_048_576):
        meter.update(done, 1_048_576)
    meter.finish()
    line = f"paperreader: downloading the PDF of {RICH_PAPER_ID}: "
    assert terminal.getvalue() == (
        f"\r{line}0% of 1.0 MB\x1b[K\r{line}50% of 1.0 MB\x1b[K\r{line}100% of 1.0 MB\x1b[K\n"
    )
    piped = io.StringIO()
    quiet = ProgressMeter(piped, RICH_PAPER_ID)
    quiet.update(10, 20)
    quiet.finish()
    assert piped.getvalue() == ""
