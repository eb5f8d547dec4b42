"""Search hits decoded once and kept, since a search typed one letter further mostly finds
the same papers, and decoding takes much of a search's time."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from paperreader.domain.models import Paper
from paperreader.storage.library.rows import decode

if TYPE_CHECKING:  # the search's: not imported by a library that is only written
    from paperreader.storage.library.highlighting import Highlighter

DECODED_PAPERS = 1000
"""Search hits kept decoded (a few MB)."""


class DecodedHits:
    """The last `DECODED_PAPERS` hits, each with the record text it was decoded from.

    A record rewritten since (here or by another process) no longer equals it and is decoded
    afresh, so nothing kept goes stale. Not thread-safe: the library's lock guards it.
    """

    def __init__(self) -> None:
        self._kept: OrderedDict[int, tuple[str, Highlighter, Paper]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        self._kept.clear()

    def paper(self, pk: int, record: str, mark: Highlighter) -> Paper | None:
        """The paper of row `pk` stored as `record`, its title marked by `mark`; None if
        the record cannot be read."""
        kept = self._kept.get(pk)
        if kept is None or kept[0] != record:
            paper = decode(record, mark)
        elif kept[1] is mark:
            paper = kept[2]
        else:
            paper = kept[2]._replace(highlighted_title=mark(kept[2].title))
        if paper is None:
            self._kept.pop(pk, None)
            return None
        self._kept[pk] = (record, mark, paper)
        self._kept.move_to_end(pk)
        if len(self._kept) > DECODED_PAPERS:
            self._kept.popitem(last=False)
        return paper
