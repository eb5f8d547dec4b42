"""The documents say only what exists: every command the README gives parses, every key and
setting it names is one the program has, its links lead somewhere, CI runs the test command
it gives, every citation of docs/hf-api.md points at a section there, and the changelog's
release is the program's version."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from paperreader import __version__
from paperreader.cli.main import build_parser
from paperreader.config import keymap
from paperreader.config.loading import load_settings
from paperreader.config.template import default_config_text

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
HF_API = (ROOT / "docs" / "hf-api.md").read_text(encoding="utf-8")


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def section(text: str, heading: str) -> str:
    """The text under `heading` (a whole heading line), up to the next heading of any level."""
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    following = re.search(r"\n#+ ", text[start:])
    return text[start : start + following.start()] if following else text[start:]


# ------------------------------------------------------------------------------ the README


def readme_commands() -> list[list[str]]:
    """Every `paperreader ...` the README gives, in shell blocks and in inline code, as argv
    (comments, redirections and what follows a pipe left out)."""
    lines = [line for block in code_blocks(README, "sh") for line in block.splitlines()]
    lines += re.findall(r"`(paperreader[^`]*)`", README)
    lines += re.findall(r'"\$\((paperreader [^)]*)\)"', README)
    commands = []
    for line in lines:
        words = shlex.split(line, comments=True)
        if not words or words[0] != "paperreader":
            continue
        for stop in (">", "|", "2>err.log"):
            if stop in words:
                words = words[: words.index(stop)]
        commands.append(words[1:])
    return commands


def test_the_readme_gives_commands():
    commands = readme_commands()
    assert len(commands) > 20
    assert ["completion", "zsh"] in commands and ["config", "init"] in commands


@pytest.mark.parametrize("argv", readme_commands(), ids=" ".join)
def test_every_command_in_the_readme_parses(argv, capsys):
    try:
        build_parser().parse_args(argv)
    except SystemExit as exit:  # --help and --version exit 0 once they have printed
        assert exit.code == 0, capsys.readouterr().err


def test_every_key_in_the_readme_is_bound_by_default():
    defaults = {key for keys in keymap.DEFAULT_KEYS.values() for key in keys.split(",")}
    from paperreader.ui.app import PaperReaderApp

    defaults.add(PaperReaderApp.COMMAND_PALETTE_BINDING)  # Textual's: ctrl+p
    named = ("### Keys", "### Reading a paper", "### Bookmarks, tags, notes and reading state")
    quoted = "\n".join(section(README, heading) for heading in named)
    found = set(re.findall(r"`([^`\s]+)`", quoted))
    found -= {"paperreader", "tag:name", "name", "new"}  # words quoted in the text, not keys
    found = {key for key in found if not key.startswith(("/", "bookmarks.json"))}
    spelt = {key: keymap.normalise_key(key) for key in found}
    assert sorted(key for key, name in spelt.items() if name not in defaults) == []
    assert len(found) > 30


def test_the_readme_config_example_loads_without_a_problem(tmp_path):
    [example] = code_blocks(README, "toml")
    path = tmp_path / "config.toml"
    path.write_text(example, encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.keys  # the [keys] example remaps something
    template = default_config_text()
    for line in example.splitlines():
        name = line.split("=")[0].strip()
        if "=" in line and not line.startswith(("#", "[")):
            assert f"# {name} = " in template, name


def test_the_variables_the_readme_names_are_read_by_the_program():
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "src").rglob("*.py"))
    for name in set(re.findall(r"\b(?:PAPERREADER|HF|TEXTUAL)_[A-Z_]+\b", README)):
        assert f'"{name}"' in source, name


def test_the_readme_links_lead_to_files_and_sections():
    headings = {
        re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in README.splitlines()
        if line.startswith("#")
    }
    for target in re.findall(r"\]\(([^)\s]+)\)", README):
        if target.startswith("http"):
            continue
        if target.startswith("#"):
            assert target[1:] in headings, target
        else:
            assert (ROOT / target).exists(), target


def test_ci_runs_the_test_command_the_readme_gives():
    commands = section(README, "## Contributing")
    assert 'pip install -e ".[test]"\npython -m pytest\n' in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert 'python -m pip install --quiet -e ".[test]"' in ci
    assert "python -m pytest" in ci


def test_the_readme_says_things_once():
    assert README.count("pipx install") == 1
    assert README.count("paperreader completion zsh") == 2  # the fpath file, or eval
    headings = re.findall(r"^#+ .*$", README, flags=re.M)
    assert len(headings) == len(set(headings))


# ------------------------------------------------------------------------- docs/hf-api.md


def hf_api_sections() -> set[str]:
    """The section numbers of docs/hf-api.md: headings ("3", "3.1") and numbered items of a
    numbered section ("8.2": quirk 2 of section 8)."""
    numbers = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)[. ]", HF_API, flags=re.M))
    for number in [n for n in numbers if "." not in n]:
        body = re.split(rf"^## {number}\. .*$", HF_API, flags=re.M)[1].split("\n## ")[0]
        numbers |= {f"{number}.{item}" for item in re.findall(r"^(\d+)\. ", body, flags=re.M)}
    return numbers


CITATION = re.compile(r"hf-api(?:\.md)?\s+(?:sections?\s+)?(\d+(?:\.\d+)?)(?:\s+and\s+(\d+))?")


def citations() -> list[tuple[str, str]]:
    """(file, section) for every citation of docs/hf-api.md in the code, tests and docs."""
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    files += [*(ROOT / "docs").glob("*.md"), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    found = []
    for path in files:
        text = re.sub(r"\s*#\s*", " ", path.read_text("utf-8"))  # citations split over comments
        for match in CITATION.finditer(text):
            found += [(path.name, number) for number in match.groups() if number]
    return found


def test_every_citation_of_hf_api_points_at_a_section():
    found = citations()
    assert len(found) >= 10
    sections = hf_api_sections()
    assert {"1", "3.1", "3.3", "5", "8", "8.2"} <= sections
    inside = re.findall(r"§(\d+(?:\.\d+)?)", HF_API)
    missing = [cited for cited in found if cited[1] not in sections]
    missing += [("hf-api.md", number) for number in inside if number not in sections]
    assert missing == []


def test_the_endpoints_cited_are_the_ones_hf_api_lists():
    listed = set(re.findall(r"^\| (E\d) \|", HF_API, flags=re.M))
    assert {"E1", "E2", "E3", "E4", "E6"} <= listed
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        text = path.read_text("utf-8")
        if "hf-api" in text:
            assert set(re.findall(r"\bE\d\b", text)) <= listed, path.name


def test_hf_api_names_what_the_code_has():
    from paperreader.domain import ids
    from paperreader.formats import hub_extras
    from paperreader.sources import hub

    assert f"always `{hub.PAGE_SIZE}` (`PAGE_SIZE`)" in HF_API
    assert f"always `{hub.SEARCH_LIMIT}` (`SEARCH_LIMIT`)" in HF_API
    assert f"{hub.MAX_PAGES} pages have been read\n(`MAX_PAGES`" in HF_API
    assert ids.PAPER_ID.pattern == r"\A(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?/\d{7})\Z"
    assert "(`PAPER_ID`)" in HF_API
    assert hub_extras.REPO_ID and "(`REPO_ID`" in HF_API
    modules = re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", section(HF_API, "Where the code is:"))
    assert len(modules) >= 8
    for module in modules:
        assert (ROOT / "src" / "paperreader" / module).is_file(), module


# ------------------------------------------------------------------------------ CHANGELOG


def test_the_changelog_releases_the_programs_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## \[(.+?)\](?: - (\d{4}-\d{2}-\d{2}))?$", changelog, flags=re.M)
    assert first is not None and first.group(1) == __version__ and first.group(2)
