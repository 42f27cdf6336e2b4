"""Which parts of a need a link to it relies on, per need type: the declaration of
:mod:`roadmap.fingerprint`, as the checks page documents it. A change to any of them
makes every link to the need suspect until it is reviewed."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.fingerprint import BODY, TITLE, reviewed_fields
from roadmap.views import View, ViewArgs, view

WORDS = {TITLE: "title", BODY: "body (whitespace ignored)"}


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    types = ctx.graph.metamodel.types
    rows: list[vn.RowLike] = [
        [nodes.literal(text=name), ctx.graph.metamodel.type_title(name),
         ", ".join(WORDS.get(part, part) for part in reviewed_fields(name))]
        for name in sorted(types)]
    return [vn.box(vn.table("What a link to a need of each type relies on: a change to any "
                            "of these parts makes the link suspect",
                            ["Type", "Need type", "Parts that count"], rows,
                            ["roadmap-reviewed-fields"]), classes=["roadmap-reviewed-fields"])]


view(View(name="reviewed-fields", build=build,
          summary="Per need type, the parts whose change makes a link to the need suspect."))
