"""Untrusted text made safe: escape sequences and controls removed, everything else kept."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperreader.domain import text as text_module
from paperreader.domain.text import clean, one_line, reflow, shorten

# --- clean: escape sequences ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # CSI: colours, cursor movement, screen clearing, private modes
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[1;38;5;196mbold\x1b[m", "bold"),
        ("a\x1b[2Jb\x1b[Hc", "abc"),
        ("\x1b[?1049hfull\x1b[?1049l", "full"),
        ("\x1b[6n", ""),
        # OSC: window title, hyperlinks, clipboard; BEL or ST terminated
        ("\x1b]0;pwned\x07title", "title"),
        ("\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x1b]52;c;ZWNobyBoaQ==\x07paste", "paste"),
        ("before\x1b]0;unterminated title", "before"),
        # DCS, PM, APC, SOS
        ("\x1bP1$r0m\x1b\\after", "after"),
        ("\x1b^private\x1b\\x", "x"),
        ("\x1b_apc\x07y", "y"),
        ("\x1bXsos\x1b\\z", "z"),
        # two-character escapes
        ("\x1bcreset", "reset"),
        ("\x1b7save\x1b8", "save"),
        ("\x1bMup", "up"),
        ("\x1b(Bplain\x1b[m", "plain"),  # what `tput sgr0` prints
        ("\x1b#8fill", "fill"),
        # 8-bit C1 forms
        ("\x9b31mred", "red"),
        ("\x9d0;title\x07x", "x"),
        ("\x90dcs\x9cy", "y"),
        # a lone ESC
        ("a\x1b", "a"),
    ],
)
def test_clean_strips_escape_sequences(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x00b", "ab"),
        ("bell\x07", "bell"),
        ("back\x08space", "backspace"),
        ("carriage\rreturn", "carriagereturn"),
        ("v\x0bf\x0c", "vf"),
        ("del\x7f", "del"),
        ("c1\x85\x8d\x9f", "c1"),
        ("keep\nnewline", "keep\nnewline"),
        ("keep\ttab", "keep\ttab"),
        # bidi overrides and isolates can disguise text
        ("abc\u202edcba\u202c", "abcdcba"),
        ("\u2066iso\u2069\u200e\u200f", "iso"),
    ],
)
def test_clean_strips_control_characters(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "[bold]not bold[/bold]",
        "[red]x[/] [link=https://x]y[/link]",
        "\\[escaped]",
        "a < b > c & d",
        "שלום עולם",  # Hebrew
        "مرحبا بالعالم",  # Arabic
        "Ελληνικά και русский",
        "中文标题 日本語 한국어",
        "emoji 🎉👩‍💻🏳️‍🌈 flags 🇫🇷",  # ZWJ sequences and variation selectors
        "e\u0301 n\u0303 a\u0308",  # combining marks
        "मानक हिन्दी",
        "math: ∑ x² ≤ ∞",
        "non\u00a0breaking\u2009thin",
        "",
    ],
)
def test_clean_keeps_ordinary_text_literally(text):
    assert clean(text) == text


def test_clean_keeps_combining_marks_and_normalisation():
    text = "Schro\u0308dinger"
    assert clean(text) == text
    assert unicodedata.normalize("NFC", clean(text)) == "Schrödinger"


def test_clean_non_strings():
    assert clean(None) == ""
    assert clean(42) == "42"
    assert clean(3.5) == "3.5"


def test_clean_is_idempotent_on_escapes():
    once = clean("x\x1b[\x1b[31m1m\x1b]0;t\x1b[31my")
    assert "\x1b" not in once
    assert clean(once) == once


# --- one_line -------------------------------------------------------------------------------


def test_one_line_folds_whitespace():
    assert one_line("  Tiny\n Models\t\tRead\r\nPapers  ") == "Tiny Models Read Papers"
    assert one_line("carriage\rreturn") == "carriage return"
    assert one_line("\x1b[1mBold\x1b[0m   title") == "Bold title"
    assert one_line(None) == ""


# --- reflow ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("We show that tiny models\ncan read papers.", "We show that tiny models can read papers."),
        ("one\ntwo\n\nthree\nfour", "one two\n\nthree four"),
        ("one\n   \n\t\nthree", "one\n\nthree"),
        ("one\n\n\n\n\nthree", "one\n\nthree"),
        ("  leading and trailing  \n", "leading and trailing"),
        ("windows\r\nline\r\n\r\nends", "windows line\n\nends"),
        ("old\rmac\r\rends", "old mac\n\nends"),
        ("tabs\tand   spaces", "tabs and spaces"),
        ("\n\n\n", ""),
        ("", ""),
        ("esc\x1b[31m\naped", "esc aped"),
    ],
)
def test_reflow(raw, expected):
    assert reflow(raw) == expected


def test_reflow_non_strings():
    assert reflow(None) == ""
    assert reflow(12) == "12"


# --- shorten ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "placeholder", "expected"),
    [
        ("short", 10, "…", "short"),
        ("exactly", 7, "…", "exactly"),
        ("too long text", 8, "…", "too lon…"),
        ("too long text", 8, "...", "too l..."),
        ("abcdef", 1, "…", "…"),
        ("abcdef", 2, "...", ".."),
        ("abcdef", 3, "...", "..."),
        ("abcdef", 0, "…", ""),
        ("abcdef", -4, "…", ""),
        ("", 5, "…", ""),
        ("abcdef", 4, "", "abcd"),
    ],
)
def test_shorten(text, width, placeholder, expected):
    assert shorten(text, width, placeholder) == expected


def test_shorten_default_placeholder():
    assert shorten("Tiny Models Read Papers", 10) == "Tiny Mode…"


@given(st.text(), st.integers(min_value=-5, max_value=60), st.text(max_size=5))
def test_shorten_never_exceeds_width(text, width, placeholder):
    out = shorten(text, width, placeholder)
    assert len(out) <= max(width, 0)
    if len(text) <= width:
        assert out == text
    elif width > len(placeholder):
        assert out == text[: width - len(placeholder)] + placeholder


# --- property: nothing a terminal acts on survives clean -------------------------------------

_NASTY = st.sampled_from(
    ["\x1b", "\x1b[", "\x1b]", "\x1bP", "\x1b\\", "\x07", "\x9b", "\x9d", "\x90", "\x9c",
     "[", "]", ";", "m", "0", "\n", "\t", "\r", "\x00", "\x7f", "\x85", "é", "🎉", "\u202e"]
)  # fmt: skip
_MIXED = st.one_of(st.text(), st.lists(_NASTY | st.text(max_size=3), max_size=30).map("".join))


def _is_forbidden(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in "\n\t") or 0x7F <= code <= 0x9F


@settings(max_examples=300)
@given(_MIXED)
def test_clean_output_has_no_escapes_or_controls(text):
    out = clean(text)
    assert "\x1b" not in out
    assert not [ch for ch in out if _is_forbidden(ch)]


@settings(max_examples=300)
@given(_MIXED)
def test_clean_gives_what_removing_every_escape_and_control_gives(text):
    # clean returns printable text without looking for escapes: none of them is printable.
    removed = text_module._CONTROLS.sub("", text_module.escapes().sub("", text))
    assert clean(text) == removed


@settings(max_examples=300)
@given(_MIXED | st.text(alphabet=" ab\u00a0\u3000\t\n", max_size=8))
def test_one_line_gives_the_cleaned_words_joined_by_single_spaces(text):
    assert one_line(text) == " ".join(text_module.clean_lines(text).split())


def test_no_character_clean_removes_is_printable():
    removable = [chr(code) for code in range(0x110000) if text_module._CONTROLS.match(chr(code))]
    assert removable and not [ch for ch in removable if ch.isprintable()]
    starts = text_module._ESCAPE_STARTS  # where an escape can begin: `clean` looks for no other
    assert not [ch for ch in starts if ch.isprintable()]
    assert not [
        chr(code)
        for code in range(0x110000)
        if chr(code) not in starts and text_module.escapes().match(chr(code) + "[0m\x07\x1b\\")
    ]


@settings(max_examples=200)
@given(_MIXED)
def test_clean_keeps_plain_printable_text(text):
    plain = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMNPSZ")
    plain = "".join(ch for ch in plain if ch not in "\u2028\u2029")
    # Printable text with no ESC and no C1 controls passes through unchanged.
    assert clean(plain) == plain


@settings(max_examples=200)
@given(_MIXED)
def test_reflow_and_one_line_output_is_tidy(text):
    flowed = reflow(text)
    assert not [ch for ch in flowed if _is_forbidden(ch) or ch == "\t"]
    assert "\n\n\n" not in flowed
    assert flowed == flowed.strip()
    line = one_line(text)
    assert "\n" not in line
    assert "  " not in line
    assert not [ch for ch in line if _is_forbidden(ch)]
