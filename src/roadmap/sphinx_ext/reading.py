"""The page as a reader reads it: after sphinx-needs has rendered the needs and tables
of a page, their field values are rewritten in words (:mod:`roadmap.render.cards`), ID
links are kept on one line and wide content is marked for the wide layout
(:mod:`roadmap.render.page_marks`).

A table is written inside a box of its own that scrolls sideways when the table is
wider than the screen (``roadmap-scroll``), so the page itself never does; the box,
not the table, takes the keyboard focus (axe: scrollable-region-focusable). Need cards
are prose and wrap instead; sphinx-needs wraps its tables itself (its script adds a
scrolling box to an interactive one).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator
from sphinxcontrib.mermaid import mermaid as mermaid_node

from roadmap.render.cards import rewrite_all
from roadmap.render.page_marks import mark_ids, mark_wide, nodes_of
from roadmap.sphinx_ext.state import BuildState

# What a written page loads, by the nodes it holds: the assets of the page are noted on
# its doctree while it is rewritten, so html-page-context need not walk it again.
ASSETS = "roadmap_assets"
VIEWS, EXPLORER, DATATABLES, MERMAID = "views", "explorer", "datatables", "mermaid"


def _rewrite(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    state = BuildState.of(app.env)
    graph = state.graph
    found = nodes_of(doctree, (nodes.table, nodes.reference, nodes.container, mermaid_node))
    tables, boxes = found[nodes.table], found[nodes.container]
    rewrite_all(tables, graph, state.inputs.settings)
    mark_ids(found[nodes.reference], graph.needs)
    mark_wide(tables, boxes)
    doctree[ASSETS] = page_assets(tables, boxes, bool(found[mermaid_node]))


def page_assets(tables: list[nodes.Element], boxes: list[nodes.Element], mermaid: bool
                ) -> list[str]:
    """What the page's nodes need loaded: the views' style sheet, the explorer's and the
    interactive tables' scripts, mermaid."""
    box_classes = {c for box in boxes for c in box["classes"]}
    table_classes = {c for table in tables for c in table["classes"]}
    wanted = {VIEWS: "roadmap-view" in box_classes,
              EXPLORER: "roadmap-explorer-view" in box_classes,
              DATATABLES: "NEEDS_DATATABLES" in table_classes, MERMAID: mermaid}
    return sorted(name for name, needed in wanted.items() if needed)


def assets_of(doctree: nodes.document | None) -> list[str]:
    """What :func:`_rewrite` noted the page needs loaded (nothing for a page without a
    doctree: the index, the search page)."""
    return list(doctree.get(ASSETS, [])) if doctree is not None else []


SCROLL_OPEN = '<div class="roadmap-scroll" tabindex="0">'
SCROLLED = "roadmap-in-scroll"  # a table whose box scrolls (the box takes the focus)


OWN_BOXES = frozenset({"need", "NEEDS_TABLE", "NEEDS_DATATABLES"})


def scrolls(node: nodes.Element) -> bool:
    """Whether a table gets a scrolling box: not a need card or a needtable (which
    sphinx-needs wraps itself), not inside another table."""
    if OWN_BOXES.intersection(node["classes"]):
        return False
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.table):
            return False
        parent = parent.parent
    return True


def visit_table(self: Any, node: nodes.table) -> None:
    if scrolls(node):
        self.body.append(SCROLL_OPEN)
        if SCROLLED not in node["classes"]:
            node["classes"].append(SCROLLED)
    HTML5Translator.visit_table(self, node)


def depart_table(self: Any, node: nodes.table) -> None:
    HTML5Translator.depart_table(self, node)
    if SCROLLED in node["classes"]:
        self.body.append("</div>\n")


def setup(app: Sphinx) -> None:
    app.add_node(nodes.table, override=True, html=(visit_table, depart_table))
    # after sphinx-needs renders needs and needtables (doctree-resolved, priority 500)
    # and after the roadmap views are drawn (500)
    app.connect("doctree-resolved", _rewrite, priority=600)
