"""Every completion route the README gives works in the real shell: the script is installed
the way the README says (a file where the shell looks, or `eval`/`source` in its rc file),
the shell loads it by itself, and completing `paperreader ...` offers what the parser has.

A shell that is not installed is skipped with its reason (see it with `pytest -ra`); bash
is always there, and `.ci/run` installs zsh, fish and bash-completion where it can. Where it
did, it sets PAPERREADER_REQUIRE_SHELLS, and a missing shell fails instead of skipping: CI
never passes with these tests left unrun.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest
from support.cli import run

BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")

# (the words typed after `paperreader`, with the last one being completed; what is offered)
CASES = [
    (["con"], ["config"]),
    (["config", ""], ["init", "path"]),
    (["bookmarks", "export", "--format", ""], ["bibtex", "csv", "json", "markdown", "ris"]),
    (["--week", "2026-W10", "list", "--js"], ["--json"]),
    (["completion", ""], ["bash", "fish", "zsh"]),
]


def script(capsys, shell: str) -> str:
    code, out, err = run(capsys, "completion", shell)
    assert (code, err) == (0, "")
    return out


def missing(what: str) -> NoReturn:
    """Skip for want of `what`, or fail where the shells are required (`.ci/run`)."""
    if os.environ.get("PAPERREADER_REQUIRE_SHELLS"):
        pytest.fail(f"{what} is not installed, and PAPERREADER_REQUIRE_SHELLS is set")
    pytest.skip(f"{what} is not installed")


def shell_or_skip(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(name)
    return path


END = "--end--"
"""Printed after each completion, so one shell process answers every case."""


def offers(argv: list[str], program: str, env: dict[str, str] | None = None) -> list[list[str]]:
    """What each completion in `program` offered (fish adds a tab and a description)."""
    result = subprocess.run([*argv, program], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    answers = result.stdout.split(f"{END}\n")
    assert answers[-1] == "", result.stdout  # every case answered
    return [sorted(line.split("\t")[0] for line in a.splitlines() if line) for a in answers[:-1]]


def quoted(words: list[str]) -> str:
    return " ".join(f"'{word}'" for word in words)


WORDS = [words for words, _ in CASES]
OFFERED = [offered for _, offered in CASES]


# ------------------------------------------------------------------------------------ bash

BASH_ASK = """
COMP_WORDS=(paperreader {words}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); COMPREPLY=()
COMP_LINE="${{COMP_WORDS[*]}}"; COMP_POINT=${{#COMP_LINE}}
spec=$(complete -p paperreader) || exit 3; function=${{spec##* -F }}; function=${{function%% *}}
"$function" paperreader
printf '%s\\n' "${{COMPREPLY[@]}}" "{end}"
"""


def bash_offers(setup: str, cases: list[list[str]], env=None) -> list[list[str]]:
    asks = "".join(BASH_ASK.format(words=quoted(words), end=END) for words in cases)
    return offers([shell_or_skip("bash"), "--norc", "--noprofile", "-c"], setup + asks, env)


def test_bash_eval_in_bashrc(capsys):
    setup = f"eval \"$(cat <<'EOF'\n{script(capsys, 'bash')}EOF\n)\"\n"
    assert bash_offers(setup, WORDS) == OFFERED


def test_bash_completion_file_is_loaded_on_demand(capsys, tmp_path):
    if not BASH_COMPLETION.exists():
        missing("bash-completion")
    # The README's route: ~/.local/share/bash-completion/completions/paperreader.
    home = tmp_path / "home"
    target = home / ".local/share/bash-completion/completions/paperreader"
    target.parent.mkdir(parents=True)
    target.write_text(script(capsys, "bash"), encoding="utf-8")
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    setup = f"shopt -s extglob progcomp; . {BASH_COMPLETION}\n_completion_loader paperreader\n"
    assert bash_offers(setup, WORDS, env) == OFFERED


# ------------------------------------------------------------------------------------- zsh

# compadd is zsh's builtin that offers candidates; outside a completion widget it cannot
# run, so a function of the same name (functions come first) prints what it was given that
# starts with the word being completed, as zsh's own matching would keep (and, as it does,
# fails when nothing is kept).
ZSH_ASK = """
words=(paperreader {words}); CURRENT=${{#words}}
$_comps[paperreader]
print -- "{end}"
"""

ZSH_STUBS = """
compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift
    local -a kept=(${(M)@:#${words[CURRENT]}*}); print -l -- $kept; (( $#kept )); }
_files() { print -- "<files>"; }
"""


def zsh_offers(setup: str, cases: list[list[str]]) -> list[list[str]]:
    asks = "".join(ZSH_ASK.format(words=quoted(words), end=END) for words in cases)
    return offers([shell_or_skip("zsh"), "-f", "-c"], setup + ZSH_STUBS + asks)


def test_zsh_file_in_fpath_is_found_by_compinit(capsys, tmp_path):
    # The README's route: paperreader completion zsh > "${fpath[1]}/_paperreader".
    (tmp_path / "_paperreader").write_text(script(capsys, "zsh"), encoding="utf-8")
    setup = (
        f"fpath=({tmp_path} $fpath); autoload -U compinit; compinit -u -D\n"
        '[[ $_comps[paperreader] == _paperreader ]] || { print "not registered"; exit 1; }\n'
    )
    files = [["bookmarks", "import", ""]]
    assert zsh_offers(setup, WORDS + files) == [*OFFERED, ["<files>"]]


def test_zsh_eval_in_zshrc(capsys):
    text = script(capsys, "zsh")
    setup = f"autoload -U compinit; compinit -u -D\neval \"$(cat <<'EOF'\n{text}EOF\n)\"\n"
    assert zsh_offers(setup, WORDS) == OFFERED


def test_zsh_eval_loads_compinit_when_the_zshrc_did_not(capsys):
    setup = f"eval \"$(cat <<'EOF'\n{script(capsys, 'zsh')}EOF\n)\"\n"
    assert zsh_offers(setup, [["config", ""]]) == [["init", "path"]]


# ------------------------------------------------------------------------------------ fish


def fish_offers(setup: str, cases: list[list[str]]) -> list[list[str]]:
    """What fish completes for each case. The `paperreader` installed beside this Python is
    put first on PATH, as installing puts it: fish autoloads a command's completion file only
    for a command it can find."""
    lines = [" ".join(["paperreader", *words]) for words in cases]
    asks = "".join(f"\ncomplete -C '{line}'; echo '{END}'" for line in lines)
    scripts = Path(sys.executable).parent
    assert (scripts / "paperreader").exists(), f"paperreader is not installed in {scripts}"
    env = {**os.environ, "PATH": os.pathsep.join([str(scripts), os.environ.get("PATH", "")])}
    return offers([shell_or_skip("fish"), "--no-config", "-c"], setup + asks, env)


def test_fish_completion_file_is_autoloaded(capsys, tmp_path):
    # The README's route: paperreader completion fish > ~/.config/fish/completions/...
    (tmp_path / "paperreader.fish").write_text(script(capsys, "fish"), encoding="utf-8")
    setup = f"set -g fish_complete_path {tmp_path} $fish_complete_path"
    assert fish_offers(setup, WORDS) == OFFERED


def test_fish_source(tmp_path, capsys):
    (tmp_path / "pr.fish").write_text(script(capsys, "fish"), encoding="utf-8")
    assert fish_offers(f"source {tmp_path / 'pr.fish'}", [["config", ""]]) == [["init", "path"]]
