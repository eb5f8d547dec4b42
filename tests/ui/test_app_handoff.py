"""D and | in the app, against the fake hub: the PDF saved with progress in the status line
and opened (the saved copy the second time, offline too); the paper piped to the configured
command, its exit and first line in the status line; no command set: how to set one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rich.text import Text
from support.fakehub import NO_PDF_PAPER_ID, RICH_PAPER_ID, tiny_pdf
from support.pilot import SIZE, notes, press, select, status

from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.platform import paths, viewer
from paperreader.ui.app import PaperReaderApp


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The files the system viewer was asked to open (none is started)."""
    files: list[Path] = []
    monkeypatch.setattr(viewer, "open_file", files.append)
    return files


def record_status(app: PaperReaderApp, shown: list[str]) -> None:
    """Keep every text the status line shows, the passing ones too (progress)."""
    line = app.main_screen.status
    update = line.update

    def recorded(text: Text) -> None:
        shown.append(text.plain)
        update(text)

    line.update = recorded  # type: ignore[method-assign]


async def test_d_downloads_the_pdf_then_opens_it_and_the_second_time_opens_the_saved_one(
    make_service, fake_hub, opened
):
    session = make_service()
    shown: list[str] = []
    app = PaperReaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await press(app, pilot)
        await select(app, pilot, RICH_PAPER_ID)
        record_status(app, shown)
        await press(app, pilot, "D")
        path = paths.downloads_dir() / f"{RICH_PAPER_ID}.pdf"
        assert path.read_bytes() == tiny_pdf(RICH_PAPER_ID)
        assert opened == [path]
        assert status(app) == f"Opened {path}"
        assert any(f"Downloading the PDF of {RICH_PAPER_ID}: 100%" in line for line in shown)
        await press(app, pilot, "D")
        assert opened == [path, path]
        assert len(fake_hub.requests_to(f"/pdf/{RICH_PAPER_ID}")) == 1


async def test_d_offline_opens_the_saved_pdf(make_service, opened):
    saved = paths.downloads_dir() / f"{RICH_PAPER_ID}.pdf"
    await make_service().downloads.fetch(RICH_PAPER_ID)
    await make_service().papers.get_listing(ListingQuery(ListingKind.DAILY))  # now cached
    offline = make_service(offline=True)
    app = PaperReaderApp(offline)
    async with app.run_test(size=SIZE) as pilot:
        await press(app, pilot)
        await select(app, pilot, RICH_PAPER_ID)
        await press(app, pilot, "D")
        assert opened == [saved]


async def test_d_on_a_paper_whose_pdf_is_a_web_page_says_so_and_saves_nothing(make_service, opened):
    app = PaperReaderApp(make_service())
    async with app.run_test(size=SIZE) as pilot:
        await press(app, pilot)
        await select(app, pilot, NO_PDF_PAPER_ID)
        await press(app, pilot, "D")
        assert "sent text/html instead of the PDF" in status(app)
        assert any("nothing was saved" in note for note in notes(app))
    assert opened == []
    folder = paths.downloads_dir()
    assert not folder.exists() or list(folder.iterdir()) == []


async def test_pipe_without_a_command_says_how_to_set_one(make_service):
    app = PaperReaderApp(make_service())
    async with app.run_test(size=SIZE) as pilot:
        await press(app, pilot)
        await press(app, pilot, "|")
        assert 'No pipe command is set: add pipe_command = "papis add' in status(app)


async def test_pipe_runs_the_command_and_shows_its_exit_and_first_line(make_service, tmp_path):
    record = tmp_path / "argv.txt"
    script = (
        "import sys, json; paper = json.load(sys.stdin); "
        f"open({str(record)!r}, 'w').write(repr(sys.argv[1:])); "
        "print(); print('Added', paper['id']); print('second line')"
    )
    session = make_service()
    session.settings = session.settings._replace(
        pipe_command=f'{sys.executable} -c "{script}" {{arxiv_url}} {{title}}'
    )
    app = PaperReaderApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await press(app, pilot)
        await select(app, pilot, RICH_PAPER_ID)
        title = app.main_screen.paper_list.current.title
        await press(app, pilot, "|")
        assert status(app).endswith(f"exited 0: Added {RICH_PAPER_ID}")
    assert record.read_text() == repr([f"https://arxiv.org/abs/{RICH_PAPER_ID}", title])


async def test_d_and_pipe_are_in_the_help(make_service):
    from support.pilot import open_modal, screen_text

    app = PaperReaderApp(make_service())
    async with app.run_test(size=(120, 80)) as pilot:
        await press(app, pilot)
        await open_modal(app, pilot, "question_mark")
        text = screen_text(app)
    assert "Download the PDF and open it here" in text
    assert "Pipe the paper to the configured command" in text
