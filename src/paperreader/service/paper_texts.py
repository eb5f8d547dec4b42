"""A large listing's abstracts and AI summaries, held in the library rather than in memory.

A listing of tens of thousands of papers held whole keeps hundreds of bytes of abstract per
paper that nobody reads until the paper is shown, exported or piped. From `SLIM_FROM`
papers on, each paper the library holds is kept without its texts (`without_texts`,
marked `texts_elsewhere`), and `complete` reads them back before anything shows or writes
them. A paper the library does not hold keeps its texts: nothing is ever left to a copy
that does not exist (no library, a library that cannot be read, a write still pending).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from itertools import islice

from paperreader.domain.models import Paper, with_texts, without_texts
from paperreader.service.library import LibraryService

SLIM_FROM = 2000
"""Papers from which a listing keeps its texts in the library. Below it they cost under
3 MB (about 1.4 kB of abstract and AI summary a paper) and reading them back would only add
a wait to the detail; the app treats listings this long as large for the same reason
(`LARGE_LISTING`), and every listing a day, a week or a search brings stays whole."""

CHUNK = 1000
"""Papers read before the library is asked which of them it holds: a chunk of full papers
is all that is alive beside the slim ones."""


class PaperTexts:
    """Keeps a large listing's texts in the library, and reads them back on demand."""

    def __init__(
        self, library: LibraryService, fetch_paper: Callable[[str], Awaitable[Paper]]
    ) -> None:
        self._library = library
        self._fetch_paper = fetch_paper
        """One paper from the cache or the hub, for a text the library no longer holds."""

    def slimmed(self, papers: Iterable[Paper]) -> tuple[Paper, ...]:
        """`papers` in order, as they are read; once they number `SLIM_FROM`, each one the
        library holds is kept without its texts. Blocking (it asks the library): called where
        the listing is read, off the event loop."""
        source = iter(papers)
        chunk = list(islice(source, SLIM_FROM))
        if len(chunk) < SLIM_FROM:
            return tuple(chunk)
        kept: list[Paper] = []
        while chunk:
            wanted = [paper.id for paper in chunk if paper.summary or paper.ai_summary]
            held = self._library.held_now(wanted) if wanted else set()
            kept += (without_texts(p) if p.id in held else p for p in chunk)
            chunk = list(islice(source, CHUNK))
        return tuple(kept)

    async def complete(self, papers: Sequence[Paper]) -> tuple[Paper, ...]:
        """`papers` with the texts of those that hold them elsewhere read back: from the
        library, else from the cache or the hub (`get_paper`). Raises PaperReaderError when
        a text can be read from nowhere: an output never lacks an abstract silently."""
        missing = [paper.id for paper in papers if paper.texts_elsewhere]
        if not missing:
            return tuple(papers)
        found = await self._library.papers(missing)
        for paper_id in missing:
            if paper_id not in found:
                found[paper_id] = await self._fetch_paper(paper_id)
        return tuple(
            with_texts(p, found[p.id].summary, found[p.id].ai_summary) if p.texts_elsewhere else p
            for p in papers
        )

    async def complete_one(self, paper: Paper) -> Paper:
        """`paper` with its texts (see `complete`)."""
        return (await self.complete((paper,)))[0]
