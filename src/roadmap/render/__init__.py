"""The docutils nodes the site's views and pages are drawn with, one module per concern.

Views are docutils trees, not HTML strings: every Sphinx builder (HTML, the PDF
builder, text, LaTeX) writes them, and each value written into them is escaped by
the writer. A view imports this package (``from roadmap import render as vn``) and
finds every helper by its name here:

- :mod:`~roadmap.render.context`: what a view reads (``ViewContext``) and ``ViewError``;
- :mod:`~roadmap.render.references`: links to needs, week pages and other pages;
- :mod:`~roadmap.render.tabular`: tables of cells and rows;
- :mod:`~roadmap.render.blocks`: boxes, titled parts, paragraphs, lists, strong and small;
- :mod:`~roadmap.render.formats`: numbers, percentages and the empty cell as they read;
- :mod:`~roadmap.render.custom_nodes`: the nodes docutils has none for (progress bar,
  JSON data, collapsible part, inline SVG with their HTML visitors; a Graphviz graph
  the Sphinx adapter draws);
- :mod:`~roadmap.render.now_line`: the "Now:" line of every page that shows status.

Not re-exported, because no view draws with them: :mod:`~roadmap.render.cards` (need
cards and needtable cells in words) and :mod:`~roadmap.render.page_marks` (ID and
wide-content marks), which the Sphinx adapter applies to every resolved page.
"""

from __future__ import annotations

from roadmap.render.blocks import box, bullets, paragraph, section, small, strong
from roadmap.render.context import ViewContext, ViewError
from roadmap.render.custom_nodes import (
    collapsible,
    dot_graph,
    json_data,
    json_script,
    progress_bar,
    svg_figure,
)
from roadmap.render.formats import NONE, fmt_number, percent
from roadmap.render.now_line import now_paragraph
from roadmap.render.references import (
    WEEK_PAGE,
    drawn_needs,
    id_refs,
    need_ref,
    need_refs,
    page_ref,
    titled,
    week_docname,
    week_ref,
)
from roadmap.render.tabular import Cell, CellLike, Content, Row, RowLike, table

__all__ = [
    "NONE", "WEEK_PAGE", "Cell", "CellLike", "Content", "Row", "RowLike", "ViewContext",
    "ViewError", "box", "bullets", "collapsible", "dot_graph", "drawn_needs", "fmt_number",
    "id_refs", "json_data", "json_script", "need_ref", "need_refs", "now_paragraph",
    "page_ref", "paragraph", "percent", "progress_bar", "section", "small", "strong",
    "svg_figure", "table", "titled", "week_docname", "week_ref",
]
