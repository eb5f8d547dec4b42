"""The discussion of a paper: comments with replies nested under their parent.

Comment bodies are Markdown written by strangers: they are drawn from it as styled text
(`comment_markdown`), never as markup, so nothing in them can act; a web link opens with a
click, through the session. Reactions are named with glyphs common terminal fonts have.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from paperreader.domain.details import Comment, Discussion
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import Paper
from paperreader.domain.text import counted
from paperreader.service.session import Session
from paperreader.ui.bindings import bindings
from paperreader.ui.key_help import key_rows, our_bindings
from paperreader.ui.messages import DiscussionFailed, DiscussionLoaded
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.page import PageScreen
from paperreader.ui.widgets.comment_markdown import rendered_comment
from paperreader.ui.widgets.key_footer import KeyFooter
from paperreader.ui.widgets.link_pane import LinkPane

REACTIONS = {
    "+1": "▲",
    "-1": "▼",
    "heart": "♥",
    "rocket": "rocket",
    "fire": "fire",
    "eyes": "eyes",
    "laugh": "laugh",
    "hugging_face": "hugs",
    "confused": "confused",
    "brain": "brain",
    "exploding_head": "mind blown",
}
"""How each reaction is named: the hub's emoji are missing-glyph boxes in many terminal fonts."""


class DiscussionScreen(PageScreen[None]):
    """Full-screen comments, with keys to fetch them again and to go back."""

    BINDINGS = bindings("discussion")

    DEFAULT_CSS = """
    DiscussionScreen {
        overflow: hidden;  /* the body scrolls; see ReaderScreen for why the screen never does */
        & #discussion-body { height: 1fr; }
    }
    """

    def __init__(self, session: Session, paper: Paper) -> None:
        super().__init__()
        self._session = session
        self.paper = paper
        self.discussion: Discussion | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text(f"Discussion: {self.paper.title}"), id="discussion-title", classes="page-title"
        )
        yield LinkPane(id="discussion-body")
        yield Static("Loading the comments…", id="discussion-status", classes="page-status")
        yield KeyFooter()

    @property
    def body(self) -> LinkPane:
        """The comments pane."""
        return self.query_one("#discussion-body", LinkPane)

    def on_mount(self) -> None:
        self.body.focus()
        self.action_reload(force=False)

    def action_reload(self, force: bool = True) -> None:
        """Fetch the comments again."""
        self.body.loading = True
        self._load(force)

    @work(exclusive=True, group="discussion", exit_on_error=False, description="comments")
    async def _load(self, force: bool) -> None:
        try:
            discussion = await self._session.details.get_discussion(self.paper.id, force=force)
        except PaperReaderError as error:
            self.post_message(DiscussionFailed(error.message))
        else:
            self.post_message(DiscussionLoaded(discussion))

    @on(DiscussionLoaded)
    def _loaded(self, message: DiscussionLoaded) -> None:
        self.discussion = message.discussion
        self.body.loading = False
        self.body.set_content(render_discussion(message.discussion))
        self.show_status(counted(message.discussion.total, "comment"))  # keys: the footer's

    @on(DiscussionFailed)
    def _failed(self, message: DiscussionFailed) -> None:
        self.body.loading = False
        if self.discussion is None:
            self.body.set_content(Text(message.message, style="bold"))
        self.show_status(message.message)

    def action_help(self) -> None:
        """Show the keys that work in the discussion."""
        app = self.app
        sections = (
            ("Discussion", our_bindings(app, self)),
            ("Comments", our_bindings(app, self.body)),
        )
        app.push_screen(HelpScreen(key_rows(app, sections)))


MAX_INDENT = 6
"""Deeper replies are drawn at this depth: a long thread must not walk off the screen."""


def render_discussion(discussion: Discussion) -> Text:
    """All comments as text: author, date, reactions, replies indented under their parent."""
    out = Text()
    if not discussion.comments:
        out.append("No comments yet.", style="italic")
        return out
    for depth, comment in discussion.walk():
        _render_comment(out, comment, min(depth, MAX_INDENT))
    if discussion.skipped:
        out.append(f"({counted(discussion.skipped, 'unreadable comment')} left out)\n", style="dim")
    return out


def _render_comment(out: Text, comment: Comment, depth: int) -> None:
    indent = "    " * depth
    out.append(indent + ("↳ " if depth else ""))
    out.append(comment.author or "unknown", style="bold")
    if comment.created_at:
        out.append(" · " + comment.created_at.strftime("%Y-%m-%d %H:%M"), style="dim")
    if comment.edited:
        out.append(" · edited", style="dim")
    out.append("\n")
    body_indent = indent + ("  " if depth else "") + "  "
    if comment.hidden:
        reason = f": {comment.hidden_reason}" if comment.hidden_reason else ""
        out.append(f"{body_indent}[comment hidden{reason}]\n", style="italic dim")
    else:
        for line in rendered_comment(comment.text or "").split("\n", allow_blank=True):
            out.append(body_indent)
            out.append_text(line)
            out.append("\n")
    if comment.reactions:
        shown = (f"{REACTIONS.get(name, name)} {count}" for name, count in comment.reactions)
        out.append(f"{body_indent}{'  '.join(shown)}\n", style="dim")
    out.append("\n")
