"""The reader: a paper's full text as Markdown, with contents, find, and a remembered place.

The text comes from the session in a worker; links inside it open only when they are web
links, and then in the browser (never as files: a Markdown link is untrusted input).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, Markdown, Static
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

from paperreader.config.keymap import hint
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.links import PaperLinks, is_web_url
from paperreader.domain.models import Paper
from paperreader.service.session import Session
from paperreader.ui.bindings import bindings, keys_in_force
from paperreader.ui.key_help import key_rows, our_bindings
from paperreader.ui.messages import FullTextFailed, FullTextLoaded, OpenLink
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.page import PageScreen
from paperreader.ui.widgets.filter_input import CleanInput
from paperreader.ui.widgets.rich_pane import RichPane


class ReaderScreen(PageScreen[float]):
    """Full-screen reading; dismisses with the scroll position to remember."""

    BINDINGS = bindings("reader")

    DEFAULT_CSS = """
    ReaderScreen {
        & #reader-body { height: 1fr; }
        & MarkdownTableOfContents { width: 32; dock: left; display: none; }
        & .-contents MarkdownTableOfContents { display: block; }
        & #reader-scroll { height: 1fr; padding: 0 2; background: $surface; }
        & #reader-find { display: none; height: 3; border: tall $primary; }
        & #reader-find.-visible { display: block; }
        & MarkdownBlock.-match { background: $warning 25%; }
        & #reader-fallback { height: 1fr; }
    }
    """

    def __init__(
        self, session: Session, paper: Paper, links: PaperLinks, position: float = 0.0
    ) -> None:
        super().__init__()
        self._session = session
        self.paper = paper
        self.links = links
        self._position = position
        self._matches: list[MarkdownBlock] = []
        self._match_index = -1
        self.has_text = False
        """True once the full text is on screen (False for the abstract fallback)."""

    def compose(self) -> ComposeResult:
        yield Static(Text(self.paper.title), id="reader-title", classes="page-title")
        with Horizontal(id="reader-body"):
            markdown = Markdown(open_links=False, id="reader-markdown")
            yield MarkdownTableOfContents(markdown)
            with VerticalScroll(id="reader-scroll"):
                yield markdown
        yield CleanInput(placeholder="find in the text", id="reader-find")
        yield Static("Loading the full text…", id="reader-status", classes="page-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reader-scroll").loading = True
        self._load()

    @property
    def scroll(self) -> VerticalScroll:
        """The scrolling text."""
        return self.query_one("#reader-scroll", VerticalScroll)

    @work(exclusive=True, group="full-text", exit_on_error=False, description="full text")
    async def _load(self) -> None:
        try:
            full_text = await self._session.details.get_full_text(self.paper.id)
        except PaperReaderError as error:
            self.post_message(FullTextFailed(error.message))
        else:
            self.post_message(FullTextLoaded(full_text))

    @on(FullTextLoaded)
    async def _loaded(self, message: FullTextLoaded) -> None:
        scroll = self.scroll
        if message.full_text.markdown is None:
            scroll.loading = False
            self._fallback("Hugging Face has no full text for this paper.")
            return
        await self.query_one(Markdown).update(message.full_text.markdown)
        scroll.loading = False
        self.has_text = True
        template = (
            "{reader.find} find · {reader.next}/{reader.previous} next/previous match · "
            "{reader.contents} contents · {reader.back} back"
        )
        self._status(hint(template, keys_in_force(self.app)))
        if self._position:
            self.call_after_refresh(scroll.scroll_to, y=self._position, animate=False)
        scroll.focus()

    @on(FullTextFailed)
    def _failed(self, message: FullTextFailed) -> None:
        self.scroll.loading = False
        self._fallback(message.message)

    def _fallback(self, reason: str) -> None:
        """No full text: say why and show the abstract with the links instead."""
        text = Text()
        text.append(reason + "\n\n", style="bold")
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
        keys = hint(
            "{reader.back} back · {reader.open_page} opens the paper page", keys_in_force(self.app)
        )
        self._status(f"{reason}  {keys}")

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if is_web_url(event.href):
            self.post_message(OpenLink(event.href))
        elif event.href.startswith("#"):
            self.query_one(Markdown).goto_anchor(event.href[1:])
        else:
            self.notify("Only web links are opened.", severity="warning", markup=False)

    @on(Markdown.TableOfContentsUpdated)
    def _contents_updated(self, message: Markdown.TableOfContentsUpdated) -> None:
        message.stop()
        self.query_one(MarkdownTableOfContents).table_of_contents = message.table_of_contents

    @on(Markdown.TableOfContentsSelected)
    def _contents_selected(self, message: Markdown.TableOfContentsSelected) -> None:
        message.stop()
        block = self.query_one(f"#{message.block_id}")
        self.scroll.scroll_to_widget(block, top=True, animate=False)

    def action_toggle_contents(self) -> None:
        """Show or hide the table of contents."""
        self.query_one("#reader-body").toggle_class("-contents")

    def action_scroll(self, how: str) -> None:
        """Scroll the text."""
        target = self.query_one("#reader-fallback") if not self.has_text else self.scroll
        getattr(target, f"scroll_{how}")(animate=False)

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
        self.scroll.focus()
        self.find(event.value)

    def find(self, words: str) -> int:
        """Mark the blocks that contain `words`; go to the first. Returns how many."""
        for block in self._matches:
            block.remove_class("-match")
        needle = words.strip().lower()
        self._matches = [
            block
            for block in self.query_one(Markdown).query(MarkdownBlock)
            if needle and not block.query(MarkdownBlock) and needle in _block_text(block)
        ]
        self._match_index = -1
        if not self._matches:
            self._status(f"“{words}” is not in the text." if needle else "Find cancelled.")
            return 0
        self.action_next_match()
        return len(self._matches)

    def action_next_match(self) -> None:
        """Go to the next match."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous match."""
        self._step_match(-1)

    def _step_match(self, delta: int) -> None:
        if not self._matches:
            return
        if 0 <= self._match_index < len(self._matches):
            self._matches[self._match_index].remove_class("-match")
        self._match_index = (self._match_index + delta) % len(self._matches)
        block = self._matches[self._match_index]
        block.add_class("-match")
        self.scroll.scroll_to_widget(block, top=True, animate=False)
        keys = hint("{reader.next}/{reader.previous} · {reader.back} back", keys_in_force(self.app))
        self._status(f"match {self._match_index + 1} of {len(self._matches)} · {keys}")

    def action_open_page(self) -> None:
        """Open the paper's Hugging Face page in the browser."""
        self.post_message(OpenLink(self.links.hf))

    def action_help(self) -> None:
        """Show the keys that work in the reader."""
        rows = key_rows(self.app, (("Reader", our_bindings(self.app, self)),))
        self.app.push_screen(HelpScreen(rows))

    def action_close(self) -> None:
        """Back to the list, remembering the place."""
        box = self.query_one("#reader-find", Input)
        if box.has_class("-visible"):
            box.remove_class("-visible")
            self.scroll.focus()
            return
        self.dismiss(self.scroll.scroll_y if self.has_text else self._position)


def _block_text(block: MarkdownBlock) -> str:
    source = block.source
    if source is None:
        source = getattr(block, "_content", None)
        source = source.plain if source is not None else ""
    return source.lower()
