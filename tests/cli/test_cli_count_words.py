"""The command line words its headers and counts by the one rule: no "Search Search", no
"Trending latest", no "1 papers"."""

from __future__ import annotations

from support.cli import run


def test_list_headers_name_the_listing_once_and_count_by_the_rule(capsys):
    code, out, _ = run(capsys, "--demo", "list", "--search", "lumen")
    assert code == 0
    header = out.splitlines()[0]
    assert header.startswith('Search "lumen": ') and "Search Search" not in header
    count = int(header.split(": ")[1].split()[0])
    assert header.startswith(f'Search "lumen": {count} paper{"" if count == 1 else "s"} (')

    code, out, _ = run(capsys, "--demo", "list", "--trending")
    assert code == 0
    header = out.splitlines()[0]
    assert header.startswith("Trending: ") and "latest" not in header
