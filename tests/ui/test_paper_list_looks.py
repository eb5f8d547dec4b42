"""What the paper list shows: compact one-line rows, the filter's matches marked in the
titles, and an empty list that says truly why it is empty."""

from __future__ import annotations

from support.apps import demo_app
from support.pilot import list_lines, press, settle, type_text
from support.sessions import fake_service

from paperreader.config.settings import Settings
from paperreader.domain.models import Paper
from paperreader.domain.text import one_line
from paperreader.platform import paths
from paperreader.sources.demo import DemoSource
from paperreader.ui.app import PaperReaderApp

SMALL = (80, 24)
HOSTILE = "[bold]Loud[/bold] [@click=app.quit]x[/] \x1b[31mred"


def titled_lines(app: PaperReaderApp) -> list[str]:
    """The list's lines that start a paper's row (the upvotes mark)."""
    return [line for line in list_lines(app) if "▲" in line[:4]]


def own_app(settings: Settings | None = None) -> PaperReaderApp:
    """The demo's papers in a session of the user's own (the demo itself saves nothing)."""
    return PaperReaderApp(fake_service(DemoSource(), None, settings=settings))


async def test_compact_rows_fit_more_papers_and_the_choice_is_saved():
    app = own_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        plist = app.main_screen.paper_list
        two_line = len(titled_lines(app))
        assert two_line <= plist.size.height // 2
        await press(app, pilot, "z")
        await settle(app, pilot)
        assert plist.compact
        lines = list_lines(app)
        assert len(titled_lines(app)) == min(len(plist.papers), plist.size.height)
        assert len(titled_lines(app)) > two_line
        first = plist.papers[0]
        assert lines[0].lstrip("▌ ★").startswith(f"▲{first.upvotes:>5}")
        await press(app, pilot, "j", "j")
        assert plist.cursor == 2
        await pilot.click(plist, offset=(20, 4))
        assert plist.cursor == 4  # one line per paper: line 4 is the fifth paper
    saved = paths.config_file().read_text(encoding="utf-8")
    assert "compact = true" in saved


async def test_the_compact_setting_starts_compact_and_z_goes_back():
    app = own_app(Settings(compact=True))
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        plist = app.main_screen.paper_list
        assert plist.compact
        assert len(titled_lines(app)) == min(len(plist.papers), plist.size.height)
        await press(app, pilot, "z")
        await settle(app, pilot)
        assert not plist.compact
        assert len(titled_lines(app)) <= plist.size.height // 2
    assert "compact = false" in paths.config_file().read_text(encoding="utf-8")


async def test_the_demo_switches_to_compact_rows_without_writing_the_config():
    app = demo_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "z")
        await settle(app, pilot)
        assert app.main_screen.paper_list.compact
        assert app.session.settings.compact  # for the session: the demo keeps nothing
        assert not [n for n in app._notifications if n.severity == "warning"]
    assert not paths.config_file().exists()


def marked(app: PaperReaderApp, row: int) -> list[str]:
    """The texts drawn in the match style on line `row` of the list."""
    plist = app.main_screen.paper_list
    match = plist.get_component_rich_style("paper-list--match")
    strip = plist.render_line(row)
    return [
        s.text
        for s in strip
        if s.style is not None and s.style.underline and s.style.color == match.color
    ]


async def test_the_filter_marks_its_words_in_the_titles():
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "ATTENTION hal")
        await settle(app, pilot)
        plist = app.main_screen.paper_list
        lines = list_lines(app)
        row = next(y for y, line in enumerate(lines) if "Attention" in line and "Halluc" in line)
        words = marked(app, row)
        assert "Attention" in words  # the case of the title, not of the filter
        assert any(w.startswith("Hal") for w in words), words
        assert all(w in lines[row] for w in words)
        others = [y for y, line in enumerate(lines) if "▲" in line[:4] and "ttention" not in line]
        assert not any("Attention" in marked(app, y) for y in others)
        await press(app, pilot, "escape")  # the filter cleared: nothing is marked
        await settle(app, pilot)
        assert not any(marked(app, y) for y in range(plist.size.height))


async def test_markup_in_a_title_stays_text_when_it_matches():
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        plist = app.main_screen.paper_list
        hostile = (
            Paper(id="2601.00001", title=one_line(HOSTILE)),  # cleaned, as the hub's are
            Paper(id="2601.00002", title="Quiet"),
        )
        plist.set_papers(hostile)
        plist.set_filter("[bold")
        await settle(app, pilot)
        assert list_lines(app)[0].endswith("[bold]Loud[/bold] [@click=app.quit]x[/] red")
        assert marked(app, 0) == ["[bold"]
        plist.set_filter("click=app")
        await settle(app, pilot)
        assert marked(app, 0) == ["click=app"]
        assert app.is_running


async def test_a_filter_matching_only_read_papers_says_they_are_hidden():
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        plist = app.main_screen.paper_list
        word = plist.current.title.split()[0]
        await press(app, pilot, "x", "h")  # read it, then hide the read papers
        await settle(app, pilot)
        hidden = plist.hidden_count
        assert hidden == 1
        await press(app, pilot, "slash")
        await type_text(app, pilot, word)
        await settle(app, pilot)
        assert plist.visible_count == 0
        said = " ".join(" ".join(list_lines(app)).split())
        assert f"No unread papers match “{word}” · {hidden} read hidden" in said
        await type_text(app, pilot, "zzzqqq")
        await settle(app, pilot)
        said = " ".join(" ".join(list_lines(app)).split())
        assert f"No papers match “{word}zzzqqq”" in said
        assert "unread" not in said
        muted = plist.get_component_rich_style("paper-list--empty").color
        words = [seg for seg in plist.render_line(1) if seg.text.strip()]
        assert words and all(seg.style is not None and seg.style.color == muted for seg in words)
