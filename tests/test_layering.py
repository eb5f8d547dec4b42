"""The architecture rule, enforced by the test run.

The core (everything outside `paperreader.ui`) never touches Textual or Rich, and the UI does
no network or disk I/O of its own: it goes through the session. Checked twice: by
import-linter's contracts in pyproject.toml, and by an AST scan that also sees lazy imports
inside functions, `importlib.import_module("...")` and file opening.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "paperreader"
UI = PACKAGE / "ui"

CORE_FORBIDDEN = {"textual", "rich"}
UI_FORBIDDEN = {
    "httpx",
    "diskcache",
    "pyperclip",
    "sqlite3",
    "subprocess",
    "webbrowser",
    "paperreader.sources",
    "paperreader.storage",
    "paperreader.platform",
}
FILE_OPENING_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "fdopen"}


# --- (a) import-linter ---------------------------------------------------------------------------


def test_import_linter_contracts_are_kept():
    # `python -m importlinter.cli` would silently do nothing (the module has no __main__
    # guard), so call the console script's function directly with this interpreter.
    script = (
        "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"import-linter failed:\n{output}"
    # Guard against a run that checked nothing.
    assert "Layers: imports point downward only KEPT" in output, output
    assert "No import cycles between sibling modules KEPT" in output, output
    assert "The core never imports Textual or Rich KEPT" in output, output
    assert "Widgets and screens do no network or disk I/O KEPT" in output, output
    assert "0 broken" in output, output


# --- (b) AST scan --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in `source`, however deeply nested."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from . import hub` imports the module paperreader.sources.hub
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in {"import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append((node.lineno, first.value))
    return found


def file_opening_calls(source: str) -> list[tuple[int, str]]:
    """(line, call) for calls that open or read/write files."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in FILE_OPENING_CALLS:
            found.append((node.lineno, f"{func.id}()"))
        elif isinstance(func, ast.Attribute) and func.attr in FILE_OPENING_CALLS:
            found.append((node.lineno, f".{func.attr}()"))
    return found


def matches(name: str, forbidden: set[str]) -> bool:
    return any(name == banned or name.startswith(banned + ".") for banned in forbidden)


def scan(files: list[Path], forbidden: set[str], check_files: bool) -> list[Finding]:
    findings: list[Finding] = []
    for path in files:
        source = path.read_text("utf-8")
        rel = str(path.relative_to(ROOT))
        name = module_name(path)
        for line, imported in imported_modules(source, name, path.name == "__init__.py"):
            if matches(imported, forbidden):
                findings.append(Finding(rel, line, f"imports {imported}"))
        if check_files:
            findings += [Finding(rel, line, f"opens files: {call}") for line, call in
                         file_opening_calls(source)]  # fmt: skip
    return findings


def core_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if UI not in p.parents)


def ui_files() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_the_scan_sees_the_core():
    names = {module_name(p) for p in core_files()}
    expected = {
        "domain.models",
        "formats.hub_json",
        "domain.text",
        "domain.links",
        "domain.periods",
        "sources.hub",
        "storage.cache",
        "service.session",
    }
    assert {f"paperreader.{n}" for n in expected} <= names
    assert not any(n.startswith("paperreader.ui") for n in names)


def test_core_never_imports_textual_or_rich():
    findings = scan(core_files(), CORE_FORBIDDEN, check_files=False)
    assert not findings, "the core must not use Textual or Rich:\n" + "\n".join(map(str, findings))


def test_ui_does_no_network_or_disk_io():
    files = ui_files()
    assert all(p.is_relative_to(UI) for p in files)
    findings = scan(files, UI_FORBIDDEN, check_files=True)
    assert not findings, "the UI must go through the session:\n" + "\n".join(map(str, findings))


# --- the scanner itself finds what it should --------------------------------------------------

BAD_CORE = """
import os
import rich
from textual.app import App

def lazy():
    from rich.text import Text
    import importlib
    importlib.import_module("textual.widgets")
"""

BAD_UI = """
from textual.widgets import Static
from ...sources.hub import HubClient
from ...storage import cache
import httpx, sqlite3
from subprocess import run

def handler(path):
    import webbrowser
    import pyperclip
    __import__("diskcache")
    with open(path) as f:
        f.read()
    path.read_text()
    Path("x").open("w")
"""


def test_scanner_catches_core_violations():
    names = {name for _, name in imported_modules(BAD_CORE, "paperreader.domain.models")}
    hits = sorted(n for n in names if matches(n, CORE_FORBIDDEN))
    assert hits == ["rich", "rich.text", "rich.text.Text", "textual.app", "textual.app.App",
                    "textual.widgets"]  # fmt: skip
    assert not matches("richtext", CORE_FORBIDDEN)
    assert not matches("os", CORE_FORBIDDEN)


def test_scanner_catches_ui_violations():
    found = imported_modules(BAD_UI, "paperreader.ui.widgets.thing")
    flagged = {name for _, name in found if matches(name, UI_FORBIDDEN)}
    assert flagged == {
        "paperreader.sources.hub",
        "paperreader.sources.hub.HubClient",
        "paperreader.storage",
        "paperreader.storage.cache",
        "httpx",
        "sqlite3",
        "subprocess",
        "subprocess.run",
        "webbrowser",
        "pyperclip",
        "diskcache",
    }
    assert not matches("textual.widgets", UI_FORBIDDEN)
    assert not matches("paperreader.service.session", UI_FORBIDDEN)
    calls = sorted(call for _, call in file_opening_calls(BAD_UI))
    assert calls == [".open()", ".read_text()", "open()"]


def test_relative_imports_resolve_like_python():
    # module paperreader.ui.widgets.paper_detail: `...domain.links` is paperreader.domain.links
    found = imported_modules(
        "from ...domain.links import PaperLinks\nfrom .. import app\nfrom . import sibling\n",
        "paperreader.ui.widgets.paper_detail",
    )
    names = {name for _, name in found}
    assert "paperreader.domain.links" in names
    assert "paperreader.ui.app" in names
    assert "paperreader.ui.widgets.sibling" in names
    # in a package's __init__, `.` is the package itself
    found = imported_modules("from .sources.hub import X\n", "paperreader", is_package=True)
    assert {name for _, name in found} == {"paperreader.sources.hub", "paperreader.sources.hub.X"}
