"""What an answer decodes to is capped, whatever its Content-Encoding: bombs, stacked and
unknown encodings, garbled compression, error pages that decode to gigabytes."""

from __future__ import annotations

import json
import tracemalloc
import zlib

import httpx
import pytest
from support.scripted_hub import make_hub

from paperreader.domain.errors import BadResponseError, HubError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.sources import hub as hub_module

DAY = ListingQuery(ListingKind.DAILY, "2026-03-06")
MiB = 1024 * 1024
ITEMS = [{"paper": {"id": f"2603.{n:05d}", "title": f"Paper {n}"}} for n in range(3)]


def gzip(data: bytes) -> bytes:
    pack = zlib.compressobj(9, zlib.DEFLATED, 31)
    return pack.compress(data) + pack.flush()


def deflate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def zeros_gzipped(size: int) -> bytes:
    """gzip of `size` zero bytes, compressed a MiB at a time (never held whole)."""
    pack = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MiB)
    return b"".join([*(pack.compress(block) for _ in range(size // MiB)), pack.flush()])


def answering(status: int, body: bytes, encoding: str):
    """Answer with `body` as sent over the network: a stream, decoded only by the client
    (content given as bytes would be decoded by httpx when the answer is made)."""
    headers = {"Content-Encoding": encoding, "Content-Type": "application/json"}

    async def sent():
        for start in range(0, len(body), 16 * 1024):
            yield body[start : start + 16 * 1024]

    return lambda request, n: httpx.Response(status, content=sent(), headers=headers)


async def failure_and_peak_memory(hub, error: type[Exception]) -> tuple[Exception, int]:
    """The error one listing fetch raises, and the most memory it held at once."""
    tracemalloc.start()
    try:
        with pytest.raises(error) as info:
            await hub.fetch_listing(DAY)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return info.value, peak


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip,gzip", "GZIP, x-gzip"])
async def test_a_stacked_gzip_bomb_stops_at_the_cap_without_decoding_it_whole(
    monkeypatch, encoding
):
    monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", MiB)
    bomb = gzip(zeros_gzipped(64 * MiB))  # a few hundred bytes
    assert len(bomb) < 4096
    hub, _ = make_hub(answering(200, bomb, encoding))
    error, peak = await failure_and_peak_memory(hub, BadResponseError)
    assert error.message == (
        "Hugging Face sent a response too large to read (over 1 MiB once decoded)."
    )
    assert peak < 4 * MiB  # the cap and a step or two: never the 64 MiB it decodes to


async def test_a_single_gzip_bomb_stops_at_the_cap(monkeypatch):
    monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", MiB)
    hub, _ = make_hub(answering(200, zeros_gzipped(64 * MiB), "gzip"))
    error, peak = await failure_and_peak_memory(hub, BadResponseError)
    assert "over 1 MiB once decoded" in error.message
    assert peak < 4 * MiB


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip),
        ("x-gzip", gzip),
        ("deflate", deflate),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, no zlib header
        ("gzip, gzip", lambda data: gzip(gzip(data))),
        ("deflate, gzip", lambda data: gzip(deflate(data))),
        ("identity", lambda data: data),
        ("identity, gzip", gzip),
        ("gzip", lambda data: gzip(data[:20]) + gzip(data[20:])),  # two gzip members
    ],
)
async def test_encoded_answers_within_the_cap_are_read(encoding, encode):
    hub, _ = make_hub(answering(200, encode(json.dumps(ITEMS).encode()), encoding))
    assert await hub.fetch_listing(DAY) == ITEMS


async def test_an_answer_exactly_at_the_cap_once_decoded_is_read(monkeypatch):
    body = json.dumps(ITEMS).encode()
    monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", len(body))
    hub, _ = make_hub(answering(200, gzip(gzip(body)), "gzip, gzip"))
    assert await hub.fetch_listing(DAY) == ITEMS
    monkeypatch.setattr(hub_module, "MAX_BODY_BYTES", len(body) - 1)
    with pytest.raises(BadResponseError, match="once decoded"):
        await hub.fetch_listing(DAY)


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, br", "x-[bold]evil\x1b[2J"])
async def test_an_encoding_paperreader_cannot_read_is_one_line(encoding):
    hub, _ = make_hub(answering(200, b"whatever", encoding))
    with pytest.raises(BadResponseError) as info:
        await hub.fetch_listing(DAY)
    message = info.value.message
    assert message.startswith("Hugging Face sent its answer in an encoding paperreader")
    assert "\x1b" not in message and "\n" not in message


async def test_more_than_two_stacked_encodings_are_refused_before_decoding():
    body = gzip(gzip(gzip(json.dumps(ITEMS).encode())))
    hub, _ = make_hub(answering(200, body, "gzip, gzip, gzip"))
    with pytest.raises(BadResponseError, match=r"encoded 3 times over"):
        await hub.fetch_listing(DAY)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, gzip"])
async def test_garbled_compression_is_a_bad_response(encoding):
    hub, _ = make_hub(answering(200, b"this is not compressed at all", encoding))
    with pytest.raises(BadResponseError, match=r"could not be decoded \(garbled compression\)"):
        await hub.fetch_listing(DAY)


async def test_an_error_page_that_is_a_bomb_is_read_only_as_far_as_its_message():
    page = json.dumps({"error": "database on fire"}).encode() + b" " * (64 * MiB)
    hub, _ = make_hub(answering(500, gzip(gzip(page)), "gzip, gzip"))
    error, peak = await failure_and_peak_memory(hub, HubError)
    assert error.message == "Hugging Face answered HTTP 500: database on fire"
    assert peak < 4 * MiB


async def test_the_client_asks_only_for_encodings_it_reads():
    hub, recorder = make_hub(answering(200, gzip(json.dumps(ITEMS).encode()), "gzip"))
    client = hub_module.make_client("https://hub.test")
    try:
        assert client.headers["Accept-Encoding"] == "gzip, deflate"
    finally:
        await client.aclose()
    await hub.fetch_listing(DAY)
    assert recorder.requests
