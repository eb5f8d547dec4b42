"""Where papers come from: the `ListingSource` protocol that marks the I/O boundary, the
Hugging Face hub client (httpx, retries, pagination, a polite pace) and the bundled demo source
that answers the same questions from packaged data. Nothing here caches or stores."""

import sys as _sys

# httpx imports its own command-line client (click, Rich, Pygments) whenever those are
# installed, as Textual's Rich always is: some 50 ms of every command that asks a hub, for
# a tool paperreader never runs. Marked absent, httpx falls back to its stub for it, as it
# does on a machine without them. (Set before any module here imports httpx.)
_sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: absent
