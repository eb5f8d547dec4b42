"""Comments are drawn from their Markdown, as the reader draws a paper: `**code**` in bold,
backticks gone. Nothing in a comment can act: markup stays text, escapes are dropped, only
web links carry a URL for a click, and none is a terminal hyperlink or a Textual action."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console
from rich.style import Style

from paperreader.domain.details import Comment, Discussion
from paperreader.ui.screens.discussion import REACTIONS, render_discussion
from paperreader.ui.widgets.comment_markdown import rendered_comment
from paperreader.ui.widgets.link_line import URL_META


def styled(text, word: str) -> Style:
    """The style the first character of `word` is drawn in."""
    start = text.plain.index(word)
    return text.get_style_at_offset(Console(), start)


def test_emphasis_and_code_are_drawn_not_shown_as_source():
    text = rendered_comment("Is the **code** going to be *released*? See `section 4`.")
    assert text.plain == "Is the code going to be released? See section 4."
    assert styled(text, "code").bold
    assert styled(text, "released").italic
    assert styled(text, "section 4") != styled(text, "Is")


def test_paragraphs_lists_quotes_and_code_blocks_keep_their_shape():
    source = "First line\nsecond line\n\n- one\n- two\n\n> quoted\n\n```\nx = 1\n```"
    lines = rendered_comment(source).plain.splitlines()
    assert lines == [
        "First line",
        "second line",
        "",
        "• one",
        "• two",
        "",
        "│ quoted",
        "",
        "x = 1",
    ]


def test_markup_escapes_and_entities_stay_inert():
    source = (
        "[bold]loud[/bold] [@click=app.quit]quit[/] &#27;[31mred &#x9b;2J <b>tag</b> \\*not em\\*"
    )
    text = rendered_comment(source)
    assert "[bold]loud[/bold]" in text.plain
    assert "[@click=app.quit]quit[/]" in text.plain
    assert "\x1b" not in text.plain and "\x9b" not in text.plain
    assert "<b>tag</b>" in text.plain
    assert "*not em*" in text.plain
    for span in text.spans:
        style = Style.parse(span.style) if isinstance(span.style, str) else span.style
        assert not style.link
        assert "@click" not in (style.meta or {})


def test_only_web_links_carry_a_url_and_none_is_a_hyperlink():
    text = rendered_comment(
        "[weights](https://huggingface.co/x) [bad](javascript:alert(1)) "
        "[file](file:///etc/passwd) <https://arxiv.org/abs/2603.08522>"
    )
    # The parser refuses javascript: and file: links: they stay their source, as text.
    assert text.plain == (
        "weights [bad](javascript:alert(1)) [file](file:///etc/passwd) "
        "https://arxiv.org/abs/2603.08522"
    )
    urls = set()
    for span in text.spans:
        style = span.style if isinstance(span.style, Style) else Style.parse(span.style)
        assert not style.link
        if style.meta and URL_META in style.meta:
            urls.add(style.meta[URL_META])
    assert urls == {"https://huggingface.co/x", "https://arxiv.org/abs/2603.08522"}


def test_reactions_are_drawn_with_glyphs_every_font_has():
    comment = Comment(
        id="c1",
        author="kay",
        text="hi",
        created_at=datetime(2026, 3, 13, tzinfo=UTC),
        reactions=tuple((name, 1) for name in [*REACTIONS, "unheard-of"]),
    )
    text = render_discussion(Discussion(paper_id="2603.08522", comments=(comment,))).plain
    reactions = text.splitlines()[2]
    emoji = [ch for ch in reactions if ord(ch) >= 0x2700 or ch == "\ufe0f"]
    assert not emoji, reactions  # pictographs and dingbats are boxes in many terminal fonts
    assert "unheard-of 1" in reactions
