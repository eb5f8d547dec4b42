"""The reader's table of contents uses glyphs common terminal fonts have, and cuts a long
heading with an ellipsis rather than at the pane's edge."""

from __future__ import annotations

from rich.cells import cell_len
from support.apps import demo_app
from support.pilot import SIZE, open_reader, press, settle
from textual.widgets import Tree

NUMERALS = set("ⅠⅡⅢⅣⅤⅥ")


async def test_contents_labels_have_no_numerals_and_fit_their_pane():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = await open_reader(app, pilot)
        await press(app, pilot, "t")
        tree = screen.contents.query_one(Tree)
        nodes = [tree.get_node_at_line(n) for n in range(tree.last_line + 1)]
        labels = [str(node.label) for node in nodes]
        assert labels and not NUMERALS & set("".join(labels)), labels
        room = screen.contents.scrollable_content_region.width - 2  # the tree's padding
        for node, label in zip(nodes, labels, strict=True):
            guides = tree.guide_depth * depth(node, tree)  # the root is hidden
            assert guides + cell_len(label) <= room, (label, room)
        assert labels[0].startswith("Lumen-2") and labels[0].endswith("…")
        assert any(label.endswith("2 Method") for label in labels)


def depth(node, tree: Tree) -> int:
    """How deep `node` is under the tree's hidden root: 1 for a top-level heading."""
    levels = 0
    while node is not tree.root:
        node = node.parent
        levels += 1
    return levels
