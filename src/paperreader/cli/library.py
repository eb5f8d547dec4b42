"""The library's commands: `sync`, `search-local` and `library info`.

    paperreader sync [--since YYYY-MM-DD] [--until YYYY-MM-DD]
    paperreader search-local QUERY... [--limit N] [--sort ORDER] [--submitter NAME]
                                      [-q | --format F | --json]
    paperreader library info [--json]

`sync` redraws one progress line in place when stderr is a terminal and prints one plain
line per day otherwise (cron, pipes); Ctrl-C stops it with every finished day kept.
`search-local` needs no network. Exit codes as everywhere: 0 ok, 1 runtime failure (a day
that could not be fetched, the library unusable), 2 usage (a bad date, since after until).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
from datetime import date
from typing import TYPE_CHECKING, TextIO

from paperreader.cli.options import add_command, add_list_options, add_source_options, chosen_papers
from paperreader.cli.output import paper_line, print_json, warn
from paperreader.cli.paper_output import print_papers
from paperreader.domain.errors import UsageError
from paperreader.domain.text import counted

if TYPE_CHECKING:
    from paperreader.service.session import Session
    from paperreader.service.sync import SyncProgress, SyncReport
    from paperreader.storage.library import SearchHit


SYNC_EXAMPLES = (
    "paperreader sync                          everything since 2023-05-04 (resumes)",
    "paperreader sync --since 2026-01-01       this year only",
    "paperreader sync --until 2024-12-31       up to the end of 2024",
)
SYNC_NOTES = """\
Requests go one at a time, 0.7 s apart or slower when Hugging Face asks, so a full sync
takes a while (about a request per day, more on busy days). Stop it any time with
Ctrl-C: finished days are kept and the next run skips them. The last 3 days are fetched
again on every run, since their papers and upvotes still change.
"""
SEARCH_EXAMPLES = (
    "paperreader search-local diffusion",
    """paperreader search-local '"mixture of experts" routing'""",
    "paperreader search-local 'author:hinton year:2024-2025'",
    "paperreader search-local 'agents org:google upvotes:>50 has:code' --json",
    "paperreader search-local diffusion --sort upvotes --limit 5 --format bibtex",
    "paperreader search-local 'year:2025' --submitter akhaliq -q",
)
SEARCH_NOTES = """\
Words must all match (the last one also as the start of a word); "quoted phrases" match
as written. Filters: author:NAME, org:NAME, year:2025 or year:2024-2025, upvotes:>N
(also >=, <, <=), comments:>N, has:code, has:project. Only filters: newest first.
A filter with a malformed value (year:abc) is an error that names it (exit 2).
--sort trending keeps the search's own order (relevance); another order, or --submitter,
picks from every match (up to the library's cap) before --limit. Formats as for `list`.
"""
INFO_EXAMPLES = ("paperreader library info", "paperreader library info --json")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add the library's subcommands to the main parser's subparsers."""
    sync = add_command(
        commands,
        "sync",
        description="Fetch every Daily Papers day in a range (all pages) into the local "
        "library, politely and resumably.",
        examples=SYNC_EXAMPLES,
        notes=SYNC_NOTES,
    )
    sync.add_argument(
        "--since", metavar="YYYY-MM-DD", help="first day (default: 2023-05-04, the first)"
    )
    sync.add_argument("--until", metavar="YYYY-MM-DD", help="last day (default: today)")
    add_source_options(sync, sub=True)

    search = add_command(
        commands,
        "search-local",
        description="Full-text search over titles, abstracts, authors, organisations and "
        "AI keywords of every paper in the local library.",
        examples=SEARCH_EXAMPLES,
        notes=SEARCH_NOTES,
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="words, phrases, filters")
    add_list_options(search, limit=20)
    add_source_options(search, sub=True)

    library = add_command(
        commands,
        "library",
        description="The local paper library: what it holds and its size on disk.",
        examples=INFO_EXAMPLES,
    )
    actions = library.add_subparsers(dest="library_action", metavar="ACTION", required=True)
    info = add_command(
        actions,
        "info",
        help="papers, days, date range and size on disk",
        description="What the local library holds: papers, days fetched whole, the date "
        "range, the size on disk, and whether full-text search is available.",
        examples=INFO_EXAMPLES,
    )
    info.add_argument("--json", action="store_true", help="print JSON")
    add_source_options(info, sub=True)


async def run(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    """Run one of the commands `add_commands` adds; returns the exit code."""
    if args.command == "sync":
        return await _sync(session, args, out)
    if args.command == "search-local":
        return await _search(session, args, out)
    return await _info(session, args, out)


# --------------------------------------------------------------------------------------------
# sync
# --------------------------------------------------------------------------------------------


def _day(text: str | None, flag: str) -> date | None:
    from paperreader.domain import periods
    from paperreader.domain.models import ListingKind

    if text is None:
        return None
    try:
        return date.fromisoformat(periods.parse_period(ListingKind.DAILY, text))
    except UsageError as error:
        raise UsageError(f"{flag}: {error.message}") from None


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "--"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class SyncPrinter:
    """Shows a sync's progress: one line redrawn in place on a terminal, plain lines if not."""

    def __init__(self, stream: TextIO, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.stored = 0
        """Days stored so far in this run."""
        self._width = 0

    def __call__(self, progress: SyncProgress) -> None:
        if progress.event == "day":
            self.stored += 1
        if self.tty:
            self._redraw(progress)
        else:
            self._plain(progress)

    def _plain(self, p: SyncProgress) -> None:
        if p.event == "start":
            self._line(f"Syncing {counted(p.days_total, 'day')}.")
        elif p.event == "day":
            self._line(
                f"{p.current_day}  {p.day_papers:>4} "
                f"{counted(p.day_papers, 'paper', number=False)}  "
                f"({p.days_done}/{counted(p.days_total, 'day')}, {counted(p.papers, 'paper')}, "
                f"{p.rate_per_min:.0f} req/min, ETA {_duration(p.eta_seconds)})"
            )
        elif p.event == "failed":
            self._line(f"{p.current_day}  failed: {p.message}")
        elif p.event == "wait" and p.message:
            self._line(f"{p.current_day or ''}  {p.message}".strip())

    def _redraw(self, p: SyncProgress) -> None:
        if p.event in ("failed", "wait") and p.message:
            self._clear()
            label = "failed" if p.event == "failed" else "waiting"
            self.stream.write(f"{p.current_day or ''}  {label}: {p.message}\n")
        if p.event == "done":
            self._clear()
            self.stream.flush()
            return
        share = p.days_done / p.days_total if p.days_total else 1.0
        bar = "#" * int(share * 20)
        text = (
            f"[{bar:<20}] {p.days_done}/{counted(p.days_total, 'day')}  "
            f"{counted(p.papers, 'paper')}  "
            f"{p.rate_per_min:.0f} req/min  ETA {_duration(p.eta_seconds)}"
        )
        if p.current_day:
            text += f"  {p.current_day}"
        columns = shutil.get_terminal_size((100, 24)).columns
        text = text[: max(10, columns - 1)]
        self.stream.write("\r" + text.ljust(self._width))
        self._width = len(text)
        self.stream.flush()

    def _clear(self) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


async def _sync(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    since = _day(args.since, "--since")
    until = _day(args.until, "--until")
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}.")
    printer = SyncPrinter(sys.stderr)
    try:
        report = await session.sync.run(since, until, printer)
    except (asyncio.CancelledError, KeyboardInterrupt):
        printer._clear()
        days = "day" if printer.stored == 1 else "days"
        print(
            f"Interrupted: {printer.stored} {days} stored; run sync again to resume.",
            file=sys.stderr,
            flush=True,
        )
        raise
    _print_report(report, out)
    problem = session.library.problem()
    if problem:
        warn(problem)
    for line in report.problems:
        warn(line)
    if report.stopped:
        warn(f"stopped: {report.stopped}")
        return 1
    if report.failed_days:
        failed = counted(len(report.failed_days), "day")
        warn(f"{failed} could not be fetched; run sync again to retry them.")
        return 1
    return 0


def _print_report(report: SyncReport, out: TextIO) -> None:
    text = (
        f"Synced {counted(report.days_fetched, 'day')}: {counted(report.papers, 'paper')} in "
        f"{counted(report.requests, 'request')}, {_duration(report.elapsed)}"
    )
    if report.days_skipped:
        stored = counted(report.days_skipped, "day")
        text += f"; {stored} {'was' if report.days_skipped == 1 else 'were'} already stored"
    if report.skipped_items:
        text += f"; {counted(report.skipped_items, 'unreadable item')} left out"
    out.write(text + ".\n")


# --------------------------------------------------------------------------------------------
# search-local and library info
# --------------------------------------------------------------------------------------------


def _colour(out: TextIO) -> bool:
    """Bold highlights only on a terminal, and never with NO_COLOR set."""
    try:
        tty = out.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not os.environ.get("NO_COLOR")


def _title(hit: SearchHit, bold: bool) -> str:
    if not bold:
        return hit.paper.title
    return (
        "".join(
            f"\x1b[1m{span.text}\x1b[22m" if span.highlight else span.text
            for span in hit.title_spans or ()
        )
        or hit.paper.title
    )


async def _search(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    from paperreader.formats.export.paper_json import paper_to_dict
    from paperreader.storage.library.store import MAX_LIMIT

    query = " ".join(args.query).strip()
    chosen_papers((), args)  # the flags checked before the library is read
    picked = args.sort != "trending" or args.submitter
    result = await session.library.search(query, limit=MAX_LIMIT if picked else args.limit)
    problem = session.library.problem()
    if problem:
        warn(problem)
    if result.note:
        warn(result.note)
    by_id = {hit.paper.id: hit for hit in result.hits}
    hits = [by_id[paper.id] for paper in chosen_papers((h.paper for h in result.hits), args)]

    def record(hit: SearchHit) -> dict[str, object]:
        return {
            **paper_to_dict(hit.paper, session.web_url),
            "score": round(hit.score, 4),
            "title_spans": [{"text": s.text, "highlight": s.highlight} for s in hit.title_spans],
        }

    def text() -> None:
        header = f'Library search "{query}": {counted(result.total, "paper")}'
        if result.total > len(hits):
            header += f" (showing {len(hits)})"
        out.write(header + "\n")
        bold = _colour(out)
        for hit in hits:
            daily_date = hit.paper.daily_date
            day = daily_date.isoformat() if daily_date else " " * 10
            out.write(paper_line(hit.paper, _title(hit, bold), day) + "\n")

    print_papers(
        [hit.paper for hit in hits],
        args,
        session.web_url,
        out,
        text=text,
        json_data=lambda: {
            "query": query,
            "total": result.total,
            "terms": list(result.terms),
            "papers": [record(hit) for hit in hits],
        },
        record=lambda paper: record(by_id[paper.id]),
    )
    if not result.total:
        info = await session.library.info()
        if not info.papers:
            print(
                "The library is empty: run `paperreader sync`, or browse a few days first.",
                file=sys.stderr,
            )
    return 0


async def _info(session: Session, args: argparse.Namespace, out: TextIO) -> int:
    info = await session.library.info()
    if info.problem:
        warn(info.problem)
    if args.json:
        data = {
            "path": str(info.path),
            "papers": info.papers,
            "days": info.days,
            "first_day": info.first_day,
            "last_day": info.last_day,
            "bytes": info.bytes,
            "full_text_search": info.full_text,
        }
        print_json(data, out)
        return 0
    span = f"{info.first_day} to {info.last_day}" if info.first_day else "none yet"
    search = "full text (FTS5)" if info.full_text else "substring matching (no FTS5 here)"
    out.write(
        f"Library: {info.path}\n"
        f"Papers:  {info.papers:,}\n"
        f"Days:    {info.days:,} fetched whole\n"
        f"Range:   {span}\n"
        f"Size:    {info.bytes / 1e6:.1f} MB\n"
        f"Search:  {search}\n"
    )
    return 0
