"""Saving the palette's theme choice into the config file: only the theme line changes,
byte for byte, whatever the file looks like."""

from __future__ import annotations

import pytest
from support.apps import write_config

from paperreader.config.loading import load_settings
from paperreader.config.settings import Settings
from paperreader.config.template import default_config_text, write_default_config
from paperreader.config.theme_saving import save_theme
from paperreader.domain.errors import StorageError, UsageError

USER_FILE = """\
# My paperreader settings.   Trailing spaces stay:\x20\x20
sort = "title"   # I like titles
theme = 'nord'   # chosen in the palette

[ttl]
today_minutes = 5
[keys]
theme = "z"
"""


def test_save_theme_changes_only_the_theme_value(config_path):
    write_config(USER_FILE)
    save_theme("dracula", config_path)
    after = config_path.read_text(encoding="utf-8")
    assert after == USER_FILE.replace("theme = 'nord'", 'theme = "dracula"')
    assert load_settings()[0].theme == "dracula"
    assert list(config_path.parent.iterdir()) == [config_path]  # no temporary file left


def test_save_theme_adds_the_line_among_the_top_level_settings(config_path):
    original = 'sort = "title"\r\n\r\n# lifetimes\r\n[ttl]\r\ntoday_minutes = 5\r\n'
    config_path.parent.mkdir(parents=True)
    config_path.write_bytes(original.encode())
    save_theme("gruvbox", config_path)
    expected = 'sort = "title"\r\n\r\n# lifetimes\r\ntheme = "gruvbox"\r\n[ttl]\r\n'
    assert config_path.read_bytes() == (expected + "today_minutes = 5\r\n").encode()
    settings, problems = load_settings()
    assert problems == [] and settings.theme == "gruvbox" and settings.ttl.today_minutes == 5


def test_save_theme_appends_to_a_file_without_tables_or_final_newline(config_path):
    write_config('# just this\nsort = "title"')
    save_theme("monokai", config_path)
    assert config_path.read_text() == '# just this\nsort = "title"\ntheme = "monokai"\n'


def test_save_theme_goes_under_the_commented_line_of_the_default_file(config_path):
    write_default_config(config_path)
    save_theme("flexoki")
    text = config_path.read_text(encoding="utf-8")
    assert '# theme = "textual-dark"\ntheme = "flexoki"\n' in text
    assert text.replace('theme = "flexoki"\n', "", 1) == default_config_text()
    assert load_settings() == (Settings(theme="flexoki"), [])
    save_theme("nord")  # a second save rewrites the same line
    assert config_path.read_text(encoding="utf-8").count("\ntheme = ") == 1
    assert load_settings()[0].theme == "nord"


def test_save_theme_creates_the_file_when_there_is_none(config_path):
    assert save_theme("rose-pine") == config_path
    assert config_path.read_text() == 'theme = "rose-pine"\n'


def test_save_theme_keeps_permissions_and_symlinks(tmp_path, config_path):
    real = tmp_path / "dotfiles" / "paperreader.toml"
    real.parent.mkdir()
    real.write_text('sort = "title"\n', encoding="utf-8")
    real.chmod(0o600)
    config_path.parent.mkdir(parents=True)
    config_path.symlink_to(real)
    save_theme("nord")
    assert config_path.is_symlink()
    assert real.read_text() == 'sort = "title"\ntheme = "nord"\n'
    assert real.stat().st_mode & 0o777 == 0o600


def test_save_theme_leaves_a_broken_or_unknown_case_alone(config_path):
    write_config('sort = "title\n')
    with pytest.raises(StorageError, match="not valid TOML"):
        save_theme("nord")
    assert config_path.read_text() == 'sort = "title\n'
    with pytest.raises(UsageError):
        save_theme("no-such-theme")
    write_config('theme = """nord"""\n')  # a form the line edit does not handle
    with pytest.raises(StorageError, match="left as it is"):
        save_theme("dracula")
    assert config_path.read_text() == 'theme = """nord"""\n'
