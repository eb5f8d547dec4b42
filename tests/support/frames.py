"""What a frame must be: the checks a terminal would make of the app's rendered screen.

`frame` is the screen as the terminal gets it; the `check_*` functions assert, after a key,
that the frame is exactly the screen's size, every widget lies inside the screen (and inside
the box that holds it, unless that box scrolls), the status line and the cursor's paper are
on screen, and each list row is exactly as wide as the list.
"""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.main import NARROW_WIDTH, MainScreen
from paperreader.ui.widgets.paper_rows import ROW_HEIGHT


def frame(app: PaperReaderApp) -> list[Strip]:
    """The active screen as the terminal gets it: one strip per line, filters applied."""
    strips = app.screen._compositor.render_strips()
    width, height = app.size
    assert len(strips) == height, f"{len(strips)} lines drawn on a {height}-line screen"
    for y, strip in enumerate(strips):
        assert strip.cell_length == width, f"line {y} is {strip.cell_length} cells, not {width}"
    return strips


def cells(strips: list[Strip], y: int, x: int, width: int) -> str:
    """The characters of `width` cells at (x, y) of a frame."""
    return strips[y].crop(x, x + width).text


def scrolls(widget: Widget) -> bool:
    """A widget whose children may lie outside it because it scrolls them into view."""
    return isinstance(widget, ScrollableContainer | ScrollView)


def overflowing(screen: Screen) -> list[str]:
    """Widgets drawn (partly) outside the screen, or outside a box that does not scroll.

    A part outside the screen is not drawn at all; a part outside a box that does not
    scroll is cut off where nobody can scroll to it.
    """
    bad: list[str] = []

    def walk(node: Widget, bounds) -> None:
        for child in node.children:
            if not child.display:
                continue
            region = child.region
            if not region.area:
                continue
            if not bounds.contains_region(region):
                bad.append(f"{child!r} at {region} outside {bounds}")
            if not scrolls(child):
                walk(child, child.content_region)

    walk(screen, screen.region)
    return bad


def check_frame(app: PaperReaderApp, where: str) -> list[Strip]:
    """The app runs, the frame is the screen's size and nothing lies off screen."""
    assert app.is_running, where
    strips = frame(app)
    assert overflowing(app.screen) == [], where
    focused = app.focused
    if focused is not None and focused.display and focused.region.area:
        assert app.screen.region.contains_region(focused.region), f"{where}: {focused!r}"
    return strips


def check_status(app: PaperReaderApp, strips: list[Strip], where: str) -> None:
    """The status line is on screen and says what it says, or as much as fits, with '…'
    (its first line: the keys are drawn under it)."""
    status = app.main_screen.status
    region = status.region
    assert region.height == 2 and app.screen.region.contains_region(region), where
    shown = cells(strips, region.y, region.x, region.width).strip()
    full = status.text
    assert shown, f"{where}: an empty status line"
    if shown != full:
        assert shown.endswith("…"), f"{where}: status {shown!r} cut short without '…'"
        assert full.startswith(shown[:-1].rstrip()), f"{where}: status {shown!r} vs {full!r}"


def check_list(app: PaperReaderApp, strips: list[Strip], where: str) -> None:
    """Every row is the list's width and drawn as rendered; the cursor's paper is on screen."""
    plist = app.main_screen.paper_list
    region = plist.region
    assert region.area and app.screen.region.contains_region(region), where
    width = plist.scrollable_content_region.width
    assert 0 < width <= region.width, where
    for y in range(plist.size.height):
        row = plist.render_line(y)
        assert row.cell_length == width, f"{where}: row line {y} is {row.cell_length} != {width}"
        assert cells(strips, region.y + y, region.x, width) == row.text, f"{where}: line {y}"
    paper = plist.current
    if paper is None:
        first_word = plist.empty_message.split()[0]
        text = "\n".join(cells(strips, region.y + y, region.x, width) for y in range(4))
        assert first_word in text, f"{where}: the empty list says nothing"
        return
    top = plist.cursor * ROW_HEIGHT - int(plist.scroll_offset.y)
    assert 0 <= top <= plist.size.height - ROW_HEIGHT, f"{where}: the cursor row is off screen"
    row = cells(strips, region.y + top, region.x, width)
    assert row.startswith("▌"), f"{where}: the cursor row {row!r} has no marker"
    visible = min(len(paper.title), max(1, width - 11))
    assert paper.title[:visible] in row, f"{where}: {paper.title!r} not in {row!r}"


def check_main(app: PaperReaderApp, where: str) -> None:
    """The main screen: frame, status line, and the list (or, when narrow, the detail)."""
    assert type(app.screen) is MainScreen, f"{where}: {app.screen!r} is not the main screen"
    strips = check_frame(app, where)
    check_status(app, strips, where)
    narrow = app.size.width < NARROW_WIDTH
    assert app.screen.has_class("-narrow") == narrow, where
    if narrow and app.screen.has_class("-show-detail"):
        assert not app.main_screen.paper_list.display or not app.main_screen.paper_list.region.area
        check_detail(app, strips, where)
    else:
        check_list(app, strips, where)
        if not narrow and app.main_screen.paper_list.current is not None:
            check_detail(app, strips, where)


def check_detail(app: PaperReaderApp, strips: list[Strip], where: str) -> None:
    """The detail pane is on screen and begins with the paper's title."""
    detail = app.main_screen.detail
    paper = detail.paper
    assert paper is not None and paper == app.main_screen.paper_list.current, where
    region = detail.region
    assert region.area and app.screen.region.contains_region(region), where
    content = detail.scrollable_content_region
    first = cells(strips, content.y, content.x, content.width).strip()
    if int(detail.scroll_offset.y) == 0:
        assert paper.title.startswith(first) and first, f"{where}: detail starts {first!r}"


def check_dialog(app: PaperReaderApp, kind: type[Screen], where: str) -> None:
    """A dialog or full-screen view: of the right kind, drawn whole, inside the screen."""
    assert isinstance(app.screen, kind), f"{where}: {app.screen!r} is not a {kind.__name__}"
    check_frame(app, where)
