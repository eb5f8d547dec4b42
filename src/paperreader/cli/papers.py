"""The commands that print papers: `list` (a listing) and `show` (one paper).

    paperreader list [--date D | --week W | --month M | --trending | --search Q]
                     [--limit N] [--sort ORDER] [--submitter NAME] [-q | --format F | --json]
    paperreader show ID [--json] [--full]

Human text on a terminal, JSON with --json, ids alone with -q, and every export format;
both read the cache first, then the hub.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from paperreader.cli.options import (
    add_command,
    add_id_argument,
    add_list_options,
    add_listing_options,
    add_source_options,
    chosen_papers,
    query_from_args,
)
from paperreader.cli.output import LiveLine, paper_line, print_json, print_text, warn
from paperreader.cli.paper_output import print_papers
from paperreader.domain.details import LinkedRepo, PaperExtras
from paperreader.domain.errors import BadResponseError, PaperReaderError
from paperreader.domain.models import Listing, ListingKind, ListingQuery, Origin, Paper
from paperreader.domain.text import counted

if TYPE_CHECKING:
    from paperreader.service.session import Session

LIST_NOTES = """\
Formats: text (one line a paper), json (the listing), jsonl (one paper a line), markdown,
bibtex, csv and ris, the same as `bookmarks export` writes. --submitter, --sort and --limit
apply in that order; --sort trending keeps the hub's order."""

SHOWN_REPOS = 3
"""Linked repos of each kind `show` names; --json lists them all."""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `list` and `show` to the main parser's subcommands."""
    listing = add_command(
        commands,
        "list",
        description="Print a listing, from the cache when fresh, else from the hub.",
        examples=[
            "paperreader list",
            "paperreader list --week 2026-W10 --json",
            'paperreader list --search "mixture of experts"',
            "paperreader list --week 2026-W10 --sort upvotes --limit 10 --format bibtex",
            "paperreader list --submitter akhaliq -q | xargs -n1 paperreader pdf --no-open",
            "paperreader list --month 2026-03 --format jsonl | jq .title",
        ],
        notes=LIST_NOTES,
    )
    add_listing_options(listing, sub=True)
    add_source_options(listing, sub=True)
    add_list_options(listing, limit=None)
    listing.add_argument("--refresh", action="store_true", help="bypass the cache")

    show = add_command(
        commands,
        "show",
        description="Print one paper's details.",
        examples=[
            "paperreader show 2603.01234",
            "paperreader show 2603.01234 --json",
            "paperreader show 2603.01234 --full | less",
        ],
    )
    add_id_argument(show)
    add_source_options(show, sub=True)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--refresh", action="store_true", help="bypass the cache")
    show.add_argument(
        "--full",
        action="store_true",
        help="print the full text as Markdown (with --json: add it as full_text)",
    )


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Run one of the commands `add_commands` adds; returns the exit code."""
    from paperreader.formats.export.paper_json import listing_to_dict, paper_to_dict

    if args.command == "list":
        query = query_from_args(args) or ListingQuery(ListingKind.DAILY)
        chosen_papers((), args)  # the flags checked before anything is fetched
        line = LiveLine(sys.stderr)  # a month is 30+ pages: say how far it has got

        def progress(pages: int, papers: int) -> None:
            line.show(f"fetching {query.label}: page {pages}, {counted(papers, 'paper')} so far")

        try:
            listing = await session.papers.get_listing(query, force=args.refresh, progress=progress)
        finally:
            line.finish()
        if listing.unreadable:  # a failure, not an empty day
            raise BadResponseError(listing.unreadable)
        papers = chosen_papers(listing.papers, args)
        chosen = listing._replace(papers=tuple(papers))
        print_papers(
            papers,
            args,
            session.web_url,
            out,
            text=lambda: print_listing(chosen, False, session.web_url, out),
            json_data=lambda: listing_to_dict(chosen, session.web_url),
            record=lambda paper: paper_to_dict(paper, session.web_url),
        )
        if listing.error:  # printed all the same: an older copy, which scripts should know
            warn(f"showing an older copy: {listing.error}")
    else:
        await _show(session, args, out)
    return 0


def print_listing(listing: Listing, as_json: bool, web: str, out: TextIO) -> None:
    """A listing as JSON, or as a header line and one line per paper."""
    from paperreader.formats.export.paper_json import listing_to_dict

    if as_json:
        print_json(listing_to_dict(listing, web), out)
        return
    query = listing.query
    what = query.label  # as the status line names it: 'Search "q"', "Trending"
    if query.kind.is_dated:
        period = query.period or listing.effective_period or "(latest)"
        what = f"{query.kind.title} {period}"
    header = f"{what}: {counted(len(listing.papers), 'paper')}"
    header += f" ({listing.origin.value})"
    if listing.error:
        header += f" [{listing.error}]"
    out.write(header + "\n")
    for paper in listing.papers:
        out.write(paper_line(paper, paper.title) + "\n")
    if listing.skipped:
        out.write(f"({counted(listing.skipped, 'unreadable item')} skipped)\n")


async def _show(session: Session, args: argparse.Namespace, out: TextIO) -> None:
    if args.full and not args.json:
        full = await session.details.get_full_text(args.paper_id, force=args.refresh)
        if full.markdown is None:
            raise PaperReaderError(f"Hugging Face has no full text for {full.paper_id}.")
        print_text(full.markdown, out)
        return
    paper, origin = await session.papers.get_paper(args.paper_id, force=args.refresh)
    try:  # best effort: what only the paper endpoint has; the paper is shown regardless
        extras: PaperExtras | None = await session.details.get_extras(paper.id, force=args.refresh)
    except PaperReaderError:
        extras = None
    full_text: str | None = None
    if args.full:
        full_text = (await session.details.get_full_text(paper.id, force=args.refresh)).markdown
    print_paper(paper, args.json, session.web_url, out, extras, full_text, args.full, origin=origin)


def extras_to_dict(extras: PaperExtras, web: str) -> dict[str, Any]:
    """The JSON fields `show --json` adds from the paper endpoint: linked repos, comments."""
    from paperreader.domain.links import repo_url

    def repo(r: LinkedRepo) -> dict[str, Any]:
        data: dict[str, Any] = {"id": r.id, "url": repo_url(r, web), "likes": r.likes}
        if r.kind == "space":
            data.update(emoji=r.emoji, description=r.description)
        else:
            data["downloads"] = r.downloads
        return data

    return {
        "linked_models": [repo(r) for r in extras.models],
        "linked_datasets": [repo(r) for r in extras.datasets],
        "linked_spaces": [repo(r) for r in extras.spaces],
        "linked_totals": {
            "models": extras.total_models,
            "datasets": extras.total_datasets,
            "spaces": extras.total_spaces,
        },
    }


def print_paper(
    paper: Paper,
    as_json: bool,
    web: str,
    out: TextIO,
    extras: PaperExtras | None = None,
    full_text: str | None = None,
    with_full_text: bool = False,
    *,
    origin: Origin | None = None,
) -> None:
    """A paper as JSON (with its extras and, asked for, its full text), or as text.

    `origin` (where the paper came from: network, cache, library, demo) goes into the JSON.
    """
    from paperreader.formats.export.paper_json import paper_to_dict

    data = paper_to_dict(paper, web)
    if origin is not None:
        data["origin"] = origin.value
    if extras is not None:
        data.update(extras_to_dict(extras, web))
        if extras.num_comments is not None:
            data["num_comments"] = extras.num_comments
    if with_full_text:
        data["full_text"] = full_text
    if as_json:
        print_json(data, out)
        return
    lines = [paper.title, ""]
    if paper.authors:
        lines.append("Authors: " + ", ".join(a.name for a in paper.authors))
    for label, key in (
        ("Published", "published_at"),
        ("Daily Papers", "daily_date"),
        ("Organization", "organization"),
        ("Upvotes", "upvotes"),
        ("Comments", "num_comments"),
        ("Submitted by", "submitted_by"),
        ("GitHub", "github_repo"),
        ("Project page", "project_page"),
    ):
        if data[key] is not None:
            value = str(data[key])[:10] if key == "published_at" else data[key]
            lines.append(f"{label}: {value}")
    if extras is not None:
        lines += _repo_lines(paper, extras, web)
    if paper.ai_summary:
        lines += ["", f"AI summary: {paper.ai_summary}"]
    if paper.summary:
        lines += ["", paper.summary]
    lines += ["", f"{data['links']['hf']}", f"{data['links']['arxiv']}", f"{data['links']['pdf']}"]
    out.write("\n".join(lines) + "\n")


def _repo_lines(paper: Paper, extras: PaperExtras, web: str) -> list[str]:
    """One line per kind of linked repo: the count (what the hub counts and what it sent),
    the first names, and the hub's page of all of them when it sent only some."""
    from paperreader.domain.links import all_repos_page, repo_count

    lines = []
    for kind, repos, total in extras.by_kind():
        if not total:
            continue
        shown = repos[:SHOWN_REPOS]
        names = [r.id for r in shown]
        if len(repos) > len(shown):
            names.append(f"+{len(repos) - len(shown)} more")
        line = f"{repo_count(kind, len(repos), total)}: {', '.join(names)}".rstrip(": ")
        if total > len(repos):
            line += f"{';' if names else ':'} all: {all_repos_page(paper.id, kind, web)}"
        lines.append(line)
    return lines
