"""Parsing what only the paper endpoint has: linked repos, comments, the Markdown full text.

The E3/E4 payload is copied verbatim from docs/hf-api.md section 4.

The contract the property tests check: `parse_extras` and `parse_discussion` raise ValueError
only when the response is unusable as a whole (not an object, or no paper id is known); any
other junk inside is skipped, so a usable response always gives a result. `parse_full_text`
never raises.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.hub_payloads import E3_DETAIL

from paperreader.domain.details import Comment, Discussion, FullText, LinkedRepo, PaperExtras
from paperreader.domain.links import menu_links, repo_url
from paperreader.domain.models import Paper
from paperreader.formats.hub_discussion import parse_discussion
from paperreader.formats.hub_extras import parse_extras
from paperreader.formats.hub_full_text import parse_full_text

PID = "2603.01234"


@pytest.fixture
def detail() -> dict:
    return json.loads(E3_DETAIL)


def model(repo_id: str, downloads: object = None, likes: object = None, **extra) -> dict:
    return {"id": repo_id, "downloads": downloads, "likes": likes, "repoType": "model", **extra}


def comment(
    cid: str,
    raw: object = "text",
    *,
    at: str | None = "2026-03-06T08:00:00.000Z",
    parent: str | None = None,
    hidden: bool = False,
    reason: str | None = None,
    author: object = None,
    **data_extra,
) -> dict:
    data: dict = {"edited": False, "hidden": hidden, "latest": {"raw": raw}, **data_extra}
    if parent is not None:
        data["parentCommentId"] = parent
    if reason is not None:
        data["hiddenReason"] = reason
    item: dict = {"id": cid, "type": "comment", "data": data}
    if at is not None:
        item["createdAt"] = at
    item["author"] = author if author is not None else {"name": f"user-{cid}", "type": "user"}
    return item


def at(hour: int) -> str:
    return f"2026-03-06T{hour:02d}:00:00.000Z"


# --- E3/E4 ---------------------------------------------------------------------------------


def test_extras_from_the_documented_payload(detail):
    extras = parse_extras(detail)
    assert extras == PaperExtras(
        paper_id=PID,
        models=(LinkedRepo("model", "example/tiny-1b", likes=8, downloads=1200),),
        datasets=(),
        spaces=(LinkedRepo("space", "example/tiny-demo", emoji="📄"),),
        total_models=1,
        total_datasets=0,
        total_spaces=1,
        num_comments=1,
    )
    assert extras.has_repos
    assert extras.repos == extras.models + extras.spaces


def test_discussion_from_the_documented_payload(detail):
    discussion = parse_discussion(PID, detail)
    assert discussion == Discussion(
        paper_id=PID,
        comments=(
            Comment(
                id="69ab00000000000000000001",
                author="grace",
                created_at=datetime(2026, 3, 6, 8, 0, tzinfo=UTC),
                text="Nice **work**!",
                reactions=(("rocket", 1),),
            ),
        ),
        total=1,
    )


def test_detail_without_comments_has_no_comment_count(detail):
    del detail["comments"]
    assert parse_extras(detail).num_comments is None
    detail["numComments"] = 5
    assert parse_extras(detail).num_comments == 5
    detail["comments"] = [comment("a"), comment("b", parent="a"), "junk"]
    assert parse_extras(detail).num_comments == 2  # counted from the comments that are there
    assert parse_discussion(PID, detail).comments == parse_discussion(PID, detail).comments


def test_nothing_linked(detail):
    for key in ("linkedModels", "linkedDatasets", "linkedSpaces"):
        detail[key] = []
    for key in ("numTotalModels", "numTotalDatasets", "numTotalSpaces"):
        detail[key] = 0
    extras = parse_extras(detail)
    assert (extras.models, extras.datasets, extras.spaces) == ((), (), ())
    assert not extras.has_repos


# --- linked repos: order, totals, nulls and wrong types -------------------------------------


def test_models_and_datasets_by_downloads_then_likes_spaces_by_likes(detail):
    detail["linkedModels"] = [
        model("a/low", 10, 100),
        model("a/unknown", None, None),
        model("a/top", 5000, 1),
        model("a/tie-more-likes", 300, 9),
        model("a/tie-fewer-likes", 300, 2),
        model("a/tie-fewer-likes-2", 300, 2),
    ]
    detail["linkedDatasets"] = [
        {"id": "d/one", "downloads": 1, "likes": 50},
        {"id": "d/two", "downloads": 2, "likes": 0},
    ]
    detail["linkedSpaces"] = [
        {"id": "s/no-likes", "emoji": "🚀"},
        {"id": "s/liked", "likes": 40, "emoji": "📄", "shortDescription": "Try\nit"},
        {"id": "s/less", "likes": 3, "downloads": 999},
    ]
    extras = parse_extras(detail)
    assert [r.id for r in extras.models] == [
        "a/top",
        "a/tie-more-likes",
        "a/tie-fewer-likes",
        "a/tie-fewer-likes-2",  # a tie keeps the hub's order
        "a/low",
        "a/unknown",
    ]
    assert [r.id for r in extras.datasets] == ["d/two", "d/one"]
    assert [r.kind for r in extras.datasets] == ["dataset", "dataset"]
    assert [r.id for r in extras.spaces] == ["s/liked", "s/less", "s/no-likes"]
    liked = extras.spaces[0]
    assert (liked.emoji, liked.description, liked.downloads) == ("📄", "Try it", None)
    assert extras.spaces[1].downloads is None  # Spaces have no downloads, whatever is sent


def test_totals_are_never_below_what_is_listed(detail):
    detail["numTotalModels"] = 7
    assert parse_extras(detail).total_models == 7  # the hub truncates the list
    for bad in (0, None, "7", -3, 2.5, True):
        detail["numTotalModels"] = bad
        assert parse_extras(detail).total_models == 1, bad
    del detail["numTotalSpaces"]
    assert parse_extras(detail).total_spaces == 1


@pytest.mark.parametrize(
    "junk",
    [
        None,
        "example/tiny-1b",
        {"id": "example/x"},
        42,
        [None, 3, "x", [], {"no": "id"}, {"id": None}, {"id": 42}, {"id": ""}],
        [{"id": "../../evil"}, {"id": "a b/c"}, {"id": "[bold]x[/bold]"}, {"id": "a/b/c"}],
        [{"id": "javascript:alert(1)"}, {"id": "x" * 200}, {"id": "/leading"}, {"id": "a/"}],
    ],
)
def test_unreadable_repos_are_skipped(detail, junk):
    detail["linkedModels"] = junk
    detail["linkedSpaces"] = junk
    extras = parse_extras(detail)
    assert extras.models == () and extras.spaces == ()
    assert extras.total_models == 1  # numTotal* still says what the hub counted


def test_wrong_field_types_in_a_repo_become_none(detail):
    detail["linkedModels"] = [
        model("a/strings", "many", "8"),
        model("a/bools", True, False),
        model("a/negative", -1, -5),
        model("a/float", 12.0, 3.5),
        model("a/strings", 10**9, 10**9),  # a duplicate id: the first one wins
    ]
    detail["linkedSpaces"] = [{"id": "s/x", "emoji": 7, "shortDescription": ["no"], "likes": "1"}]
    models = {r.id: r for r in parse_extras(detail).models}
    assert len(models) == 4
    assert (models["a/strings"].downloads, models["a/strings"].likes) == (None, None)
    assert (models["a/bools"].downloads, models["a/bools"].likes) == (None, None)
    assert (models["a/negative"].downloads, models["a/negative"].likes) == (None, None)
    assert (models["a/float"].downloads, models["a/float"].likes) == (12, None)
    space = parse_extras(detail).spaces[0]
    assert (space.emoji, space.description, space.likes) == (None, None, None)


def test_repo_ids_and_texts_are_cleaned(detail):
    detail["linkedSpaces"] = [
        {
            "id": "  owner/name  ",
            "emoji": "\x1b[31m🚀\x1b[0m",
            "shortDescription": "A \x1b]8;;https://evil.example\x07demo\x1b]8;;\x07 [b]x[/b]",
        }
    ]
    space = parse_extras(detail).spaces[0]
    assert space.id == "owner/name"
    assert space.emoji == "🚀"
    assert space.description == "A demo [b]x[/b]"  # escapes gone, brackets kept literally


def test_bare_model_ids_without_owner_are_kept(detail):
    detail["linkedModels"] = [model("gpt2", 5, 1), model("bert-base-uncased", 4, 1)]
    assert [r.id for r in parse_extras(detail).models] == ["gpt2", "bert-base-uncased"]


def test_extras_paper_id(detail):
    assert parse_extras(detail, "2601.00001").paper_id == PID  # the payload's own id wins
    for bad in (None, 2603.01234, "not-an-id"):
        detail["id"] = bad
        with pytest.raises(ValueError):
            parse_extras(detail)
        assert parse_extras(detail, PID).paper_id == PID
    del detail["id"]
    assert parse_extras(detail, PID).paper_id == PID


@pytest.mark.parametrize("data", [None, [], "text", 3, [{"id": PID}]])
def test_extras_of_a_non_object_is_a_value_error(data):
    with pytest.raises(ValueError):
        parse_extras(data, PID)


def test_all_nulls(detail):
    for key in list(detail):
        if key != "id":
            detail[key] = None
    assert parse_extras(detail) == PaperExtras(paper_id=PID)


# --- links of repos ---------------------------------------------------------------------------


def test_repo_urls_follow_the_kind_and_the_site():
    model_repo = LinkedRepo("model", "example/tiny-1b")
    dataset = LinkedRepo("dataset", "example/bench")
    space = LinkedRepo("space", "example/demo")
    assert repo_url(model_repo) == "https://huggingface.co/example/tiny-1b"
    assert repo_url(dataset) == "https://huggingface.co/datasets/example/bench"
    assert repo_url(space) == "https://huggingface.co/spaces/example/demo"
    assert repo_url(space, "http://127.0.0.1:8765/") == "http://127.0.0.1:8765/spaces/example/demo"


def test_menu_links_list_the_paper_then_its_repos(detail):
    paper = Paper(
        id=PID,
        title="T",
        github_repo="https://github.com/example/tiny",
        project_page="javascript:alert(1)",  # never offered: not a web link
    )
    extras = parse_extras(detail)
    assert menu_links(paper, extras, "http://hub.test") == [
        ("Hugging Face", f"http://hub.test/papers/{PID}"),
        ("arXiv", f"https://arxiv.org/abs/{PID}"),
        ("PDF", f"https://arxiv.org/pdf/{PID}"),
        ("GitHub", "https://github.com/example/tiny"),
        ("Model: example/tiny-1b", "http://hub.test/example/tiny-1b"),
        ("Space: example/tiny-demo", "http://hub.test/spaces/example/tiny-demo"),
    ]
    assert [label for label, _ in menu_links(paper)] == ["Hugging Face", "arXiv", "PDF", "GitHub"]


# --- comments: nesting, order, hidden, literal text -----------------------------------------


def ids(comments: tuple[Comment, ...]) -> list[str]:
    return [c.id for c in comments]


def test_replies_nest_under_their_parent_in_date_order():
    data = {
        "comments": [
            comment("late-top", at=at(12)),
            comment("reply-2", at=at(11), parent="top"),
            comment("top", at=at(9)),
            comment("reply-1", at=at(10), parent="top"),
            comment("reply-to-reply", at=at(13), parent="reply-1"),
        ]
    }
    discussion = parse_discussion(PID, data)
    assert discussion.total == 5
    assert ids(discussion.comments) == ["top", "late-top"]
    top = discussion.comments[0]
    assert ids(top.replies) == ["reply-1", "reply-2"]
    assert ids(top.replies[0].replies) == ["reply-to-reply"]
    assert [(depth, c.id) for depth, c in discussion.walk()] == [
        (0, "top"),
        (1, "reply-1"),
        (2, "reply-to-reply"),
        (1, "reply-2"),
        (0, "late-top"),
    ]


def test_orphan_replies_stay_at_the_top_level():
    data = [
        comment("reply", at=at(10), parent="deleted-parent"),
        comment("top", at=at(9)),
        comment("self", at=at(11), parent="self"),
    ]
    discussion = parse_discussion(PID, data)
    assert ids(discussion.comments) == ["top", "reply", "self"]
    assert all(not c.replies for c in discussion.comments)


def test_a_cycle_of_parents_loses_no_comment():
    data = [
        comment("a", at=at(9), parent="b"),
        comment("b", at=at(10), parent="a"),
        comment("c", at=at(11), parent="a"),
    ]
    discussion = parse_discussion(PID, data)
    assert ids(discussion.comments) == ["a", "b"]
    assert ids(discussion.comments[0].replies) == ["c"]
    assert sorted(c.id for _, c in discussion.walk()) == ["a", "b", "c"]


def test_undated_comments_go_last_in_the_hub_order():
    data = [
        comment("undated-1", at=None),
        comment("dated", at=at(9)),
        comment("undated-2", at="yesterday"),
    ]
    assert ids(parse_discussion(PID, data).comments) == ["dated", "undated-1", "undated-2"]


def test_hidden_comments_keep_their_reason_but_not_their_text():
    data = [
        comment("spam", "Buy cheap GPUs", hidden=True, reason="Spam"),
        comment("hidden-no-reason", "x", hidden=True),
        comment("reason-but-visible", "shown", reason="Resolved"),
    ]
    spam, no_reason, visible = parse_discussion(PID, data).comments
    assert (spam.hidden, spam.hidden_reason, spam.text) == (True, "Spam", "")
    assert (no_reason.hidden, no_reason.hidden_reason, no_reason.text) == (True, None, "")
    assert (visible.hidden, visible.hidden_reason, visible.text) == (False, None, "shown")


def test_markup_looking_text_stays_literal_and_escapes_are_stripped():
    raw = (
        "[bold]not bold[/bold] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m\r\n"
        "second line\x07 with `code` and **stars**\r\n\r\n\r\n\r\nlast\x1b]8;;https://x\x07"
    )
    (only,) = parse_discussion(PID, [comment("m", raw)]).comments
    assert only.text == (
        "[bold]not bold[/bold] [@click=app.quit]quit[/] red\n"
        "second line with `code` and **stars**\n\nlast"
    )


def test_authors_reactions_and_edits():
    data = [
        comment("by-name", author={"name": "grace", "user": "other"}),
        comment("by-user", author={"user": "ada", "type": "user"}),
        comment("no-author", author="not an object"),
        comment(
            "reacted",
            reactions=[
                {"reaction": "rocket", "count": 3, "users": ["a"]},
                {"reaction": "heart", "users": ["a", "b"]},  # no count: the users are counted
                {"reaction": "eyes", "count": 0},
                {"reaction": None, "count": 2},
                "junk",
                {"reaction": "fire", "count": "2"},
            ],
            numEdits=2,
        ),
        comment("edited-flag", edited=True),
    ]
    data[4]["data"]["edited"] = True
    by_id = {c.id: c for c in parse_discussion(PID, data).comments}
    assert by_id["by-name"].author == "grace"
    assert by_id["by-user"].author == "ada"
    assert by_id["no-author"].author is None
    assert by_id["reacted"].reactions == (("rocket", 3), ("heart", 2))
    assert by_id["reacted"].edited is True
    assert by_id["edited-flag"].edited is True
    assert by_id["by-name"].edited is False


def test_unreadable_comments_are_skipped_and_counted():
    data = {
        "comments": [
            comment("ok"),
            "junk",
            None,
            {"type": "comment", "data": {}},  # no id
            comment("ok"),  # a duplicate id
            {**comment("status"), "type": "status-change"},
            {"id": "bare"},  # nothing but an id: an empty comment, still readable
            comment("wrong-types", raw=["x"], at=17, parent=5, reactions="many", hidden="yes"),
        ]
    }
    discussion = parse_discussion(PID, data)
    assert ids(discussion.comments) == ["ok", "bare", "wrong-types"]  # undated: hub order
    assert discussion.skipped == 5
    wrong = discussion.comments[2]
    assert (wrong.text, wrong.created_at, wrong.reactions, wrong.hidden) == ("", None, (), False)
    bare = discussion.comments[1]
    assert (bare.author, bare.text, bare.created_at) == (None, "", None)


@pytest.mark.parametrize("data", [{}, {"comments": None}, {"comments": "none"}, []])
def test_no_comments_is_an_empty_discussion(data):
    assert parse_discussion(PID, data) == Discussion(PID)


@pytest.mark.parametrize("data", [None, "comments", 3, 2.5, True])
def test_a_discussion_that_is_not_an_object_or_list_is_a_value_error(data):
    with pytest.raises(ValueError):
        parse_discussion(PID, data)


def test_a_very_deep_thread_needs_no_recursion():
    depth = 5000
    data = [comment("c0", at=at(0))]
    data += [comment(f"c{n}", at=at(0), parent=f"c{n - 1}") for n in range(1, depth)]
    discussion = parse_discussion(PID, data)
    assert discussion.total == depth
    walked = discussion.walk()
    assert [d for d, _ in walked] == list(range(depth))


# --- the full text --------------------------------------------------------------------------

MARKDOWN = r"""# Title

| A | B |
|---|--:|
| 1 | 2 |

```python
print("[bold]x[/bold]")
```

$$\mathcal{L} = -\sum_i \log p(x_i)$$
"""


def test_full_text_is_kept_raw_but_cleaned():
    assert parse_full_text(PID, MARKDOWN) == FullText(PID, MARKDOWN)
    dirty = "\ufeff# T\r\n\r\nA \x1b[2Jcleared\x1b]0;title\x07 screen\x00.\r\n\tindented\n"
    assert parse_full_text(PID, dirty).markdown == "# T\n\nA cleared screen.\n\tindented\n"


@pytest.mark.parametrize("text", [None, "", "  \n\n ", "\x1b[0m", 3, b"# bytes"])
def test_no_full_text(text):
    full = parse_full_text(PID, text)
    assert full == FullText(PID, None)
    assert not full.available


# --- properties: arbitrary JSON -------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
_IDS = st.sampled_from(["a", "b", "c", "d", "e"])
_COMMENT = st.fixed_dictionaries(
    {"id": st.one_of(_IDS, _JSON), "type": st.sampled_from(["comment", "other", None])},
    optional={
        "createdAt": st.one_of(st.sampled_from([at(1), at(2), at(3)]), _JSON),
        "author": st.one_of(st.fixed_dictionaries({"name": st.text(max_size=8)}), _JSON),
        "data": st.fixed_dictionaries(
            {},
            optional={
                "hidden": st.one_of(st.booleans(), _JSON),
                "hiddenReason": _JSON,
                "parentCommentId": st.one_of(_IDS, _JSON),
                "latest": st.one_of(st.fixed_dictionaries({"raw": st.text(max_size=30)}), _JSON),
                "reactions": _JSON,
            },
        ),
    },
)
_REPO = st.one_of(
    st.fixed_dictionaries(
        {"id": st.one_of(st.sampled_from(["o/m", "o/n", "m"]), _JSON)},
        optional={"likes": _JSON, "downloads": _JSON, "emoji": _JSON},
    ),
    _JSON,
)
_DETAIL = st.fixed_dictionaries(
    {"id": st.one_of(st.just(PID), _JSON)},
    optional={
        "linkedModels": st.one_of(st.lists(_REPO, max_size=4), _JSON),
        "linkedDatasets": st.one_of(st.lists(_REPO, max_size=3), _JSON),
        "linkedSpaces": st.one_of(st.lists(_REPO, max_size=3), _JSON),
        "numTotalModels": _JSON,
        "numComments": _JSON,
        "comments": st.one_of(st.lists(_COMMENT, max_size=6), _JSON),
    },
)


def _safe(text: str) -> bool:
    return not any((ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F for ch in text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_DETAIL, _JSON))
def test_parse_extras_never_raises_anything_but_value_error(data):
    try:
        extras = parse_extras(data)
    except ValueError:
        assert not isinstance(data, dict) or data.get("id") != PID
        return
    if isinstance(data, dict):  # with a known id an object always gives a result
        assert parse_extras(data, PID).paper_id == extras.paper_id
    for kind, repos, total in (
        ("model", extras.models, extras.total_models),
        ("dataset", extras.datasets, extras.total_datasets),
        ("space", extras.spaces, extras.total_spaces),
    ):
        assert total >= len(repos)
        assert len({r.id for r in repos}) == len(repos)
        for repo in repos:
            assert repo.kind == kind
            assert repo_url(repo).startswith("https://huggingface.co/")
            for number in (repo.likes, repo.downloads):
                assert number is None or (type(number) is int and number >= 0)
    assert extras.num_comments is None or extras.num_comments >= 0


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(_COMMENT, max_size=8), st.fixed_dictionaries({"comments": _JSON})))
def test_parse_discussion_always_reads_an_object_or_list(data):
    discussion = parse_discussion(PID, data)
    walked = discussion.walk()
    assert discussion.total == len(walked)
    seen = [c.id for _, c in walked]
    assert len(set(seen)) == len(seen)  # every comment exactly once
    items = data if isinstance(data, list) else data["comments"]
    if isinstance(items, list):
        assert discussion.total + discussion.skipped == len(items)
    for _depth, c in walked:
        assert _safe(c.text) and _safe(c.author or "") and _safe(c.hidden_reason or "")
        assert c.text == "" or not c.hidden
        assert all(type(n) is int and n > 0 for _, n in c.reactions)


@settings(max_examples=100, deadline=None)
@given(_JSON)
def test_parse_discussion_of_anything_else(data):
    if isinstance(data, dict | list):
        assert isinstance(parse_discussion(PID, data), Discussion)
    else:
        with pytest.raises(ValueError):
            parse_discussion(PID, data)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), _JSON))
def test_parse_full_text_never_raises(text):
    full = parse_full_text(PID, text)
    assert full.markdown is None or (full.markdown.strip() and _safe(full.markdown))


def test_parsing_does_not_change_its_input(detail):
    before = copy.deepcopy(detail)
    parse_extras(detail)
    parse_discussion(PID, detail)
    assert detail == before
