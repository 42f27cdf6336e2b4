"""The Downloads list: every export of :data:`roadmap.exports.EXPORTS` with a link to
the file the build writes into ``exports/``, what it is and who uses it how, and the
PDF (:data:`roadmap.exports.PDF`), which ``make html`` writes and publishes there too.

The files do not exist while the pages are written (``make html`` makes them from
needs.json after the build, in a step of its own: :mod:`roadmap.exports.stamp`), so
the links are plain references to their URLs, relative to the page, which no
cross-reference check looks up (``tests/exports/test_export_step.py`` holds the
contract).
"""

from __future__ import annotations

import posixpath

from docutils import nodes

from roadmap import render as vn
from roadmap.exports import EXPORTS, FOLDER, PDF
from roadmap.views import View, ViewArgs, view


def file_uri(docname: str, filename: str) -> str:
    """The address of an export relative to the page ``docname``."""
    return posixpath.relpath(f"{FOLDER}/{filename}", posixpath.dirname(docname) or ".")


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    rows: list[vn.RowLike] = []
    for export in (*EXPORTS, PDF):
        link = nodes.reference("", "", refuri=file_uri(ctx.docname, export.filename),
                               classes=["roadmap-download"])
        link += nodes.literal(text=export.filename)
        rows.append([[link], export.title, export.audience])
    table = vn.table("The plan in other formats, written by make html after each build",
                     ["File", "Format", "Who uses it, and how"], rows, ["roadmap-downloads"])
    return [vn.box(table, classes=["roadmap-downloads-view"])]


view(View(name="downloads", shows_needs_by_id=True,
          summary="Every export of the plan, with a link to its file.",
          build=build))
