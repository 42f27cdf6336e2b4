"""The ``{need-field}`` role: prose that repeats a number of a need prints it from the
need, so the two cannot disagree.

``{need-field}`RES-ROLE-DBA.capacity``` writes ``2.5``: the field's value as a reader
writes it (no trailing ``.0``, thousands grouped; a ``day`` as ``Friday 30 January 2026``),
as plain text. sphinx-needs offers two
near things, and neither fits prose: ``{need}`[[capacity]] <RES-ROLE-DBA>``` makes the
number a link, and ``{ndf}`copy("capacity", "RES-ROLE-DBA")``` prints the stored float
(``2.5``, but ``3.0`` and ``259200.0`` for whole numbers). A need or field that does not
exist is a build warning at the role's line, so ``-W`` fails; a page that uses the role
is written again when the need changes (:mod:`roadmap.sphinx_ext.freshness`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from roadmap.program_calendar import day_field_text
from roadmap.render.formats import fmt_number
from roadmap.roles import FIELDS
from roadmap.sphinx_ext.state import BuildState

logger = logging.getLogger("roadmap")
ROLE = "need-field"


class need_field(nodes.Inline, nodes.TextElement):  # docutils names its nodes in lower case
    """A field of a need, printed when the needs are known (at write time)."""


class NeedFieldRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        need_id, _, field = self.text.strip().partition(".")
        node = need_field(self.rawtext, self.text, need_id=need_id, field=field)
        self.set_source_info(node)
        return [node], []


def value_text(value: Any) -> str | None:
    """How prose writes a field's value; None when it has none to write."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def field_text(field: str, value: Any) -> str | None:
    """How prose writes a need's field: a day as a reader writes it (``Friday 30 January
    2026``, ``Monday 9 to Thursday 12 March 2026``), any other value by :func:`value_text`."""
    if field == FIELDS.day and isinstance(value, str) and value:
        return day_field_text(value)
    return value_text(value)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    nodes_found = list(doctree.findall(need_field))
    if not nodes_found:
        return
    graph = BuildState.of(app.env).graph
    for node in nodes_found:
        need = graph.needs.get(node["need_id"])
        text = None if need is None else field_text(node["field"], need.get(node["field"]))
        if text is None:
            what = (f"no need {node['need_id']}" if need is None
                    else f"{need.id} has no value in its field '{node['field']}'")
            logger.warning(f"[roadmap.need-field] {{{ROLE}}}`{node.astext()}`: {what}; "
                           "write NEED-ID.field", location=node, type="roadmap",
                           subtype="need-field")
            text = node.astext()
        node.replace_self(nodes.inline(text, text, classes=["roadmap-need-field"]))


def setup(app: Sphinx) -> None:
    app.add_role(ROLE, NeedFieldRole())
    app.add_node(need_field)
    app.connect("doctree-resolved", resolve)
