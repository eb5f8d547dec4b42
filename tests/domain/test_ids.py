"""The one paper-id rule (domain/ids.py): what counts as an id, and how typed input becomes one."""

from __future__ import annotations

import pytest

from paperreader.domain.errors import UsageError
from paperreader.domain.ids import PAPER_ID, checked_paper_id, normalise_paper_id


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2603.01234", "2603.01234"),
        ("0704.0001", "0704.0001"),
        (" 2603.01234 ", "2603.01234"),
        ("arXiv:2603.01234", "2603.01234"),
        ("arxiv:2603.01234\n", "2603.01234"),
        ("ARXIV:2603.01234", "2603.01234"),
    ],
)
def test_normalise_accepts_an_id_with_spaces_or_an_arxiv_prefix(given, expected):
    assert normalise_paper_id(given) == expected


@pytest.mark.parametrize(
    "bad",
    ["", "2603", "2603.01234v2", "../2603.01234", "2603.01234/comments", "٢٦٠٣.٠١٢٣٤",
     "arXiv: 2603.01234", "https://arxiv.org/abs/2603.01234"],
)  # fmt: skip
def test_normalise_refuses_anything_else_with_one_sentence(bad):
    with pytest.raises(UsageError) as info:
        normalise_paper_id(bad)
    shown = bad.strip().removeprefix("arXiv:")
    assert info.value.message == f"'{shown}' is not an arXiv id such as 2603.01234."


@pytest.mark.parametrize("bad", [" 2603.01234", "2603.01234\n", "arXiv:2603.01234"])
def test_checked_never_rewrites_an_id(bad):
    with pytest.raises(UsageError, match="is not an arXiv id"):
        checked_paper_id(bad)
    assert checked_paper_id("2603.01234") == "2603.01234"


def test_the_pattern_is_ascii_digits_only():
    assert PAPER_ID.match("2603.01234")
    assert not PAPER_ID.match("٢٦٠٣.٠١٢٣٤")
