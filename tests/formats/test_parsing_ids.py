"""Ids and links from the hub are kept exactly as sent, or dropped: never "cleaned" into
another valid value.

Cleaning is right for text a person reads (a title loses its escape sequences), wrong for a
value that names something: `org/model\\x1b[31mred` cleaned is `org/modelred`, a different
repo, which the detail would list and the browser would open.
"""

from __future__ import annotations

import json

import pytest
from support.hub_payloads import E3_DETAIL

from paperreader.domain.links import is_web_url
from paperreader.formats.hub_discussion import parse_discussion
from paperreader.formats.hub_extras import parse_extras
from paperreader.formats.hub_json import parse_items, parse_paper

PID = "2603.01234"

# Each becomes a valid value once escapes, controls or bidi marks are taken out of it.
DISGUISES = [
    "\x1b[31m",  # a colour
    "\x1b]8;;https://evil.example\x07",  # a hyperlink
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\x00",
    "\x9b31m",  # 8-bit CSI
]


def item(**paper_fields: object) -> dict:
    """A listing item with a valid paper, `paper_fields` merged into the nested paper."""
    paper = {"id": PID, "title": "T", **paper_fields}
    return {"paper": paper}


@pytest.mark.parametrize("junk", DISGUISES)
def test_a_linked_repo_id_with_hidden_characters_is_dropped_not_rewritten(junk):
    detail = json.loads(E3_DETAIL)
    detail["linkedModels"] = [
        {"id": f"org/model{junk}red", "downloads": 9},
        {"id": "org/other", "downloads": 1},
    ]
    extras = parse_extras(detail)
    assert [m.id for m in extras.models] == ["org/other"]


@pytest.mark.parametrize("junk", DISGUISES)
def test_a_paper_id_with_hidden_characters_is_unreadable(junk):
    disguised = f"2603.{junk}01234"
    parsed = parse_items([item(id=disguised), item(id="2603.05678")])
    assert [p.id for p in parsed.papers] == ["2603.05678"]
    assert parsed.skipped == 1
    with pytest.raises(ValueError):
        parse_paper({"id": disguised, "title": "T"})


def test_an_extras_payload_with_a_disguised_id_takes_the_id_asked_for():
    detail = json.loads(E3_DETAIL)
    detail["id"] = "2603.0\x1b[0m9999"
    assert parse_extras(detail, PID).paper_id == PID
    with pytest.raises(ValueError):
        parse_extras(detail)  # no id known at all: unusable, not 2603.09999


@pytest.mark.parametrize("junk", DISGUISES)
@pytest.mark.parametrize("field", ["githubRepo", "projectPage"])
def test_a_link_with_hidden_characters_is_dropped(field, junk):
    paper = parse_paper(item(**{field: f"https://github.com/good{junk}/evil"}))
    assert paper.github_repo is None and paper.project_page is None


def test_links_keep_their_outer_spaces_off_and_their_value():
    paper = parse_paper(item(githubRepo="  https://github.com/a/b\n", projectPage="https://x.org"))
    assert paper.github_repo == "https://github.com/a/b"
    assert paper.project_page == "https://x.org"


@pytest.mark.parametrize("junk", ["\u202e", "\u200f", "\u2066", "\ud800", "\u2028"])
def test_is_web_url_refuses_bidi_and_format_characters(junk):
    assert not is_web_url(f"https://example.org/a{junk}b")
    assert is_web_url("https://example.org/ab")


@pytest.mark.parametrize("junk", DISGUISES)
def test_a_username_with_hidden_characters_is_dropped(junk):
    data = {
        **item(
            authors=[{"name": "Ada", "user": {"user": f"ad{junk}a"}}],
            submittedOnDailyBy={"user": f"ak{junk}haliq"},
            organization={"name": f"example{junk}-lab"},
        ),
        "submittedBy": {"name": f"ak{junk}haliq"},
    }
    paper = parse_paper(data)
    assert paper.submitted_by is None
    assert paper.authors[0].name == "Ada" and paper.authors[0].username is None
    assert paper.organization is None


def test_a_disguised_submitter_falls_back_to_the_other_field_as_sent():
    data = {**item(submittedOnDailyBy={"user": "akhaliq"}), "submittedBy": {"name": "ak\x1bhaliq"}}
    assert parse_paper(data).submitted_by == "akhaliq"


def test_an_organization_with_a_disguised_slug_keeps_only_its_full_name():
    paper = parse_paper(item(organization={"name": "lab\u202e", "fullname": "Example Lab"}))
    assert paper.organization is not None
    assert paper.organization.label == "Example Lab"
    assert paper.organization.name != "lab"


def test_valid_names_are_kept_as_sent():
    data = {
        **item(
            authors=[{"name": "Ada", "user": {"user": "ada.l_ovelace-1"}}],
            organization={"name": "example-lab", "fullname": "Example Lab"},
        ),
        "submittedBy": {"name": "AK"},
    }
    paper = parse_paper(data)
    assert paper.submitted_by == "AK"
    assert paper.authors[0].username == "ada.l_ovelace-1"
    assert paper.organization is not None and paper.organization.name == "example-lab"


def comment(cid: str, parent: str | None = None, author: str = "grace") -> dict:
    data: dict = {"latest": {"raw": cid}}
    if parent is not None:
        data["parentCommentId"] = parent
    return {"id": cid, "type": "comment", "author": {"name": author}, "data": data}


def test_a_disguised_comment_id_is_not_merged_into_another_comment():
    discussion = parse_discussion(PID, [comment("c1"), comment("c\x1b[0m1")])
    assert [c.text for c in discussion.comments] == ["c1"]
    assert discussion.total == 1 and discussion.skipped == 1


def test_a_disguised_parent_id_does_not_nest_a_reply_elsewhere():
    discussion = parse_discussion(PID, [comment("c1"), comment("r", parent="c\u202e1")])
    assert [c.id for c in discussion.comments] == ["c1", "r"]
    assert discussion.comments[0].replies == ()


def test_a_disguised_comment_author_is_unknown():
    discussion = parse_discussion(PID, [comment("c1", author="gra\x1b[8mce")])
    assert discussion.comments[0].author is None
