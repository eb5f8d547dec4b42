"""Citation keys as arXiv makes them: `lovelace2026tinymodelsreadpapers`.

First author's surname, year, then the first four title words that are not stopwords,
folded to lower-case ASCII: classic BibTeX and many editors choke on anything else, and a
key that matches arXiv's lets a user swap an exported entry for arXiv's own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from paperreader.domain.models import Paper
from paperreader.domain.text import one_line

# English function words skipped when a key picks its title words. arXiv uses a longer
# list; this one covers what shows up in paper titles, so most keys come out the same.
_STOPWORD_TEXT = """
    a about above across after against all along also although am among an and another any
    are around as at be because been before being below between beyond both but by can
    cannot could de did do does doing done down during each either else ever every few for
    from further had has have having he her here hers him his how however if in into is it
    its itself just least less many may me might more most much must my neither no nor not
    now of off on once one only onto or other our ours out over own per rather same she
    should since so some still such than that the their them then there these they this
    those though through thus to too toward towards under until up upon us very via was we
    were what whatever when where whether which while who whom whose why will with within
    without would yet you your
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Letters NFKD does not take apart into a base letter plus marks.
_FOLD_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ħ": "h",
        "Ħ": "H",
        "\u0131": "i",  # dotless i
    }
)
# Lower-case name particles that belong to the surname ("van Beethoven" -> vanbeethoven).
_PARTICLE_TEXT = "van von der den de del della di da du la le ter ten dos das zu"
_PARTICLES = frozenset(_PARTICLE_TEXT.split())
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def ascii_fold(text: str) -> str:
    """`text` with accents removed and a few special letters spelled out ("Müller" -> "Muller").

    Keys must be plain ASCII: classic BibTeX and many editors choke on anything else.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _key_part(text: str) -> str:
    """The lower-cased ASCII letters and digits of `text`, the only characters a key keeps."""
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isascii() and ch.isalnum())


def _surname_part(name: str) -> str:
    """The key form of an author's surname: the last name word with its particles.

    "Last, First" and "First Last, Jr." both keep what comes before the comma; words with
    nothing usable in ASCII (a name also given in another script) are passed over.
    """
    words = [w for w in one_line(name).split(",")[0].split() if _key_part(w)]
    while len(words) > 1 and _key_part(words[-1]) in _NAME_SUFFIXES:
        words.pop()
    if not words:
        return ""
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    return _key_part("".join(words[start:]))


def citation_year(paper: Paper) -> str:
    """The year a citation gives: arXiv publication, else the Daily Papers date; "" if none."""
    if paper.published_at is not None:
        return str(paper.published_at.year)
    if paper.daily_date is not None:
        return str(paper.daily_date.year)
    return ""


def _letters() -> Iterator[str]:
    """a, b, …, z, aa, ab, …: the suffixes that tell colliding keys apart."""
    n = 1
    while True:
        suffix, k = "", n
        while k:
            k, r = divmod(k - 1, 26)
            suffix = chr(ord("a") + r) + suffix
        yield suffix
        n += 1


def bibtex_key(paper: Paper, taken: set[str] | None = None) -> str:
    """arXiv's citation key, e.g. `lovelace2026tinymodelsreadpapers`, unique within `taken`.

    Surname of the first author ("anonymous" without one) + year ("nodate" without one) +
    the first four title words that are not stopwords, folded to lower-case ASCII so the key
    works everywhere. When `taken` is given, a clash gets a, b, c… appended and the chosen
    key is added to `taken`, so one set keeps a whole bibliography unique.
    """
    author = _surname_part(paper.authors[0].name) if paper.authors else ""
    words = [part for part in map(_key_part, one_line(paper.title).split()) if part]
    title = "".join([w for w in words if w not in _STOPWORDS][:4])
    key = f"{author or 'anonymous'}{citation_year(paper) or 'nodate'}{title}"
    if taken is None:
        return key
    if key in taken:
        key = next(key + s for s in _letters() if key + s not in taken)
    taken.add(key)
    return key
