"""The config file, the key map and theme saving: parsing, every kind of bad value, precedence,
the commented default, byte-exact theme saving, and the CLI commands that show them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from support.apps import demo_app
from support.cli import run

from paperreader.config import key_table, keymap
from paperreader.config.loading import ConfigProblem, load_settings
from paperreader.config.settings import THEMES, CacheLifetimes, Settings
from paperreader.config.template import default_config_text, write_default_config
from paperreader.config.theme_saving import save_theme
from paperreader.domain.errors import StorageError, UsageError
from paperreader.platform.browser_command import browser_argv
from paperreader.platform.opener import NoBrowserError, open_url


@pytest.fixture
def config_path(isolated_dirs) -> Path:
    """The config file the isolated environment points at (not created)."""
    return Path(isolated_dirs["PAPERREADER_CONFIG"])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


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


# ------------------------------------------------------------------- Textual agreement


def test_theme_names_are_textuals_builtin_themes():
    from textual.theme import BUILTIN_THEMES

    assert tuple(BUILTIN_THEMES) == THEMES


def test_key_spelling_agrees_with_textual():
    from textual.keys import _character_to_key, _normalize_key_list

    for code in [*range(0x21, 0x7F), 0xE9, 0x3B1, 0x2603]:
        assert keymap.character_key(chr(code)) == _character_to_key(chr(code))
    for keys in ("ctrl+f", "/", "down,j", "f5", "shift+tab", "?", "ctrl+d,pagedown", "["):
        assert keymap.normalise_keys(keys) == _normalize_key_list(keys)


def ui_classes_declaring_bindings() -> list[type]:
    """Every class in `paperreader.ui` with a `BINDINGS` of its own (not inherited)."""
    import importlib
    import inspect
    import pkgutil

    import paperreader.ui

    found = []
    for info in pkgutil.walk_packages(paperreader.ui.__path__, "paperreader.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                found.append(cls)
    return found


def test_keymap_table_is_exactly_the_apps_bindings():
    """Every binding in the UI comes from the key table, with the key, action and labels it
    gives; each scope is one class's BINDINGS, and every entry of the table is bound."""
    from textual.binding import Binding

    from paperreader.ui.screens.discussion import DiscussionScreen
    from paperreader.ui.screens.help import HelpScreen
    from paperreader.ui.screens.main import MainScreen
    from paperreader.ui.screens.menu import MenuScreen
    from paperreader.ui.screens.note import NoteScreen
    from paperreader.ui.screens.prompt import PromptScreen
    from paperreader.ui.screens.reader import ReaderScreen
    from paperreader.ui.widgets.paper_detail import PaperDetail
    from paperreader.ui.widgets.paper_list import PaperList
    from paperreader.ui.widgets.rich_pane import RichPane

    owners = {
        "main": MainScreen,
        "list": PaperList,
        "detail": PaperDetail,
        "pane": RichPane,
        "help": HelpScreen,
        "menu": MenuScreen,
        "note": NoteScreen,
        "prompt": PromptScreen,
        "reader": ReaderScreen,
        "discussion": DiscussionScreen,
    }
    assert set(owners) == set(key_table.SCOPES)
    # No class binds a key of its own: each that declares BINDINGS is one scope's owner.
    assert sorted(map(str, ui_classes_declaring_bindings())) == sorted(map(str, owners.values()))
    by_id = {spec.id: spec for spec in key_table.BINDINGS}
    seen = []
    for scope, owner in owners.items():
        declared = vars(owner)["BINDINGS"]
        assert [binding.id for binding in declared] == [s.id for s in keymap.specs(scope)]
        for binding in declared:
            assert isinstance(binding, Binding)
            assert binding.id is not None, (owner, binding)
            spec = by_id[binding.id]
            seen.append(binding.id)
            assert (spec.scope, spec.key, spec.action, spec.description) == (
                scope,
                binding.key,
                binding.action,
                binding.description,
            ), binding.id
            assert (spec.tooltip or "", spec.show) == (binding.tooltip, binding.show), binding.id
    assert sorted(seen) == sorted(keymap.ACTIONS)
    assert list(keymap.DEFAULT_KEYS) == list(keymap.ACTIONS)
    assert all(keymap.ACTIONS.values())


def test_the_key_table_has_each_id_once_and_each_key_once_per_scope():
    ids = [spec.id for spec in key_table.BINDINGS]
    assert len(ids) == len(set(ids))
    for scope in key_table.SCOPES:
        keys = [key for spec in keymap.specs(scope) for key in spec.key.split(",")]
        assert len(keys) == len(set(keys)), scope
        assert keys, scope
    # Each default is already in Textual's spelling, so a remap compares equal to it.
    for spec in key_table.BINDINGS:
        assert keymap.normalise_keys(spec.key) == spec.key, spec.id


def test_a_hint_names_the_key_in_force():
    defaults = keymap.DEFAULT_KEYS
    assert keymap.hint("Press {refresh} to try again.", defaults) == "Press r to try again."
    assert keymap.hint("Press {period.previous} for the one before.", defaults) == (
        "Press [ for the one before."
    )
    assert keymap.hint("{note.save} saves · {note.cancel} cancels", defaults) == (
        "ctrl+s saves · esc cancels"
    )
    # Of several keys the first is named; a remap is named as people read it.
    assert keymap.hint("{help.close} to close", defaults) == "esc to close"
    remapped = keymap.effective_keys({"refresh": "f5,r", "reader.next": "right_square_bracket"})
    assert keymap.hint("Press {refresh} to try again.", remapped) == "Press f5 to try again."
    assert keymap.hint("{reader.next}/{reader.previous}", remapped) == "]/N"
    # Text without a placeholder stays as it is; an id outside the table is a mistake.
    assert keymap.hint("No {braces here}, 100% plain.", defaults) == "No {braces here}, 100% plain."
    with pytest.raises(KeyError):
        keymap.hint("Press {no.such.binding}", defaults)


@pytest.mark.parametrize(
    ("typed", "textual"),
    [
        ("ctrl+/", "ctrl+slash"),
        ("Esc", "escape"),
        ("PgDn", "pagedown"),
        ("ctrl+shift+f", "ctrl+shift+f"),
        ("+", "plus"),
        ("ctrl++", "ctrl+plus"),
        (" j , down ", "j,down"),
        ("question_mark", "question_mark"),
        ("F12", "f12"),
        ("é", "é"),
        (",", "comma"),
    ],
)
def test_key_strings_are_normalised(typed, textual):
    assert keymap.normalise_keys(typed) == textual


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("ctrl+", "a modifier without a key"),
        ("", "an empty key"),
        ("cmd+f", "'cmd' is not a modifier"),
        ("ctrl+foo", "'foo' is not a key name"),
        ("j,,k", 'write "comma"'),
        ("ctrl+F", 'write "ctrl+shift+f" instead'),
        ("j,j", "a key is listed twice"),
        ("ctrl+ctrl+a", "a modifier is repeated"),
    ],
)
def test_bad_key_strings_say_why(typed, reason):
    with pytest.raises(keymap.KeyStringError, match=reason.replace("+", r"\+")):
        keymap.normalise_keys(typed)


def test_key_display():
    assert keymap.display_keys("left_square_bracket") == "["
    assert keymap.display_keys("down,j") == "↓ / j"
    assert keymap.display_keys("ctrl+slash,escape") == "ctrl+/ / esc"


# ------------------------------------------------------------------------------ loading


def test_no_file_means_defaults_and_no_problems(config_path):
    assert not config_path.exists()
    assert load_settings() == (Settings(), [])


def test_a_valid_file_sets_everything(config_path):
    write(config_path, VALID)
    settings, problems = load_settings()
    assert problems == []
    assert settings == VALID_SETTINGS
    assert settings.key_map["filter"] == "ctrl+f"
    assert settings.key_map["sort"] == "s"
    assert settings.ttl.today_seconds == 300
    assert settings.ttl.past_days_seconds == 48 * 3600


def test_the_environment_variable_names_the_file(tmp_path, config_path):
    other = write(tmp_path / "elsewhere.toml", 'sort = "title"\n')
    write(config_path, 'sort = "comments"\n')
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
    write(config_path, head + bad + tail)
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
    write(config_path, 'hide_read = true\n\n\n\n\n\nsort = "popular"\n')
    settings, problems = load_settings()
    assert [str(p) for p in problems] == [
        f'{config_path} line 7: sort = "popular" is not one of upvotes, newest, title, '
        'comments; using "upvotes".'
    ]
    assert problems[0] == ConfigProblem(config_path, 7, "sort", problems[0].message)
    assert settings == Settings(hide_read=True)


def test_a_toml_syntax_error_is_one_problem_and_all_defaults(config_path):
    write(config_path, 'sort = "title"\nhide_read = true\ntheme = "nord\n')
    settings, problems = load_settings()
    assert settings == Settings()
    assert len(problems) == 1
    assert problems[0].line == 3 and problems[0].key == ""
    assert "not valid TOML" in str(problems[0])
    assert "using the defaults for every setting" in str(problems[0])
    assert str(problems[0]).startswith(f"{config_path} line 3: ")


def test_an_unreadable_file_is_one_problem(config_path):
    config_path.mkdir(parents=True)  # a directory where the file should be
    settings, problems = load_settings()
    assert settings == Settings()
    assert len(problems) == 1 and "cannot be read" in str(problems[0])
    config_path.rmdir()
    config_path.write_bytes(b'sort = "\xff"\n')
    assert "not UTF-8" in str(load_settings()[1][0])


def test_unknown_settings_are_reported_and_ignored(config_path):
    write(
        config_path,
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
    write(
        config_path,
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
    write(
        config_path,
        '[keys]\n"copy.menu" = "C"\nperiod.next = "]"\n[keys.list]\nup = "up,i"\nbogus = "z"\n',
    )
    settings, problems = load_settings()
    # period.next = "]" is the default: it is not a remap at all.
    assert settings.keys == {"copy.menu": "C", "list.up": "up,i"}
    assert [(p.key, p.line) for p in problems] == [("keys.list.bogus", 6)]


def test_swapping_two_keys_is_not_a_clash(config_path):
    write(config_path, '[keys]\nfilter = "s"\nsort = "/"\n')
    settings, problems = load_settings()
    assert problems == []
    assert settings.keys == {"filter": "s", "sort": "slash"}


def test_a_key_may_repeat_across_scopes_but_not_within_one(config_path):
    write(config_path, '[keys]\n"menu.down" = "n"\nrefresh = "ctrl+r"\nbookmark = "ctrl+r"\n')
    settings, problems = load_settings()
    assert settings.keys == {"menu.down": "n", "refresh": "ctrl+r"}  # n: note, on the main
    assert len(problems) == 1 and problems[0].key == "keys.bookmark"
    assert "ctrl+r is also the key of refresh; using b." in problems[0].message


# ---------------------------------------------------------------------------- precedence


def test_endpoint_precedence_is_flag_then_env_then_file_then_default(config_path):
    assert load_settings(env={})[0].hub_endpoint() == "https://huggingface.co"
    write(config_path, 'endpoint = "https://mirror.example/"\n')
    env = {"PAPERREADER_CONFIG": str(config_path)}
    assert load_settings(env=env)[0].hub_endpoint() == "https://mirror.example"
    settings = load_settings(env={**env, "HF_ENDPOINT": "http://env.example/"})[0]
    assert settings.hub_endpoint() == "http://env.example"
    assert settings.hub_endpoint("http://flag.example/") == "http://flag.example"


def test_textual_theme_beats_the_file_when_it_names_a_theme(config_path):
    write(config_path, 'theme = "nord"\n')
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
    write(config_path, "\n".join(lines))
    settings, problems = load_settings()
    assert problems == []
    # endpoint, theme and browser show the built-in behaviour or an example, not None.
    assert settings == replace(
        Settings(),
        endpoint="https://huggingface.co",
        theme="textual-dark",
        browser="firefox --new-tab %s",
    )


def test_config_path_honours_the_environment(capsys, tmp_path, monkeypatch, config_path):
    code, out, err = run(capsys, "config", "path")
    assert (code, out) == (0, f"{config_path}\n")
    assert "config init" in err  # it does not exist yet
    other = tmp_path / "other.toml"
    monkeypatch.setenv("PAPERREADER_CONFIG", str(other))
    write(other, "")
    assert run(capsys, "config", "path") == (0, f"{other}\n", "")


# --------------------------------------------------------------------------- saving themes

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
    write(config_path, USER_FILE)
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
    write(config_path, '# just this\nsort = "title"')
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
    real = write(tmp_path / "dotfiles" / "paperreader.toml", 'sort = "title"\n')
    real.chmod(0o600)
    config_path.parent.mkdir(parents=True)
    config_path.symlink_to(real)
    save_theme("nord")
    assert config_path.is_symlink()
    assert real.read_text() == 'sort = "title"\ntheme = "nord"\n'
    assert real.stat().st_mode & 0o777 == 0o600


def test_save_theme_leaves_a_broken_or_unknown_case_alone(config_path):
    write(config_path, 'sort = "title\n')
    with pytest.raises(StorageError, match="not valid TOML"):
        save_theme("nord")
    assert config_path.read_text() == 'sort = "title\n'
    with pytest.raises(UsageError):
        save_theme("no-such-theme")
    write(config_path, 'theme = """nord"""\n')  # a form the line edit does not handle
    with pytest.raises(StorageError, match="left as it is"):
        save_theme("dracula")
    assert config_path.read_text() == 'theme = """nord"""\n'


# ------------------------------------------------------------------------------- browser


def test_browser_command_is_split_without_a_shell():
    url = "https://huggingface.co/papers/2603.01234?a=1&b=2"
    assert browser_argv("w3m %s", url) == ["w3m", url]
    assert browser_argv("firefox --new-tab", url) == ["firefox", "--new-tab", url]
    assert browser_argv("'my browser' --url=%s; rm -rf ~", url) == [
        "my browser",
        f"--url={url};",
        "rm",
        "-rf",
        "~",
    ]
    with pytest.raises(ValueError):
        browser_argv("", url)


def test_the_configured_browser_is_started_with_the_url(tmp_path):
    record = tmp_path / "opened.txt"
    script = "import sys; open(sys.argv[1], 'w').write(sys.argv[2])"
    command = f'{sys.executable} -c "{script}" {record}'
    url = "https://huggingface.co/papers/2603.01234"
    open_url(url, browser=command)
    deadline = time.monotonic() + 10
    while not (record.exists() and record.read_text()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert record.read_text() == url
    with pytest.raises(NoBrowserError, match="could not be started"):
        open_url(url, browser="/no/such/browser %s")
    with pytest.raises(UsageError):
        open_url("file:///etc/passwd", browser=command)


# ------------------------------------------------------------------------ paperreader keys


def test_keys_prints_the_active_map_with_remaps(capsys, config_path):
    code, out, err = run(capsys, "keys")
    assert code == 0 and err == ""
    rows = out.splitlines()
    assert rows[0].split() == ["ACTION", "KEYS", "DESCRIPTION"]
    assert len(rows) == 1 + len(keymap.ACTIONS)
    assert any(r.split(None, 2) == ["filter", "/", "Filter this list as you type"] for r in rows)

    write(config_path, '[keys]\nfilter = "ctrl+f"\n"list.down" = "down,e"\n')
    code, out, err = run(capsys, "keys")
    assert code == 0 and err == ""
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert lines["filter"].split() == [
        "filter",
        "ctrl+f",
        "*",
        *["Filter", "this", "list", "as", "you", "type"],
    ]
    assert lines["list.down"].split()[:5] == ["list.down", "↓", "/", "e", "*"]
    assert lines["sort"].split()[:2] == ["sort", "s"]


def test_keys_json_and_problems(capsys, config_path):
    write(config_path, '[keys]\nfilter = "ctrl+f"\nsort = "ctrl+"\n')
    code, out, err = run(capsys, "keys", "--json")
    assert code == 0
    assert err.startswith(f"paperreader: {config_path} line 3: keys.sort = ")
    rows = {row["id"]: row for row in json.loads(out)}
    assert list(rows) == list(keymap.ACTIONS)
    assert rows["filter"] == {
        "id": "filter",
        "keys": ["ctrl+f"],
        "display": "ctrl+f",
        "default": ["slash"],
        "remapped": True,
        "scope": "main",
        "description": "Filter this list as you type",
    }
    assert rows["sort"]["keys"] == ["s"] and not rows["sort"]["remapped"]


# ----------------------------------------------------------------- a remap in the real app


async def test_a_configured_remap_works_in_the_app_and_its_help(config_path):
    from paperreader.ui.screens.help import HelpScreen

    write(config_path, '[keys]\nfilter = "ctrl+f"\n"list.down" = "down,e"\n')
    settings, problems = load_settings()
    assert problems == []
    app = demo_app()
    async with app.run_test(size=(120, 35)) as pilot:
        app.set_keymap(settings.keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.focused is app.main_screen.paper_list and app.main_screen.paper_list.cursor == 0
        await pilot.press("j")  # no longer a list key
        assert app.main_screen.paper_list.cursor == 0
        await pilot.press("e", "down")
        assert app.main_screen.paper_list.cursor == 2
        await pilot.press("slash")  # no longer the filter key
        await pilot.pause()
        assert app.focused is app.main_screen.paper_list
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.focused is app.main_screen.filter_input
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        assert isinstance(app.screen, HelpScreen)
        assert ("General", "^f", "Filter this list as you type") in app.screen._rows
        assert ("List", "↓ / e", "Down") in app.screen._rows


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
