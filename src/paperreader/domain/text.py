"""Making untrusted text safe and readable: strip escapes, reflow, shorten.

Every string from the API passes through `clean` before it reaches a terminal, so escape
sequences and control characters are shown as nothing rather than acted upon.
"""

from __future__ import annotations

import re
from functools import cache

# ESC-introduced sequences (CSI, OSC, DCS, single-char escapes), then C0/C1 controls except
# newline and tab. OSC/DCS bodies end in BEL or ST; an unterminated one runs to the end.
_ESCAPE_PATTERN = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\|$)"  # OSC, DCS, PM, APC, SOS
    r"|\x1b[ -/]*[0-~]"  # other escapes: ESC 7, ESC c, ESC M, ESC ( B, ESC # 8
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x9d\x90\x9e\x9f][^\x07\x9c]*(?:\x07|\x9c|$)"  # 8-bit OSC/DCS/PM/APC
)
_ESCAPE_STARTS = "\x1b\x9b\x9d\x90\x9e\x9f"
"""The characters every escape sequence above begins with."""
# Lone surrogates too: JSON can carry them (`"\ud800"`), and no terminal or file can encode them.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SPACES = re.compile(r"[ \t]+")


def clean(text: object) -> str:
    """Return `text` as a plain string with escape sequences and control characters removed."""
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    if s.isprintable():  # every escape and control removed below is unprintable
        return s
    if any(start in s for start in _ESCAPE_STARTS):  # most text, lines and all, has none
        s = escapes().sub("", s)
    return _CONTROLS.sub("", s)


@cache
def escapes() -> re.Pattern[str]:
    """The escape sequences `clean` removes, compiled when first met (~0.6 ms, which text
    without an escape, the most of it, never needs: not at every start)."""
    return re.compile(_ESCAPE_PATTERN)


def clean_lines(text: object) -> str:
    """Clean text that keeps its line breaks (notes, comments, full texts).

    CR and CRLF become plain newlines first: `clean` alone would drop a CR as a control
    character and glue the words on either side of it together.
    """
    if isinstance(text, str):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return clean(text)


def one_line(text: object) -> str:
    """Clean text and fold all whitespace to single spaces (titles, names)."""
    if (  # already one clean line (most names and titles): nothing to remove or fold
        isinstance(text, str)
        and text.isprintable()  # so no escape, control or whitespace but " " (`clean`)
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    return " ".join(clean_lines(text).split())


def reflow(text: object) -> str:
    """Join hard-wrapped lines into paragraphs; blank lines stay paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", clean_lines(text))
    joined = (" ".join(p.split()) for p in paragraphs)
    return "\n\n".join(p for p in joined if p)


def shorten(text: str, width: int, placeholder: str = "…") -> str:
    """Cut `text` to at most `width` characters, marking the cut."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    if len(placeholder) >= width:
        return placeholder[:width]
    return text[: width - len(placeholder)] + placeholder


def counted(amount: int, noun: str, plural: str | None = None, *, number: bool = True) -> str:
    """A count in words, the one rule for every count shown: "1 paper", "1,775 papers".

    The noun agrees with the number (`plural` when adding "s" is wrong: "matches"); with
    `number=False` only the agreeing noun, for a count already said ("4 new" ... "papers").
    """
    word = noun if amount == 1 else (plural or f"{noun}s")
    return f"{amount:,} {word}" if number else word
