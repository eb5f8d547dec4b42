"""A comment's Markdown drawn as styled text: emphasis, code, links, lists, quotes, blocks.

Comments are Markdown written by strangers: drawn as source they show `**` and backticks.
They are parsed (CommonMark, raw HTML kept as text) and built into `rich.text.Text` piece by
piece, never into markup, so `[bold]` or `[@click=...]` stay the characters they are. What
the parser decodes (entities such as `&#27;`) is cleaned again, so no escape reaches the
screen. A link keeps its label; only a web link carries its URL, for a click in a
`LinkPane` to open through the session, and none is a terminal hyperlink.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.style import Style
from rich.text import Text

from paperreader.domain.text import clean
from paperreader.ui.widgets.link_line import link_style

CODE = Style(color="cyan")
"""Inline code and code blocks."""
LINK = Style(underline=True)
"""A web link's label."""
QUOTE = "│ "
BULLET = "• "


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def rendered_comment(source: str) -> Text:
    """The comment `source` (Markdown) as text, its blocks separated by blank lines."""
    return _Blocks().render(_parser().parse(source))


class _Blocks:
    """Walks the block tokens, keeping the quote and list prefixes of the lines drawn."""

    def __init__(self) -> None:
        self.out: list[Text] = []
        self.prefixes: list[str] = []
        self.lists: list[int | None] = []
        """One entry per open list: None for bullets, else the next item's number."""
        self.marker: str | None = None
        """The bullet or number the next line starts with (a list item's first line)."""
        self.bold = False

    def render(self, tokens: Sequence[Token]) -> Text:
        for token in tokens:
            self._block(token)
        while self.out and not self.out[-1].plain:
            self.out.pop()
        return Text("\n").join(self.out)

    def _block(self, token: Token) -> None:
        kind = token.type
        if kind == "blockquote_open":
            self.prefixes.append(QUOTE)
        elif kind == "blockquote_close":
            self.prefixes.pop()
            if self.out and self.out[-1].plain == QUOTE.rstrip():  # the quote's last blank
                self.out[-1] = Text("".join(self.prefixes).rstrip(), style="dim")
        elif kind == "bullet_list_open":
            self.lists.append(None)
        elif kind == "ordered_list_open":
            self.lists.append(int(str(token.attrs.get("start", 1))))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            self._blank()
        elif kind == "list_item_open":
            number = self.lists[-1] if self.lists else None
            self.marker = BULLET if number is None else f"{number}. "
            if number is not None:
                self.lists[-1] = number + 1
            self.prefixes.append(" " * len(self.marker))
        elif kind == "list_item_close":
            self.prefixes.pop()
        elif kind == "heading_open":
            self.bold = True
        elif kind == "inline":
            self._lines(_inline(token.children or [], bold=self.bold))
        elif kind in ("heading_close", "paragraph_close"):
            self.bold = False
            if not token.hidden:  # a tight list's items are not paragraphs apart
                self._blank()
        elif kind in ("fence", "code_block"):
            self._lines(Text(clean(token.content.rstrip("\n")), style=CODE))
            self._blank()
        elif kind == "hr":
            self._lines(Text("───", style="dim"))
            self._blank()

    def _lines(self, block: Text) -> None:
        for line in block.split("\n", allow_blank=True):
            prefix = "".join(self.prefixes)
            if self.marker is not None:
                prefix = prefix[: len(prefix) - len(self.marker)] + self.marker
                self.marker = None
            self.out.append(Text(prefix, style="dim") + line if prefix else line)

    def _blank(self) -> None:
        if self.out and self.out[-1].plain.strip() not in ("", *self.prefixes):
            self.out.append(Text("".join(self.prefixes).rstrip(), style="dim"))


def _inline(children: Sequence[Token], *, bold: bool) -> Text:
    """An inline run: text, emphasis, code, links (only web ones keep their URL), breaks."""
    out = Text()
    stack: list[Style] = [Style(bold=True) if bold else Style()]
    for token in children:
        kind = token.type
        style = Style.chain(*stack)
        if kind in ("text", "html_inline"):
            out.append(clean(token.content), style=style)
        elif kind == "code_inline":
            out.append(clean(token.content), style=style + CODE)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "strong_open":
            stack.append(Style(bold=True))
        elif kind == "em_open":
            stack.append(Style(italic=True))
        elif kind == "link_open":
            href = clean(str(token.attrs.get("href", "")))
            stack.append(link_style(href, LINK) if link_style(href) != Style() else Style())
        elif kind in ("strong_close", "em_close", "link_close") and len(stack) > 1:
            stack.pop()
        elif kind == "image":
            out.append(clean(token.content), style=style)
    return out
