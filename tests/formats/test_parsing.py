"""Parsing Hugging Face Papers JSON: every quirk of docs/hf-api.md section 8.

The three example payloads are copied verbatim from hf-api.md section 4 (E1, E2, E3/E4).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.hub_payloads import E3_DETAIL

from paperreader.domain.ids import PAPER_ID
from paperreader.domain.models import Author, Organization, Paper, TextSpan
from paperreader.formats.hub_json import parse_items, parse_paper
from paperreader.formats.hub_values import parse_datetime

# --- hf-api.md section 4, verbatim ----------------------------------------------------------

E1_DAILY = r"""
[{"paper":{"id":"2603.01234","authors":[{"_id":"69aa20ecc4f6edddcc6c0001","name":"Ada Lovelace","hidden":false,
   "user":{"_id":"65a103d5230f8846b1b90001","avatarUrl":"/avatars/0bcb.svg","isPro":false,"fullname":"Ada Lovelace","user":"ada","type":"user"},
   "status":"claimed_verified","statusLastChangedAt":"2026-03-06T09:00:00.000Z"},
  {"_id":"69aa20ecc4f6edddcc6c0002","name":"Alan Turing","hidden":false}],
  "mediaUrls":["https://cdn-uploads.huggingface.co/production/uploads/65a1/t.webp"],
  "publishedAt":"2026-03-04T17:08:18.000Z","submittedOnDailyAt":"2026-03-06T03:55:12.777Z","title":"Tiny Models Read Papers",
  "submittedOnDailyBy":{"_id":"65a103d5230f8846b1b90001","avatarUrl":"/avatars/0bcb.svg","isPro":false,"fullname":"Ada Lovelace","user":"ada","type":"user"},
  "summary":"We show that tiny models\ncan read papers.","upvotes":42,"discussionId":"69aa20edc4f6edddcc6c0003",
  "projectPage":"https://example.org/tiny","githubRepo":"https://github.com/example/tiny","githubRepoAddedBy":"user","githubStars":17,
  "ai_summary":"Tiny models read papers well.","ai_keywords":["tiny models","reading"],
  "organization":{"_id":"647ef9ce45baf21ad707cc59","name":"example-lab","fullname":"Example Lab","avatar":"https://cdn-uploads.huggingface.co/production/uploads/x/l.png"}},
 "publishedAt":"2026-03-04T12:08:18.000Z","title":"Tiny Models Read Papers","summary":"We show that tiny models\ncan read papers.",
 "mediaUrls":["https://cdn-uploads.huggingface.co/production/uploads/65a1/t.webp"],
 "thumbnail":"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2603.01234.png","numComments":3,
 "submittedBy":{"_id":"65a103d5230f8846b1b90001","avatarUrl":"/avatars/0bcb.svg","fullname":"Ada Lovelace","name":"ada","type":"user",
   "isPro":false,"isHf":false,"isHfAdmin":false,"isMod":false,"followerCount":12,"isUserFollowing":false},
 "organization":{"_id":"647ef9ce45baf21ad707cc59","name":"example-lab","fullname":"Example Lab","avatar":"https://cdn-uploads.huggingface.co/production/uploads/x/l.png"},
 "isAuthorParticipating":true}]
"""  # noqa: E501

E2_SEARCH = r"""
[{"paper":{"id":"2603.01234","authors":[{"_id":"69aa20ecc4f6edddcc6c0001","name":"Ada Lovelace","hidden":false}],
   "publishedAt":"2026-03-04T17:08:18.000Z","title":"Tiny Models Read Papers","summary":"We show that tiny models\ncan read papers.",
   "upvotes":42,"discussionId":"69aa20edc4f6edddcc6c0003","ai_keywords":["tiny models"],"githubRepo":"https://github.com/example/tiny"},
  "publishedAt":"2026-03-04T12:08:18.000Z","title":"Tiny Models Read Papers","summary":"We show that tiny models\ncan read papers.",
  "thumbnail":"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2603.01234.png","numComments":3,"upvoted":false,
  "isAuthorParticipating":true,
  "highlightedTitle":[{"type":"highlight","text":"Tiny"},{"type":"text","text":" "},{"type":"highlight","text":"Models"},{"type":"text","text":" Read Papers"}],
  "highlightedSummary":[{"type":"text","text":"We show that tiny models\ncan read papers."}]}]
"""  # noqa: E501


ARXIV_DATE = datetime(2026, 3, 4, 17, 8, 18, tzinfo=UTC)
WRAPPER_DATE = datetime(2026, 3, 4, 12, 8, 18, tzinfo=UTC)


@pytest.fixture
def daily_item() -> dict:
    return json.loads(E1_DAILY)[0]


@pytest.fixture
def search_item() -> dict:
    return json.loads(E2_SEARCH)[0]


@pytest.fixture
def detail() -> dict:
    return json.loads(E3_DETAIL)


# --- the example payloads as a whole ------------------------------------------------------


def test_daily_item_reads_every_field(daily_item):
    paper = parse_paper(daily_item)
    assert paper == Paper(
        id="2603.01234",
        title="Tiny Models Read Papers",
        summary="We show that tiny models can read papers.",
        authors=(Author("Ada Lovelace", "ada"), Author("Alan Turing", None)),
        published_at=ARXIV_DATE,
        submitted_on_daily_at=datetime(2026, 3, 6, 3, 55, 12, 777000, tzinfo=UTC),
        upvotes=42,
        num_comments=3,
        organization=Organization("example-lab", "Example Lab"),
        submitted_by="ada",
        github_repo="https://github.com/example/tiny",
        github_stars=17,
        project_page="https://example.org/tiny",
        ai_summary="Tiny models read papers well.",
        ai_keywords=("tiny models", "reading"),
        withdrawn=False,
        highlighted_title=(),
    )
    assert paper.daily_date == date(2026, 3, 6)
    assert paper.first_author == "Ada Lovelace"


def test_search_item_reads_fields_and_highlighting(search_item):
    paper = parse_paper(search_item)
    assert paper.id == "2603.01234"
    assert paper.title == "Tiny Models Read Papers"
    assert paper.authors == (Author("Ada Lovelace"),)
    assert paper.ai_keywords == ("tiny models",)
    assert paper.github_repo == "https://github.com/example/tiny"
    assert paper.num_comments == 3
    assert paper.submitted_by is None
    assert paper.organization is None
    assert paper.submitted_on_daily_at is None
    assert paper.highlighted_title == (
        TextSpan("Tiny", True),
        TextSpan(" ", False),
        TextSpan("Models", True),
        TextSpan(" Read Papers", False),
    )


def test_flat_detail_reads_top_level_fields(detail):
    paper = parse_paper(detail)
    assert paper.id == "2603.01234"
    assert paper.title == "Tiny Models Read Papers"
    assert paper.summary == "We show that tiny models can read papers."
    assert paper.authors == (Author("Ada Lovelace"),)
    assert paper.published_at == ARXIV_DATE
    assert paper.daily_date == date(2026, 3, 6)
    assert paper.upvotes == 42
    assert paper.github_repo == "https://github.com/example/tiny"
    assert paper.ai_summary == "Tiny models read papers well."
    # Quirk 5: the detail has no numComments; the parser does not invent one.
    assert paper.num_comments is None
    # Comment authors and linked repos are not paper authors or the submitter.
    assert paper.submitted_by is None
    assert "Grace Hopper" not in {a.name for a in paper.authors}


def test_parse_items_on_each_example_listing():
    for payload in (E1_DAILY, E2_SEARCH):
        parsed = parse_items(json.loads(payload))
        assert parsed.skipped == 0
        assert [p.id for p in parsed.papers] == ["2603.01234"]


# --- quirk 1: the wrapper publishedAt is New York time labelled Z -----------------------------


def test_wrapper_published_at_is_never_the_arxiv_date(daily_item, search_item):
    for item in (daily_item, search_item):
        assert parse_paper(item).published_at == ARXIV_DATE
        assert parse_paper(item).published_at != WRAPPER_DATE


def test_wrapper_published_at_is_not_a_fallback(daily_item):
    del daily_item["paper"]["publishedAt"]
    assert daily_item["publishedAt"] == "2026-03-04T12:08:18.000Z"
    assert parse_paper(daily_item).published_at is None
    daily_item["paper"]["publishedAt"] = None
    assert parse_paper(daily_item).published_at is None


def test_feed_date_comes_from_submitted_on_daily_at(daily_item):
    paper = parse_paper(daily_item)
    assert paper.daily_date == date(2026, 3, 6)
    assert paper.published_at.date() == date(2026, 3, 4)


# --- quirk 2: usernames in `name` or `user` ---------------------------------------------------


def test_submitter_username_from_name(daily_item):
    assert daily_item["submittedBy"]["name"] == "ada"
    daily_item["submittedBy"]["name"] = "grace"
    assert parse_paper(daily_item).submitted_by == "grace"


def test_submitter_falls_back_to_submitted_on_daily_by_user(daily_item):
    del daily_item["submittedBy"]
    daily_item["paper"]["submittedOnDailyBy"] = {"user": "hopper", "fullname": "Grace Hopper"}
    assert parse_paper(daily_item).submitted_by == "hopper"


def test_username_name_wins_over_user(daily_item):
    daily_item["submittedBy"] = {"name": "by-name", "user": "by-user"}
    assert parse_paper(daily_item).submitted_by == "by-name"
    daily_item["submittedBy"] = {"name": None, "user": "by-user"}
    assert parse_paper(daily_item).submitted_by == "by-user"
    daily_item["submittedBy"] = {"name": "", "user": ""}
    del daily_item["paper"]["submittedOnDailyBy"]
    assert parse_paper(daily_item).submitted_by is None


def test_author_username_from_user_or_name(daily_item):
    authors = daily_item["paper"]["authors"]
    authors[1]["user"] = {"name": "turing"}
    paper = parse_paper(daily_item)
    assert [(a.name, a.username) for a in paper.authors] == [
        ("Ada Lovelace", "ada"),
        ("Alan Turing", "turing"),
    ]


def test_non_object_user_gives_no_username(daily_item):
    daily_item["submittedBy"] = "ada"
    daily_item["paper"]["submittedOnDailyBy"] = ["ada"]
    daily_item["paper"]["authors"][0]["user"] = 7
    paper = parse_paper(daily_item)
    assert paper.submitted_by is None
    assert paper.authors[0] == Author("Ada Lovelace", None)


# --- quirk 3: organization at wrapper and/or paper level -------------------------------------


def test_organization_only_at_wrapper_level(daily_item):
    del daily_item["paper"]["organization"]
    assert parse_paper(daily_item).organization == Organization("example-lab", "Example Lab")


def test_organization_only_at_paper_level(daily_item):
    del daily_item["organization"]
    assert parse_paper(daily_item).organization == Organization("example-lab", "Example Lab")


def test_organization_paper_level_wins(daily_item):
    daily_item["organization"] = {"name": "wrapper-org"}
    assert parse_paper(daily_item).organization.name == "example-lab"


def test_organization_without_fullname_or_name(daily_item):
    daily_item["paper"]["organization"] = {"name": "slug-only", "avatar": "x"}
    org = parse_paper(daily_item).organization
    assert org == Organization("slug-only", None)
    assert org.label == "slug-only"
    daily_item["paper"]["organization"] = {"fullname": "Only Full"}
    assert parse_paper(daily_item).organization == Organization("Only Full", "Only Full")
    daily_item["paper"]["organization"] = {"_id": "x"}
    daily_item["organization"] = None
    assert parse_paper(daily_item).organization is None


def test_organization_absent_everywhere(daily_item):
    del daily_item["organization"]
    del daily_item["paper"]["organization"]
    assert parse_paper(daily_item).organization is None


# --- quirk 4: fields inside `paper` in listings, top-level in the detail ----------------------


MOVABLE = {
    "ai_summary": ("Tiny models read papers well.", "ai_summary", "Tiny models read papers well."),
    "ai_keywords": (["a", "b"], "ai_keywords", ("a", "b")),
    "githubRepo": ("https://github.com/x/y", "github_repo", "https://github.com/x/y"),
    "githubStars": (5, "github_stars", 5),
    "projectPage": ("https://x.org/", "project_page", "https://x.org/"),
}


@pytest.mark.parametrize("key", sorted(MOVABLE))
def test_field_inside_paper_in_listing(key, daily_item):
    value, attr, expected = MOVABLE[key]
    daily_item["paper"][key] = value
    daily_item.pop(key, None)
    assert getattr(parse_paper(daily_item), attr) == expected


@pytest.mark.parametrize("key", sorted(MOVABLE))
def test_field_top_level_in_detail(key, detail):
    value, attr, expected = MOVABLE[key]
    detail[key] = value
    assert "paper" not in detail
    assert getattr(parse_paper(detail), attr) == expected


@pytest.mark.parametrize("key", sorted(MOVABLE))
def test_field_on_wrapper_is_a_fallback(key, daily_item):
    value, attr, expected = MOVABLE[key]
    daily_item["paper"].pop(key, None)
    daily_item[key] = value
    assert getattr(parse_paper(daily_item), attr) == expected


def test_paper_level_wins_over_wrapper(daily_item):
    daily_item["title"] = "Wrapper Title"
    daily_item["summary"] = "Wrapper summary."
    daily_item["upvotes"] = 1
    paper = parse_paper(daily_item)
    assert paper.title == "Tiny Models Read Papers"
    assert paper.summary == "We show that tiny models can read papers."
    assert paper.upvotes == 42


def test_title_and_summary_fall_back_to_wrapper(daily_item):
    daily_item["paper"]["title"] = None
    del daily_item["paper"]["summary"]
    paper = parse_paper(daily_item)
    assert paper.title == "Tiny Models Read Papers"
    assert paper.summary == "We show that tiny models can read papers."


def test_paper_that_is_not_an_object_means_flat(detail):
    detail["paper"] = "not an object"
    assert parse_paper(detail).id == "2603.01234"


# --- quirk 5: numComments ----------------------------------------------------------------------


def test_num_comments_from_wrapper(daily_item):
    assert parse_paper(daily_item).num_comments == 3
    daily_item["numComments"] = 0
    assert parse_paper(daily_item).num_comments == 0
    del daily_item["numComments"]
    assert parse_paper(daily_item).num_comments is None


# --- quirk 6: reflowed abstracts, hidden authors -------------------------------------------------


def test_hard_wrapped_abstract_is_reflowed(daily_item):
    daily_item["paper"]["summary"] = "Line one\nline two\n  line three.\n\n\nSecond\nparagraph."
    assert parse_paper(daily_item).summary == "Line one line two line three.\n\nSecond paragraph."


def test_crlf_wrapped_abstract_is_reflowed(daily_item):
    daily_item["paper"]["summary"] = "Line one\r\nline two\rline three."
    assert parse_paper(daily_item).summary == "Line one line two line three."


def test_hidden_authors_are_dropped(daily_item):
    daily_item["paper"]["authors"][0]["hidden"] = True
    assert [a.name for a in parse_paper(daily_item).authors] == ["Alan Turing"]


def test_malformed_authors_are_dropped(daily_item):
    daily_item["paper"]["authors"] += [None, "Bare String", {"name": ""}, {"name": None}, {}]
    assert [a.name for a in parse_paper(daily_item).authors] == ["Ada Lovelace", "Alan Turing"]
    daily_item["paper"]["authors"] = {"name": "not a list"}
    assert parse_paper(daily_item).authors == ()


def test_very_long_author_list_is_kept_whole(daily_item):
    daily_item["paper"]["authors"] = [{"name": f"Author {i}", "hidden": False} for i in range(533)]
    paper = parse_paper(daily_item)
    assert len(paper.authors) == 533
    assert paper.authors[-1].name == "Author 532"


def test_author_names_fold_whitespace(daily_item):
    daily_item["paper"]["authors"] = [{"name": "  Ada \n\t Lovelace "}]
    assert parse_paper(daily_item).authors == (Author("Ada Lovelace"),)


# --- quirk 7: missing or null optional fields ----------------------------------------------


OPTIONAL_PAPER_KEYS = [
    "authors",
    "publishedAt",
    "submittedOnDailyAt",
    "submittedOnDailyBy",
    "summary",
    "upvotes",
    "discussionId",
    "projectPage",
    "githubRepo",
    "githubStars",
    "githubRepoAddedBy",
    "ai_summary",
    "ai_keywords",
    "mediaUrls",
    "organization",
]
OPTIONAL_WRAPPER_KEYS = [
    "publishedAt",
    "summary",
    "mediaUrls",
    "thumbnail",
    "numComments",
    "submittedBy",
    "organization",
    "isAuthorParticipating",
]


@pytest.mark.parametrize("how", ["missing", "null"])
def test_optional_fields_missing_or_null(how, daily_item):
    for key in OPTIONAL_PAPER_KEYS:
        if how == "missing":
            daily_item["paper"].pop(key, None)
        else:
            daily_item["paper"][key] = None
    for key in OPTIONAL_WRAPPER_KEYS:
        if how == "missing":
            daily_item.pop(key, None)
        else:
            daily_item[key] = None
    paper = parse_paper(daily_item)
    assert paper == Paper(id="2603.01234", title="Tiny Models Read Papers")
    assert paper.daily_date is None
    assert paper.first_author is None


def test_withdrawn_flag(detail):
    assert parse_paper(detail).withdrawn is False
    detail["withdrawnAt"] = None
    assert parse_paper(detail).withdrawn is False
    detail["withdrawnAt"] = "2026-03-07T00:00:00.000Z"
    assert parse_paper(detail).withdrawn is True


def test_wrong_types_in_optional_fields_are_ignored(daily_item):
    p = daily_item["paper"]
    p["ai_summary"] = {"text": "x"}
    p["ai_keywords"] = "not a list"
    p["githubStars"] = "17"
    p["upvotes"] = "42"
    p["submittedOnDailyAt"] = 1234
    p["publishedAt"] = "not a date"
    daily_item["numComments"] = [3]
    paper = parse_paper(daily_item)
    assert paper.ai_summary is None
    assert paper.ai_keywords == ()
    assert paper.github_stars is None
    assert paper.upvotes == 0
    assert paper.submitted_on_daily_at is None
    assert paper.published_at is None
    assert paper.num_comments is None


def test_non_string_summary_is_not_shown_as_python_repr(daily_item):
    for value in ({"text": "x"}, ["a", "b"], 42, True):
        daily_item["paper"]["summary"] = value
        daily_item["summary"] = value
        assert parse_paper(daily_item).summary == ""


def test_keywords_drop_non_strings_and_blanks(daily_item):
    daily_item["paper"]["ai_keywords"] = ["ok", None, 3, "", "  ", " two  words "]
    assert parse_paper(daily_item).ai_keywords == ("ok", "two words")


# --- quirk 9: timestamps -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-31T17:54:27.000Z", datetime(2024, 7, 31, 17, 54, 27, tzinfo=UTC)),
        ("2024-07-31T17:54:27z", datetime(2024, 7, 31, 17, 54, 27, tzinfo=UTC)),
        ("2024-07-31T17:54:27", datetime(2024, 7, 31, 17, 54, 27, tzinfo=UTC)),
        ("2024-07-31T13:54:27-04:00", datetime(2024, 7, 31, 17, 54, 27, tzinfo=UTC)),
        (" 2024-07-31T17:54:27.000Z ", datetime(2024, 7, 31, 17, 54, 27, tzinfo=UTC)),
        ("2024-07-31", datetime(2024, 7, 31, tzinfo=UTC)),
        ("", None),
        ("yesterday", None),
        ("2024-13-01T00:00:00Z", None),
        (None, None),
        (1722448467, None),
        (True, None),
        # Out-of-range once converted to UTC: unreadable, never an OverflowError.
        ("0001-01-01T00:00:00+01:00", None),
        ("9999-12-31T23:59:59-01:00", None),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


def test_parsed_datetimes_are_utc(daily_item):
    daily_item["paper"]["publishedAt"] = "2026-03-04T12:08:18-05:00"
    published = parse_paper(daily_item).published_at
    assert published == ARXIV_DATE
    assert published.utcoffset().total_seconds() == 0


def test_overflowing_timestamp_does_not_break_the_item(daily_item):
    daily_item["paper"]["publishedAt"] = "0001-01-01T00:00:00+01:00"
    daily_item["paper"]["submittedOnDailyAt"] = "9999-12-31T23:59:59-01:00"
    paper = parse_paper(daily_item)
    assert paper.published_at is None
    assert paper.submitted_on_daily_at is None


# --- quirk 10: ids -------------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["2603.01234", "1501.0001", "0704.0001", "hep-th/9901001"])
def test_valid_ids(good):
    assert PAPER_ID.match(good)
    assert parse_paper({"id": good, "title": "T"}).id == good


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "2603.123",
        "2603.123456",
        "26031.01234",
        "2603.01234v2",
        "arXiv:2603.01234",
        "2603-01234",
        "hep-th/990100",
        "math.AG/0601001",  # old-style ids are kept without their subject class
        "HEP-TH/9901001",
        "\u0662\u0666\u0660\u0663.\u0660\u0661\u0662\u0663\u0664",  # Arabic-Indic digits
        "\uff12\uff16\uff10\uff13.\uff10\uff11\uff12\uff13\uff14",  # fullwidth digits
        "../../etc",
    ],
)
def test_invalid_ids_are_rejected(bad):
    assert not PAPER_ID.match(bad)
    with pytest.raises(ValueError):
        parse_paper({"id": bad, "title": "T"})


def test_id_regex_is_anchored_but_parsing_trims_whitespace():
    assert not PAPER_ID.match("2603.01234\n")
    assert not PAPER_ID.match(" 2603.01234")
    assert parse_paper({"id": " 2603.01234\n", "title": "T"}).id == "2603.01234"


def test_id_that_is_not_a_string_is_rejected():
    for bad in (2603.01234, 260301234, None, True, ["2603.01234"]):
        with pytest.raises(ValueError):
            parse_paper({"id": bad, "title": "T"})


def test_item_without_title_is_rejected(daily_item):
    daily_item["paper"]["title"] = "   "
    daily_item["title"] = None
    with pytest.raises(ValueError, match="no title"):
        parse_paper(daily_item)


@pytest.mark.parametrize("item", [None, "2603.01234", 42, [], ["x"], True])
def test_non_object_item_is_rejected(item):
    with pytest.raises(ValueError):
        parse_paper(item)


# --- parse_items: bad items skipped and counted, duplicates dropped ---------------------------


def test_bad_items_are_skipped_and_counted(daily_item):
    good2 = copy.deepcopy(daily_item)
    good2["paper"]["id"] = "2603.05678"
    good2["paper"]["title"] = "Second"
    bad_id = copy.deepcopy(daily_item)
    bad_id["paper"]["id"] = "not-an-id"
    no_title = copy.deepcopy(daily_item)
    no_title["paper"]["id"] = "2603.09999"
    no_title["paper"]["title"] = None
    no_title["title"] = ""
    parsed = parse_items([daily_item, bad_id, None, "junk", 3, good2, no_title, []])
    assert [p.id for p in parsed.papers] == ["2603.01234", "2603.05678"]
    assert parsed.skipped == 6


def test_duplicates_are_dropped_keeping_the_first(daily_item):
    later = copy.deepcopy(daily_item)
    later["paper"]["title"] = "A Later Copy"
    parsed = parse_items([daily_item, later, copy.deepcopy(daily_item)])
    assert [p.title for p in parsed.papers] == ["Tiny Models Read Papers"]
    assert parsed.skipped == 0  # a duplicate is not an unreadable item


def test_flat_and_wrapped_items_mix_in_one_listing(daily_item, detail):
    detail["id"] = "2603.07777"
    parsed = parse_items([daily_item, detail])
    assert [p.id for p in parsed.papers] == ["2603.01234", "2603.07777"]


def test_empty_listing():
    parsed = parse_items([])
    assert parsed.papers == ()
    assert parsed.skipped == 0


@pytest.mark.parametrize("response", [None, {}, {"papers": []}, "[]", 0, True])
def test_non_list_response_raises_value_error(response):
    with pytest.raises(ValueError, match="list"):
        parse_items(response)


# --- URLs: only http(s) survives --------------------------------------------------------------


@pytest.mark.parametrize("key", ["githubRepo", "projectPage"])
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>1</script>",
        "ftp://example.org/x",
        "/relative/path",
        "//example.org/x",
        "example.org",
        "https://",
        "https:// example.org",
        "",
        "   ",
        42,
        True,
        ["https://example.org"],
    ],
)
def test_non_http_urls_are_dropped(key, url, daily_item):
    daily_item["paper"][key] = url
    daily_item.pop(key, None)
    paper = parse_paper(daily_item)
    attr = {"githubRepo": "github_repo", "projectPage": "project_page"}[key]
    assert getattr(paper, attr) is None


@pytest.mark.parametrize(
    "url", ["http://example.org", "HTTPS://GitHub.com/x/y", "https://example.org/a?b=c#d"]
)
def test_http_urls_are_kept(url, daily_item):
    daily_item["paper"]["projectPage"] = url
    daily_item["paper"]["githubRepo"] = url
    paper = parse_paper(daily_item)
    assert paper.project_page == url
    assert paper.github_repo == url


def test_url_with_escape_sequence_is_dropped_not_cleaned(daily_item):
    daily_item["paper"]["githubRepo"] = "https://github.com/x/\x1b[31my"
    assert parse_paper(daily_item).github_repo is None  # cleaned, it would be another link


# --- numbers: bools are not ints ------------------------------------------------------------


def test_bools_are_not_taken_as_ints(daily_item):
    daily_item["paper"]["upvotes"] = True
    daily_item["paper"]["githubStars"] = False
    daily_item["numComments"] = True
    paper = parse_paper(daily_item)
    assert paper.upvotes == 0
    assert paper.github_stars is None
    assert paper.num_comments is None


def test_integral_floats_are_ints_and_fractions_are_not(daily_item):
    daily_item["paper"]["upvotes"] = 42.0
    daily_item["paper"]["githubStars"] = 17.5
    daily_item["numComments"] = 3.0
    paper = parse_paper(daily_item)
    assert paper.upvotes == 42
    assert type(paper.upvotes) is int
    assert paper.github_stars is None
    assert paper.num_comments == 3


def test_upvotes_fall_back_to_wrapper_but_zero_is_kept(daily_item):
    daily_item["paper"]["upvotes"] = 0
    daily_item["upvotes"] = 99
    assert parse_paper(daily_item).upvotes == 0
    del daily_item["paper"]["upvotes"]
    assert parse_paper(daily_item).upvotes == 99


# --- highlightedTitle: kept only when it spells the title --------------------------------------


def test_highlight_that_misspells_the_title_is_dropped(search_item):
    search_item["highlightedTitle"] = [{"type": "highlight", "text": "Something Else"}]
    assert parse_paper(search_item).highlighted_title == ()


def test_highlight_that_spells_a_prefix_is_dropped(search_item):
    search_item["highlightedTitle"] = search_item["highlightedTitle"][:3]
    assert parse_paper(search_item).highlighted_title == ()


def test_highlight_tolerates_whitespace_differences(search_item):
    search_item["highlightedTitle"] = [
        {"type": "highlight", "text": "Tiny"},
        {"type": "text", "text": "\n Models\tRead  Papers "},
    ]
    spans = parse_paper(search_item).highlighted_title
    assert [s.highlight for s in spans] == [True, False]
    assert spans[0].text == "Tiny"
    assert " ".join("".join(s.text for s in spans).split()) == "Tiny Models Read Papers"
    assert not any(ch in s.text for s in spans for ch in "\n\t")


def test_highlight_malformed_spans(search_item):
    search_item["highlightedTitle"] = [
        {"type": "highlight", "text": "Tiny Models"},
        {"type": "text", "text": 5},
        "bare",
        None,
        {"type": "text", "text": " Read Papers"},
    ]
    spans = parse_paper(search_item).highlighted_title
    assert spans == (TextSpan("Tiny Models", True), TextSpan(" Read Papers", False))
    search_item["highlightedTitle"] = "Tiny Models Read Papers"
    assert parse_paper(search_item).highlighted_title == ()


def test_highlight_escape_sequences_are_removed(search_item):
    search_item["highlightedTitle"] = [
        {"type": "highlight", "text": "Tiny\x1b[31m"},
        {"type": "text", "text": " Models Read Papers\x1b]0;pwned\x07"},
    ]
    spans = parse_paper(search_item).highlighted_title
    assert spans == (TextSpan("Tiny", True), TextSpan(" Models Read Papers", False))


def test_highlight_only_read_from_the_wrapper(daily_item, search_item):
    daily_item["paper"]["highlightedTitle"] = search_item["highlightedTitle"]
    assert parse_paper(daily_item).highlighted_title == ()


# --- hostile text ---------------------------------------------------------------------------


def test_escape_sequences_are_stripped_from_every_text_and_drop_every_name(daily_item):
    esc = "\x1b[2J\x1b]8;;https://evil/\x07"
    p = daily_item["paper"]
    p["title"] = f"Tiny{esc} Models"
    p["summary"] = f"Abstract{esc}\nwith\x00 nulls."
    p["authors"] = [{"name": f"Ada{esc}", "user": {"user": f"ada{esc}"}}]
    p["ai_summary"] = f"AI{esc}"
    p["ai_keywords"] = [f"kw{esc}"]
    p["organization"] = {"name": f"org{esc}", "fullname": f"Org\rLab{esc}"}
    daily_item["submittedBy"] = {"name": f"sub\x07mitter{esc}"}
    paper = parse_paper(daily_item)
    assert paper.title == "Tiny Models"
    assert paper.summary == "Abstract with nulls."
    assert paper.authors == (Author("Ada", None),)  # the account name is not cleaned: dropped
    assert paper.ai_summary == "AI"
    assert paper.ai_keywords == ("kw",)
    assert paper.organization == Organization("Org Lab", "Org Lab")
    assert paper.submitted_by == "ada"  # submittedBy dropped: submittedOnDailyBy, as sent


def test_markup_like_text_is_kept_literally(daily_item):
    daily_item["paper"]["title"] = "[bold]Not Bold[/bold] and [link=x]y[/]"
    assert parse_paper(daily_item).title == "[bold]Not Bold[/bold] and [link=x]y[/]"


# --- property: arbitrary JSON never raises anything but ValueError ---------------------------

_HOSTILE_CHARS = st.sampled_from(
    ["\x1b", "\x1b[31m", "\x1b]0;x\x07", "\x1bP1$r\x1b\\", "\x00", "\x07", "\r", "\t", "\n",
     "\x7f", "\x9b", "\x85", "\u202e", "[bold]", "é", "👩‍💻", " "]
)  # fmt: skip
_TEXT = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(_HOSTILE_CHARS, st.text(max_size=5)), max_size=8).map("".join),
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    _TEXT,
)
_JSON = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_TEXT, children, max_size=4)
    ),
    max_leaves=6,
)
_IDS = st.one_of(st.sampled_from(["2603.01234", "2603.5678", "1501.00001"]), _JSON)
_DATES = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.sampled_from(["2026-03-04T17:08:18.000Z", "0001-01-01T00:00:00+01:00"]),
    _JSON,
)
_URLS = st.one_of(st.sampled_from(["https://x.org/a", "javascript:x", "file:///"]), _JSON)
_USER = st.one_of(st.fixed_dictionaries({}, optional={"name": _JSON, "user": _JSON}), _JSON)
_AUTHOR = st.one_of(
    st.fixed_dictionaries(
        {"name": _TEXT}, optional={"hidden": st.one_of(st.booleans(), _JSON), "user": _USER}
    ),
    _JSON,
)
_SPANS = st.one_of(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"text": _TEXT, "type": st.sampled_from(["text", "highlight", None])}
            ),
            _JSON,
        ),
        max_size=4,
    ),
    _JSON,
)
_PAPER_FIELDS = {
    "id": _IDS,
    "title": _TEXT,
    "summary": st.one_of(_TEXT, _JSON),
    "authors": st.one_of(st.lists(_AUTHOR, max_size=4), _JSON),
    "publishedAt": _DATES,
    "submittedOnDailyAt": _DATES,
    "submittedOnDailyBy": _USER,
    "upvotes": _JSON,
    "githubRepo": _URLS,
    "projectPage": _URLS,
    "githubStars": _JSON,
    "ai_summary": st.one_of(_TEXT, _JSON),
    "ai_keywords": st.one_of(st.lists(_TEXT, max_size=3), _JSON),
    "withdrawnAt": _DATES,
    "organization": st.one_of(
        st.fixed_dictionaries({}, optional={"name": _TEXT, "fullname": _TEXT}), _JSON
    ),
    "numComments": _JSON,
}
_FLAT = st.fixed_dictionaries({}, optional=_PAPER_FIELDS)
_WRAPPED = st.fixed_dictionaries(
    {"paper": st.one_of(_FLAT, _JSON)},
    optional={
        **_PAPER_FIELDS,
        "submittedBy": _USER,
        "highlightedTitle": _SPANS,
    },
)
_ITEM = st.one_of(_WRAPPED, _FLAT, _JSON)


def _strings_of(paper: Paper) -> list[str]:
    """Every string a parsed paper carries."""
    strings = [paper.id, paper.title, paper.summary]
    for author in paper.authors:
        strings += [author.name, author.username or ""]
    if paper.organization:
        strings += [paper.organization.name, paper.organization.fullname or ""]
    strings += [paper.submitted_by or "", paper.github_repo or "", paper.project_page or ""]
    strings += [paper.ai_summary or "", *paper.ai_keywords]
    strings += [span.text for span in paper.highlighted_title]
    return strings


def _assert_safe(paper: Paper) -> None:
    assert isinstance(paper, Paper)
    assert PAPER_ID.match(paper.id)
    assert paper.title
    for text in _strings_of(paper):
        assert isinstance(text, str)
        bad = [ch for ch in text if (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F]
        assert not bad, f"control characters {bad!r} survived in {text!r}"
    for value in (paper.upvotes, paper.num_comments, paper.github_stars):
        assert value is None or type(value) is int


@settings(max_examples=200, deadline=None)
@given(_ITEM)
def test_parse_paper_never_raises_anything_but_value_error(item):
    try:
        paper = parse_paper(item)
    except ValueError:
        return
    _assert_safe(paper)


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.lists(_ITEM, max_size=4), _JSON))
def test_parse_items_never_raises_anything_but_value_error(items):
    try:
        parsed = parse_items(items)
    except ValueError:
        assert not isinstance(items, list)
        return
    assert isinstance(items, list)
    assert len(parsed.papers) + parsed.skipped <= len(items)
    assert len({p.id for p in parsed.papers}) == len(parsed.papers)
    for paper in parsed.papers:
        _assert_safe(paper)
