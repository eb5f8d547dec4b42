"""The one paper-id rule (domain/ids.py): what counts as an id, and how typed input becomes one."""

from __future__ import annotations

import pytest

from paperreader.domain.errors import UsageError
from paperreader.domain.ids import PAPER_ID, checked_paper_id, normalise_paper_id, paper_file_name


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2603.01234", "2603.01234"),
        ("0704.0001", "0704.0001"),
        (" 2603.01234 ", "2603.01234"),
        ("arXiv:2603.01234", "2603.01234"),
        ("arXiv: 2603.01234", "2603.01234"),  # as citations often write it
        ("arxiv:2603.01234\n", "2603.01234"),
        ("ARXIV:2603.01234", "2603.01234"),
        ("2406.10000v2", "2406.10000"),
        ("arXiv:2406.10000v12", "2406.10000"),
        ("https://huggingface.co/papers/2406.10000", "2406.10000"),
        ("https://huggingface.co/papers/2406.10000#community", "2406.10000"),
        ("huggingface.co/papers/2406.10000/", "2406.10000"),
        ("https://hf.co/papers/2406.10000", "2406.10000"),
        ("https://arxiv.org/abs/2406.10000v1", "2406.10000"),
        ("http://arxiv.org/abs/2406.10000?context=cs", "2406.10000"),
        ("https://arxiv.org/pdf/2406.10000", "2406.10000"),
        ("https://arxiv.org/pdf/2406.10000.pdf", "2406.10000"),
        ("https://arxiv.org/pdf/2406.10000v3.pdf", "2406.10000"),
        ("https://www.arxiv.org/html/2406.10000v1", "2406.10000"),
        ("arxiv.org/abs/2406.10000", "2406.10000"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("arXiv:hep-th/9901001", "hep-th/9901001"),
        ("math.AG/0601001", "math/0601001"),
        ("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("https://arxiv.org/pdf/cond-mat/0102536.pdf", "cond-mat/0102536"),
        ("https://huggingface.co/papers/hep-th/9901001", "hep-th/9901001"),
    ],
)
def test_normalise_accepts_ids_versions_prefixes_and_paper_links(given, expected):
    assert normalise_paper_id(given) == expected


@pytest.mark.parametrize(
    "bad",
    ["", "2603", "../2603.01234", "2603.01234/comments", "٢٦٠٣.٠١٢٣٤", "arXiv 2603.01234",
     "2603.01234v", "2603.01234vv2", "https://example.com/papers/2406.10000",
     "https://arxiv.org/list/2406.10000", "ftp://arxiv.org/abs/2406.10000",
     "https://huggingface.co/papers/2406.10000/../x", "https://arxiv.org/abs/",
     "hep-th/990100", "HEP-TH/9901001", "hep-th/9901001/x", "javascript:2406.10000"],
)  # fmt: skip
def test_normalise_refuses_anything_else_with_one_sentence(bad):
    with pytest.raises(UsageError) as info:
        normalise_paper_id(bad)
    message = info.value.message
    assert message.startswith(f"'{bad.strip()}' is not an arXiv id such as 2603.01234, ")
    assert "\n" not in message and message.endswith("link to one.")


def test_a_refused_id_is_shown_as_text_one_line_and_short():
    with pytest.raises(UsageError) as info:
        normalise_paper_id("\x1b[31mred\nline" + "x" * 200)
    message = info.value.message
    assert "\x1b" not in message and "\n" not in message
    assert message.startswith("'red linexxx")
    assert len(message) < 200


@pytest.mark.parametrize("bad", [" 2603.01234", "2603.01234\n", "arXiv:2603.01234", "2603.1v2"])
def test_checked_never_rewrites_an_id(bad):
    with pytest.raises(UsageError, match="is not an arXiv id"):
        checked_paper_id(bad)
    assert checked_paper_id("2603.01234") == "2603.01234"
    assert checked_paper_id("hep-th/9901001") == "hep-th/9901001"


def test_the_pattern_is_ascii_digits_only_and_takes_old_style_ids():
    assert PAPER_ID.match("2603.01234")
    assert PAPER_ID.match("hep-th/9901001")
    assert not PAPER_ID.match("٢٦٠٣.٠١٢٣٤")
    assert not PAPER_ID.match("2603.01234v2")
    assert not PAPER_ID.match("math.AG/0601001")  # keyed without its subject class


def test_file_names_never_name_a_folder():
    assert paper_file_name("2603.01234", ".pdf") == "2603.01234.pdf"
    assert paper_file_name("hep-th/9901001", ".pdf") == "hep-th_9901001.pdf"
    with pytest.raises(UsageError):
        paper_file_name("../x", ".pdf")
