"""The settings of downloads and the pipe hook: read from the file, a bad value reported on
its line and replaced by its default, and every one in the file `config init` writes."""

from __future__ import annotations

import tomllib

from paperreader.config.loading import load_settings
from paperreader.config.template import default_config_text


def write(config_path, text: str) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(text, encoding="utf-8")


def test_the_handoff_settings_are_read(config_path):
    write(
        config_path,
        'downloads_dir = "~/Papers"\n'
        'pipe_command = "papis add --from arxiv {arxiv_url}"\n'
        'pipe_format = "BibTeX"\n',
    )
    settings, problems = load_settings()
    assert problems == []
    assert settings.downloads_dir == "~/Papers"
    assert settings.pipe_command == "papis add --from arxiv {arxiv_url}"
    assert settings.pipe_format == "bibtex"


def test_unusable_values_are_reported_on_their_line_and_fall_back(config_path):
    write(
        config_path,
        "# handoff\n"
        "pipe_command = \"sh -c 'papis add {arxiv_url}'\"\n"
        'pipe_format = "yaml"\n'
        'downloads_dir = ""\n',
    )
    settings, problems = load_settings()
    assert (settings.pipe_command, settings.pipe_format, settings.downloads_dir) == (
        None,
        "json",
        None,
    )
    by_key = {problem.key: problem for problem in problems}
    assert by_key["pipe_command"].line == 2
    assert "a shell would run the fields in its script" in by_key["pipe_command"].message
    assert by_key["pipe_format"].line == 3
    assert "json, bibtex, markdown, none" in by_key["pipe_format"].message
    assert by_key["downloads_dir"].line == 4


def test_config_init_documents_the_handoff_settings_with_their_keys():
    text = default_config_text()
    assert "# Where D saves PDFs" in text
    assert "# The command | hands the selected paper to" in text
    assert "{arxiv_url}" in text
    for line in (
        '# downloads_dir = "~/Papers"',
        '# pipe_command = "papis add --from arxiv {arxiv_url}"',
        '# pipe_format = "json"',
    ):
        assert line in text
        tomllib.loads(line.removeprefix("# "))  # uncommented, each line is valid TOML
    assert '# "pdf.download" = "D"' in text
    assert '# pipe = "|"' in text
