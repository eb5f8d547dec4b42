"""Reliability, links: no link from the hub is opened unless it is a web link, and none ever
reaches a shell.

Links come from the API in a paper's githubRepo and projectPage, in linked repo ids (which
become Hugging Face addresses), in comments (shown as text, never clickable) and in the full
text (Markdown links). Parsing drops what is not an http(s) link or neutralises it (escape
sequences and surrounding space removed); the app's `o`, `p` and links menu refuse anything
else with a message; the opener starts the browser without a shell, the URL one argv element,
so `$(touch FILE)` inside a URL is just characters. Process starts are watched with an audit
hook (`subprocess.Popen`, `os.system`, `os.exec*`, `os.posix_spawn`, ...), so a shell used
anywhere on the way would be seen.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import json
import os
import shlex
import sys
import time
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import fakehub
from support.fakes import FakeSource
from support.pilot import SIZE, open_modal, press, screen_text, settle
from support.sessions import fake_service

import paperreader
from paperreader.config.settings import Settings
from paperreader.domain.errors import UsageError
from paperreader.domain.links import is_web_url, links_for, menu_links
from paperreader.domain.models import Paper
from paperreader.domain.text import one_line
from paperreader.formats.hub_discussion import parse_discussion
from paperreader.formats.hub_extras import parse_extras
from paperreader.formats.hub_json import parse_paper
from paperreader.formats.hub_values import read_url
from paperreader.platform import opener
from paperreader.platform.opener import open_url
from paperreader.ui.app import PaperReaderApp
from paperreader.ui.screens.discussion import render_discussion
from paperreader.ui.screens.menu import MenuScreen
from paperreader.ui.screens.reader import ReaderScreen

pytestmark = pytest.mark.reliability("links")

SCALE = max(1, int(os.environ.get("PAPERREADER_FUZZ_SCALE", "1")))
PROPERTY = settings(
    max_examples=150 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# ------------------------------------------------------------------------------------------
# Every process start in this test process, seen through an audit hook
# ------------------------------------------------------------------------------------------

SHELLS = {"sh", "bash", "dash", "zsh", "ksh", "fish", "csh", "tcsh", "cmd", "cmd.exe"}
PROCESS_EVENTS = {
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.startfile",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
}


class ProcessAudit:
    """Records process starts while active (audit hooks cannot be removed: idle otherwise)."""

    def __init__(self) -> None:
        self.active = False
        self.events: list[tuple[str, tuple[Any, ...]]] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if self.active and event in PROCESS_EVENTS:
            self.events.append((event, args))

    @contextlib.contextmanager
    def watching(self) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
        self.events = []
        self.active = True
        try:
            yield self.events
        finally:
            self.active = False

    @staticmethod
    def assert_no_shell(events: list[tuple[str, tuple[Any, ...]]]) -> list[list[str]]:
        """Only subprocess.Popen, never through a shell; returns each argv started."""
        argvs = []
        for event, args in events:
            assert event == "subprocess.Popen", (event, args)
            executable, argv = args[0], [str(a) for a in args[1]]
            assert Path(str(executable or argv[0])).name not in SHELLS, argv
            assert Path(argv[0]).name not in SHELLS, argv
            argvs.append(argv)
        return argvs


AUDIT = ProcessAudit()
sys.addaudithook(AUDIT)


# ------------------------------------------------------------------------------------------
# The links under test
# ------------------------------------------------------------------------------------------

DROPPED = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\x00script:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "file:///etc/passwd",
    "FILE://localhost/etc/shadow",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "evil.example/x",
    "www.evil.example",
    "/papers/2610.02001",
    "https:evil.example",
    "http://[::1",
    "http://user:secret@evil.example/",
    "https://huggingface.co:papers@evil.example/",
    "https://example.org/a\nb",
    "https://example.org/a\r\nSet-Cookie: x=1",
    "https://x/$(touch /tmp/pwned)",
    "https://x/`touch /tmp/pwned`",
    "https://x/ ; rm -rf ~",
    "https://example.org/\x1b[31mred",
    "https://example.org/\x1b]8;;http://evil\x07x",
    "https://example.org/\u202eexe.txt",
)
"""Not web links as sent (never repaired into another link by cleaning): never kept."""
NEUTRALISED = {
    "\nhttps://example.org/ok\n": "https://example.org/ok",
    "  https://example.org/ok": "https://example.org/ok",
}
"""Web links wrapped in outer space: kept without it."""
SHELL_URLS = (
    "https://x.example/$(touch${IFS}{file})",
    "https://x.example/`touch${IFS}{file}`",
    "https://x.example/;touch${IFS}{file}",
    "https://x.example/|touch${IFS}{file}",
    "https://x.example/&&touch${IFS}{file}",
    "https://x.example/'\"$(touch${IFS}{file})\"'",
    "https://x.example/?q=a&b=$(touch${IFS}{file})#`touch${IFS}{file}`",
    "https://x.example/%0atouch${IFS}{file}",
    "http://x.example/-oProxyCommand=touch${IFS}{file}",
)
"""Web links full of shell syntax: fine to open, as long as no shell ever sees them."""


def shell_urls(target: Path) -> list[str]:
    return [url.replace("{file}", str(target)) for url in SHELL_URLS]


DAILY_ITEM = next(
    item
    for item in fakehub.build_data().days[fakehub.LATEST_DAY]
    if item["paper"].get("id") == fakehub.RICH_PAPER_ID
)


def item_with_links(paper_id: str, github: object, project: object) -> dict[str, Any]:
    item = copy.deepcopy(DAILY_ITEM)
    item["paper"].update(id=paper_id, githubRepo=github, projectPage=project)
    item["paper"]["title"] = item["title"] = f"Links of {paper_id}"
    return item


# ------------------------------------------------------------------------------------------
# Parsing drops or neutralises
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", DROPPED)
def test_a_non_web_link_from_the_hub_is_dropped_when_the_paper_is_read(url):
    paper = parse_paper(item_with_links("2610.04001", url, url))
    assert paper.github_repo is None and paper.project_page is None
    assert links_for(paper).github is None and links_for(paper).project is None
    assert [label for label, _ in menu_links(paper)] == ["Hugging Face", "arXiv", "PDF"]


@pytest.mark.parametrize(("raw", "kept"), sorted(NEUTRALISED.items()))
def test_a_web_link_wrapped_in_escapes_or_space_is_kept_clean(raw, kept):
    paper = parse_paper(item_with_links("2610.04002", raw, raw))
    assert paper.github_repo == kept and paper.project_page == kept
    assert read_url(raw) == kept


def test_any_string_as_a_link_is_kept_only_as_a_clean_absolute_web_link(record_property):
    count = 0
    url_like = st.builds(
        "".join,
        st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        "http",
                        "https",
                        "HTTPS",
                        "javascript",
                        "file",
                        "data",
                        "vbscript",
                        ":",
                        "//",
                        "/",
                        "@",
                        "user:pw@",
                        "example.org",
                        "[::1]",
                        ":8080",
                        "?q=1&r=2",
                        "#frag",
                        "$(touch${IFS}x)",
                        "`id`",
                        ";",
                        "|",
                        "'",
                        '"',
                        " ",
                        "\n",
                        "\t",
                        "\x00",
                        "\x1b[31m",
                        "\x1b]8;;x\x07",
                        "\x85",
                        "\u202e",
                        "%0a",
                        "\\",
                    ]
                ),
                st.text(max_size=3),
            ),
            max_size=10,
        ),
    )

    @PROPERTY
    @given(st.one_of(url_like, st.text()))
    @example("https://a:@evil.example")
    @example("HTTP://evil.example:80@good.example")
    def check(url: str) -> None:
        nonlocal count
        count += 1
        if is_web_url(url):
            parts = urlsplit(url)
            assert parts.scheme.lower() in {"http", "https"} and parts.hostname
            assert parts.password is None
            assert not any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) <= 159 for ch in url)
        kept = read_url(url)
        assert kept is None or (is_web_url(kept) and kept == one_line(kept))
        paper = parse_paper(item_with_links("2610.04003", url, url))
        for link in (paper.github_repo, paper.project_page):
            assert link is None or is_web_url(link)

    check()
    record_property("iterations", count)


def test_linked_repo_ids_that_could_leave_their_path_are_dropped(record_property):
    count = 0
    bad_ids = [
        "../../etc/passwd",
        "javascript:alert(1)",
        "https://evil.example/x",
        "owner/name/extra",
        "owner/../../x",
        "a b",
        "$(touch${IFS}pwned)",
        "`id`",
        "x;rm",
        "x|y",
        "@evil.example",
        "x?y=1",
        "x#y",
        "x\\y",
        "\x1b[31mx",
        "",
        "/rooted",
    ]

    @PROPERTY
    @given(st.lists(st.one_of(st.sampled_from(bad_ids), st.text(max_size=12)), max_size=6))
    def check(ids: list[str]) -> None:
        nonlocal count
        count += 1
        detail = {
            "id": "2610.04004",
            "linkedModels": [{"id": i, "downloads": 1} for i in ids],
            "linkedDatasets": [{"id": i} for i in ids],
            "linkedSpaces": [{"id": i, "emoji": "[@click=app.quit]"} for i in ids],
        }
        extras = parse_extras(detail)
        paper = Paper(id="2610.04004", title="T")
        web = "https://huggingface.co"
        for label, url in menu_links(paper, extras, web):
            assert is_web_url(url), (label, url)
            assert urlsplit(url).hostname in {"huggingface.co", "arxiv.org"}, url
            path = urlsplit(url).path
            assert ".." not in path.split("/") and "$" not in url and "`" not in url
            assert label == one_line(label)

    check()
    record_property("iterations", count)
    kept = parse_extras({"id": "2610.04004", "linkedModels": [{"id": i} for i in bad_ids]})
    assert kept.models == ()  # "\x1b[31mx" too: never cleaned into the plain name "x"


def test_links_in_comments_are_text_never_clickable():
    comments = [
        {
            "id": f"c{n}",
            "type": "comment",
            "author": {"name": "someone"},
            "data": {"latest": {"raw": raw}},
        }
        for n, raw in enumerate(
            [
                "[click me](javascript:alert(1))",
                "<https://evil.example/x> and https://evil.example/y",
                "[file](file:///etc/passwd) [link=https://evil.example]x[/link]",
                "\x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\",
                "[@click=app.open_url('https://evil.example')]x[/]",
            ]
        )
    ]
    text = render_discussion(parse_discussion("2610.04005", {"comments": comments}))
    assert "[click me](javascript:alert(1))" in text.plain
    assert "hyperlink" in text.plain and "\x1b" not in text.plain
    segments = list(text.render(paperreader_console()))
    for segment in segments:
        style = segment.style
        if style is not None and not isinstance(style, str):
            assert style.link is None
            assert "@click" not in (style.meta or {})
    assert all(not span.style or "link" not in str(span.style) for span in text.spans)


def paperreader_console() -> Any:
    from rich.console import Console

    return Console(width=80, color_system=None, force_terminal=False)


# ------------------------------------------------------------------------------------------
# The opener: only web links, never a shell, the URL one argument
# ------------------------------------------------------------------------------------------


@pytest.fixture
def recorder(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A stand-in browser (a real executable) that writes the arguments it got to a file."""
    script = tmp_path / "browser-recorder"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "with open(os.environ['PAPERREADER_TEST_RECORD'], 'a', encoding='utf-8') as out:\n"
        "    out.write(json.dumps(sys.argv[1:]) + '\\n')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    record = tmp_path / "browser-calls.jsonl"
    monkeypatch.setenv("PAPERREADER_TEST_RECORD", str(record))
    return script, record


def recorded_calls(record: Path, expected: int, timeout: float = 30.0) -> list[list[str]]:
    """The argument lists the stand-in browser received, once `expected` of them arrived."""
    deadline = time.monotonic() + timeout
    lines: list[str] = []
    while time.monotonic() < deadline:
        lines = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
        if len(lines) >= expected:
            break
        time.sleep(0.05)
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize(
    "url",
    [*DROPPED, "", "   ", "mailto:a@example.org", "ftp://example.org/x", "about:blank"],
)
def test_open_url_refuses_a_non_web_link_without_starting_anything(url, monkeypatch):
    monkeypatch.setattr(opener.webbrowser, "open", lambda *a, **k: pytest.fail("browser"))
    with AUDIT.watching() as events:
        with pytest.raises(UsageError, match=r"^Only http\(s\) links are opened\.$"):
            open_url(url, browser="/bin/echo %s")
        with pytest.raises(UsageError):
            open_url(url)
    assert events == []


def test_any_text_given_to_the_opener_is_refused_or_passed_as_one_argument(
    monkeypatch, record_property
):
    """With Popen and webbrowser.open replaced: what would have been started, for any text."""
    started: list[tuple[list[str], dict[str, Any]]] = []
    opened: list[str] = []

    def fake_popen(argv: list[str], **options: Any) -> None:
        started.append((argv, options))

    monkeypatch.setattr(opener.subprocess, "Popen", fake_popen)
    monkeypatch.setattr(opener.webbrowser, "open", lambda url, **k: opened.append(url) or True)
    monkeypatch.setenv("DISPLAY", ":0")
    count = 0

    @PROPERTY
    @given(
        st.one_of(
            st.text(),
            st.sampled_from([*DROPPED, *shell_urls(Path("/tmp/pwned"))]),
            st.text().map(lambda tail: "https://example.org/" + tail),
        ),
        st.sampled_from(["mybrowser %s", "mybrowser --new-tab", "mybrowser --url=%s --x", None]),
    )
    def check(url: str, browser: str | None) -> None:
        nonlocal count
        count += 1
        started.clear()
        opened.clear()
        try:
            open_url(url, browser=browser)
        except UsageError:
            assert not is_web_url(url)
            assert started == [] and opened == []
            return
        assert is_web_url(url)
        if browser is None:
            assert opened == [url] and started == []
            return
        [(argv, options)] = started
        assert options.get("shell", False) is False
        assert argv[0] == "mybrowser"
        assert sum(url in arg for arg in argv) == 1  # one argument holds it ...
        assert url in argv or f"--url={url}" in argv  # ... whole, as the command placed it

    check()
    record_property("iterations", count)


def test_a_configured_browser_gets_shell_syntax_as_plain_characters(recorder, tmp_path):
    script, record = recorder
    target = tmp_path / "pwned"
    urls = shell_urls(target)
    command = f"{shlex.quote(str(script))} --new-tab %s"
    with AUDIT.watching() as events:
        for url in urls:
            assert is_web_url(url), url
            open_url(url, browser=command)
        calls = recorded_calls(record, len(urls))
    assert sorted(calls) == sorted(["--new-tab", url] for url in urls)  # browsers race
    argvs = ProcessAudit.assert_no_shell(events)
    assert argvs == [[str(script), "--new-tab", url] for url in urls]
    assert not target.exists()


def test_the_system_browser_gets_shell_syntax_as_plain_characters(recorder, tmp_path, monkeypatch):
    """No config: Python's webbrowser, here told by $BROWSER to use the stand-in."""
    script, record = recorder
    target = tmp_path / "pwned"
    urls = shell_urls(target)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read $BROWSER afresh
    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_os_preferred_browser", None, raising=False)
    with AUDIT.watching() as events:
        for url in urls:
            open_url(url)
        calls = recorded_calls(record, len(urls))
    assert calls == [[url] for url in urls]
    argvs = ProcessAudit.assert_no_shell(events)
    assert [url] in [argv[1:] for argv in argvs]
    assert all(argv[1:] == [url] for argv, url in zip(argvs, urls, strict=True))
    assert not target.exists()


def _calls_in(tree: ast.AST) -> Iterator[ast.Call]:
    yield from (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def test_no_code_of_paperreader_can_start_a_shell():
    """Every module, read as code: no shell=True, no os.system, os.popen or the like."""
    forbidden = {
        "os.system",
        "os.popen",
        "os.execl",
        "os.execlp",
        "os.execv",
        "os.execvp",
        "os.spawnl",
        "os.spawnlp",
        "os.startfile",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "asyncio.create_subprocess_shell",
        "pty.spawn",
    }
    root = Path(paperreader.__file__).parent
    modules = sorted(root.rglob("*.py"))
    assert len(modules) > 20
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for call in _calls_in(tree):
            name = _dotted(call.func)
            assert name not in forbidden, f"{path.name}:{call.lineno} calls {name}"
            for keyword in call.keywords:
                if keyword.arg == "shell":
                    value = keyword.value
                    assert isinstance(value, ast.Constant) and value.value is False, (
                        f"{path.name}:{call.lineno} passes shell="
                    )


# ------------------------------------------------------------------------------------------
# The app: o, p, the links menu and the reader's links
# ------------------------------------------------------------------------------------------

BAD_PAPER = "2610.04010"
SHELL_PAPER = "2610.04011"


class LinkSource(FakeSource):
    """A listing, details and full texts, all from dicts: no network."""

    def __init__(self, items: list[Any], details: dict[str, Any], texts: dict[str, str]) -> None:
        super().__init__(items)
        self.details = details
        self.texts = texts

    async def fetch_paper(self, paper_id: str, comments: bool = False) -> dict[str, Any]:
        detail = copy.deepcopy(self.details.get(paper_id, {"id": paper_id}))
        if comments:
            detail.setdefault("comments", [])
        return detail

    async def fetch_full_text(self, paper_id: str) -> str | None:
        return self.texts.get(paper_id)


def kept_notices(app: PaperReaderApp, monkeypatch: Any, *severities: str) -> list[str]:
    """Every notification of `severities` the app shows, kept (on screen they expire)."""
    kept: list[str] = []
    notify = app.notify

    def noted(message: str, **options: Any) -> None:
        if options.get("severity", "information") in severities:
            kept.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", noted)
    return kept


def link_app(tmp_path: Path, script: Path) -> tuple[PaperReaderApp, Path]:
    """The app on papers with hostile links, its browser the stand-in recorder."""
    target = tmp_path / "pwned"
    shell = shell_urls(target)
    bad = item_with_links(BAD_PAPER, "javascript:alert(1)", "file:///etc/passwd")
    bad["paper"]["upvotes"] = 900
    shelly = item_with_links(SHELL_PAPER, shell[0], shell[1])
    shelly["paper"]["upvotes"] = 800
    details = {
        BAD_PAPER: {
            "id": BAD_PAPER,
            "linkedModels": [
                {"id": "../../etc/passwd"},
                {"id": "javascript:alert(1)"},
                {"id": "ok/model"},
            ],
            "linkedSpaces": [{"id": "$(touch${IFS}" + str(target) + ")"}],
        }
    }
    full_text = "\n\n".join(
        [
            "# Links",
            "[js link](javascript:alert(1))",
            "[vb link](vbscript:msgbox(1))",
            "[data link](data:text/html,<script>alert(1)</script>)",
            "[file link](file:///etc/passwd)",
            "[relative link](../../etc/passwd)",
            "[credential link](https://user:pw@evil.example/)",
            f"[shell link]({shell[0]})",
            f"[tick link]({shell[1]})",
            "[web link](https://example.org/page)",
        ]
    )
    service = fake_service(LinkSource([bad, shelly], details, {BAD_PAPER: full_text}), None)
    service.settings = Settings()._replace(browser=f"{shlex.quote(str(script))} %s")
    return PaperReaderApp(service), target


async def test_hostile_links_never_reach_the_links_menu_or_a_shell(recorder, tmp_path, monkeypatch):
    script, record = recorder
    app, target = link_app(tmp_path, script)
    problems = kept_notices(app, monkeypatch, "warning", "error")
    expected: list[str] = []
    with AUDIT.watching() as events:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert app.main_screen.paper_list.current.id == BAD_PAPER
            detail = app.main_screen.detail.text
            assert "javascript:" not in detail and "file:" not in detail
            assert "GitHub" not in detail and "Project page" not in detail

            await open_modal(app, pilot, "L")
            await settle(app, pilot)
            assert isinstance(app.screen, MenuScreen)
            menu = screen_text(app)
            assert "javascript" not in menu and "etc/passwd" not in menu and "touch" not in menu
            choices = [url for _, _, url in app.screen._choices]
            assert all(is_web_url(url) for url in choices)
            assert len(choices) == 4  # Hugging Face, arXiv, PDF, the one sound model
            await press(app, pilot, "2")  # arXiv, by its number
            await open_modal(app, pilot, "L")
            await settle(app, pilot)
            await press(app, pilot, "4")  # the model
            expected += [choices[1], choices[3]]

            await press(app, pilot, "o")  # the page and the PDF, from the paper's id
            await press(app, pilot, "p")
            expected += [choices[0], choices[2]]

            await press(app, pilot, "j")  # the paper whose links are full of shell syntax
            assert app.main_screen.paper_list.current.id == SHELL_PAPER
            await open_modal(app, pilot, "L")
            await settle(app, pilot)
            shell_choices = [url for _, _, url in app.screen._choices]
            assert shell_urls(target)[:2] == shell_choices[3:5]
            await press(app, pilot, "4")
            await open_modal(app, pilot, "L")
            await settle(app, pilot)
            await press(app, pilot, "5")
            expected += shell_choices[3:5]
            calls = recorded_calls(record, len(expected))
            assert app.is_running
    assert sorted(calls) == sorted([url] for url in expected)  # the browsers race
    argvs = ProcessAudit.assert_no_shell(events)
    assert [argv[1:] for argv in argvs] == [[url] for url in expected]
    assert not target.exists()
    assert problems == []


async def test_a_non_web_link_that_reaches_the_app_is_refused_with_a_message(
    recorder, tmp_path, monkeypatch
):
    """Were a bad link ever to get past parsing, opening it still starts nothing."""
    script, record = recorder
    app, target = link_app(tmp_path, script)
    hostile = [  # the rest of DROPPED meets the opener itself, above
        ("Script", "javascript:alert(1)"),
        ("File", "file:///etc/passwd"),
        ("Secret", "https://user:pw@evil.example/"),
        ("Spaced", "https://x.example/$(touch " + str(target) + ")"),
    ]
    monkeypatch.setattr(app.session.papers, "repo_links", lambda paper, extras=None: hostile)
    warnings = kept_notices(app, monkeypatch, "warning")
    with AUDIT.watching() as events:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            for n in range(1, len(hostile) + 1):
                await open_modal(app, pilot, "L")
                await settle(app, pilot)
                await press(app, pilot, str(n))
            assert warnings == ["Only http(s) links are opened."] * len(hostile)

            app.session.web_url = "file:///home/user/"  # a bad --endpoint: o is refused too
            await press(app, pilot, "o")
            assert warnings[len(hostile) :] == ["Only http(s) links are opened."]
            assert app.is_running
    assert events == []
    assert not record.exists()
    assert not target.exists()


async def test_only_web_links_in_a_full_text_open_and_never_through_a_shell(
    recorder, tmp_path, monkeypatch
):
    script, record = recorder
    app, target = link_app(tmp_path, script)
    warnings = kept_notices(app, monkeypatch, "warning")
    with AUDIT.watching() as events:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await open_modal(app, pilot, "v")
            await settle(app, pilot)
            assert isinstance(app.screen, ReaderScreen) and app.screen.has_text
            for words in (
                "js link",
                "vb link",
                "data link",
                "file link",
                "relative link",
                "credential link",
                "shell link",
                "tick link",
                "web link",
            ):
                lines = screen_text(app).split("\n")
                y = next(n for n, line in enumerate(lines) if words in line)
                await pilot.click(offset=(lines[y].index(words) + 1, y))
                await settle(app, pilot)
                assert isinstance(app.screen, ReaderScreen)
                for strip in app.screen._compositor.render_strips():
                    for segment in strip:
                        if segment.style is not None and segment.style.meta:
                            action = segment.style.meta.get("@click", "")
                            assert not action or action.startswith("link("), action
            calls = recorded_calls(record, 3)
            # Not links at all (js, vb, data, file: left as text by the Markdown parser), or
            # links refused: the relative one and the one with a password.
            assert warnings == ["Only web links are opened."] * 2
            assert app.is_running
    # The shell, tick and web links: one argument each.
    argvs = ProcessAudit.assert_no_shell(events)
    assert len(argvs) == 3 and all(len(argv) == 2 for argv in argvs)
    opened = [argv[1] for argv in argvs]
    assert sorted(calls) == sorted([url] for url in opened)
    assert all(is_web_url(url) for url in opened)
    expected = [*shell_urls(target)[:2], "https://example.org/page"]
    assert [unquote(url) for url in opened] == expected  # percent-encoded by Markdown, or not
    assert not target.exists()
