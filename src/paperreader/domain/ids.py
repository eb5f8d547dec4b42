"""Paper ids: the one rule for what an arXiv id looks like and how typed input becomes one."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from paperreader.domain.errors import UsageError
from paperreader.domain.text import one_line, shorten

_NEW_STYLE = r"\d{4}\.\d{4,5}"
_OLD_STYLE = r"[a-z]+(?:-[a-z]+)?/\d{7}"
PAPER_ID = re.compile(rf"\A(?:{_NEW_STYLE}|{_OLD_STYLE})\Z", re.ASCII)
"""arXiv ids as Hugging Face and the stores key them: unversioned `YYMM.NNNN(N)`, or an id
from before April 2007, `archive/YYMMNNN` (`hep-th/9901001`)."""

_TYPED_ID = re.compile(
    rf"\A(?P<id>{_NEW_STYLE}|(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{{2}})?/(?P<number>\d{{7}}))"
    r"(?:v\d{1,3})?\Z",
    re.ASCII,
)
"""An id as people write it: a version (`v2`) may follow, and an old-style id may carry its
subject class (`math.AG/0601001`), which arXiv does not count as part of the id."""
_HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
_ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org"})
_HUB_PATH = re.compile(r"\A/papers/(?P<id>.+?)/?\Z")
_ARXIV_PATH = re.compile(r"\A/(?:abs|pdf|html)/(?P<id>.+?)(?:\.pdf)?/?\Z")
ID_FORMS = """\
ID may be written 2603.01234, 2603.01234v2, arXiv:2603.01234, hep-th/9901001 (before
April 2007), https://huggingface.co/papers/2603.01234, https://arxiv.org/abs/2603.01234v1
or https://arxiv.org/pdf/2603.01234.pdf."""
"""Every spelling of an id the rule reads, for the --help of each command that takes one."""

_NAME = r"[A-Za-z0-9][\w.-]{0,95}"
HUB_NAME = re.compile(rf"\A{_NAME}\Z", re.ASCII)
"""A user or organisation name on the hub (one part of a repo id): `grace`, `example-lab`."""
REPO_ID = re.compile(rf"\A(?!.*\.\.)(?:{_NAME}/)?{_NAME}\Z", re.ASCII)
"""A repo id as the hub writes them (`owner/name`, or a bare name for old models): nothing
that could leave the `/{id}` path of a URL or carry markup."""
COMMENT_ID = re.compile(r"\A[\w.:-]{1,128}\Z", re.ASCII)
"""A comment id (the hub's are hex): it only links a reply to its parent."""


def normalise_paper_id(text: str) -> str:
    """The id a person typed or pasted, as the hub and the stores key it: the one rule for
    every place that takes an id (the command line, the app's go-to prompt, the services).

    Accepts `2406.10000`, a version (`2406.10000v2`), an `arXiv:` prefix (a space may follow
    it), a Hugging Face paper page (`https://huggingface.co/papers/2406.10000`), an arXiv
    abstract, PDF or HTML page (`https://arxiv.org/pdf/2406.10000v1.pdf`), and ids from
    before April 2007 (`hep-th/9901001`). Raises UsageError with one sentence for anything
    else.
    """
    typed = text.strip()
    candidate = _from_link(typed) if "/papers/" in typed or "arxiv.org" in typed else typed
    if candidate is not None and candidate[:6].lower() == "arxiv:":
        candidate = candidate[6:].lstrip(" ")  # citations often write "arXiv: 2603.01234"
    found = _TYPED_ID.match(candidate) if candidate is not None else None
    if found is None:
        raise UsageError(
            f"'{shorten(one_line(typed), 60)}' is not an arXiv id such as 2603.01234, "
            "arXiv:2603.01234v2 or hep-th/9901001, nor a huggingface.co or arxiv.org link to one."
        )
    if found.group("archive"):
        return f"{found.group('archive')}/{found.group('number')}"
    return found.group("id")


def paper_id_in(text: str) -> str | None:
    """The id `text` names by `normalise_paper_id`'s rule, else None: for input that may be
    an id or something else (the go-to prompt, a search)."""
    try:
        return normalise_paper_id(text)
    except UsageError:
        return None


def _from_link(text: str) -> str | None:
    """The id part of a paper's page on Hugging Face or arXiv (scheme optional); None for
    any other site or page."""
    address = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"}:
        return None
    if host in _HUB_HOSTS:
        found = _HUB_PATH.match(parts.path)
    elif host in _ARXIV_HOSTS:
        found = _ARXIV_PATH.match(parts.path)
    else:
        return None
    return unquote(found.group("id")) if found else None


def checked_paper_id(paper_id: str) -> str:
    """`paper_id` itself when it is an id, else UsageError: for code that must not rewrite
    an id (the hub client builds URL paths from it)."""
    if not PAPER_ID.match(paper_id):
        shown = shorten(one_line(paper_id), 60)
        raise UsageError(f"'{shown}' is not an arXiv id such as 2603.01234 or hep-th/9901001.")
    return paper_id


def paper_file_name(paper_id: str, suffix: str) -> str:
    """A file name for a paper (`2406.10000.pdf`, `hep-th_9901001.pdf`): an old-style id's
    slash would otherwise name a folder."""
    return checked_paper_id(paper_id).replace("/", "_") + suffix


def arxiv_doi(paper_id: str) -> str:
    """The DOI arXiv registers with DataCite for every paper: `10.48550/arXiv.ID`."""
    return f"10.48550/arXiv.{paper_id}"


def exact_id(value: object, rule: re.Pattern[str]) -> str | None:
    """`value` itself when `rule` matches it whole (outer spaces aside), else None.

    An id is never cleaned into shape: `org/model<ESC>[31mred` with its escape removed is
    `org/modelred`, another repo. Outer spaces are no part of any id, so dropping them
    cannot turn one id into another.
    """
    if not isinstance(value, str):
        return None
    text = value.strip(" \t\r\n")
    return text if rule.match(text) else None
