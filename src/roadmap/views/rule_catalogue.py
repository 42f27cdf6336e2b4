"""The rule catalogue: every rule the build and the gate apply, with what must hold and
what enforces it, read from the rule registry so the page cannot drift from it."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.suite import catalogue
from roadmap.views import View, ViewArgs, view
from roadmap.views.report import FAMILY_TEXT, rule_cell


def build_rules(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    rows: list[vn.RowLike] = [
        [rule_cell(rule), rule.description,
         FAMILY_TEXT.get((rule.family, rule.reporter), rule.family)]
        for rule in catalogue(ctx.project)]
    return [vn.table("Every rule the build and the gate apply",
                     ["Rule", "What must hold", "Enforced by"], rows)]


view(View(name="rule-catalogue", summary="Every rule the build and the gate apply.",
          build=build_rules))
