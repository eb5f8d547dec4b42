"""Finding words in the reader's text: blocks of the Markdown, or lines of a plain text.

A text still coming in is searched once it is all there, so a find never misses the end.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from paperreader.ui.widgets.plain_text import PlainTextView


class FindHost(Protocol):
    """What a finder needs of the reader."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def complete(self) -> bool: ...
    @property
    def plain(self) -> PlainTextView | None: ...
    @property
    def scroll(self) -> VerticalScroll: ...
    @property
    def markdown(self) -> Markdown: ...
    def show_status(self, text: str) -> None: ...


class Finder:
    """The reader's matches and the one it is at."""

    def __init__(self, reader: FindHost) -> None:
        self._reader = reader
        self._blocks: list[MarkdownBlock] = []
        self._lines: list[int] = []
        self._index = -1
        self._waiting: str | None = None
        """Words to find once the whole text is in."""

    @property
    def count(self) -> int:
        """How many places match."""
        return len(self._lines) or len(self._blocks)

    def find(self, words: str) -> int:
        """Mark the places that hold `words`; go to the first. Returns how many."""
        reader = self._reader
        for block in self._blocks:
            block.remove_class("-match")
        self._blocks, self._lines, self._index = [], [], -1
        needle = words.strip().lower()
        if needle and not reader.complete:
            self._waiting = words
            reader.show_status(f"Finding “{words}” once the whole text is in…")
            return 0
        if reader.plain is not None:
            self._lines = [n for n, line in enumerate(reader.plain.lines) if needle in line.lower()]
        elif needle:
            self._blocks = [
                block
                for block in reader.markdown.query(MarkdownBlock)
                if not block.query(MarkdownBlock) and needle in _block_text(block)
            ]
        if not needle or not self.count:
            reader.show_status(f"“{words}” is not in the text." if needle else "Find cancelled.")
            if reader.plain is not None:
                reader.plain.unmark()
            return 0
        self.step(1)
        return self.count

    def text_complete(self) -> None:
        """The whole text is in: find what was asked for meanwhile."""
        words, self._waiting = self._waiting, None
        if words is not None:
            self.find(words)

    def step(self, delta: int) -> None:
        """Go to the next (1) or previous (-1) match, round the end."""
        count = self.count
        if not count:
            return
        reader = self._reader
        if self._blocks and 0 <= self._index < count:
            self._blocks[self._index].remove_class("-match")
        self._index = (self._index + delta) % count
        if reader.plain is not None:
            reader.plain.go_to_line(self._lines[self._index], mark=True)
        else:
            block = self._blocks[self._index]
            block.add_class("-match")
            reader.scroll.scroll_to_widget(block, top=True, animate=False)
        reader.show_status(f"Match {self._index + 1} of {count}")  # the keys: in the footer


def _block_text(block: MarkdownBlock) -> str:
    source = block.source
    if source is None:
        source = getattr(block, "_content", None)
        source = source.plain if source is not None else ""
    return source.lower()
