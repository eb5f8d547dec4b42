"""The session's downloads and pipe: a PDF saved once and reused offline, nothing left by a
refused or broken download, and the paper handed to the user's command as data."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import pytest
from support.fakehub import NO_PDF_PAPER_ID, RICH_PAPER_ID, tiny_pdf
from support.sessions import demo_session

from paperreader.config.settings import Settings
from paperreader.domain.errors import OfflineError, UsageError
from paperreader.domain.models import Author, Paper
from paperreader.platform import paths
from paperreader.sources.pdf import DownloadError

# ---------------------------------------------------------------------- downloads


async def test_a_pdf_is_downloaded_once_then_used_offline(make_service, fake_hub):
    session = make_service()
    first = await session.downloads.fetch(RICH_PAPER_ID)
    assert first.downloaded
    assert first.path == paths.downloads_dir() / f"{RICH_PAPER_ID}.pdf"
    assert first.path.read_bytes() == tiny_pdf(RICH_PAPER_ID)
    again = await session.downloads.fetch(RICH_PAPER_ID)
    assert not again.downloaded
    assert len(fake_hub.requests_to(f"/pdf/{RICH_PAPER_ID}")) == 1
    offline = make_service(offline=True)
    assert (await offline.downloads.fetch(RICH_PAPER_ID)).path == first.path
    assert await offline.downloads.saved(RICH_PAPER_ID) == first.path


async def test_offline_without_a_saved_pdf_says_so(make_service):
    with pytest.raises(OfflineError, match="has not been downloaded yet"):
        await make_service(offline=True).downloads.fetch(RICH_PAPER_ID)


async def test_a_refused_or_broken_download_leaves_no_file(make_service, fake_hub):
    session = make_service()
    with pytest.raises(DownloadError, match="instead of the PDF"):
        await session.downloads.fetch(NO_PDF_PAPER_ID)
    fake_hub.fail("/pdf/", "truncate")
    with pytest.raises(OfflineError):
        await session.downloads.fetch(RICH_PAPER_ID)
    folder = paths.downloads_dir()
    assert list(folder.iterdir()) == []  # no PDF, and no temporary left behind


async def test_the_config_chooses_the_folder_and_the_environment_beats_it(
    make_service, tmp_path, monkeypatch
):
    session = make_service()
    session.settings = session.settings._replace(downloads_dir=str(tmp_path / "papers"))
    assert session.downloads.folder == paths.downloads_dir()  # $PAPERREADER_DOWNLOADS_DIR
    monkeypatch.delenv("PAPERREADER_DOWNLOADS_DIR")
    saved = await session.downloads.fetch(RICH_PAPER_ID)
    assert saved.path == tmp_path / "papers" / f"{RICH_PAPER_ID}.pdf"


async def test_an_output_path_is_a_new_file_or_a_folder_never_a_file_to_replace(
    make_service, tmp_path
):
    session = make_service()
    named = await session.downloads.fetch(RICH_PAPER_ID, target=tmp_path / "attention.pdf")
    assert named.path.read_bytes() == tiny_pdf(RICH_PAPER_ID)
    into = await session.downloads.fetch(RICH_PAPER_ID, target=tmp_path)
    assert into.path == tmp_path / f"{RICH_PAPER_ID}.pdf"
    mine = tmp_path / "notes.pdf"
    mine.write_bytes(b"the user's own file")
    with pytest.raises(UsageError, match="already exists"):
        await session.downloads.fetch(RICH_PAPER_ID, target=mine, force=True)
    assert mine.read_bytes() == b"the user's own file"


async def test_the_demo_downloads_nothing():
    session = demo_session()
    with pytest.raises(UsageError, match="demo never uses the network"):
        await session.downloads.fetch(RICH_PAPER_ID)
    await session.aclose()


# ---------------------------------------------------------------------- the pipe

PAPER = Paper(
    id="2610.02001",
    title="[bold]Tiny[/bold] models\x1b[2J; $(reboot)",
    summary="Line one.\nLine two.",
    authors=(Author("Ada Lovelace"), Author("Alan Turing")),
    published_at=datetime(2026, 9, 30, 12, tzinfo=UTC),
    github_repo="https://github.com/example/tiny",
)


def piping(command: str | None, fmt: str = "json"):
    session = demo_session(Settings(pipe_command=command, pipe_format=fmt))
    return session.pipe


def test_the_fields_are_the_papers_text_on_one_line_without_escapes():
    fields = piping(None).fields(PAPER)
    assert fields["title"] == "[bold]Tiny[/bold] models; $(reboot)"
    assert fields["authors"] == "Ada Lovelace, Alan Turing"
    assert fields["published"] == "2026-09-30"
    assert fields["summary"] == "Line one. Line two."
    assert fields["arxiv_url"] == "https://arxiv.org/abs/2610.02001"
    assert fields["pdf_url"] == "https://arxiv.org/pdf/2610.02001"
    assert fields["github_url"] == "https://github.com/example/tiny"
    assert fields["project_url"] == ""


def test_without_a_command_the_pipe_says_how_to_set_one():
    with pytest.raises(UsageError, match=r'add pipe_command = "papis add --from arxiv'):
        piping(None).argv(PAPER)


ECHO = f"{sys.executable} -c 'import sys; print(sys.argv[1:], sys.stdin.read())'"


async def test_the_command_gets_each_field_as_one_argument_and_the_paper_on_its_input():
    pipe = piping(ECHO + " {id} {title}")
    outcome = await pipe.run(PAPER)
    assert outcome.ok
    assert outcome.summary.startswith("python")
    assert "exited 0: ['2610.02001', '[bold]Tiny[/bold] models; $(reboot)'] {" in outcome.summary


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("bibtex", "@misc{"),
        ("markdown", "](https://huggingface.co/papers/2610.02001)"),
        ("json", '"id": "2610.02001"'),
    ],
)
def test_the_input_is_the_paper_in_the_configured_format(fmt, expected):
    data = piping("cat", fmt).input_for(PAPER)
    assert data is not None
    assert expected in data.decode()
    if fmt == "json":
        assert json.loads(data)["authors"] == ["Ada Lovelace", "Alan Turing"]


def test_format_none_gives_the_command_no_input():
    assert piping("cat", "none").input_for(PAPER) is None


async def test_a_failing_command_reports_its_exit_and_first_line():
    script = "import sys; print('papis: no such paper', file=sys.stderr); sys.exit(2)"
    outcome = await piping(f'{sys.executable} -c "{script}"').run(PAPER)
    assert not outcome.ok
    assert outcome.summary.endswith("exited 2: papis: no such paper")


async def test_a_silent_command_says_so():
    outcome = await piping("true").run(PAPER)
    assert outcome.summary == "true exited 0 (no output)"
