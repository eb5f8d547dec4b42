"""`text_shape`: a full text's headings, block count and chunks, read without parsing it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paperreader.formats.hub_full_text import Heading, text_shape

TEXT = """# Title

Intro paragraph
on two lines.

## 1 Method ##

```python
# not a heading
x = 1

y = 2
```

- item one
- item two

### 1.1 Detail
Right under it.
"""


def test_headings_outside_code_blocks_with_their_levels_and_lines():
    shape = text_shape(TEXT)
    assert shape.headings == [
        Heading(1, "Title", 0),
        Heading(2, "1 Method", 5),
        Heading(3, "1.1 Detail", 17),
    ]
    # Title, intro, Method, the fence, the list, Detail, the line under it.
    assert shape.blocks == 7
    assert shape.chunks == [TEXT]


def test_chunks_cut_between_blocks_never_inside_a_fence_and_give_the_text_back():
    shape = text_shape(TEXT, chunk_blocks=2)
    assert "".join(shape.chunks) == TEXT
    assert len(shape.chunks) > 2
    for chunk in shape.chunks:
        assert chunk.count("```") in (0, 2), chunk
        assert chunk.startswith(("#", "Intro", "```", "-")), chunk


def test_twenty_thousand_headings_are_all_found():
    text = "\n\n".join(f"## H{n}\n\nx" for n in range(20_000))
    shape = text_shape(text, chunk_blocks=100)
    assert len(shape.headings) == 20_000
    assert shape.headings[-1] == Heading(2, "H19999", 4 * 19_999)
    assert shape.blocks == 40_000
    assert len(shape.chunks) == 400
    assert "".join(shape.chunks) == text


@given(st.text(alphabet="#`~- \nab1", max_size=300), st.integers(1, 5))
def test_any_text_is_cut_into_chunks_that_give_it_back(text, size):
    shape = text_shape(text, chunk_blocks=size)
    assert "".join(shape.chunks) == text
    assert all(1 <= h.level <= 6 for h in shape.headings)
