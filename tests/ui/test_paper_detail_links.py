"""The detail pane's links: one line each, cut with an ellipsis, the whole URL kept as the link.

A URL used to wrap mid-token (`github.com/tidepool-co` / `llective/...`) and a star count
could land alone on a line. The bookmark's note is labelled, so it cannot pass for the
author list.
"""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console

from paperreader.config.keymap import effective_keys
from paperreader.domain.links import links_for
from paperreader.domain.models import Author, Bookmark, Paper
from paperreader.ui.widgets.link_line import URL_META
from paperreader.ui.widgets.paper_detail import describe

GITHUB = "https://github.com/tidepool-collective/lumen-2-technical-report-and-weights"
PROJECT = "https://tidepoolcollective.github.io/lumen-2-technical/and/a/long/path/index.html"
PAPER = Paper(
    id="2611.00001",
    title="[bold]Lumen[/bold] [@click=app.quit]quit[/]",
    authors=(Author("Zoë Lefèvre"), Author("Liu Siqi")),
    github_repo=GITHUB,
    github_stars=2892,
    project_page=PROJECT,
)


def lines_at(width: int, bookmark: Bookmark | None = None) -> tuple[list[str], Console]:
    console = Console(width=width, record=True, color_system="truecolor")
    console.print(describe(PAPER, links_for(PAPER), bookmark, key_map=effective_keys()))
    return console.export_text().splitlines(), console


def test_each_link_is_one_line_cut_with_an_ellipsis_at_any_width():
    for width in (40, 56, 80, 120):
        lines, _ = lines_at(width)
        github = [line for line in lines if line.lstrip().startswith("GitHub")]
        assert len(github) == 1, (width, lines)
        fact = github[0]
        assert "★ 2,892" in fact, (width, fact)  # the stars stay beside the link
        assert fact.rstrip().endswith("★ 2,892")
        if len(GITHUB) > width - 20:
            assert "…" in fact
        assert all(len(line) <= width for line in lines)
        index = lines.index(fact)
        assert lines[index + 1].lstrip().startswith("Project page"), lines[index : index + 3]
        arxiv = next(line for line in lines if "arxiv.org/abs" in line)
        assert "2611.00001" in arxiv  # never split as 2611.000 / 01


def test_the_cut_link_still_carries_the_whole_url():
    console = Console(width=50, color_system="truecolor")
    detail = describe(PAPER, links_for(PAPER), key_map=effective_keys())
    styles = [segment.style for segment in console.render(detail) if segment.style is not None]
    assert not any(style.link for style in styles)  # never a terminal hyperlink
    links = {style.meta.get(URL_META) for style in styles if style.meta}
    assert GITHUB in links
    assert PROJECT in links


def test_the_note_is_labelled_and_markup_in_it_is_text():
    bookmark = Bookmark(
        PAPER, datetime(2026, 3, 1, tzinfo=UTC), note="read with [bold]care[/bold]\nsecond line"
    )
    lines, _ = lines_at(100, bookmark)
    note = next(line for line in lines if "care" in line)
    assert note.startswith("Note: read with [bold]care[/bold]")
    authors = next(line for line in lines if "Zoë Lefèvre" in line)
    assert not authors.startswith("Note")
    assert lines[0] == PAPER.title


async def test_a_click_on_a_cut_link_opens_the_whole_url(monkeypatch):
    from support.apps import demo_app
    from support.fakes import RecordingOpener
    from support.pilot import settle

    app = demo_app()
    opener = RecordingOpener()
    monkeypatch.setattr(app.session.desktop, "open_url", opener)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        detail = app.main_screen.detail
        github = links_for(app.main_screen.paper_list.current).github
        assert github
        spots = [
            (x, y)
            for y, strip in enumerate(detail._lines)
            for x, segment in _cells(strip)
            if segment.style is not None and (segment.style.meta or {}).get(URL_META) == github
        ]
        assert spots, "the GitHub link is drawn with its whole URL as the link"
        x, y = spots[len(spots) // 2]
        await pilot.click(detail, offset=(x + detail.styles.padding.left, y))
        await settle(app, pilot)
        assert opener.urls == [github]
        await pilot.click(detail, offset=(detail.styles.padding.left, 0))  # the title: no link
        await settle(app, pilot)
        assert opener.urls == [github]


def _cells(strip):
    x = 0
    for segment in strip:
        for _ in segment.text:
            yield x, segment
            x += 1
