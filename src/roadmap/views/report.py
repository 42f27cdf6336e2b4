"""The traceability report and matrix: per-rule counts and coverage, coverage per
phase and workstream, the findings, and milestone -> metric -> test/monitor and
risk -> mitigation tables. Built from the same rule results the build warns with."""

from __future__ import annotations

from docutils import nodes

from roadmap import risk, summary
from roadmap.findings import RuleResult
from roadmap.graph import Need
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.views import View, ViewArgs, view
from roadmap.views import blocks as vn

FAMILY_TEXT = {
    ("graph", "sphinx-needs"): "sphinx-needs in the build; roadmap check for a needs.json",
    ("graph", "roadmap"): "roadmap package (graph rule)",
    ("schema", "roadmap"): "schemas.json and field schemas (sphinx-needs; located by the "
                           "roadmap package)",
    ("source", "roadmap"): "roadmap package (source guard)",
    ("site", "roadmap"): "roadmap package (built-site guard)",
}


def summary_paragraph(results: list[RuleResult], needs: int) -> nodes.paragraph:
    tally = summary.total(results)
    bad = summary.failing(results)
    if not bad:
        text = (f"All {len(results)} rules hold: {tally.checked} checks over {needs} needs, "
                f"{tally.passed} passed (coverage {vn.percent(tally.coverage)}).")
    else:
        text = (f"{len(bad)} of {len(results)} rules fail: {tally.failed} of {tally.checked} "
                f"checks over {needs} needs do not hold (coverage "
                f"{vn.percent(tally.coverage)}). The build fails until they are fixed.")
    return vn.paragraph(text, classes=["roadmap-summary", "ok" if not bad else "fail"])


def _coverage_rows(ctx: vn.ViewContext, tallies: dict[str, summary.Tally]) -> list[vn.RowLike]:
    return [[vn.id_refs(ctx, [gid]), ctx.graph.needs[gid].title, str(t.checked), str(t.passed),
             vn.percent(t.coverage)]
            for gid, t in sorted(tallies.items()) if gid in ctx.graph.needs]


def coverage_cell(result: RuleResult) -> vn.CellLike:
    """How many of the needs a rule checked passed, as a bar and its words."""
    if not result.checked:
        return "nothing to check"
    return vn.progress_bar.make(result.passed, result.checked, "passed")


def build_report(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    results = ctx.results()
    rule_rows: list[vn.RowLike] = [
        [nodes.literal(text=r.rule.id), r.rule.description,
         FAMILY_TEXT.get((r.rule.family, r.rule.reporter), r.rule.family), str(r.checked),
         str(r.passed), coverage_cell(r), vn.id_refs(ctx, r.failed_ids)]
        for r in results]
    findings = [f for r in results for f in r.findings]
    finding_part: nodes.Node = (
        vn.table("Findings", ["Rule", "Need", "Where", "Problem"],
                 [[nodes.literal(text=f.rule), vn.id_refs(ctx, [f.need_id]), f.location,
                   f.message] for f in findings])
        if findings else vn.paragraph("No findings: every rule holds for every need it checks."))
    coverage_head = ["Checks", "Passed", "Coverage"]
    return [
        summary_paragraph(results, len(ctx.graph.needs)),
        vn.section("Rules", "report-rules", vn.table(
            "Every rule with the needs it checked and passed",
            ["Rule", "What it checks", "Enforced by", "Checked", "Passed", "Coverage",
             "Offending needs"], rule_rows, ["roadmap-rules"])),
        vn.section("Coverage per phase", "report-phases", vn.table(
            "Checks of the needs that belong to or bear on each phase",
            ["Phase", "Title", *coverage_head],
            _coverage_rows(ctx, summary.by_phase(ctx.graph, results)))),
        vn.section("Coverage per workstream", "report-workstreams", vn.table(
            "Checks of the needs that belong to or bear on each workstream",
            ["Workstream", "Title", *coverage_head],
            _coverage_rows(ctx, summary.by_workstream(ctx.graph, results)))),
        vn.section("Findings", "report-findings", finding_part),
    ]


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


view(View(name="report", summary="The traceability report of the build's rule results.",
          build=build_report))
view(View(name="matrix", summary="The traceability matrix.", build=build_matrix))
