"""Copying a paper's link, citation or id: the copy menu, the clipboards, and what to tell.

The system clipboard is the session's (a worker asks it); the terminal's clipboard (OSC 52)
is the app's. Which of the two to use is the config's `clipboard` setting, read from the
session's settings each time.
"""

from __future__ import annotations

from functools import partial

from textual.widget import Widget

from paperreader.config.keymap import hint
from paperreader.domain.models import Paper
from paperreader.domain.text import shorten
from paperreader.service.session import Session
from paperreader.ui.bindings import keys_in_force
from paperreader.ui.messages import Copied
from paperreader.ui.workers import start_worker

PREVIEW = 100
"""Characters of the copied text's first line shown in the notification."""


class Copier:
    """Copies text for the main screen and says how it went."""

    def __init__(self, host: Widget, session: Session) -> None:
        self._host = host
        self._session = session

    def copy(self, label: str, text: str) -> None:
        """Put `text` on the clipboards; `label` names it in the notification."""
        start_worker(
            self._host,
            partial(self._copy, label, text),
            name="copy",
            group="clipboard",
            description="copy",
        )

    async def _copy(self, label: str, text: str) -> None:
        system = await self._session.desktop.copy_text(text)
        self._host.post_message(Copied(label, text, system))

    def copy_link(self, paper: Paper) -> None:
        """Copy the Hugging Face link of the paper."""
        self.copy("Hugging Face link", self._session.papers.links(paper).hf)

    def choices(self, paper: Paper) -> list[tuple[str, str, str]]:
        """(id, label, text) for every form of the paper the copy menu offers."""
        from paperreader.formats.export.bibtex import bibtex_entry
        from paperreader.formats.export.markdown import markdown_link

        links = self._session.papers.links(paper)
        return [
            ("hf", "Hugging Face", links.hf),
            ("arxiv", "arXiv link", links.arxiv),
            ("pdf", "PDF link", links.pdf),
            ("bibtex", "BibTeX", bibtex_entry(paper)),
            ("markdown", "Markdown link", markdown_link(paper, self._session.web_url)),
            ("id", "Paper id", paper.id),
        ]

    def menu(self, paper: Paper) -> None:
        """Open the copy menu: arXiv, PDF, BibTeX, Markdown or the id."""
        from paperreader.ui.screens.menu import MenuScreen

        choices = self.choices(paper)
        texts = {choice_id: (label, text) for choice_id, label, text in choices}
        menu = [(choice_id, label, text.splitlines()[0]) for choice_id, label, text in choices]

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None and answer[0] in texts:
                label, text = texts[answer[0]]
                self.copy(label, text)

        keys = hint("enter or 1-9 copies · {menu.cancel} closes", keys_in_force(self._host.app))
        self._host.app.push_screen(MenuScreen("Copy", menu, primary="copy", hint=keys), chosen)

    def copied(self, message: Copied) -> None:
        """Send the text to the terminal's clipboard too, unless the config says no, and say
        where it went."""
        # The terminal's clipboard (OSC 52) reaches the user's own machine over SSH; it is
        # always sent, but a terminal cannot confirm it, hence the text for copying by hand.
        policy = self._session.settings.clipboard
        if policy != "system":
            self._host.app.copy_to_clipboard(message.text)
        preview = shorten(message.text.strip().split("\n", 1)[0], PREVIEW)
        if message.system:
            self._host.notify(f"Copied {message.label}: {preview}", markup=False, timeout=4)
            return
        # Two short lines at most, the text to copy by hand on the second.
        if policy == "system":
            title = "Not copied"
            lead = f"No system clipboard here: copy {message.label} by hand:"
        else:
            title = "Copy it by hand if it did not arrive"
            lead = f"Sent {message.label} to the terminal clipboard (OSC 52)"
        self._host.notify(
            f"{lead}\n{preview}", title=title, severity="warning", markup=False, timeout=12
        )
