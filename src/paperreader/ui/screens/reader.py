"""The reader: a paper's full text as Markdown, with contents, find, and a remembered place.

The text comes from the session in a worker, with the place it was left at. A text is shown
as Markdown a few dozen blocks at a time (the first at once, the rest behind it, so keys keep
working); one too long for that (`PLAIN_BLOCKS`, `PLAIN_CHARS`) is shown as plain lines
drawn only where they are seen. Links inside open only when they are web links, and then in
the browser (never as files: a Markdown link is untrusted input).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Markdown, Static, Tree

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.links import PaperLinks, is_web_url
from paperreader.domain.models import Paper
from paperreader.domain.text import counted
from paperreader.formats.hub_full_text import Heading, TextShape, text_shape
from paperreader.service.session import Session
from paperreader.ui.bindings import bindings
from paperreader.ui.key_help import key_rows, our_bindings
from paperreader.ui.messages import FullTextFailed, OpenLink
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.page import PageScreen
from paperreader.ui.screens.reader_find import Finder
from paperreader.ui.widgets.filter_input import CleanInput
from paperreader.ui.widgets.key_footer import KeyFooter
from paperreader.ui.widgets.plain_text import PlainTextView
from paperreader.ui.widgets.reader_contents import Contents
from paperreader.ui.widgets.rich_pane import RichPane

CHUNK_BLOCKS = 40
"""Markdown blocks mounted at a time: each costs a few milliseconds to build and lay out."""
PLAIN_BLOCKS = 1_500
"""More blocks than this and the text is shown as plain lines: mounting them all as widgets
would take seconds and hundreds of megabytes (20,000 headings took minutes and gigabytes)."""
PLAIN_CHARS = 400_000
"""Longer than this (in characters) and the text is shown as plain lines."""
TEXT_ACTIONS = frozenset({"find", "next_match", "previous_match", "toggle_contents"})
"""What only a full text on screen gives anything to do."""
MAX_CONTENTS = 200
"""Entries the table of contents lists; the rest are counted on a last line."""


@dataclass
class TextReady(Message):
    """The full text (None: the hub has none) in pieces, and where it was left."""

    markdown: str | None
    shape: TextShape | None
    position: float | None


class ReaderScreen(PageScreen[float]):
    """Full-screen reading; dismisses with the scroll position to remember."""

    BINDINGS = bindings("reader")

    DEFAULT_CSS = """
    ReaderScreen {
        /* The text scrolls, the screen never does: in a terminal a few cells wide, a
           screen scrollbar narrows the title until it fits, then goes, and so on for ever. */
        overflow: hidden;
        & #reader-body { height: 1fr; }
        & Contents { width: 32; dock: left; display: none; }  /* reader_contents.CONTENTS_WIDTH */
        & .-contents Contents { display: block; }
        & #reader-scroll { height: 1fr; padding: 0 2; background: $surface; }
        & #reader-find { display: none; height: 3; border: tall $primary; }
        & #reader-find.-visible { display: block; }
        & MarkdownBlock.-match { background: $warning 25%; }
        & #reader-fallback, & #reader-plain { height: 1fr; }
    }
    """

    def __init__(
        self, session: Session, paper: Paper, links: PaperLinks, position: float = 0.0
    ) -> None:
        super().__init__()
        self._session = session
        self.paper = paper
        self._texts_problem = ""
        """Why the abstract of a large listing's paper could not be read back."""
        self.links = links
        self._position = position
        """Where to go once the text is in (the session's place, else this one)."""
        self._pending_position = 0.0
        self.has_text = False
        """True once the full text is on screen (False for the abstract fallback)."""
        self._sections = 0
        """How many headings the text has."""
        self.complete = False
        """True once all of the text is on screen (a long one comes in behind the first)."""
        self.plain: PlainTextView | None = None
        """The plain view of a text too long for Markdown; None otherwise."""
        self.finder = Finder(self)

    def compose(self) -> ComposeResult:
        yield Static(Text(self.paper.title), id="reader-title", classes="page-title")
        with Horizontal(id="reader-body"):
            markdown = Markdown(open_links=False, id="reader-markdown")
            yield Contents(markdown)
            with VerticalScroll(id="reader-scroll"):
                yield markdown
        yield CleanInput(placeholder="find in the text", id="reader-find")
        yield Static("Loading the full text…", id="reader-status", classes="page-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.scroll.loading = True
        self._load()

    @property
    def scroll(self) -> VerticalScroll:
        """The scrolling Markdown."""
        return self.query_one("#reader-scroll", VerticalScroll)

    @property
    def markdown(self) -> Markdown:
        """The Markdown text (empty in the plain view)."""
        return self.query_one("#reader-markdown", Markdown)

    @property
    def view(self) -> Widget:
        """What the scrolling keys move: the Markdown, the plain lines or the abstract."""
        fallback = self.query("#reader-fallback")
        if fallback:
            return fallback.first()
        return self.plain if self.plain is not None else self.scroll

    @property
    def contents(self) -> Contents:
        return self.query_one(Contents)

    # ------------------------------------------------------------------ loading

    @work(exclusive=True, group="full-text", exit_on_error=False, description="full text")
    async def _load(self) -> None:
        position = await self._session.reading.position(self.paper.id)
        if self.paper.texts_elsewhere:  # a large listing's paper: its abstract, for the fallback
            try:
                self.paper = await self._session.texts.complete_one(self.paper)
            except PaperReaderError as error:
                self._texts_problem = error.message
        try:
            full_text = await self._session.details.get_full_text(self.paper.id)
        except PaperReaderError as error:
            self.post_message(FullTextFailed(error.message))
            return
        markdown = full_text.markdown
        shape = None
        if markdown is not None:
            shape = await asyncio.to_thread(text_shape, markdown, CHUNK_BLOCKS)
        self.post_message(TextReady(markdown, shape, position))

    @on(TextReady)
    async def _ready(self, message: TextReady) -> None:
        if message.position is not None:
            self._position = message.position
        self.scroll.loading = False
        if message.markdown is None or message.shape is None:
            self._fallback("Hugging Face has no full text for this paper.")
            return
        shape = message.shape
        if shape.blocks > PLAIN_BLOCKS or len(message.markdown) > PLAIN_CHARS:
            await self._show_plain(message.markdown, shape)
            return
        # Every piece is appended, the first too: after `update`, Textual's `append` would
        # merge the next piece's first block into the last block shown.
        await self.markdown.append(shape.chunks[0])
        self._text_arrived(len(shape.headings))
        self._pending_position = self._position
        self.scroll.focus()
        self.show_status(self._text_status())
        if len(shape.chunks) > 1:
            self._append(shape.chunks[1:])
        else:
            self._completed()

    @work(exclusive=True, group="full-text-rest", exit_on_error=False, description="the rest")
    async def _append(self, chunks: list[str]) -> None:
        markdown = self.markdown
        for done, chunk in enumerate(chunks, 1):
            await markdown.append(chunk)
            self.show_status(f"Reading in the text: {done * 100 // len(chunks)}%…")
            self.call_after_refresh(self._go_to_position)
            await asyncio.sleep(0)  # keys are handled between the pieces
        self.call_after_refresh(self._completed)

    def _completed(self) -> None:
        if not self.is_attached:
            return
        self.complete = True
        self.show_status(self._text_status())
        self.call_after_refresh(self._go_to_position, True)
        self.finder.text_complete()

    def _go_to_position(self, last: bool = False) -> None:
        """Scroll to the place the text was left at, once enough of it is in."""
        wanted = self._pending_position
        if wanted and (last or wanted <= self.scroll.max_scroll_y):
            self._pending_position = 0.0
            self.scroll.scroll_to(y=wanted, animate=False, immediate=True)

    async def _show_plain(self, markdown: str, shape: TextShape) -> None:
        """A text too long for Markdown, as plain lines with its headings in bold."""
        plain = PlainTextView(id="reader-plain")
        self.scroll.display = False
        await self.query_one("#reader-body").mount(plain)
        plain.set_text(markdown.splitlines(), frozenset(h.line for h in shape.headings))
        self.plain = plain
        self._text_arrived(len(shape.headings))
        self.complete = True
        self.contents.table_of_contents = _contents(shape.headings)
        plain.focus()
        if self._position:
            self.call_after_refresh(plain.scroll_to, y=self._position, animate=False)
        self.show_status(f"A long text, shown as plain text · {self._text_status()}")

    def _text_arrived(self, sections: int) -> None:
        """The text is on screen: its keys (find, contents) work, and the footer says so."""
        self.has_text = True
        self._sections = sections
        self.refresh_bindings()

    def _text_status(self) -> str:
        """What the status line says of a text on screen; its keys are the footer's."""
        if not self._sections:
            return "Full text"
        return f"Full text · {counted(self._sections, 'section')}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Find and contents work, and the footer shows them, once there is a text."""
        return self.has_text if action in TEXT_ACTIONS else True

    @on(FullTextFailed)
    def _failed(self, message: FullTextFailed) -> None:
        self.scroll.loading = False
        self._fallback(message.message)

    def _fallback(self, reason: str) -> None:
        """No full text: say why and show the abstract with the links instead."""
        text = Text()
        text.append(reason + "\n\n", style="bold")
        if self.paper.texts_elsewhere:
            text.append(f"The abstract could not be read either: {self._texts_problem}")
        else:
            text.append(self.paper.summary or "No abstract either.")
        text.append("\n\n")
        for label, url in self.links.named():
            text.append(f"{label:<14}", style="bold dim")
            text.append(url + "\n")
        self.query_one("#reader-body").display = False
        pane = RichPane(id="reader-fallback")
        self.mount(pane, after=self.query_one("#reader-body"))
        pane.set_content(text)
        pane.focus()
        self.show_status(reason)  # the footer offers going back and the paper page

    # ------------------------------------------------------------------ links and contents

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if is_web_url(event.href):
            self.post_message(OpenLink(event.href))
        elif event.href.startswith("#"):
            self.markdown.goto_anchor(event.href[1:])
        else:
            self.notify("Only web links are opened.", severity="warning", markup=False)

    @on(Markdown.TableOfContentsUpdated)
    def _contents_updated(self, message: Markdown.TableOfContentsUpdated) -> None:
        message.stop()
        entries = message.table_of_contents
        if len(entries) > MAX_CONTENTS:
            more = f"… {counted(len(entries) - MAX_CONTENTS, 'more heading')}"
            entries = [*entries[:MAX_CONTENTS], (1, more, "")]
        self.contents.table_of_contents = entries

    @on(Markdown.TableOfContentsSelected)
    def _contents_selected(self, message: Markdown.TableOfContentsSelected) -> None:
        message.stop()
        target = message.block_id
        if self.plain is not None and target.startswith("line-"):
            self.plain.go_to_line(int(target.removeprefix("line-")))
        elif target and (blocks := self.query(f"#{target}")):
            self.scroll.scroll_to_widget(blocks.first(), top=True, animate=False)
        else:
            return  # the "… more" line, or a heading not in yet: stay in the contents
        self.view.focus()

    def action_toggle_contents(self) -> None:
        """Show the table of contents and go into it, or hide it and go back to the text."""
        body = self.query_one("#reader-body")
        body.toggle_class("-contents")
        if body.has_class("-contents") and self.has_text:
            tree = self.contents.query_one(Tree)
            if tree.cursor_line < 0:
                tree.cursor_line = 0
            tree.focus()
        else:
            self.view.focus()

    # ------------------------------------------------------------------ keys

    def action_scroll(self, how: str) -> None:
        """Scroll the text (nothing to scroll while it loads)."""
        getattr(self.view, f"scroll_{how}")(animate=False)

    def action_find(self) -> None:
        """Find words in the text."""
        if self.has_text:
            box = self.query_one("#reader-find", Input)
            box.add_class("-visible")
            box.focus()

    @on(Input.Submitted, "#reader-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#reader-find").remove_class("-visible")
        self.view.focus()
        self.finder.find(event.value)

    def find(self, words: str) -> int:
        """Mark where `words` are; go to the first. Returns how many places."""
        return self.finder.find(words)

    def action_next_match(self) -> None:
        """Go to the next match."""
        self.finder.step(1)

    def action_previous_match(self) -> None:
        """Go to the previous match."""
        self.finder.step(-1)

    def action_open_page(self) -> None:
        """Open the paper's Hugging Face page in the browser."""
        self.post_message(OpenLink(self.links.hf))

    def action_help(self) -> None:
        """Show the keys that work in the reader."""
        rows = key_rows(self.app, (("Reader", our_bindings(self.app, self)),))
        self.app.push_screen(HelpScreen(rows))

    def action_close(self) -> None:
        """Back to the list, remembering the place (closing the find box first)."""
        box = self.query_one("#reader-find", Input)
        if box.has_class("-visible"):
            box.remove_class("-visible")
            self.view.focus()
            return
        position = self.view.scroll_y if self.has_text else self._position
        if self.has_text:
            # The app's worker, not the screen's: a screen's workers end when it closes.
            self.app.run_worker(
                _remember(self.app, self._session, self.paper.id, position),
                group="reading-place",
                description="reading place",
                exit_on_error=False,
            )
        self.dismiss(position)

    async def keep_on_hangup(self) -> None:
        """The terminal closed while reading: remember the place, as closing the reader does."""
        if self.has_text:
            await self._session.reading.remember(self.paper.id, self.view.scroll_y)


async def _remember(app: App[Any], session: Session, paper_id: str, position: float) -> None:
    try:
        await session.reading.remember(paper_id, position)
    except PaperReaderError as error:
        app.notify(error.message, severity="warning", markup=False)


def _contents(headings: list[Heading]) -> list[tuple[int, str, str | None]]:
    """The plain view's table of contents: its first headings, then how many more."""
    entries: list[tuple[int, str, str | None]] = [
        (h.level, h.title, f"line-{h.line}") for h in headings[:MAX_CONTENTS]
    ]
    if len(headings) > MAX_CONTENTS:
        entries.append((1, f"… {counted(len(headings) - MAX_CONTENTS, 'more heading')}", ""))
    return entries
