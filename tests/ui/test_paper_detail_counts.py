"""The detail pane's linked repos: the count it shows and what the links key lists agree.

The hub counts every repo citing a paper (`numTotalModels`: 57) but sends only a few
(`linkedModels`: 2); the pane says both, and the links menu adds the hub's page of all.
"""

from __future__ import annotations

from rich.console import Console

from paperreader.config.keymap import effective_keys
from paperreader.domain.details import LinkedRepo, PaperExtras
from paperreader.domain.links import PaperLinks, links_for, menu_links
from paperreader.domain.models import Paper
from paperreader.ui.widgets.paper_detail import describe

PAPER = Paper(id="2603.01234", title="Tiny Models Read Papers")
A, B, C, D = (LinkedRepo("model", f"org/m{n}", downloads=10 - n) for n in range(4))
SPACE = LinkedRepo("space", "org/demo")


def text_of(extras: PaperExtras) -> str:
    links: PaperLinks = links_for(PAPER)
    console = Console(width=200, record=True, color_system=None)
    console.print(describe(PAPER, links, extras=extras, key_map=effective_keys()))
    return console.export_text()


def test_a_truncated_list_says_how_many_were_fetched():
    extras = PaperExtras(PAPER.id, models=(A, B), total_models=57)
    text = text_of(extras)
    assert "Models (57 on the hub, 2 fetched)  org/m0 ↓ 10 · org/m1 ↓ 9\n" in text
    assert "+55 more" not in text
    assert "lists them all" not in text
    assert "L lists them with links, and the hub's page of all of them" in text
    labels = [label for label, _ in menu_links(PAPER, extras)]
    assert labels[3:] == ["Model: org/m0", "Model: org/m1", "Models: all 57, on the hub"]


def test_a_complete_list_names_the_first_and_counts_the_rest():
    extras = PaperExtras(
        PAPER.id, models=(A, B, C, D), spaces=(SPACE,), total_models=4, total_spaces=1
    )
    text = text_of(extras)
    assert "Models (4)  org/m0 ↓ 10 · org/m1 ↓ 9 · org/m2 ↓ 8 · +1 more\n" in text
    assert "Spaces (1)  org/demo\n" in text
    assert "L lists them all, with links" in text
    assert not any("on the hub" in label for label, _ in menu_links(PAPER, extras))


def test_a_kind_the_hub_counts_but_sent_none_of_is_still_shown():
    extras = PaperExtras(PAPER.id, total_datasets=3)
    text = text_of(extras)
    assert "Datasets (3 on the hub, none fetched)\n" in text
    pages = [url for label, url in menu_links(PAPER, extras) if "on the hub" in label]
    assert pages == ["https://huggingface.co/datasets?other=arxiv:2603.01234"]
