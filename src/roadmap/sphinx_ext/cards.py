"""Need cards and needtable cells in words: after sphinx-needs has rendered the needs
and tables of a page, :mod:`roadmap.views.cards` rewrites their field values."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from roadmap.sphinx_ext.state import get_graph, inputs_of
from roadmap.views.cards import rewrite_all


def _rewrite(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    rewrite_all(doctree, get_graph(app), inputs_of(app).settings)


def setup(app: Sphinx) -> None:
    # after sphinx-needs renders needs and needtables (doctree-resolved, priority 500)
    app.connect("doctree-resolved", _rewrite, priority=600)
