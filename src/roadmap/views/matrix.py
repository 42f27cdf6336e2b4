"""The traceability matrix: every milestone with what it addresses, the metrics that
measure it, the tests and monitors that verify and watch them, and the risks that
threaten it; every risk with what it threatens, what mitigates it and where it is
watched."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap import risk
from roadmap.graph import Need
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.views import View, ViewArgs, view


def stacked(ctx: vn.ViewContext, need: Need) -> list[nodes.Node]:
    """The need's linked ID over its title (a narrower first column than side by side)."""
    return [vn.need_ref(ctx, need), vn.small(need.title)]


def build_matrix(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    graph = ctx.graph
    milestone_rows: list[vn.RowLike] = []
    for ms in sorted(graph.of_type(TYPES.milestone),
                     key=lambda n: (n.week(FIELDS.due) or 0, n.id)):
        metrics = graph.sources(ms, LINKS.measures)
        tests = {t.id for t in graph.sources(ms, LINKS.verifies)}
        tests |= {t.id for m in metrics for t in graph.sources(m, LINKS.verifies)}
        monitors = {mon.id for m in metrics for mon in graph.sources(m, LINKS.monitors)}
        milestone_rows.append([
            stacked(ctx, ms),
            vn.id_refs(ctx, (n.id for n in graph.targets(ms, LINKS.addresses))),
            vn.id_refs(ctx, (m.id for m in metrics)), vn.id_refs(ctx, tests | monitors),
            vn.id_refs(ctx, (r.id for r in graph.sources(ms, LINKS.threatens)))])
    risk_rows: list[vn.RowLike] = [
        [stacked(ctx, r), risk.score_text(r),
         vn.id_refs(ctx, (t.id for t in graph.targets(r, LINKS.threatens))),
         vn.id_refs(ctx, (m.id for m in graph.targets(r, LINKS.mitigated_by))),
         vn.id_refs(ctx, (w.id for w in graph.targets(r, LINKS.watched_by)))]
        for r in sorted(graph.of_type(TYPES.risk), key=lambda n: n.id)]
    return [
        vn.section("Milestone to metric, test and monitor", "matrix-milestones", vn.table(
            "Every milestone with what it addresses, measures it, verifies and watches it",
            ["Milestone", "Addresses", "Measured by", "Verified and watched by (tests, "
             "monitors)", "Threatened by"], milestone_rows, ["roadmap-matrix"])),
        vn.section("Risk to mitigation", "matrix-risks", vn.table(
            "Every risk with what it threatens, what mitigates it and where it is watched",
            ["Risk", "Score", "Threatens", "Mitigated by", "Early warning on"],
            risk_rows, ["roadmap-matrix"])),
    ]


view(View(name="matrix", summary="The traceability matrix.", build=build_matrix,
          shows_needs_by_id=True))
