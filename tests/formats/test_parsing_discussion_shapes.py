"""The discussion in either shape the hub may send: flat (`data.parentCommentId`) or nested
(`replies: [...]` inside a comment, `reactions` on the comment itself), or a mix of both.

Whatever the shape, the comment count the detail shows (`parse_extras`) is the number of
comments the discussion screen lists (`parse_discussion(...).walk()`).
"""

from __future__ import annotations

import pytest

from paperreader.formats.hub_discussion import parse_discussion
from paperreader.formats.hub_extras import parse_extras

PID = "2603.01234"


def comment(cid: str, hour: int, *, parent: str | None = None, **fields: object) -> dict:
    data: dict = {"latest": {"raw": f"text of {cid}"}}
    if parent is not None:
        data["parentCommentId"] = parent
    return {
        "id": cid,
        "type": "comment",
        "createdAt": f"2026-03-06T{hour:02d}:00:00.000Z",
        "author": {"name": f"user-{cid}"},
        "data": data,
        **fields,
    }


NESTED = [
    comment(
        "top",
        9,
        reactions=[{"reaction": "rocket", "count": 2}],
        replies=[
            comment("reply-2", 11),
            comment("reply-1", 10, replies=[comment("reply-1-1", 12)]),
        ],
    ),
    comment("second", 13),
]
MIXED = [
    comment("top", 9, replies=[comment("nested", 10)]),
    comment("flat", 11, parent="top"),
    comment("flat-on-nested", 12, parent="nested"),
    comment("second", 13),
]


def shape(data: object) -> list[tuple[int, str]]:
    return [(depth, c.id) for depth, c in parse_discussion(PID, data).walk()]


def test_nested_replies_are_read():
    assert shape(NESTED) == [
        (0, "top"),
        (1, "reply-1"),
        (2, "reply-1-1"),
        (1, "reply-2"),
        (0, "second"),
    ]
    assert parse_discussion(PID, NESTED).total == 5


def test_replies_under_data_are_read_too():
    data = [comment("top", 9)]
    data[0]["data"]["replies"] = [comment("reply", 10)]
    assert shape(data) == [(0, "top"), (1, "reply")]


def test_a_mix_of_nested_and_flat_replies_is_one_tree():
    assert shape({"comments": MIXED}) == [
        (0, "top"),
        (1, "nested"),
        (2, "flat-on-nested"),
        (1, "flat"),
        (0, "second"),
    ]


def test_reactions_on_the_comment_itself_are_read():
    top = parse_discussion(PID, NESTED).comments[0]
    assert top.reactions == (("rocket", 2),)


def test_reactions_under_data_win_over_the_comment_level():
    item = comment("c", 9, reactions=[{"reaction": "heart", "count": 1}])
    item["data"]["reactions"] = [{"reaction": "rocket", "count": 3}]
    assert parse_discussion(PID, [item]).comments[0].reactions == (("rocket", 3),)


def test_replies_of_an_unreadable_comment_are_kept_at_the_top_level():
    broken = {"type": "comment", "replies": [comment("orphan", 10)]}  # no id
    discussion = parse_discussion(PID, [broken, comment("top", 9)])
    assert [c.id for c in discussion.comments] == ["top", "orphan"]
    assert discussion.skipped == 1


def test_junk_replies_are_skipped_and_counted():
    item = comment("top", 9, replies=["junk", None, comment("ok", 10)])
    discussion = parse_discussion(PID, [item, comment("x", 11, replies="not a list")])
    assert shape([item]) == [(0, "top"), (1, "ok")]
    assert discussion.skipped == 2 and discussion.total == 3


@pytest.mark.parametrize("comments", [NESTED, MIXED], ids=["nested", "mixed"])
def test_the_detail_counts_what_the_discussion_lists(comments):
    detail = {"id": PID, "comments": comments}
    walked = parse_discussion(PID, detail).walk()
    assert parse_extras(detail).num_comments == len(walked) > len(comments)


def test_a_deeply_nested_thread_needs_no_recursion():
    depth = 3000
    root = comment("c0", 9)
    node = root
    for n in range(1, depth):
        child = comment(f"c{n}", 9)
        node["replies"] = [child]
        node = child
    discussion = parse_discussion(PID, [root])
    assert discussion.total == depth
    assert [d for d, _ in discussion.walk()] == list(range(depth))
