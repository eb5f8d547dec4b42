"""Reliability, data: arbitrary JSON at every reader, nasty text at every renderer.

Two halves. The readers (formats/hub_*.py for listings, details, extras, comments and full texts;
the bookmark records and export import; the cache and library decode paths) get arbitrary JSON
and mutations of a real fake-hub item: each returns a value or raises only its documented
error, and every string in what it returns is free of escape sequences and control
characters. The renderers (list rows, detail pane, status line, discussion, exports, the
CLI's text) get papers carrying nasty text (markup, escapes, controls, bidi overrides,
combining marks, wide characters): nothing is interpreted, nothing crashes, the layout holds.
Pilot tests then serve the extreme fixtures (a 100 KB abstract, 1,000 authors, markup and
escapes everywhere) from a fake hub to the real screens.
"""

from __future__ import annotations

import asyncio
import copy
import csv
import io
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.segment import Segment
from support import fakehub
from support.apps import demo_app
from support.cli import run
from support.pilot import (
    SIZE,
    open_modal,
    press,
    resize,
    screen_text,
    select,
    settle,
    wait_until,
)

from paperreader.cli.papers import print_listing, print_paper
from paperreader.domain.details import Comment, Discussion, PaperExtras
from paperreader.domain.errors import PaperReaderError, UsageError
from paperreader.domain.ids import PAPER_ID
from paperreader.domain.links import is_web_url
from paperreader.domain.models import Bookmark, Listing, ListingKind, ListingQuery, Origin, Paper
from paperreader.domain.text import one_line
from paperreader.formats.export.bookmark_json import parse_bookmarks_json
from paperreader.formats.export.bookmarks import EXPORT_FORMATS, export_bookmarks
from paperreader.formats.export.csv_table import BOOKMARK_COLUMNS
from paperreader.formats.hub_discussion import comment_text, parse_discussion
from paperreader.formats.hub_extras import REPO_ID, parse_extras
from paperreader.formats.hub_full_text import parse_full_text
from paperreader.formats.hub_json import parse_items, parse_paper
from paperreader.formats.hub_values import parse_datetime
from paperreader.formats.records import (
    bookmark_from_record,
    bookmark_to_record,
    paper_from_record,
    paper_to_record,
)
from paperreader.service.session import Session
from paperreader.storage.cache import ListingCache
from paperreader.storage.library.rows import decode as _decode
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.bindings import keys_in_force
from paperreader.ui.screens.discussion import DiscussionScreen, render_discussion
from paperreader.ui.screens.help import HelpScreen
from paperreader.ui.screens.menu import MenuScreen
from paperreader.ui.screens.note import NoteScreen
from paperreader.ui.screens.reader import ReaderScreen
from paperreader.ui.widgets.comment_markdown import rendered_comment
from paperreader.ui.widgets.paper_detail import describe
from paperreader.ui.widgets.paper_rows import meta_line

pytestmark = pytest.mark.reliability("data")

SCALE = max(1, int(os.environ.get("PAPERREADER_FUZZ_SCALE", "1")))
"""Multiplies every property test's example count (the full campaign sets it higher)."""


def examples(n: int) -> int:
    return n * SCALE


# ------------------------------------------------------------------------------------------
# What must never reach the screen, and the walk over a model's strings
# ------------------------------------------------------------------------------------------

FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""ESC and every other C0/C1 control but newline and tab, DEL, bidi overrides and
isolates, lone surrogates."""
ONE_LINE = re.compile(r"[\n\t]")


def assert_clean(text: str, where: str, *, multiline: bool = True) -> None:
    found = FORBIDDEN.search(text)
    assert found is None, f"{where}: {found.group()!r} in {text[:120]!r}"
    if not multiline:
        assert ONE_LINE.search(text) is None, f"{where}: a line break in {text[:120]!r}"


MULTILINE_FIELDS = {"summary", "text", "markdown", "note"}


def strings(value: object) -> Iterator[tuple[str, str]]:
    """(field path, text) for every string inside a model (iterative: threads can be deep)."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            yield path, item
        elif is_dataclass(item) and not isinstance(item, type):
            stack.extend((f"{path}.{f.name}", getattr(item, f.name)) for f in fields(item))
        elif isinstance(item, tuple) and hasattr(item, "_fields"):  # a named tuple
            stack.extend((f"{path}.{name}", getattr(item, name)) for name in item._fields)
        elif isinstance(item, tuple | list):
            stack.extend((f"{path}[{n}]", v) for n, v in enumerate(item))


def assert_model_clean(value: object) -> None:
    for path, text in strings(value):
        name = path.rsplit(".", 1)[-1].split("[", 1)[0]
        assert_clean(text, path, multiline=name in MULTILINE_FIELDS)


def assert_paper_sound(paper: Paper) -> None:
    assert PAPER_ID.match(paper.id)
    assert paper.title and paper.title == one_line(paper.title)
    for link in (paper.github_repo, paper.project_page):
        assert link is None or is_web_url(link), link
    assert_model_clean(paper)


def assert_segments_inert(segments: Any, where: str) -> None:
    """No segment carries a control character, a hyperlink or a click action."""
    for segment in segments:
        assert_clean(segment.text, where)
        style = segment.style
        if style is not None:
            assert style.link is None, f"{where}: link {style.link!r} on {segment.text!r}"
            meta = style.meta or {}
            assert "@click" not in meta, f"{where}: {meta['@click']!r} on {segment.text!r}"


def squash(text: str) -> str:
    """Without whitespace: wrapping may break lines anywhere there is a space."""
    return "".join(text.split())


# ------------------------------------------------------------------------------------------
# Strategies: JSON of any shape, nasty text, mutations of real fake-hub payloads
# ------------------------------------------------------------------------------------------

FRAGMENTS = (
    "[",
    "]",
    "[bold]",
    "[/bold]",
    "[/]",
    "[@click=app.quit]",
    "[@click=app.bell]x[/]",
    "[link=https://evil.example]x[/link]",
    "[red on blue]",
    "\\[",
    "\\",
    "\x1b[31m",
    "\x1b[0m",
    "\x1b[2J",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x1b]0;pwned\x07",
    "\x1bP1$qm\x1b\\",
    "\x1b",
    "\x9b31m",
    "\x9d8;;x\x9c",
    "\x07",
    "\x00",
    "\x08",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\x7f",
    "\x85",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u200f",
    "\u0301",
    "\u200d",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\udfff",
    "中文",
    "한국어",
    "👩\u200d💻",
    "🏳️\u200d🌈",
    "😀",
    "\uff57\uff49\uff44\uff45",
    "עברית",
    "$(touch /tmp/x)",
    "`id`",
    "'; DROP",
    "&amp;",
    "&#x41;",
    "<script>",
    "%s",
    "{",
    "}",
    "*_~",
    "=1+1",
    "@SUM(A1)",
    " ",
)
nasty_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=12).map(
    "".join
)
storable_text = nasty_text.map(lambda text: text.encode("utf-8", "replace").decode())
"""Nasty text SQLite can store as TEXT (no lone surrogates; the cache writes JSON, all ASCII)."""
readable_nasty = nasty_text.filter(lambda text: bool(one_line(text)))
"""Nasty text that still has something printable once cleaned (a usable title)."""

KEYS = [
    "id",
    "paper",
    "title",
    "summary",
    "authors",
    "name",
    "user",
    "hidden",
    "publishedAt",
    "submittedOnDailyAt",
    "upvotes",
    "numComments",
    "organization",
    "fullname",
    "submittedBy",
    "submittedOnDailyBy",
    "githubRepo",
    "githubStars",
    "projectPage",
    "ai_summary",
    "ai_keywords",
    "withdrawnAt",
    "highlightedTitle",
    "text",
    "type",
    "linkedModels",
    "linkedDatasets",
    "linkedSpaces",
    "numTotalModels",
    "numTotalDatasets",
    "numTotalSpaces",
    "likes",
    "downloads",
    "emoji",
    "shortDescription",
    "comments",
    "data",
    "latest",
    "raw",
    "author",
    "createdAt",
    "parentCommentId",
    "hiddenReason",
    "reactions",
    "reaction",
    "count",
    "users",
    "edited",
    "numEdits",
    "published_at",
    "submitted_on_daily_at",
    "num_comments",
    "submitted_by",
    "github_repo",
    "github_stars",
    "project_page",
    "username",
    "added_at",
    "tags",
    "note",
    "format",
    "version",
    "bookmarks",
]
json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    nasty_text,
    st.sampled_from(["2610.02001", "2026-10-02T10:00:00.000Z", "0001-01-01T00:00:00-05:00"]),
)
json_values = st.recursive(
    json_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), children, max_size=6
        ),
    ),
    max_leaves=24,
)

DATA = fakehub.build_data()
DAILY_ITEM = next(
    item
    for item in DATA.days[fakehub.LATEST_DAY]
    if item["paper"].get("id") == fakehub.RICH_PAPER_ID
)
SEARCH_ITEM = {
    **next(i for i in DATA.search_pool if i["paper"]["id"] == fakehub.RICH_PAPER_ID),
    "highlightedTitle": fakehub.highlight(DAILY_ITEM["title"], ["tiny"]),
}
DETAIL = {**DATA.details[fakehub.RICH_PAPER_ID], "comments": DATA.comments[fakehub.RICH_PAPER_ID]}
PAPER_RECORD = paper_to_record(parse_paper(DAILY_ITEM))
BOOKMARK_RECORD = {
    "added_at": "2026-10-02T10:00:00+00:00",
    "tags": ["reading-group", "later"],
    "note": "Read section 2.\nThen the appendix.",
    "paper": PAPER_RECORD,
}
EXPORT_DOCUMENT = {"format": "paperreader-bookmarks", "version": 1, "bookmarks": [BOOKMARK_RECORD]}


def _slots(value: Any) -> list[tuple[Any, Any]]:
    """(container, key) for every value nested in `value`."""
    found: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        keys = list(item) if isinstance(item, dict) else range(len(item))
        for key in keys:
            found.append((item, key))
            if isinstance(item[key], dict | list):
                stack.append(item[key])
    return found


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """`base` with one to six of its values replaced by any JSON or nasty text, or dropped."""
    value = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 6))):
        slots = _slots(value) if isinstance(value, dict | list) else []
        if not slots:
            break
        parent, key = draw(st.sampled_from(slots))
        how = draw(st.sampled_from(("json", "nasty", "drop")))
        if how == "drop":
            del parent[key]
        else:
            parent[key] = draw(nasty_text if how == "nasty" else json_values)
    return value


def any_json_or(*bases: Any) -> st.SearchStrategy[Any]:
    return st.one_of(json_values, *(mutated(base) for base in bases))


# ------------------------------------------------------------------------------------------
# Readers: a value or the documented error, and clean strings
# ------------------------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class Counter:
    """Counts property examples for the report (`record_property("iterations", n)`)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> None:
        self.n += 1


def test_any_json_as_a_listing_search_or_detail_item_gives_a_clean_paper_or_value_error(
    record_property,
):
    count = Counter()

    @PROPERTY
    @given(any_json_or(DAILY_ITEM, SEARCH_ITEM, DETAIL))
    @example({"id": "2610.02001", "title": "A\ud800B\x1b[31m\u202e"})
    @example({"id": "2610.02001", "title": "T", "publishedAt": "0001-01-01T00:00:00-05:00"})
    def check(item: Any) -> None:
        count()
        try:
            paper = parse_paper(item)
        except ValueError:
            return
        assert_paper_sound(paper)
        if paper.highlighted_title:
            assert "".join(span.text for span in paper.highlighted_title) == paper.title

    check()
    record_property("iterations", count.n)


def test_any_json_as_a_listing_response_gives_readable_papers_and_a_skip_count(record_property):
    count = Counter()

    @settings(PROPERTY, max_examples=examples(60))
    @given(st.one_of(json_values, st.lists(any_json_or(DAILY_ITEM, SEARCH_ITEM), max_size=5)))
    def check(response: Any) -> None:
        count()
        try:
            parsed = parse_items(response)
        except ValueError:
            assert not isinstance(response, list)
            return
        assert len(parsed.papers) + parsed.skipped <= len(response)
        assert len({p.id for p in parsed.papers}) == len(parsed.papers)
        for paper in parsed.papers:
            assert_paper_sound(paper)

    check()
    record_property("iterations", count.n)


def test_any_json_as_a_paper_detail_gives_clean_extras_and_a_sound_comment_tree(
    record_property,
):
    count = Counter()

    @PROPERTY
    @given(any_json_or(DETAIL, DETAIL["comments"]))
    def check(data: Any) -> None:
        count()
        try:
            extras = parse_extras(data, fakehub.RICH_PAPER_ID)
        except ValueError:
            assert not isinstance(data, dict)
        else:
            assert_model_clean(extras)
            for repo in extras.repos:
                assert REPO_ID.match(repo.id) and ".." not in repo.id
            assert extras.total_models >= len(extras.models)
        try:
            discussion = parse_discussion(fakehub.RICH_PAPER_ID, data)
        except ValueError:
            assert not isinstance(data, dict | list)
            return
        assert_model_clean(discussion)
        walked = discussion.walk()
        assert len(walked) == discussion.total
        assert len({comment.id for _, comment in walked}) == discussion.total

    check()
    record_property("iterations", count.n)


def test_any_value_as_a_full_text_or_comment_or_date_never_raises(record_property):
    count = Counter()

    @PROPERTY
    @given(st.one_of(json_values, nasty_text))
    def check(value: Any) -> None:
        count()
        full = parse_full_text(fakehub.RICH_PAPER_ID, value)
        assert full.markdown is None or full.markdown.strip()
        assert_model_clean(full)
        assert_clean(comment_text(value), "comment text")
        moment = parse_datetime(value)
        assert moment is None or moment.tzinfo is not None

    check()
    record_property("iterations", count.n)


def test_a_hand_edited_bookmark_record_or_export_gives_clean_bookmarks_or_the_one_error(
    record_property,
):
    count = Counter()

    @PROPERTY
    @given(any_json_or(PAPER_RECORD, BOOKMARK_RECORD, EXPORT_DOCUMENT))
    def check(data: Any) -> None:
        count()
        try:
            paper = paper_from_record(data)
        except ValueError:
            pass
        else:
            assert_paper_sound(paper)
        try:
            bookmark = bookmark_from_record(data)
        except ValueError:
            pass
        else:
            assert_paper_sound(bookmark.paper)
            assert_model_clean(bookmark)
        try:
            text = json.dumps(data)
        except ValueError:  # a lone surrogate in a key, say
            return
        try:
            imported = parse_bookmarks_json(text)
        except UsageError as error:
            assert_clean(error.message, "import error", multiline=False)
            return
        for bookmark in imported.bookmarks:
            assert_paper_sound(bookmark.paper)
            assert_model_clean(bookmark)

    check()
    record_property("iterations", count.n)


def test_a_tampered_library_record_decodes_to_a_clean_paper_or_none(record_property):
    count = Counter()
    deep = "[" * 100_000 + "]" * 100_000

    @PROPERTY
    @given(st.one_of(any_json_or(PAPER_RECORD).map(json.dumps), nasty_text))
    @example(json.dumps({**PAPER_RECORD, "published_at": "0001-01-01T00:00:00-05:00"}))
    @example(json.dumps({**PAPER_RECORD, "github_repo": "https://"}))
    @example(json.dumps({**PAPER_RECORD, "title": "\x1b[31mred"}))
    @example(deep)
    def check(record: str) -> None:
        count()
        paper = _decode(record)
        if paper is not None:
            assert_paper_sound(paper)

    check()
    record_property("iterations", count.n)


def test_whatever_the_cache_holds_the_offline_service_answers_or_says_why(
    tmp_path, record_property
):
    """Cached entries are raw hub JSON: an entry no reader accepts is a miss or one sentence."""
    cache = ListingCache(tmp_path / "fuzz-cache", "http://hub.invalid")
    service = Session(source_factory=None, cache=cache, offline=True)
    query = ListingQuery(ListingKind.DAILY, "2026-10-02")
    pid = fakehub.RICH_PAPER_ID
    names = (f"listing:{query.key}", f"paper:{pid}", f"discussion:{pid}", f"fulltext:{pid}")
    store = cache._open()
    count = Counter()

    async def read_all() -> list[Any]:
        results: list[Any] = []
        for call in (
            lambda: service.papers.get_listing(query),
            lambda: service.papers.get_paper(pid),
            lambda: service.details.get_extras(pid),
            lambda: service.details.get_discussion(pid),
            lambda: service.details.get_full_text(pid),
        ):
            try:
                results.append(await call())
            except PaperReaderError as error:
                assert_clean(error.message, "error", multiline=False)
        return results

    stored_values = st.one_of(
        st.fixed_dictionaries(
            {
                "data": any_json_or([DAILY_ITEM], DAILY_ITEM, DETAIL, {"markdown": "# T"}),
                "fetched_at": st.one_of(st.floats(), st.integers(), storable_text, st.none()),
            }
        ).map(lambda record: json.dumps(record).encode()),
        json_values.map(lambda value: json.dumps(value).encode()),
        st.binary(max_size=64),
    )
    deep = b'{"fetched_at": 0, "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    @settings(PROPERTY, max_examples=examples(40))
    @given(st.lists(stored_values, min_size=4, max_size=4))
    @example([deep] * 4)
    def check(values: list[bytes]) -> None:
        count()
        for name, value in zip(names, values, strict=True):
            store.set(cache._key(name), value)
        for result in asyncio.run(read_all()):
            assert_model_clean(result)

    try:
        check()
    finally:
        cache.close()
    record_property("iterations", count.n)


@pytest.mark.slow
def test_every_reader_survives_a_long_fuzz(record_property):
    """The campaign's long run: every reader on thousands of payloads (a few hundred in CI)."""
    count = Counter()
    bases = (DAILY_ITEM, SEARCH_ITEM, DETAIL, DETAIL["comments"], PAPER_RECORD, BOOKMARK_RECORD)

    @settings(PROPERTY, max_examples=int(os.environ.get("PAPERREADER_FUZZ_EXAMPLES", "300")))
    @given(any_json_or(*bases))
    def check(data: Any) -> None:
        count()
        for read, errors in (
            (parse_paper, ValueError),
            (parse_items, ValueError),
            (lambda d: parse_extras(d, fakehub.RICH_PAPER_ID), ValueError),
            (lambda d: parse_discussion(fakehub.RICH_PAPER_ID, d), ValueError),
            (lambda d: parse_full_text(fakehub.RICH_PAPER_ID, d), ()),
            (paper_from_record, ValueError),
            (bookmark_from_record, ValueError),
        ):
            try:
                result = read(data)
            except errors:
                continue
            assert_model_clean(result)
        try:
            record = json.dumps(data)
        except ValueError:
            return
        paper = _decode(record)
        if paper is not None:
            assert_paper_sound(paper)

    check()
    record_property("iterations", count.n)


def test_a_reply_chain_thousands_deep_parses_and_renders():
    chain = [
        {
            "id": f"c{n}",
            "type": "comment",
            "author": {"name": f"user{n}"},
            "data": {"latest": {"raw": f"reply {n} [b]x[/b]"}, "parentCommentId": f"c{n - 1}"},
        }
        for n in range(5000)
    ]
    discussion = parse_discussion(fakehub.RICH_PAPER_ID, {"comments": chain})
    assert discussion.total == 5000
    walked = discussion.walk()
    assert [depth for depth, _ in walked[:3]] == [0, 1, 2]
    text = render_discussion(discussion).plain
    assert "reply 4999 [b]x[/b]" in text
    assert max(len(line) - len(line.lstrip()) for line in text.splitlines()) <= 4 * 6 + 4


# ------------------------------------------------------------------------------------------
# Renderers: papers built from nasty hub items, drawn by the real widgets' code
# ------------------------------------------------------------------------------------------

NASTY_URLS = (
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://example.org/ok",
    "https://x/$(touch${IFS}pwned)",
    "\nhttps://example.org/\x1b[31m",
)


@st.composite
def nasty_items(draw: st.DrawFn, paper_id: str = fakehub.RICH_PAPER_ID) -> dict[str, Any]:
    """A real daily item whose every text field is nasty (the title stays readable)."""
    item = copy.deepcopy(DAILY_ITEM)
    paper = item["paper"]
    title = draw(readable_nasty)
    summary = draw(st.lists(nasty_text, max_size=4).map("\n\n".join))
    paper.update(
        id=paper_id,
        title=title,
        summary=summary,
        authors=[
            {"name": name, "hidden": False}
            for name in draw(st.lists(nasty_text, max_size=draw(st.sampled_from((3, 20)))))
        ],
        organization={"name": draw(nasty_text), "fullname": draw(nasty_text)},
        ai_keywords=draw(st.lists(nasty_text, max_size=4)),
        ai_summary=draw(nasty_text),
        githubRepo=draw(st.one_of(st.sampled_from(NASTY_URLS), nasty_text)),
        projectPage=draw(st.one_of(st.sampled_from(NASTY_URLS), nasty_text)),
        upvotes=draw(st.integers(-(10**7), 10**9)),
    )
    item.update(title=title, summary=summary, submittedBy={"name": draw(nasty_text)})
    item["numComments"] = draw(st.one_of(st.none(), st.integers(-5, 10**6)))
    if draw(st.booleans()):
        words = one_line(title).split()[:2]
        item["highlightedTitle"] = fakehub.highlight(title, words)
    return item


@st.composite
def nasty_extras(draw: st.DrawFn, paper_id: str = fakehub.RICH_PAPER_ID) -> PaperExtras:
    detail = copy.deepcopy(DETAIL)
    for space in detail["linkedSpaces"]:
        space.update(emoji=draw(nasty_text), shortDescription=draw(nasty_text))
    detail["linkedModels"].append({"id": draw(nasty_text), "likes": 3})
    detail["comments"] = []
    return parse_extras(detail, paper_id)


@st.composite
def nasty_bookmarks(draw: st.DrawFn, paper: Paper) -> Bookmark:
    record = {
        "added_at": "2026-10-02T10:00:00+00:00",
        "tags": draw(st.lists(nasty_text, max_size=4)),
        "note": draw(nasty_text),
        "paper": paper_to_record(paper),
    }
    return bookmark_from_record(record)


def nasty_comments() -> st.SearchStrategy[list[dict[str, Any]]]:
    def one(n: int, draw: st.DrawFn) -> dict[str, Any]:
        data: dict[str, Any] = {
            "latest": {"raw": draw(nasty_text)},
            "hidden": draw(st.booleans()),
            "hiddenReason": draw(nasty_text),
            "reactions": [{"reaction": draw(nasty_text), "count": 2}],
        }
        if n and draw(st.booleans()):
            data["parentCommentId"] = f"c{draw(st.integers(0, n - 1))}"
        return {
            "id": f"c{n}",
            "type": "comment",
            "createdAt": "2026-10-02T10:00:00.000Z",
            "author": {"name": draw(nasty_text)},
            "data": data,
        }

    @st.composite
    def build(draw: st.DrawFn) -> list[dict[str, Any]]:
        return [one(n, draw) for n in range(draw(st.integers(0, 6)))]

    return build()


def rendered_lines(app: PaperReaderApp, renderable: Any, width: int) -> list[list[Segment]]:
    """The lines a RichPane draws for `renderable` at `width`, before padding or cropping."""
    options = app.console.options.update(width=width, no_wrap=False, overflow="fold")
    return app.console.render_lines(renderable, options, pad=False)


def assert_shown_prefix(shown: str, full: str, where: str) -> None:
    """`shown` is `full`, or its start cut with an ellipsis: nothing added or reordered."""
    visible = shown.rstrip(" ")
    if visible.endswith("…") and not full.rstrip(" ").endswith(visible):
        visible = visible[:-1].rstrip(" ")
    assert full.startswith(visible), f"{where}: {shown!r} is not the start of {full!r}"


async def test_nasty_papers_render_literally_in_list_rows_detail_and_status(record_property):
    app = demo_app()
    count = Counter()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        plist, status = app.main_screen.paper_list, app.main_screen.status

        @settings(PROPERTY, max_examples=examples(60))
        @given(
            nasty_items(),
            st.data(),
            st.integers(1, 160),
            st.integers(20, 160),
            st.booleans(),
            st.integers(0, 7),
        )
        def check(
            item: dict[str, Any],
            data: st.DataObject,
            row_width: int,
            pane_width: int,
            selected: bool,
            marks: int,
        ) -> None:
            count()
            paper = parse_paper(item)
            assert_paper_sound(paper)
            assert paper.title == one_line(item["title"])  # brackets and all, only cleaned

            # A list row: two lines, each exactly the widget's width, drawn as the title says.
            first = plist._painter.draw_row_line(paper, 0, row_width, selected, marks)
            second = plist._painter.draw_row_line(paper, 1, row_width, selected, marks)
            for n, strip in enumerate((first, second)):
                assert strip.cell_length == row_width, (n, row_width, strip.text)
                assert_segments_inert(strip, f"row line {n}")
            marker = "▌" if selected else " "
            star = "★" if marks & 1 else " "
            assert_shown_prefix(
                first.text, f"{marker}{star}▲{paper.upvotes:>5}  {paper.title}", "row"
            )
            new = "new " if marks & 4 else ""
            assert_shown_prefix(second.text, f"{marker}{' ' * 10}{new}{meta_line(paper)}", "meta")

            # The detail pane: wrapped within its width, every fact there as written.
            extras = data.draw(st.one_of(st.none(), nasty_extras()))
            bookmark = data.draw(st.one_of(st.none(), nasty_bookmarks(paper)))
            links = app.session.papers.links(paper)
            group = describe(paper, links, bookmark, extras, key_map=keys_in_force(app))
            lines = rendered_lines(app, group, pane_width)
            shown = ""
            for line in lines:
                assert Segment.get_line_length(line) <= pane_width
                assert_segments_inert(line, "detail")
                shown += "".join(segment.text for segment in line)
            shown = squash(shown)
            expected = [paper.title, *(a.name for a in paper.authors[:12]), *paper.ai_keywords]
            expected += [paper.summary, paper.ai_summary or ""]
            if paper.organization:
                expected.append(paper.organization.label)
            if bookmark is not None:
                expected += [bookmark.note, *bookmark.tags]
            for piece in expected:
                assert squash(piece) in shown, piece

            # The status line: one line, cut to width, the search and filter as typed.
            search = one_line(data.draw(readable_nasty))
            typed = one_line(data.draw(nasty_text))
            error = data.draw(st.one_of(st.none(), readable_nasty.map(one_line)))
            listing = Listing(
                query=ListingQuery(ListingKind.SEARCH, text=search),
                papers=(paper,),
                origin=Origin.CACHE,
                fetched_at=datetime.now(UTC),
                stale=True,
                error=error,
                skipped=3,
            )
            status.show_listing(
                listing, shown=1, sort="upvotes", filter_text=typed, offline=True, busy="x"
            )
            assert search in status.text and typed in status.text
            drawn = list(status.status_strip(row_width))
            assert Segment.get_line_length(drawn) == row_width
            assert_segments_inert(drawn, "status")

        check()
        assert app.is_running
    record_property("iterations", count.n)


async def test_nasty_comments_render_literally_in_the_discussion(record_property):
    app = demo_app()
    count = Counter()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)

        @settings(PROPERTY, max_examples=examples(50))
        @given(nasty_comments(), st.integers(20, 160))
        def check(comments: list[dict[str, Any]], width: int) -> None:
            count()
            discussion = parse_discussion(fakehub.RICH_PAPER_ID, {"comments": comments})
            assert_model_clean(discussion)
            text = render_discussion(discussion)
            shown = ""
            for line in rendered_lines(app, text, width):
                assert Segment.get_line_length(line) <= width
                assert_segments_inert(line, "discussion")
                shown += "".join(segment.text for segment in line)
            for _, comment in discussion.walk():
                assert squash(comment.author or "unknown") in squash(shown)
                assert squash(rendered_comment(comment.text).plain) in squash(shown)  # as drawn
                if comment.hidden_reason:
                    assert squash(comment.hidden_reason) in squash(shown)

        check()
    record_property("iterations", count.n)


# ------------------------------------------------------------------------------------------
# Exports and the CLI's text: nasty papers and bookmarks, every format still well formed
# ------------------------------------------------------------------------------------------


def _bibtex_entries(text: str) -> list[str]:
    """The entries of a BibTeX file, each from `@misc{` to its balancing `}`."""
    entries = []
    position = 0
    while (start := text.find("@misc{", position)) != -1:
        depth = 0
        for end in range(start + 5, len(text)):
            if text[end] == "{":
                depth += 1
            elif text[end] == "}":
                depth -= 1
                if depth == 0:
                    break
        assert depth == 0, f"unbalanced entry: {text[start : start + 200]!r}"
        entries.append(text[start : end + 1])
        position = end + 1
    assert text[position:].strip() == ""
    return entries


def _markdown_items(text: str) -> list[str]:
    """The link text of each top-level bullet of a Markdown list."""
    tokens = MarkdownIt("commonmark").parse(text)
    titles: list[str] = []
    depth = 0
    for n, token in enumerate(tokens):
        if token.type == "list_item_open":
            depth += 1
            if depth == 1:
                inline = next(t for t in tokens[n:] if t.type == "inline")
                children = inline.children or []
                start = next(k for k, c in enumerate(children) if c.type == "link_open")
                end = next(k for k, c in enumerate(children) if c.type == "link_close")
                titles.append("".join(c.content for c in children[start + 1 : end]))
        elif token.type == "list_item_close":
            depth -= 1
    return titles


@st.composite
def nasty_bookmark_lists(draw: st.DrawFn) -> list[Bookmark]:
    count = draw(st.integers(1, 4))
    papers = [parse_paper(draw(nasty_items(f"2610.{9000 + n:05d}"))) for n in range(count)]
    return [draw(nasty_bookmarks(paper)) for paper in papers]


def test_nasty_bookmarks_export_to_well_formed_bibtex_markdown_csv_and_json(record_property):
    count = Counter()
    lost = 0

    @settings(PROPERTY, max_examples=examples(40))
    @given(nasty_bookmark_lists())
    def check(bookmarks: list[Bookmark]) -> None:
        nonlocal lost
        count()
        out = {fmt: export_bookmarks(bookmarks, fmt) for fmt in EXPORT_FORMATS}
        for fmt, text in out.items():
            assert_clean(text, fmt)

        entries = _bibtex_entries(out["bibtex"])
        assert len(entries) == len(bookmarks)
        for entry in entries:
            assert not re.search(r"^\s*@", entry[1:], re.MULTILINE), entry

        assert _markdown_items(out["markdown"]) == [b.paper.title for b in bookmarks]

        rows = list(csv.reader(io.StringIO(out["csv"])))
        assert rows[0] == list(BOOKMARK_COLUMNS)
        assert len(rows) == len(bookmarks) + 1
        for row, bookmark in zip(rows[1:], bookmarks, strict=True):
            assert len(row) == len(BOOKMARK_COLUMNS)
            title = bookmark.paper.title
            assert row[1] == ("'" + title if title.startswith(("=", "+", "-", "@")) else title)
            for cell in row:
                if not re.fullmatch(r"-?\d+", cell):
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell

        back = parse_bookmarks_json(out["json"])
        if [bookmark_to_record(b) for b in back.bookmarks] != [
            bookmark_to_record(b) for b in bookmarks
        ]:
            lost += 1
        assert back.skipped == 0 and back.bookmarks == tuple(bookmarks)

    check()
    record_property("iterations", count.n)
    record_property("lost", lost)


def test_nasty_papers_print_as_plain_lines_in_the_cli(record_property):
    count = Counter()

    @settings(PROPERTY, max_examples=examples(40))
    @given(st.lists(nasty_items(), min_size=1, max_size=4), nasty_extras())
    def check(items: list[dict[str, Any]], extras: PaperExtras) -> None:
        count()
        papers = []
        for n, item in enumerate(items):
            item["paper"]["id"] = f"2610.{8000 + n:05d}"
            papers.append(parse_paper(item))
        listing = Listing(
            query=ListingQuery(ListingKind.DAILY, "2026-10-02"),
            papers=tuple(papers),
            origin=Origin.NETWORK,
            fetched_at=datetime.now(UTC),
        )
        out = io.StringIO()
        print_listing(listing, False, "https://huggingface.co", out)
        lines = out.getvalue().splitlines()
        assert len(lines) == 1 + len(papers)
        for line, paper in zip(lines[1:], papers, strict=True):
            assert paper.title in line
        assert_clean(out.getvalue(), "list")

        shown = io.StringIO()
        print_paper(papers[0], False, "https://huggingface.co", shown, extras)
        text = shown.getvalue()
        assert_clean(text, "show")
        assert text.startswith(papers[0].title + "\n")
        if papers[0].authors:
            assert "Authors: " + ", ".join(a.name for a in papers[0].authors) in text

    check()
    record_property("iterations", count.n)


# ------------------------------------------------------------------------------------------
# The real screens, served the extreme fixtures by a fake hub
# ------------------------------------------------------------------------------------------

MARKUP_ID = "2610.03001"
HUGE_ID = "2610.03002"
MANY_ID = "2610.03003"
WIDE_ID = "2610.03004"
MARKUP_TITLE = (
    "[@click=app.quit]Quit[/] [bold]not bold[/bold] "
    "[link=https://evil.example]evil[/link] [/] \\[x] [@click=app.bell]"
)
WIDE_TITLE = "中文标题 한국어 👩\u200d💻 e\u0301\u0301 \uff57\uff49\uff44\uff45 עברית " * 4
HUGE_SUMMARY = "\n\n".join(" ".join(f"w{p}x{n} [b]{n}[/b]" for n in range(150)) for p in range(40))
assert len(HUGE_SUMMARY) > 100_000
MANY = 1000
NASTY_MARKDOWN = f"""\x1b]52;c;cHduZWQ=\x07# {MARKUP_TITLE}

Body with [bold]not bold[/bold], \x1b[31mred\x1b[0m and [@click=app.quit]no action[/].

| [b]cell[/b] | \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ |
|---|---|
| `[@click=app.quit]` | \u202eevil |

```[@click=app.quit]
[link=https://evil.example]code[/link]
```
"""


def _nasty_data() -> fakehub.HubData:
    """The fixture data with the latest day replaced by extreme papers."""
    data = fakehub.build_data()
    day = fakehub.LATEST_DAY
    escaped = f"\x1b]52;c;cHduZWQ=\x07\x1b[31m{MARKUP_TITLE}\x1b[0m\x9b2J\u202e"
    markup = fakehub._daily_item(MARKUP_ID, escaped, "[@click=app.quit]x[/]", day, 1, upvotes=500)
    markup["paper"]["organization"] = {"name": "[bold]org", "fullname": "[@click=app.quit]Org[/]"}
    markup["paper"]["ai_keywords"] = ["[/]", "[link=https://evil.example]k[/link]"]
    huge = fakehub._daily_item(HUGE_ID, "A 100 KB Abstract", HUGE_SUMMARY, day, 2, upvotes=400)
    authors = [
        fakehub._author(f"[@click=app.quit]Author {n}[/] \u202e中文{n}", None) for n in range(MANY)
    ]
    many = fakehub._daily_item(
        MANY_ID, "A Thousand Authors", "Big.", day, 3, upvotes=300, authors=authors
    )
    wide = fakehub._daily_item(WIDE_ID, WIDE_TITLE, WIDE_TITLE, day, 4, upvotes=200)
    empty = fakehub._daily_item("2610.03005", "", "No title.", day, 5, upvotes=100)
    blank = fakehub._daily_item(
        "2610.03006", "\x1b[31m\x07\u202e", "Escapes only.", day, 6, upvotes=90
    )
    items = [markup, huge, many, wide, empty, blank, *data.days[day][:3]]
    data.days[day] = items
    for item in items[:4]:
        paper = copy.deepcopy(item["paper"])
        paper.update(linkedModels=[], numTotalModels=0, linkedDatasets=[], numTotalDatasets=0)
        paper.update(linkedSpaces=[], numTotalSpaces=0)
        data.details[paper["id"]] = paper
    data.details[MARKUP_ID]["linkedSpaces"] = [
        {"id": "example/space", "emoji": "[@click=app.quit]\x1b[31m", "likes": 1},
        {"id": "../../etc/passwd", "likes": 9},
    ]
    data.details[MARKUP_ID]["numTotalSpaces"] = 2
    data.comments[MARKUP_ID] = [
        fakehub._comment(1, {"name": "[@click=app.quit]me[/]"}, "[bold]no[/bold] \x1b]0;t\x07 [/]"),
        fakehub._comment(2, {"name": "x"}, "[link=https://evil.example]e[/link]"),
    ]
    data.markdown[MARKUP_ID] = NASTY_MARKDOWN
    return data


@pytest.fixture(scope="module")
def nasty_hub():
    with fakehub.FakeHub(_nasty_data()) as hub:
        yield hub


def assert_screen_inert(app: PaperReaderApp) -> str:
    """The active screen as drawn: no controls, no link, no click action from the data."""
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            assert_clean(segment.text, "screen")
            style = segment.style
            if style is not None and style.meta:
                action = style.meta.get("@click", "")
                assert "app." not in action and "evil" not in action, action
            if style is not None:
                assert style.link is None or "evil" not in style.link
    return screen_text(app)


def list_rows_fit(app: PaperReaderApp) -> None:
    plist = app.main_screen.paper_list
    width = plist.scrollable_content_region.width
    for y in range(plist.size.height):
        assert plist.render_line(y).cell_length == width


async def test_extreme_papers_from_the_hub_show_literally_and_the_layout_holds(
    make_service, nasty_hub
):
    app = PaperReaderApp(make_service(endpoint=nasty_hub.url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        assert "2 unreadable skipped" in app.main_screen.status.text
        assert app.main_screen.paper_list.current.id == MARKUP_ID
        assert app.main_screen.detail.text.startswith(MARKUP_TITLE + "\n")
        assert "[@click=app.quit]Org[/]" in app.main_screen.detail.text
        text = assert_screen_inert(app)
        assert "[@click=app.quit]Quit[/] [bold]not bold" in text  # the list row and the detail
        list_rows_fit(app)

        # Clicking the title in the list and in the detail, or opening it, quits nothing.
        await pilot.click("#papers", offset=(12, 0), times=2)
        await pilot.click("#detail", offset=(3, 0))
        await pilot.click("#detail", offset=(20, 0))
        await press(app, pilot, "escape", "enter", "escape")
        assert app.is_running and app.return_code is None

        await select(app, pilot, HUGE_ID)
        detail = app.main_screen.detail
        width = detail.scrollable_content_region.width
        assert detail.line_count > 1000
        assert all(line.cell_length == width for line in detail._lines)
        assert squash(HUGE_SUMMARY) in squash(detail.text)
        detail.focus()
        await press(app, pilot, "G")
        await wait_until(pilot, lambda: detail.scroll_y > 1000, "the end of the detail")  # animated
        assert_screen_inert(app)
        await press(app, pilot, "escape")  # back to the list
        assert app.focused is app.main_screen.paper_list

        await select(app, pilot, MANY_ID)
        assert f"and {MANY - 12} more" in app.main_screen.detail.text
        assert "[@click=app.quit]Author 0[/] 中文0" in app.main_screen.detail.text
        assert any(f"+{MANY - 1}" in strip.text for strip in app.screen._compositor.render_strips())

        await select(app, pilot, WIDE_ID)
        list_rows_fit(app)
        assert_screen_inert(app)

        await resize(app, pilot, 64, 20)
        await settle(app, pilot)
        list_rows_fit(app)
        assert_screen_inert(app)

        await open_modal(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {(keys, description) for _, keys, description in app.screen._rows}
        # The keys for the day before and after, as keys (the table scrolls at this size).
        assert any(keys == "[" and text.startswith("Previous day") for keys, text in rows)
        assert any(keys == "]" and text.startswith("Next day") for keys, text in rows)
        await press(app, pilot, "escape")
        assert app.is_running and app.return_code is None


async def test_extreme_papers_read_in_the_reader_discussion_links_menu_and_note(
    make_service, nasty_hub
):
    app = PaperReaderApp(make_service(endpoint=nasty_hub.url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.paper_list.current.id == MARKUP_ID

        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.has_text
        text = screen_text(app)
        assert MARKUP_TITLE[:40] in text
        assert "[bold]not bold[/bold]" in text and "[@click=app.quit]no action[/]" in text
        assert "[link=https://evil.example]code[/link]" in text
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                assert_clean(segment.text, "reader")
                action = (segment.style.meta or {}).get("@click", "") if segment.style else ""
                assert action == "" or action.startswith("link("), action
        await press(app, pilot, "escape")

        await open_modal(app, pilot, "c")
        await settle(app, pilot)
        assert isinstance(app.screen, DiscussionScreen)
        body = app.screen.body.text
        # a markup-shaped author is no hub username: shown as unknown, never as markup
        assert "unknown · " in body and "[bold]no[/bold]  [/]" in body
        assert "[link=https://evil.example]e[/link]" in body
        assert_screen_inert(app)
        await press(app, pilot, "escape")

        await open_modal(app, pilot, "L")
        assert isinstance(app.screen, MenuScreen)
        text = assert_screen_inert(app)
        assert "Links: [@click=app.quit]Quit[/]" in text
        assert "../../etc" not in text
        line = next(n for n, row in enumerate(text.split("\n")) if "Links: [@click" in row)
        column = text.split("\n")[line].index("Quit")
        await pilot.click(offset=(column + 1, line))  # the title's would-be action
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
        if isinstance(app.screen, MenuScreen):
            await press(app, pilot, "escape")

        await open_modal(app, pilot, "n")
        assert isinstance(app.screen, NoteScreen)
        assert "Note on “[@click=app.quit]Quit[/]" in assert_screen_inert(app)
        await press(app, pilot, "escape")

        await select(app, pilot, HUGE_ID)  # no full text: the 100 KB abstract instead
        await open_modal(app, pilot, "v")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and not app.screen.has_text
        await press(app, pilot, "G")
        assert_screen_inert(app)
        await press(app, pilot, "escape")
        assert app.is_running and app.return_code is None


def test_extreme_papers_print_literally_from_list_and_show(nasty_hub, capsys):
    code, out, err = run(capsys, "list", "--endpoint", nasty_hub.url)
    assert (code, err) == (0, "")
    assert_clean(out, "list")
    lines = out.splitlines()
    assert lines[-1] == "(2 unreadable items skipped)"
    assert any(line.startswith(f"  500  {MARKUP_ID}  {MARKUP_TITLE}") for line in lines)
    assert len(lines) == 1 + 7 + 1

    code, out, err = run(capsys, "show", MARKUP_ID, "--endpoint", nasty_hub.url)
    assert (code, err) == (0, "")
    assert out.startswith(MARKUP_TITLE + "\n")
    assert "Organization: [@click=app.quit]Org[/]" in out
    assert_clean(out, "show")

    code, out, err = run(capsys, "show", MANY_ID, "--endpoint", nasty_hub.url)
    assert code == 0 and out.count("[@click=app.quit]Author ") == MANY
    code, out, err = run(capsys, "show", HUGE_ID, "--endpoint", nasty_hub.url)
    assert code == 0 and squash(HUGE_SUMMARY) in squash(out)
    code, out, err = run(capsys, "show", MARKUP_ID, "--full", "--endpoint", nasty_hub.url)
    assert code == 0 and "[bold]not bold[/bold]" in out
    assert_clean(out, "show --full")


def test_a_lone_surrogate_in_a_title_prints_without_an_error(fake_hub, capsys):
    item = copy.deepcopy(DAILY_ITEM)
    item["title"] = item["paper"]["title"] = "Broken \ud800 Unicode [b]x[/b]"
    # JSON can carry a lone surrogate only escaped, which json.dumps does by default.
    fake_hub.fail("/api/daily_papers", "invalid_json", body=json.dumps([item]).encode())
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url)
    assert (code, err) == (0, "")
    assert "Broken" in out and "[b]x[/b]" in out
    assert_clean(out, "list")


def test_json_nested_beyond_any_depth_is_one_sentence_not_a_crash(fake_hub, capsys):
    deep = b"[" * 200_000 + b"]" * 200_000
    fake_hub.fail("/api/daily_papers", "invalid_json", body=deep)
    started = time.monotonic()
    code, out, err = run(capsys, "list", "--endpoint", fake_hub.url)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "unexpected" not in err
    assert "not valid JSON" in err
    assert time.monotonic() - started < 60  # a guard against a hang, not a timing claim


def test_a_comment_tree_and_paper_text_of_the_rich_fixture_stay_clean():
    """The plain fake-hub fixtures, read through every reader, as a baseline."""
    paper = parse_paper(DAILY_ITEM)
    assert_paper_sound(paper)
    discussion = parse_discussion(fakehub.RICH_PAPER_ID, DETAIL)
    assert isinstance(discussion, Discussion) and discussion.total == 4
    comment = next(c for _, c in discussion.walk() if "not bold" in c.text)
    assert isinstance(comment, Comment)
    assert comment.text == "[bold]not bold[/bold] [@click=app.quit]quit[/] red"


async def test_pasted_escape_sequences_never_reach_the_filter_box_or_a_prompt():
    """Pasted text is drawn as it is: an escape sequence in it would reach the terminal."""
    from textual import events

    pasted = "diff\x1b[2J\x1b]52;c;ZXZpbA==\x07usion\u202e\nsecond line"
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("/")
        app.main_screen.filter_input.post_message(events.Paste(pasted))
        await pilot.pause()
        assert app.main_screen.filter_input.value == "diffusion"
        assert "\x1b" not in app.main_screen.status.text
        await pilot.press("escape", "d")  # the go-to-date prompt
        await pilot.pause()
        box = app.screen.query_one("#prompt-input")
        box.post_message(events.Paste(pasted))
        await pilot.pause()
        assert box.value == "diffusion"
