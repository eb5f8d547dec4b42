"""The hand-off hook: the selected paper piped to the user's own command (`pipe_command`).

The paper's fields fill the command's `{placeholders}`, each inside the one argument it was
written in (`platform.pipe_template`); the paper itself goes to the command's input as JSON,
BibTeX or Markdown (`pipe_format`). The command runs without a shell, off the event loop,
for at most PIPE_TIMEOUT seconds, and what it prints is kept only as far as OUTPUT_CAP.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import PurePath

from paperreader.domain.errors import UsageError
from paperreader.domain.links import links_for
from paperreader.domain.models import Paper
from paperreader.domain.text import one_line
from paperreader.service.context import SessionContext
from paperreader.service.paper_texts import PaperTexts

PIPE_TIMEOUT = 60.0
"""Seconds a pipe command may run before it is stopped."""
EXAMPLE = 'pipe_command = "papis add --from arxiv {arxiv_url}"'
LINE_WIDTH = 200
"""Characters of the command's first line of output that are kept for the status line."""


@dataclass(frozen=True, slots=True)
class PipeOutcome:
    """How the command ended, in words for the status line."""

    program: str
    exit_code: int | None
    first_line: str

    @property
    def ok(self) -> bool:
        """True when the command exited with status 0."""
        return self.exit_code == 0

    @property
    def summary(self) -> str:
        """'papis exited 0: Added …', or why it ended."""
        if self.exit_code is None:
            ended = f"{self.program} was stopped after {PIPE_TIMEOUT:.0f} s"
        elif self.exit_code < 0:
            ended = f"{self.program} was ended by signal {-self.exit_code}"
        else:
            ended = f"{self.program} exited {self.exit_code}"
        return f"{ended}: {self.first_line}" if self.first_line else f"{ended} (no output)"


class Pipe:
    """Runs the configured command on one paper."""

    def __init__(self, context: SessionContext, texts: PaperTexts) -> None:
        self._context = context
        self._texts = texts
        """Where a paper of a large listing gets its texts back before it is piped."""

    @property
    def configured(self) -> bool:
        """True when the config sets a pipe command."""
        return bool(self._context.settings.pipe_command)

    def fields(self, paper: Paper) -> dict[str, str]:
        """The paper's placeholders and their text (one line each, no control bytes)."""
        links = links_for(paper, self._context.web_url)
        published = paper.published_at or paper.submitted_on_daily_at
        values = {
            "id": paper.id,
            "title": paper.title,
            "authors": ", ".join(author.name for author in paper.authors),
            "published": published.date().isoformat() if published else "",
            "summary": paper.summary,
            "hf_url": links.hf,
            "arxiv_url": links.arxiv,
            "pdf_url": links.pdf,
            "github_url": links.github or "",
            "project_url": links.project or "",
        }
        return {name: one_line(value) for name, value in values.items()}

    def input_for(self, paper: Paper) -> bytes | None:
        """What the command reads: the paper as `pipe_format` says, or nothing ("none")."""
        kind = self._context.settings.pipe_format
        web = self._context.web_url
        if kind == "none":
            return None
        if kind == "bibtex":
            from paperreader.formats.export.bibtex import bibtex_entry

            text = bibtex_entry(paper)
        elif kind == "markdown":
            from paperreader.formats.export.markdown import markdown_link

            text = markdown_link(paper, web)
        else:
            from paperreader.formats.export.paper_json import paper_to_dict

            text = json.dumps(paper_to_dict(paper, web), ensure_ascii=False, indent=2)
        return (text if text.endswith("\n") else text + "\n").encode("utf-8")

    def argv(self, paper: Paper) -> list[str]:
        """The command to run for `paper`; UsageError when none is set or it is unusable."""
        from paperreader.platform.pipe_template import pipe_argv

        template = self._context.settings.pipe_command
        if not template:
            raise UsageError(
                f"No pipe command is set: add {EXAMPLE} to the config "
                "(`paperreader config path` says where it is)."
            )
        try:
            return pipe_argv(template, self.fields(paper))
        except ValueError as error:
            raise UsageError(f"pipe_command cannot be used: {error}.") from None

    async def run(self, paper: Paper) -> PipeOutcome:
        """Run the command on `paper`; CommandNotStarted when it cannot be started."""
        from paperreader.platform.command_runner import run_command

        paper = await self._texts.complete_one(paper)  # {summary} and the input need them
        argv = self.argv(paper)
        result = await asyncio.to_thread(run_command, argv, self.input_for(paper), PIPE_TIMEOUT)
        program = one_line(PurePath(argv[0]).name) or argv[0]
        return PipeOutcome(program, result.exit_code, result.first_line[:LINE_WIDTH])
