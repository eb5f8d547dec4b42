"""A damaged library file: checked on opening, repaired as narrowly as the damage allows.

Damage is 200 bytes of fixed noise in one page of one table (`support.damage`), as a failing
disk leaves it: the search index alone is rebuilt in place; any other damage has every
readable paper and day saved into a fresh file, the damaged one kept aside, and the count
said in one sentence. A library on read-only media is read, never written.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from support.damage import damage
from support.library_papers import make

from paperreader.domain.errors import StorageError
from paperreader.storage.library import Library
from paperreader.storage.library import database as library_database

DAYS = 28
PER_DAY = 20


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list]:
    """A closed library of 560 papers on 28 complete days, and its papers."""
    path = tmp_path_factory.mktemp("built") / "library.sqlite3"
    papers = []
    with Library(path) as library:
        for number in range(1, DAYS + 1):
            day = f"2025-06-{number:02d}"
            group = [make(f"Paper {number} {i} on attention", day=day) for i in range(PER_DAY)]
            library.add_papers(group, day=day, complete=True)
        papers = list(library.recent(10_000))
    return path, papers


@pytest.fixture
def copy(built, tmp_path) -> Path:
    path = tmp_path / "library.sqlite3"
    shutil.copy(built[0], path)
    return path


def aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


def test_damage_in_the_days_table_saves_the_readable_days_and_says_how_many(copy, built):
    damage(copy, "days", at=-1000)
    damaged = copy.read_bytes()
    with Library(copy) as library:
        info = library.info()
        assert info.papers == len(built[1])
        assert 0 < info.days < DAYS
        [kept] = aside(copy)
        assert library.problem == (
            "The library could not be read whole (damaged pages in days): "
            f"{len(built[1])} papers and {info.days} days were saved into a fresh library, "
            f"and the damaged file was moved to {kept}."
        )
        assert info.problem == library.problem
        assert kept.read_bytes() == damaged  # never changed, never deleted
        for record in library.day_records("2025-06-01", "2025-06-28").values():
            assert record.complete and record.papers == PER_DAY
        assert library.search("attention").total == len(built[1])
    with Library(copy) as again:  # the fresh file is sound: nothing more to say
        assert again.info().days == info.days
        assert again.problem is None


def test_damage_in_the_search_index_alone_rebuilds_it_and_loses_nothing(copy, built):
    damage(copy, "papers_fts_data")
    with Library(copy) as library:
        assert library.count() == len(built[1])
        assert library.problem == (
            "The library's search index was damaged and has been rebuilt from the papers it "
            "holds; nothing was lost."
        )
        assert library.search("attention").total == len(built[1])
    assert aside(copy) == []


def test_an_index_found_unreadable_mid_session_is_rebuilt(copy, built):
    damage(copy, "papers_fts_data", at=-2000)  # page structure intact: the quick check passes
    with Library(copy) as library:
        assert library.count() == len(built[1])
        assert library.problem is None
        assert library.search("paper").total == len(built[1])  # reads the damaged page
        assert "search index was damaged and has been rebuilt" in library.problem
    assert aside(copy) == []


@pytest.mark.parametrize("table", ["papers", "sqlite_autoindex_papers_1"])
def test_damage_in_the_paper_rows_remakes_them_from_the_records(copy, built, table):
    damage(copy, table)
    with Library(copy) as library:
        assert library.count() == len(built[1])
        assert f"{len(built[1])} papers and {DAYS} days were saved" in library.problem
        assert [library.get(paper.id) for paper in built[1]] == built[1]
    assert len(aside(copy)) == 1


def test_damage_in_the_records_saves_every_paper_still_readable_unchanged(copy, built):
    damage(copy, "paper_text")
    with Library(copy) as library:
        saved = library.count()
        assert len(built[1]) - 20 < saved < len(built[1])
        assert f"{saved} papers and {DAYS} days were saved" in library.problem
        found = [library.get(paper.id) for paper in built[1]]
        assert [p for p in found if p is not None] == [p for p in built[1] if p in found]
        assert library.search("attention").total == saved


def test_a_sound_library_is_checked_and_left_alone(copy, built):
    before = copy.read_bytes()
    with Library(copy) as library:
        assert library.count() == len(built[1])
        assert library.problem is None
    assert copy.read_bytes() == before
    assert aside(copy) == []


def test_a_library_on_read_only_media_is_read_and_never_written(copy, built, monkeypatch):
    real = os.access
    monkeypatch.setattr(
        library_database.os,
        "access",
        lambda path, mode: False if mode & os.W_OK else real(path, mode),
    )
    before = copy.read_bytes()
    with Library(copy) as library:
        assert library.count() == len(built[1])
        assert library.search("attention").total == len(built[1])
        assert library.problem == (
            f"The library {copy} is on a read-only disk: it is read but not changed."
        )
        with pytest.raises(StorageError) as refused:
            library.add_papers([make("New")])
        assert refused.value.message == library.problem
    assert copy.read_bytes() == before


def test_a_missing_library_on_read_only_media_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(library_database.os, "access", lambda path, mode: False)
    with pytest.raises(StorageError) as refused:
        Library(tmp_path / "library.sqlite3").count()
    assert refused.value.message == (
        f"The library {tmp_path / 'library.sqlite3'} does not exist and its folder is read-only."
    )


def test_a_damaged_library_on_read_only_media_is_read_as_it_is(copy, monkeypatch):
    damage(copy, "days", at=-1000)
    monkeypatch.setattr(library_database.os, "access", lambda path, mode: not mode & os.W_OK)
    with Library(copy) as library:
        library.count()
        assert "damaged and cannot be repaired where it is" in library.problem
    assert aside(copy) == []


def test_the_fresh_file_of_a_salvage_passes_the_full_integrity_check(copy):
    damage(copy, "paper_text")
    with Library(copy) as library:
        library.count()
    db = sqlite3.connect(copy)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.execute("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')")
    db.close()
