"""Hostile answers from a hub, measured: peak RSS and time of one fetch, each in a fresh process.

    python bench/hostile_answers.py            # the stacked-gzip bomb (1 GiB of zeros)
    python bench/hostile_answers.py --gib 3    # a bigger one

The bomb is `Content-Encoding: gzip, gzip` over a body of a couple of KB that decodes to
GiBs of zeros, served by the fake hub on loopback. A client that decodes before it counts
holds the whole decoded body; one that counts while it decodes stops at the cap.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import asyncio, json, resource, sys, time
from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.sources.hub import HubClient, make_client

async def main(url):
    client = HubClient(make_client(url, timeout=60.0), retry_delays=())
    start = time.perf_counter()
    try:
        await client.fetch_listing(ListingQuery(ListingKind.DAILY, "2026-10-01"))
        outcome = "read"
    except PaperReaderError as error:
        outcome = error.message
    except MemoryError:
        outcome = "MemoryError"
    seconds = time.perf_counter() - start
    await client.aclose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"seconds": round(seconds, 2), "peak_rss_mib": round(rss), "outcome": outcome}
    print(json.dumps(result))

asyncio.run(main(sys.argv[1]))
"""


def gzip_bytes(total: int, piece: bytes) -> bytes:
    """gzip of `total` bytes made of `piece` repeated, compressed as a stream."""
    pack = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = []
    for _ in range(total // len(piece)):
        out.append(pack.compress(piece))
    out.append(pack.flush())
    return b"".join(out)


def bomb(gib: float) -> bytes:
    """`gzip, gzip` of `gib` GiB of zeros."""
    inner = gzip_bytes(int(gib * 2**30), bytes(2**20))
    pack = zlib.compressobj(9, zlib.DEFLATED, 31)
    return pack.compress(inner) + pack.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=1.0)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]
    from support.fakehub import FakeHub

    body = bomb(args.gib)
    with FakeHub() as hub:
        headers = {"Content-Encoding": "gzip, gzip", "Content-Type": "application/json"}
        hub.fail("/", "status", status=200, headers=headers, body=body)
        env_path = f"{ROOT / 'src'}"
        done = subprocess.run(
            [sys.executable, "-c", CHILD, hub.url],
            capture_output=True,
            text=True,
            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
            timeout=600,
        )
    result = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    result.update(body_bytes=len(body), decoded_gib=args.gib)
    if done.returncode:
        result["stderr"] = done.stderr.strip().splitlines()[-1:]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
