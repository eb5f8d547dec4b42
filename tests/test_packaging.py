"""The wheel: it carries the styles and the demo data, and installs and runs in a clean venv.

One test, in the default suite, about 6 s: build the wheel with pip (no build isolation when
hatchling is already installed, as in the dev venv; with it otherwise, as in CI), read its
file list, then make a fresh venv with no access to this one, install the wheel and its
dependencies from the package index into it, and run the installed program from outside the
source tree. The venv is made without a pip of its own (this one installs into it), which
saves the seconds ensurepip takes; borrowing this venv's site-packages is not needed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from paperreader import __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "paperreader"
SHIPPED = {".py", ".tcss", ".json"}


def sh(*argv: str | Path, env=None, cwd=None, timeout=180) -> str:
    result = subprocess.run(
        [str(a) for a in argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    return result.stdout


APP_SMOKE = """
import asyncio
from paperreader.service.compose import build_session
from paperreader.ui.app import PaperReaderApp

async def main():
    app = PaperReaderApp(build_session(endpoint="x", token=None, demo=True))
    async with app.run_test(size=(120, 35)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.main_screen.paper_list.visible_count
        print(shown, app.stylesheet.has_source(str(app.css_path[0])))

asyncio.run(main())
"""


def test_the_wheel_carries_its_data_and_installs_into_a_clean_venv(tmp_path, isolated_dirs):
    version = __version__

    # 1. Build.
    dist = tmp_path / "dist"
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    sh(*pip, "wheel", ROOT, "--no-deps", *isolation, "-w", dist, "-q")
    (wheel,) = dist.glob("paperreader-*.whl")
    assert wheel.name == f"paperreader-{version}-py3-none-any.whl"

    # 2. What is inside: every module, the styles, the demo data, the entry point.
    info = f"paperreader-{version}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
        licence = archive.read(f"{info}/licenses/LICENSE").decode()
    assert {"paperreader/ui/app.tcss", "paperreader/data/demo.json"} <= names
    expected = {
        f"paperreader/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*")
        if path.suffix in SHIPPED and "__pycache__" not in path.parts
    }
    assert expected <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    assert "[console_scripts]\npaperreader = paperreader.__main__:main" in entry_points
    # The metadata an index shows: the MIT licence with its text, classifiers, keywords.
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 the paperreader authors\n")
    headers = metadata.split("\n\n", 1)[0].splitlines()
    assert "License: MIT" in headers
    assert "Classifier: License :: OSI Approved :: MIT License" in headers
    assert "Classifier: Environment :: Console" in headers
    assert any(line.startswith("Keywords: ") and "hugging face" in line for line in headers)

    # 3. A clean venv (no system or dev site-packages), the wheel and its dependencies,
    # installed by this pip into it (a pip of its own would cost seconds and prove nothing).
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", venv, timeout=120)
    python = venv / "bin" / "python"
    sh(*pip, "--python", python, "install", "-q", wheel)

    # 4. Run it from outside the source tree, with nothing pointing back at it.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP"}
    }
    env |= {name: str(path) for name, path in isolated_dirs.items()}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    run = {"env": env, "cwd": tmp_path}

    where = sh(python, "-c", "import paperreader; print(paperreader.__file__)", **run)
    assert Path(where.strip()).is_relative_to(venv)
    assert sh(venv / "bin" / "paperreader", "--version", **run) == f"paperreader {version}\n"
    help_text = sh(python, "-m", "paperreader", "--help", **run)
    assert help_text.startswith("usage: paperreader")
    assert "examples:" in help_text and "paperreader --demo" in help_text
    listing = json.loads(sh(venv / "bin" / "paperreader", "list", "--demo", "--json", **run))
    assert listing["papers"] and all(paper["title"] for paper in listing["papers"])
    assert sh(venv / "bin" / "paperreader", "config", "path", **run).strip() == str(
        isolated_dirs["PAPERREADER_CONFIG"]
    )
    # The app itself starts from the wheel: its stylesheet is found and the demo is listed.
    count, styled = sh(python, "-c", APP_SMOKE, **run).split()
    assert int(count) > 0 and styled == "True"
