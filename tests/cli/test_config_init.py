"""`paperreader config init` never overwrites: an existing file is not a usage error but a
refusal, exit code 1, in one line that says how to get a fresh file."""

from __future__ import annotations

import argparse

import pytest
from support.cli import run

from paperreader.cli.main import build_parser
from paperreader.config.template import default_config_text, write_default_config
from paperreader.domain.errors import PaperReaderError, UsageError
from paperreader.platform import paths


def test_init_on_an_existing_file_exits_1_and_leaves_it_alone(capsys):
    config_path = paths.config_file()
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("# mine\n", encoding="utf-8")
    code, out, err = run(capsys, "config", "init")
    assert (code, out) == (1, "")
    assert err == (
        f"paperreader: {config_path} already exists and was left as it is; "
        "rename or delete it to write a fresh one.\n"
    )
    assert config_path.read_text(encoding="utf-8") == "# mine\n"
    with pytest.raises(PaperReaderError) as raised:
        write_default_config(config_path)
    assert not isinstance(raised.value, UsageError)


def test_init_writes_a_missing_file_and_its_help_gives_the_exit_code(capsys):
    config_path = paths.config_file()
    assert run(capsys, "config", "init") == (0, f"{config_path}\n", "")
    assert config_path.read_text(encoding="utf-8") == default_config_text()
    init = build_parser()
    for name in ("config", "init"):
        [commands] = [a for a in init._actions if isinstance(a, argparse._SubParsersAction)]
        init = commands.choices[name]
    assert "An existing file is left alone (exit code 1)." in " ".join(init.format_help().split())
