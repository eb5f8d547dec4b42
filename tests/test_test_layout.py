"""The tests' own layout: what they share lives in tests/support/, and no test module imports
another, so a test can be moved, run or deleted alone."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SUPPORT = TESTS / "support"


def python_files() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "__snapshots__" not in path.parts)


def is_test_module(path: Path) -> bool:
    return path.name.startswith("test_")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports, at any depth, with its line (a name imported from a
    module may be a module too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return sorted(found)


def imports_of_test_modules(path: Path, test_modules: set[str]) -> list[tuple[int, str]]:
    return [
        (line, name)
        for line, name in imported_modules(path)
        if any(part in test_modules or part == "conftest" for part in name.split("."))
    ]


def test_no_module_imports_a_test_module():
    test_modules = {path.stem for path in python_files() if is_test_module(path)}
    found = [
        f"{path.relative_to(TESTS)}:{line} imports {name}"
        for path in python_files()
        for line, name in imports_of_test_modules(path, test_modules)
    ]
    assert found == [], "shared helpers belong in tests/support/:\n" + "\n".join(found)


def test_the_import_check_finds_imports_at_any_depth(tmp_path):
    source = tmp_path / "test_x.py"
    source.write_text("def f():\n    from test_app import press\nimport reliability.test_y\n")
    assert imports_of_test_modules(source, {"test_app", "test_y"}) == [
        (2, "test_app"),
        (2, "test_app.press"),
        (3, "reliability.test_y"),
    ]


def test_helpers_live_in_support_and_tests_in_test_modules():
    """Outside tests/support/, a file is a test module or a conftest."""
    stray = [
        str(path.relative_to(TESTS))
        for path in python_files()
        if SUPPORT not in path.parents and not is_test_module(path) and path.name != "conftest.py"
    ]
    assert stray == []


def test_test_basenames_are_unique_and_test_folders_are_no_packages():
    """Test folders have no __init__.py, so pytest names each test module by its basename."""
    names = Counter(path.name for path in python_files() if is_test_module(path))
    assert [name for name, count in names.items() if count > 1] == []
    packages = [path for path in TESTS.rglob("__init__.py") if path.parent != SUPPORT]
    assert packages == []
    assert (SUPPORT / "__init__.py").is_file()
