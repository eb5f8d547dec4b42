"""Reading an answer's body with a cap on what it decodes to, whatever its encodings.

httpx decodes a compressed body one network chunk at a time, but a chunk of 2 KB can
decode to gigabytes (a compression bomb; `Content-Encoding: gzip, gzip` squares the ratio),
and the whole of it is in memory before anyone can count it. So the raw bytes are read
here and decoded in steps of at most `STEP` bytes, each layer's output counted against the
cap as it comes: memory stays near the cap, and the reading stops as soon as it is passed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx

from paperreader.domain.errors import BadResponseError
from paperreader.domain.text import one_line

ACCEPT_ENCODING = "gzip, deflate"
"""What the client asks for: the encodings read here, and no others."""
STEP = 64 * 1024
"""Most bytes one decoding step may produce."""
MAX_LAYERS = 2
"""Most encodings stacked on one answer; HTTP servers use one."""
GZIP_MAGIC = b"\x1f\x8b"
_ALIASES = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}


def too_large(cap: int, *, decoded: bool = True) -> BadResponseError:
    """The one sentence for an answer over the cap."""
    size = f"{cap / 1024 / 1024:g} MiB"
    where = f"over {size} once decoded" if decoded else f"over {size}"
    return BadResponseError(f"Hugging Face sent a response too large to read ({where}).")


def garbled() -> BadResponseError:
    return BadResponseError(
        "Hugging Face sent a response that could not be decoded (garbled compression)."
    )


async def read_body(response: httpx.Response, cap: int) -> bytes:
    """The decoded body; BadResponseError once it (or any layer of it) passes `cap` bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large(cap, decoded=False)
    if response.is_stream_consumed:  # read whole already (an in-process transport's answer)
        if len(response.content) > cap:
            raise too_large(cap)
        return response.content
    decoding = Decoding(response.headers.get("content-encoding", ""), cap)
    parts: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        for part in decoding.feed(raw):
            size += len(part)
            if size > cap:
                raise too_large(cap)
            parts.append(part)
    for part in decoding.finish():
        size += len(part)
        if size > cap:
            raise too_large(cap)
        parts.append(part)
    return b"".join(parts)


async def read_start(response: httpx.Response, limit: int, cap: int) -> bytes:
    """At most the first `limit` decoded bytes (an error page's message); b"" when unreadable
    or when a layer of its encodings passes `cap` bytes first."""
    if response.is_stream_consumed:  # read whole already (an in-process transport's answer)
        return response.content[:limit]
    try:
        decoding = Decoding(response.headers.get("content-encoding", ""), cap)
        start = b""
        async for raw in response.aiter_raw():
            for part in decoding.feed(raw):
                start += part[: limit - len(start)]
                if len(start) >= limit:
                    return start
        return start
    except BadResponseError:
        return b""


class Decoding:
    """The layers of a `Content-Encoding`, undone in reverse order, a bounded step at a time.

    Every layer's output is counted: past `cap` bytes from any layer, too_large is raised.
    """

    def __init__(self, header: str, cap: int) -> None:
        names = [name.strip().lower() for name in header.split(",")]
        names = [name for name in names if name and name != "identity"]
        unknown = [name for name in names if name not in _ALIASES]
        if unknown:
            raise BadResponseError(
                "Hugging Face sent its answer in an encoding paperreader does not read "
                f"({one_line(unknown[0])[:30]})."
            )
        if len(names) > MAX_LAYERS:
            raise BadResponseError(
                f"Hugging Face sent its answer encoded {len(names)} times over; "
                f"paperreader reads at most {MAX_LAYERS}."
            )
        self._layers = [_Inflater(_ALIASES[name]) for name in reversed(names)]
        self._sizes = [0] * len(self._layers)
        self._cap = cap

    def feed(self, raw: bytes) -> Iterator[bytes]:
        """The decoded pieces `raw` yields, each at most STEP bytes."""
        return self._feed_from(0, raw)

    def finish(self) -> Iterator[bytes]:
        """What the layers still hold once the body has ended."""
        return self._finish_from(0)

    def _feed_from(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            if data:
                yield data
            return
        yield from self._passed_on(index, self._layers[index].feed(data))

    def _finish_from(self, index: int) -> Iterator[bytes]:
        if index < len(self._layers):
            yield from self._passed_on(index, self._layers[index].finish())
            yield from self._finish_from(index + 1)

    def _passed_on(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        """Count layer `index`'s output against the cap and hand it to the next layer."""
        for piece in pieces:
            self._sizes[index] += len(piece)
            if self._sizes[index] > self._cap:
                raise too_large(self._cap)
            yield from self._feed_from(index + 1, piece)


class _Inflater:
    """One gzip or deflate layer; `feed` yields its output STEP bytes at a time."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._raw_deflate = False
        self._inflate = self._new()
        self._started = False

    def _new(self) -> zlib._Decompress:
        if self._coding == "gzip":
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            if self._inflate.eof:  # a finished stream: a second gzip member may follow
                data = self._inflate.unused_data + data
                member = data and data.startswith(GZIP_MAGIC[: len(data)])
                if self._coding != "gzip" or not member:
                    return  # what trails the stream is ignored, as HTTP clients do
                self._inflate = self._new()
            try:
                piece = self._inflate.decompress(data, STEP)
            except zlib.error:
                if self._coding == "deflate" and not self._started and not self._raw_deflate:
                    self._raw_deflate = True  # some servers send deflate without its header
                    self._inflate = self._new()
                    continue
                raise garbled() from None
            self._started = True
            progressed = piece or len(self._inflate.unconsumed_tail) < len(data)
            data = self._inflate.unconsumed_tail
            if piece:
                yield piece
            elif not self._inflate.eof and (not data or not progressed):
                return  # everything given was used: more input is needed

    def finish(self) -> Iterator[bytes]:
        try:
            rest = self._inflate.flush()
        except zlib.error:
            raise garbled() from None
        if rest:
            yield rest
