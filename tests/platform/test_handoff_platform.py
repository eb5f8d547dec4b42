"""What the machine does for downloads and the pipe hook: a partial file that only appears
whole, the system viewer started safely, the pipe command split before it is filled, and a
command run with a time limit and its output capped."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from paperreader.platform import viewer
from paperreader.platform.command_runner import CommandNotStarted, run_command
from paperreader.platform.partial_file import PART_SUFFIX, PartialFile
from paperreader.platform.pipe_template import pipe_argv, split_template

# ---------------------------------------------------------------------- the partial file


def test_a_partial_file_appears_only_when_committed(tmp_path):
    target = tmp_path / "new" / "2610.02001.pdf"
    with PartialFile(target) as part:
        part.write(b"%PDF-1.4 first half")
        assert not target.exists()
        [temporary] = target.parent.iterdir()
        assert temporary.name.startswith(".2610.02001.pdf.")
        assert temporary.name.endswith(PART_SUFFIX)
        part.write(b" second half")
        part.commit()
    assert target.read_bytes() == b"%PDF-1.4 first half second half"
    assert list(target.parent.iterdir()) == [target]


def test_an_interrupted_partial_file_leaves_nothing_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "2610.02001.pdf"
    target.write_bytes(b"%PDF- the old one")
    with pytest.raises(RuntimeError), PartialFile(target) as part:
        part.write(b"%PDF- half of the new")
        raise RuntimeError("the connection broke")
    assert target.read_bytes() == b"%PDF- the old one"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_saved_file_has_the_mode_the_umask_gives(tmp_path):
    old = os.umask(0o022)
    try:
        with PartialFile(tmp_path / "paper.pdf") as part:
            part.write(b"%PDF-")
            part.commit()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "paper.pdf").stat().st_mode) == 0o644


# ---------------------------------------------------------------------- the viewer


class Started:
    """Stands in for subprocess.Popen: records what would have been started."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, object]]] = []

    def __call__(self, argv: list[str], **options: object) -> None:
        self.calls.append((argv, options))


def test_the_viewer_gets_the_absolute_path_as_one_argument_without_a_shell(tmp_path, monkeypatch):
    pdf = tmp_path / "-rf; echo hi.pdf"  # a name that must stay one argument, never an option
    pdf.write_bytes(b"%PDF-")
    started = Started()
    monkeypatch.setattr(subprocess, "Popen", started)
    monkeypatch.setattr(viewer, "has_display", lambda: True)
    monkeypatch.chdir(tmp_path)
    viewer.open_file(Path(pdf.name))
    [(argv, options)] = started.calls
    assert argv[-1] == str(pdf.resolve())
    assert argv[-1].startswith("/")
    assert options.get("shell") is None
    assert options["start_new_session"] is True
    assert options["stdout"] is subprocess.DEVNULL


def test_without_a_display_the_viewer_says_where_the_file_is(tmp_path, monkeypatch):
    pdf = tmp_path / "2610.02001.pdf"
    pdf.write_bytes(b"%PDF-")
    monkeypatch.setattr(viewer, "has_display", lambda: False)
    with pytest.raises(viewer.NoViewerError, match=r"no display\). The file is .*2610\.02001"):
        viewer.open_file(pdf)


def test_a_missing_file_is_not_handed_to_a_viewer(tmp_path, monkeypatch):
    started = Started()
    monkeypatch.setattr(subprocess, "Popen", started)
    with pytest.raises(viewer.NoViewerError, match="is not there"):
        viewer.open_file(tmp_path / "gone.pdf")
    assert started.calls == []


def test_the_viewer_command_per_platform(tmp_path):
    assert viewer.viewer_argv(tmp_path, "darwin") == ["open", str(tmp_path)]
    assert viewer.viewer_argv(tmp_path, "linux") == ["xdg-open", str(tmp_path)]
    assert viewer.viewer_argv(tmp_path, "win32") == ["explorer", str(tmp_path)]


def test_a_viewer_that_cannot_start_is_one_sentence_with_the_path(tmp_path, monkeypatch):
    pdf = tmp_path / "2610.02001.pdf"
    pdf.write_bytes(b"%PDF-")
    monkeypatch.setattr(viewer, "has_display", lambda: True)
    monkeypatch.setattr(viewer, "viewer_argv", lambda path: ["no-such-viewer-here", str(path)])
    with pytest.raises(viewer.NoViewerError, match=r"no-such-viewer-here: .*The file is /"):
        viewer.open_file(pdf)


# ---------------------------------------------------------------------- the pipe template

HOSTILE = {
    "title": "x'; rm -rf ~; echo '$(reboot) `id` \" {arxiv_url}",
    "arxiv_url": "https://arxiv.org/abs/2610.02001",
    "id": "2610.02001",
}


def test_fields_fill_the_arguments_they_are_written_in_and_never_split_them():
    argv = pipe_argv("papis add --from arxiv {arxiv_url} --set 'title={title}'", HOSTILE)
    assert argv == [
        "papis",
        "add",
        "--from",
        "arxiv",
        "https://arxiv.org/abs/2610.02001",
        "--set",
        "title=" + HOSTILE["title"],
    ]


def test_doubled_braces_are_literal_and_a_missing_field_is_empty():
    assert pipe_argv("echo {{id}} {id} {github_url}.", HOSTILE) == [
        "echo",
        "{id}",
        "2610.02001",
        ".",
    ]


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("", "empty"),
        ("papis add 'unbalanced", "quotation"),
        ("papis add {doi}", "{doi} is not a field"),
        ("{title} --help", "program to run cannot be a field"),
        ("sh -c 'papis add {arxiv_url}'", "shell would run the fields"),
        ("bash -lc 'echo {title}'", "shell would run the fields"),
        ("env A=1 /bin/sh -c 'echo {title}'", "shell would run the fields"),
    ],
)
def test_an_unusable_template_is_refused_with_the_reason(template, why):
    with pytest.raises(ValueError, match=why):
        split_template(template)


def test_a_shell_gets_fields_as_its_arguments():
    argv = pipe_argv("sh -c 'printf %s \"$1\"' sh {title}", HOSTILE)
    assert argv[-1] == HOSTILE["title"]
    result = run_command(argv, None, timeout=10)
    assert result.exit_code == 0
    assert result.output.decode() == HOSTILE["title"]  # printed, not run


# ---------------------------------------------------------------------- running a command

PY = sys.executable


def test_a_command_reads_its_input_and_its_first_line_and_exit_are_reported():
    script = "import sys; data = sys.stdin.read(); print(); print('got', len(data)); sys.exit(3)"
    result = run_command([PY, "-c", script], b"x" * 100_000, timeout=20)
    assert result.exit_code == 3
    assert result.first_line == "got 100000"


def test_output_is_capped_and_a_chatty_command_still_finishes():
    script = "import sys; sys.stdout.write('y' * 3_000_000)"
    result = run_command([PY, "-c", script], None, timeout=20, cap=1000)
    assert result.exit_code == 0
    assert result.output == b"y" * 1000


def test_a_command_that_runs_too_long_is_stopped():
    result = run_command([PY, "-c", "import time; print('started', flush=True); time.sleep(60)"],
                         None, timeout=0.5)  # fmt: skip
    assert result.exit_code is None
    assert result.first_line == "started"


def test_escape_sequences_in_the_output_never_reach_the_status_line():
    script = r"print('\x1b]52;c;ZXZpbA==\x07\x1b[2Jdone')"
    result = run_command([PY, "-c", script], None, timeout=20)
    assert result.first_line == "done"


def test_a_command_that_cannot_start_is_one_sentence():
    with pytest.raises(CommandNotStarted, match="no-such-program-here could not be started"):
        run_command(["no-such-program-here"], None, timeout=5)
