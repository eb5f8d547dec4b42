"""Writing an export: a new file, in folders made for it, never over an existing file."""

from __future__ import annotations

import pytest
from support.sessions import demo_session

from paperreader.domain.errors import StorageError


async def test_a_file_in_folders_that_do_not_exist_yet_is_written_there(tmp_path):
    target = tmp_path / "a" / "b" / "out.bib"
    written = await demo_session().desktop.write_file(str(target), "@misc{x}\n")
    assert written == str(target)
    assert target.read_text("utf-8") == "@misc{x}\n"


async def test_a_file_where_a_folder_should_be_is_named_in_one_sentence(tmp_path):
    (tmp_path / "a").write_text("mine\n", "utf-8")
    with pytest.raises(StorageError) as info:
        await demo_session().desktop.write_file(str(tmp_path / "a" / "out.bib"), "x")
    assert info.value.message.startswith(f"Cannot make the folder {tmp_path / 'a'}: ")
    assert (tmp_path / "a").read_text("utf-8") == "mine\n"


async def test_an_existing_file_is_never_replaced(tmp_path):
    (tmp_path / "out.bib").write_text("mine\n", "utf-8")
    with pytest.raises(StorageError, match="already exists; choose another name"):
        await demo_session().desktop.write_file(str(tmp_path / "out.bib"), "x")
    assert (tmp_path / "out.bib").read_text("utf-8") == "mine\n"
