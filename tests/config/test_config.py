"""The config file: parsing, every kind of bad value, precedence, the commented default that
`config init` writes, and `config path`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support.apps import write_config
from support.cli import run

from paperreader.config import keymap
from paperreader.config.config_file import ConfigProblem
from paperreader.config.loading import load_settings
from paperreader.config.settings import CacheLifetimes, Settings
from paperreader.config.template import default_config_text
from paperreader.config.toml_lines import nesting_line

VALID = """\
# my settings
default_tab = "weekly"
sort = "newest"
endpoint = "http://127.0.0.1:8765/"
theme = "nord"
hide_read = true
browser = "w3m %s"
clipboard = "osc52"

[ttl]
today_minutes = 5
past_days_hours = 48
search_minutes = 30
trending_minutes = 2

[keys]
filter = "ctrl+f"
"period.previous" = ","
list.down = ["down", "e"]
"""

VALID_SETTINGS = Settings(
    default_tab="weekly",
    sort="newest",
    endpoint="http://127.0.0.1:8765",
    theme="nord",
    hide_read=True,
    browser="w3m %s",
    clipboard="osc52",
    ttl=CacheLifetimes(today_minutes=5, past_days_hours=48, search_minutes=30, trending_minutes=2),
    keys={"filter": "ctrl+f", "period.previous": "comma", "list.down": "down,e"},
)


# ------------------------------------------------------------------------------ loading


def test_no_file_means_defaults_and_no_problems(config_path):
    assert not config_path.exists()
    assert load_settings() == (Settings(), [])


def test_a_valid_file_sets_everything(config_path):
    write_config(VALID)
    settings, problems = load_settings()
    assert problems == []
    assert settings == VALID_SETTINGS
    assert settings.key_map["filter"] == "ctrl+f"
    assert settings.key_map["sort"] == "s"
    assert settings.ttl.today_seconds == 300
    assert settings.ttl.past_days_seconds == 48 * 3600


def test_the_environment_variable_names_the_file(tmp_path, config_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('sort = "title"\n', encoding="utf-8")
    write_config('sort = "comments"\n')
    assert load_settings(env={"PAPERREADER_CONFIG": str(other)})[0].sort == "title"
    assert load_settings()[0].sort == "comments"
    assert load_settings(other)[0].sort == "title"


# One bad line after two good ones; (the bad line, the dotted key, what the message says).
INVALID = [
    ('sort = "popular"', "sort", 'is not one of upvotes, newest, title, comments; using "upvotes"'),
    ("sort = 3", "sort", "is not one of"),
    ('default_tab = "search"', "default_tab", "is not one of daily, weekly, monthly"),
    ('hide_read = "yes"', "hide_read", 'hide_read = "yes" is not true or false; using false'),
    ('theme = "solarised"', "theme", "is not a built-in theme (textual-dark, "),
    ('endpoint = "ftp://example.org"', "endpoint", "is not an http(s) URL; using the default"),
    ('browser = "firefox \'unclosed"', "browser", "is not a command (No closing quotation)"),
    ('browser = "  "', "browser", "is not a command (the command is empty)"),
    ('clipboard = "xclip"', "clipboard", "is not one of auto, system, osc52"),
    ("ttl = 5", "ttl", "ttl = 5 is not a table; using the default lifetimes"),
    ("keys = []", "keys", "keys = [] is not a table; using the default keys"),
    ("[ttl]\ntoday_minutes = 0", "ttl.today_minutes", "is out of range (1 to 1440); using 15"),
    ("[ttl]\nsearch_minutes = 1e9", "ttl.search_minutes", "is not a whole number; using 60"),
    ("[ttl]\npast_days_hours = true", "ttl.past_days_hours", "is not a whole number"),
    ('[keys]\nflter = "ctrl+f"', "keys.flter", 'did you mean "filter"?'),
    ('[keys]\nfilter = "ctrl+"', "keys.filter", "is not a key (a modifier without a key)"),
    ("[keys]\nfilter = 7", "keys.filter", "is not a key string; using /"),
    ('[keys]\nfilter = "s"', "keys.filter", "s is the default key of sort; using /"),
    ('[keys]\n"list.down" = "k"', "keys.list.down", "k is the default key of list.up"),
]


@pytest.mark.parametrize(("bad", "key", "says"), INVALID, ids=[case[1] for case in INVALID])
def test_each_bad_value_is_reported_and_falls_back_alone(config_path, bad, key, says):
    # Two good values around the bad one (never the same setting twice: that is bad TOML).
    head = '# comment\nclipboard = "system"\n' if key != "clipboard" else "#\nhide_read = true\n"
    tail = '\n[keys]\nrefresh = "f5"\n' if not bad.startswith("[keys]") else '\nrefresh = "f5"\n'
    if key == "keys":
        tail = "\n"
    write_config(head + bad + tail)
    settings, problems = load_settings()

    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.key == key
    assert problem.path == config_path
    bad_line = 3 + bad.count("\n")  # the offending key's own line, not its table's
    assert problem.line == bad_line
    assert str(problem).startswith(f"{config_path} line {bad_line}: ")
    assert says in str(problem)
    assert str(problem).endswith(".")
    # The good values around it are kept; the bad one is its default.
    assert settings.clipboard == "system" or (key == "clipboard" and settings.hide_read)
    assert settings.keys.get("refresh") == "f5" or key == "keys"
    field = key.split(".")[0]
    if field == "ttl":
        assert settings.ttl == CacheLifetimes()
    elif field == "keys":
        assert set(settings.keys) <= {"refresh"}
    elif field != "clipboard":
        assert getattr(settings, field) == getattr(Settings(), field)


def test_the_message_names_file_line_key_and_fallback(config_path):
    write_config('hide_read = true\n\n\n\n\n\nsort = "popular"\n')
    settings, problems = load_settings()
    assert [str(p) for p in problems] == [
        f'{config_path} line 7: sort = "popular" is not one of upvotes, newest, title, '
        'comments; using "upvotes".'
    ]
    assert problems[0] == ConfigProblem(config_path, 7, "sort", problems[0].message)
    assert settings == Settings(hide_read=True)


def test_a_toml_syntax_error_is_one_problem_and_all_defaults(config_path):
    write_config('sort = "title"\nhide_read = true\ntheme = "nord\n')
    settings, problems = load_settings()
    assert settings == Settings()
    assert len(problems) == 1
    assert problems[0].line == 3 and problems[0].key == ""
    assert "not valid TOML" in str(problems[0])
    assert "using the defaults for every setting" in str(problems[0])
    assert str(problems[0]).startswith(f"{config_path} line 3: ")


def test_the_nesting_line_skips_strings_and_comments():
    text = 'a = "[[[[\\"[["\nb = \'[[[[\'  # [[[[\nc = """\n[[[[\n"""\nd = [[[\n[1]]]]\n'
    assert nesting_line(text, 3) == 7
    assert nesting_line(text, 4) is None


@pytest.mark.parametrize("opening", ["[", "{ a = "], ids=["arrays", "inline-tables"])
def test_a_value_nested_beyond_reading_is_one_problem_naming_its_line(config_path, opening):
    closing = "]" if opening == "[" else "}"
    nested = opening * 500 + "1" * (opening != "[") + closing * 500
    write_config(f'hide_read = true\n\nsort = {nested}\ntheme = "nord"\n')
    settings, problems = load_settings()
    assert settings == Settings()
    [problem] = problems
    assert str(problem) == (
        f"{config_path} line 3: nested too deeply to read; using the defaults for every setting."
    )


@pytest.mark.parametrize(
    "text",
    [
        "sort = " + "[" * 60 + "]" * 60,
        "x = " + "[" * 300 + "]" * 300,
        "[keys]\n" + "a." * 300 + 'b = "j"',
        "[ttl]\n" + "x." * 300 + "y = 1",
    ],
    ids=["a-setting", "an-unknown-one", "keys", "ttl"],
)
def test_a_value_nested_deeper_than_any_setting_is_ignored_alone(config_path, text):
    write_config("hide_read = true\n" + text + "\n")
    settings, problems = load_settings()
    assert settings == Settings(hide_read=True)
    [problem] = problems
    assert problem.line == 2
    assert "nested too deeply" in problem.message
    assert len(str(problem)) < 200


def test_an_unreadable_file_is_one_problem(config_path):
    config_path.mkdir(parents=True)  # a directory where the file should be
    settings, problems = load_settings()
    assert settings == Settings()
    assert len(problems) == 1 and "cannot be read" in str(problems[0])
    config_path.rmdir()
    config_path.write_bytes(b'sort = "\xff"\n')
    assert "not UTF-8" in str(load_settings()[1][0])


def test_unknown_settings_are_reported_and_ignored(config_path):
    write_config(
        'them = "nord"\nsort = "title"\ncolour = "red"\n[ttl]\ntoday_minute = 5\n[extra]\nx = 1\n',
    )
    settings, problems = load_settings()
    assert settings == Settings(sort="title")
    assert [(p.key, p.line) for p in problems] == [
        ("them", 1),
        ("colour", 3),
        ("extra", 6),
        ("ttl.today_minute", 5),
    ]
    messages = [p.message for p in problems]
    assert messages[0] == 'unknown setting them = "nord" ignored (did you mean "theme"?).'
    assert messages[1] == 'unknown setting colour = "red" ignored.'
    assert messages[3].endswith('ignored (did you mean "today_minutes"?).')


def test_several_problems_each_fall_back_alone(config_path):
    write_config(
        'sort = "popular"\ntheme = "dracula"\nhide_read = 1\n[ttl]\nsearch_minutes = 0\n'
        'trending_minutes = 3\n[keys]\nbookmark = "B"\nnope = "z"\n',
    )
    settings, problems = load_settings()
    assert [(p.key, p.line) for p in problems] == [
        ("sort", 1),
        ("hide_read", 3),
        ("ttl.search_minutes", 5),
        ("keys.nope", 9),
    ]
    assert settings == Settings(
        theme="dracula", ttl=CacheLifetimes(trending_minutes=3), keys={"bookmark": "B"}
    )


def test_key_tables_may_be_dotted_nested_or_quoted(config_path):
    write_config(
        '[keys]\n"copy.menu" = "C"\nperiod.next = "]"\n[keys.list]\nup = "up,i"\nbogus = "z"\n',
    )
    settings, problems = load_settings()
    # period.next = "]" is the default: it is not a remap at all.
    assert settings.keys == {"copy.menu": "C", "list.up": "up,i"}
    assert [(p.key, p.line) for p in problems] == [("keys.list.bogus", 6)]


def test_swapping_two_keys_is_not_a_clash(config_path):
    write_config('[keys]\nfilter = "s"\nsort = "/"\n')
    settings, problems = load_settings()
    assert problems == []
    assert settings.keys == {"filter": "s", "sort": "slash"}


def test_a_key_may_repeat_across_scopes_but_not_within_one(config_path):
    write_config('[keys]\n"menu.down" = "n"\nrefresh = "ctrl+r"\nbookmark = "ctrl+r"\n')
    settings, problems = load_settings()
    assert settings.keys == {"menu.down": "n", "refresh": "ctrl+r"}  # n: note, on the main
    assert len(problems) == 1 and problems[0].key == "keys.bookmark"
    assert "ctrl+r is also the key of refresh; using b." in problems[0].message


# ---------------------------------------------------------------------------- precedence


def test_endpoint_precedence_is_flag_then_env_then_file_then_default(config_path):
    assert load_settings(env={})[0].hub_endpoint() == "https://huggingface.co"
    write_config('endpoint = "https://mirror.example/"\n')
    env = {"PAPERREADER_CONFIG": str(config_path)}
    assert load_settings(env=env)[0].hub_endpoint() == "https://mirror.example"
    settings = load_settings(env={**env, "HF_ENDPOINT": "http://env.example/"})[0]
    assert settings.hub_endpoint() == "http://env.example"
    assert settings.hub_endpoint("http://flag.example/") == "http://flag.example"


def test_textual_theme_beats_the_file_when_it_names_a_theme(config_path):
    write_config('theme = "nord"\n')
    env = {"PAPERREADER_CONFIG": str(config_path)}
    assert load_settings(env=env)[0].theme == "nord"
    assert load_settings(env={**env, "TEXTUAL_THEME": "dracula"})[0].theme == "dracula"
    assert load_settings(env={**env, "TEXTUAL_THEME": "no-such"})[0].theme == "nord"
    assert load_settings(env={"TEXTUAL_THEME": "gruvbox"})[0].theme == "gruvbox"


# ------------------------------------------------------------------ the commented default


def test_config_init_writes_the_commented_default_which_loads_as_defaults(capsys, config_path):
    code, out, err = run(capsys, "config", "init")
    assert (code, out, err) == (0, f"{config_path}\n", "")
    assert config_path.read_text(encoding="utf-8") == default_config_text()
    assert load_settings() == (Settings(), [])
    # Every setting and every binding id is in it, with its explanation.
    for setting in ("default_tab", "sort", "endpoint", "theme", "hide_read", "browser"):
        assert f"\n# {setting} = " in default_config_text()
    for name in ("clipboard", "today_minutes", "past_days_hours", "search_minutes"):
        assert f"\n# {name} = " in default_config_text()
    for binding_id, description in keymap.ACTIONS.items():
        quoted = f'"{binding_id}"' if "." in binding_id else binding_id
        keys_section = default_config_text().split("\n[keys]\n")[1].splitlines()
        line = next(x for x in keys_section if x.startswith(f"# {quoted} = "))
        assert line.endswith(f"# {description}")


def test_uncommenting_every_line_of_the_default_changes_nothing_but_the_examples(config_path):
    lines = []
    for line in default_config_text().splitlines():
        if line.startswith("# ") and " = " in line.split("#")[1]:
            line = line[2:]
        lines.append(line)
    write_config("\n".join(lines))
    settings, problems = load_settings()
    assert problems == []
    # endpoint, theme, browser, downloads_dir and pipe_command show the built-in behaviour or
    # an example, not None.
    assert settings == Settings()._replace(
        endpoint="https://huggingface.co",
        theme="textual-dark",
        browser="firefox --new-tab %s",
        downloads_dir="~/Papers",
        pipe_command="papis add --from arxiv {arxiv_url}",
    )


def test_config_path_honours_the_environment(capsys, tmp_path, monkeypatch, config_path):
    code, out, err = run(capsys, "config", "path")
    assert (code, out) == (0, f"{config_path}\n")
    assert "config init" in err  # it does not exist yet
    other = tmp_path / "other.toml"
    monkeypatch.setenv("PAPERREADER_CONFIG", str(other))
    other.write_text("", encoding="utf-8")
    assert run(capsys, "config", "path") == (0, f"{other}\n", "")


def test_config_module_does_not_import_textual():
    code = (
        "import sys; import paperreader.config.settings, paperreader.config.loading, "
        "paperreader.config.template, paperreader.config.theme_saving, "
        "paperreader.config.keymap, paperreader.cli.config; "
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert result.stdout.strip() == "False"
