"""BibTeX entries shaped like arXiv's own `@misc` (docs/hf-api.md section 6).

Without `primaryClass`, which Hugging Face does not report. The title is wrapped in a second
pair of braces, `title={{...}}`, because paper titles are curated by their authors (acronyms,
model names) and styles that lower-case titles would otherwise turn "LLMs" into "llms".
LaTeX specials are escaped; titles are plain text, so `$x$` is kept as dollar signs, not
math. BibTeX balances braces even when they are escaped, so a brace with no partner is
written `\\textbraceleft{}`/`\\textbraceright{}` instead of `\\{`/`\\}`. Non-ASCII letters stay
UTF-8, which biblatex/biber and modern BibTeX read.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperreader.domain.ids import arxiv_doi
from paperreader.domain.links import arxiv_page
from paperreader.domain.models import Paper
from paperreader.domain.text import one_line
from paperreader.formats.export.bibtex_key import bibtex_key, citation_year

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _paired_braces(text: str) -> set[int]:
    """Indexes of the `{` and `}` in `text` that close each other."""
    paired: set[int] = set()
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}" and opened:
            paired.update((opened.pop(), i))
    return paired


def escape_latex(text: str) -> str:
    """`text` with LaTeX's special characters written so they print as themselves.

    Paired braces become `\\{ \\}`; an unpaired one becomes `\\textbraceleft{}` or
    `\\textbraceright{}`, because BibTeX counts escaped braces too and an odd one would
    swallow the rest of the file.
    """
    paired = _paired_braces(text)
    out = []
    for i, ch in enumerate(text):
        if ch in "{}" and i not in paired:
            out.append(r"\textbraceleft{}" if ch == "{" else r"\textbraceright{}")
        else:
            out.append(_LATEX_SPECIALS.get(ch, ch))
    return "".join(out)


def _bibtex_name(name: str) -> str:
    """One author for the `author` field; braced when BibTeX would misread it.

    A name with " and " would be split into two people, and one with a comma read as
    "Last, First"; braces make BibTeX take it as one literal name.
    """
    escaped = escape_latex(one_line(name))
    if "," in escaped or " and " in f" {escaped.lower()} ":
        return "{" + escaped + "}"
    return escaped


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """An arXiv-style `@misc` entry for `paper`, ending in a newline.

    Fields: title (braced twice to keep its capitals), author, year, eprint, archivePrefix,
    doi (arXiv's DataCite DOI) and url; author and year are left out when unknown.
    """
    year = citation_year(paper)
    names = [n for n in (one_line(a.name) for a in paper.authors) if n]
    fields = [("title", "{" + escape_latex(one_line(paper.title)) + "}")]
    if names:
        fields.append(("author", " and ".join(_bibtex_name(n) for n in names)))
    if year:
        fields.append(("year", year))
    fields += [
        ("eprint", escape_latex(paper.id)),
        ("archivePrefix", "arXiv"),
        ("doi", escape_latex(arxiv_doi(paper.id))),
        ("url", arxiv_page(paper.id)),  # the id quoted: an odd one cannot break out
    ]
    body = "".join(f"      {name}={{{value}}},\n" for name, value in fields)
    return f"@misc{{{key or bibtex_key(paper)},\n{body}}}\n"


def bibtex(papers: Iterable[Paper]) -> str:
    """A BibTeX file: one entry per distinct paper (by id), every key unique."""
    taken: set[str] = set()
    seen: set[str] = set()
    entries = []
    for paper in papers:
        if paper.id in seen:
            continue
        seen.add(paper.id)
        entries.append(bibtex_entry(paper, bibtex_key(paper, taken)))
    return "\n".join(entries)
