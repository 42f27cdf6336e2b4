"""The traceability report: per-rule counts and coverage, coverage per phase and
workstream, and the findings. Built from the same rule results the build warns with.
(The matrix of milestones and risks is :mod:`roadmap.views.matrix`.)"""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap import summary
from roadmap.findings import Rule, RuleResult, Severity
from roadmap.ledger import LedgerError, plan_links, read_ledger, review_links
from roadmap.views import View, ViewArgs, view

FAMILY_TEXT = {
    ("graph", "sphinx-needs"): "sphinx-needs in the build; roadmap check for a needs.json",
    ("graph", "roadmap"): "roadmap package (graph rule)",
    ("schema", "roadmap"): "schemas.json and field schemas (sphinx-needs; located by the "
                           "roadmap package)",
    ("source", "roadmap"): "roadmap package (source guard)",
    ("site", "roadmap"): "roadmap package (built-site guard)",
}


# what a rule whose findings do not fail the build is marked with, by its severity
NOTE_TEXT: dict[Severity, str] = {
    "warning": "warning: its findings are shown, failing only roadmap check --strict",
    "new": "new rule: its findings are notes, not yet failing the build",
}


def summary_paragraph(results: list[RuleResult], needs: int) -> nodes.paragraph:
    tally = summary.total(results)
    bad, noted = summary.failing(results), summary.noted(results)
    if not bad and not noted:
        text = (f"All {len(results)} rules hold: {tally.checked} checks over {needs} needs, "
                f"{tally.passed} passed (coverage {vn.percent(tally.coverage)}).")
    elif not bad:
        text = (f"{_noted_rules(noted)} of {len(results)} report findings, as notes that do "
                f"not fail the build; every other rule holds (coverage "
                f"{vn.percent(tally.coverage)} of {tally.checked} checks over {needs} needs).")
    else:
        text = (f"{len(bad)} of {len(results)} rules fail: {tally.failed} of {tally.checked} "
                f"checks over {needs} needs do not hold (coverage "
                f"{vn.percent(tally.coverage)}). The build fails until they are fixed.")
    return vn.paragraph(text, classes=["roadmap-summary", "fail" if bad else "ok"])


def _noted_rules(noted: list[RuleResult]) -> str:
    """``1 warning rule(s) and 2 new rule(s)``: the rules whose findings are notes."""
    warned = sum(1 for r in noted if r.rule.severity == "warning")
    parts = [f"{warned} warning rule(s)" if warned else "",
             f"{len(noted) - warned} new rule(s)" if len(noted) > warned else ""]
    return " and ".join(p for p in parts if p)


def rule_cell(rule: Rule) -> vn.CellLike:
    """A rule's ID, marked when its findings are notes (a warning, or a new rule)."""
    if rule.is_error:
        return nodes.literal(text=rule.id)
    return [nodes.literal(text=rule.id), vn.small(f" ({NOTE_TEXT[rule.severity]})")]


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
        [rule_cell(r.rule), r.rule.description,
         FAMILY_TEXT.get((r.rule.family, r.rule.reporter), r.rule.family), str(r.checked),
         str(r.passed), coverage_cell(r), vn.id_refs(ctx, r.failed_ids)]
        for r in results]
    findings = [(r.rule, f) for r in results for f in r.findings]
    finding_part: nodes.Node = (
        vn.table("Findings", ["Rule", "Need", "Where", "Problem"],
                 [[rule_cell(rule), vn.id_refs(ctx, [f.need_id]), f.location, f.message]
                  for rule, f in findings])
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
        vn.section("Links to review", "report-links", *link_counts(ctx)),
    ]


def link_counts(ctx: vn.ViewContext) -> list[nodes.Node]:
    """The plan's links against the review ledger, counted by the type of the need they
    start from: suspect (their target changed since they were reviewed) and not in the
    ledger."""
    path = ctx.project.ledger_path
    if path is None:
        return [vn.paragraph("No review ledger is configured (roadmap_review_ledger).")]
    try:
        review = review_links(ctx.graph, read_ledger(path, ctx.graph.metamodel.links))
    except LedgerError as error:
        return [vn.paragraph(f"The review ledger cannot be read: {error}")]
    counts: dict[str, list[int]] = {}
    for _key, need in plan_links(ctx.graph):
        counts.setdefault(need.type, [0, 0, 0])[0] += 1
    for suspect in review.suspect:
        counts[suspect.source.type][1] += 1
    for _key, need in review.unreviewed:
        counts[need.type][2] += 1
    rows: list[vn.RowLike] = [[ctx.graph.metamodel.type_title(t), str(c[0]), str(c[1]),
                               str(c[2]), vn.id_refs(ctx, {s.key.source for s in review.suspect
                                                           if s.source.type == t})]
                              for t, c in sorted(counts.items())]
    said = (f"{len(review.suspect)} of {review.links} links are suspect, "
            f"{len(review.unreviewed)} not in the review ledger, {len(review.stale)} ledger "
            "line(s) name links that no longer exist.")
    return [vn.paragraph(said), vn.table(
        "Links by the type of the need they start from, against the review ledger",
        ["Type", "Links", "Suspect", "Not in the ledger", "Needs to review"], rows,
        ["roadmap-link-review"])]


view(View(name="report", summary="The traceability report of the build's rule results.",
          build=build_report, reads_review_ledger=True))
