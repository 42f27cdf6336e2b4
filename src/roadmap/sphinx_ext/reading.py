"""The page as a reader reads it: after sphinx-needs has rendered the needs and tables
of a page, their field values are rewritten in words (:mod:`roadmap.render.cards`), ID
links are kept on one line and wide content is marked for the wide layout
(:mod:`roadmap.render.page_marks`).

A table is written inside a box of its own that scrolls sideways when the table is
wider than the screen (``roadmap-scroll``), so the page itself never does; the box,
not the table, takes the keyboard focus (axe: scrollable-region-focusable). Need cards
are prose and wrap instead; sphinx-needs wraps its tables itself (its script adds a
scrolling box to an interactive one).

Every page loads ``roadmap-reading.js``: it marks a box whose table is wider than it
(the style sheet then says it scrolls sideways), names the cells of the tables that
read as cards on a phone (``roadmap-cards``: the interactive needs tables and the week
pages' milestone and load tables) and opens what the screen folds before printing.

An interactive needs table gets a key that a page edit elsewhere does not change, for
the search it keeps in the address (``roadmap-tables.js``): the ID of the section it
is in, with ``-2``, ``-3`` for a second and third table of that section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
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
READING_JS = "roadmap-reading.js"
CARDS = "roadmap-cards"
# tables read as cards on a phone: every interactive needs table, a week's milestones
# and load
CARD_TABLES = frozenset({"NEEDS_DATATABLES", "roadmap-week-milestones", "roadmap-week-load"})
INTERACTIVE = "NEEDS_DATATABLES"
KEY_ATTRIBUTE = "data-roadmap-table"


def _rewrite(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    state = BuildState.of(app.env)
    graph = state.graph
    # one walk of the page for every rewrite below (each used to walk it again)
    found = nodes_of(doctree, (nodes.table, nodes.reference, nodes.container, nodes.inline,
                               mermaid_node))
    tables, boxes = found[nodes.table], found[nodes.container]
    rewrite_all(tables, graph, state.inputs.settings)
    mark_ids(found[nodes.reference], graph.needs)
    mark_wide(tables, boxes)
    mark_cards(tables)
    key_tables(tables)
    unnest_lines(found[nodes.inline])
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


def unnest_lines(inlines: Iterable[nodes.Element]) -> int:
    """An inline that holds lines becomes a block: sphinx-needs' card layout puts the
    lines of a need's fields (``<div class="line">``) inside the inline of its layout
    line (``<span>``), which HTML does not allow (the Nu checker's "div not allowed as
    child of span", 2,205 times on this site). Returns how many were changed."""
    holders = [inline for inline in inlines
               if next(iter(inline.findall(nodes.line)), None) is not None]
    for inline in holders:
        block = nodes.container(classes=[*inline["classes"], "roadmap-lines"])
        block.extend(inline.children)
        inline.replace_self(block)
    return len(holders)


def mark_cards(tables: Iterable[nodes.Element]) -> None:
    for table in tables:
        if CARD_TABLES.intersection(table["classes"]) and CARDS not in table["classes"]:
            table["classes"].append(CARDS)


def section_id(node: nodes.Node) -> str:
    """The ID of the innermost section holding ``node`` ("page" outside any)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent["ids"]:
            return str(parent["ids"][0])
        parent = parent.parent
    return "page"


def key_tables(tables: Iterable[nodes.Element]) -> None:
    """A key per interactive needs table (``tables`` in document order): its section's
    ID, numbered within it."""
    seen: Counter[str] = Counter()
    for table in tables:
        if INTERACTIVE not in table["classes"]:
            continue
        section = section_id(table)
        seen[section] += 1
        key = section if seen[section] == 1 else f"{section}-{seen[section]}"
        attributes = table.get("html_attributes") or {}
        table["html_attributes"] = {**attributes, KEY_ATTRIBUTE: key}


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
    app.add_js_file(READING_JS, loading_method="defer")
    app.add_node(nodes.table, override=True, html=(visit_table, depart_table))
    # after sphinx-needs renders needs and needtables (doctree-resolved, priority 500)
    # and after the roadmap views are drawn (500)
    app.connect("doctree-resolved", _rewrite, priority=600)
