"""The reader's table of contents, in glyphs every terminal font has."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.markdown import MarkdownTableOfContents, TableOfContentsType

from paperreader.domain.text import shorten

CONTENTS_WIDTH = 32
"""Columns of the table of contents."""


class Contents(MarkdownTableOfContents):
    """The table of contents, drawn with glyphs every terminal font has.

    Textual marks each level with a Roman numeral sign (U+2160 on), a missing-glyph box in many
    fonts: the tree's indent already shows the level. A heading too long for the pane is
    cut with an ellipsis instead of at its edge.
    """

    def rebuild_table_of_contents(self, table_of_contents: TableOfContentsType) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        room = CONTENTS_WIDTH - 6  # the tree's padding, a scrollbar, the expand icon
        for level, name, block_id in table_of_contents:
            node = tree.root
            for _ in range(level - 1):
                if node.children:
                    node = node.children[-1]
                    node.expand()
                    node.allow_expand = True
                else:
                    node = node.add("", expand=True)
            label = Text(shorten(name, room - tree.guide_depth * level))
            node.add_leaf(label, {"block_id": block_id})
