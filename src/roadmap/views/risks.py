"""The risk register for scanning: every risk (of a phase or workstream, or all) by score,
highest first, with its score and band, likelihood and impact, owner, what it threatens
and what mitigates it (with their due weeks); its early-warning indicator and
contingency in a row of their own under it, not in a narrow column. The bands and their
legend are the project's (``roadmap_risk_bands``), the heat map's.

``:detail: summary`` leaves the early warning and contingency out, one row per risk:
for a page that holds the risks' own entries (the risk register page), where each is
read once, in the entry, and the table's ID leads to it."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap import risk
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.view_options import choice, need_id
from roadmap.views import View, ViewArgs, view
from roadmap.views.heatmap import legend


def scoped_risks(graph: RoadmapGraph, phase: str | None = None,
                   workstream: str | None = None) -> list[Need]:
    """Risks that belong to or bear on the phase or workstream (all without either),
    highest score first, then by ID; unscored risks last."""
    risks = [r for r in graph.of_type(TYPES.risk)
             if (phase is None or phase in graph.phase_ids_of(r))
             and (workstream is None or workstream in graph.workstream_ids_of(r))]
    return sorted(risks, key=lambda r: (-(risk.score(r) or -1), r.id))


def dated_refs(ctx: vn.ViewContext, needs: list[Need]) -> list[nodes.Node]:
    """Links to milestones (or phases), each with its due (or end) week."""
    cell: list[nodes.Node] = []
    for index, need in enumerate(needs):
        if index:
            cell.append(nodes.Text(", "))
        week = need.week(FIELDS.due) or need.week(FIELDS.end)
        cell += [vn.need_ref(ctx, need), *([vn.small(f"\u00a0W{week}")] if week else [])]
    return cell or [nodes.Text(vn.NONE)]


def score_cell(ctx: vn.ViewContext, need: Need) -> vn.Cell:
    value = risk.score(need)
    if value is None:
        return vn.Cell(vn.NONE)
    band = ctx.settings.band(value)
    return vn.Cell(f"{value} {band}", classes=[f"roadmap-band-{band}"])


def prose_cell(ctx: vn.ViewContext, need: Need, cols: int) -> vn.Cell:
    watched = ctx.graph.targets(need, LINKS.watched_by)
    parts: list[nodes.Node] = [vn.strong("Early warning"),
                               *([nodes.Text(" (on "), *vn.need_refs(ctx, watched),
                                  nodes.Text(")")] if watched else []),
                               nodes.Text(f": {need.get(FIELDS.indicator, vn.NONE)}")]
    body: list[nodes.Node] = [vn.paragraph(*parts)]
    contingency = need.get(FIELDS.contingency)
    if contingency:
        body.append(vn.paragraph(vn.strong("If it happens: "), str(contingency)))
    return vn.Cell(body, cols=cols, classes=["roadmap-prose"])


def risk_table(ctx: vn.ViewContext, risks: list[Need], caption: str, prose: bool = True
               ) -> nodes.table:
    head = ["Risk", "Score", "Likelihood \u00d7 impact", "Owner", "Threatens (due week)",
            "Mitigated by (due week)", "Status"]
    rows: list[vn.RowLike] = []
    for need in risks:
        rows.append(vn.Row([
            vn.Cell([vn.need_ref(ctx, need), vn.small(need.title)], rows=2 if prose else 1),
            score_cell(ctx, need),
            f"{risk.likelihood(need) or vn.NONE} \u00d7 {risk.impact(need) or vn.NONE}",
            str(need.get(FIELDS.owner, vn.NONE)),
            dated_refs(ctx, ctx.graph.targets(need, LINKS.threatens)),
            dated_refs(ctx, ctx.graph.targets(need, LINKS.mitigated_by)),
            str(need.get(FIELDS.status, vn.NONE)).replace("_", " ")],
            classes=["roadmap-group-start"]))
        if prose:
            rows.append(vn.Row([prose_cell(ctx, need, len(head) - 1)]))
    return vn.table(caption, head, rows, ["roadmap-register"])


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    phase: str | None = args.get("phase")
    workstream: str | None = args.get("workstream")
    scope = ""
    if phase:
        scope = f" bearing on {ctx.need(phase, TYPES.phase).id}"
    if workstream:
        scope += f" of {ctx.need(workstream, TYPES.workstream).title}"
    risks = scoped_risks(ctx.graph, phase, workstream)
    if not risks:
        return [vn.box(vn.paragraph(f"No risk{scope}.", classes=["roadmap-note"]),
                       classes=["roadmap-risk-register"])]
    summary = args.get("detail") == "summary"
    caption = f"Risks{scope} by score, highest first ({len(risks)})" + (
        "; each risk's early warning, contingency and plan are in its entry below" if summary
        else "")
    return [vn.box(legend(ctx.settings), risk_table(ctx, risks, caption, prose=not summary),
                   classes=["roadmap-risk-register"])]


view(View(name="risks", shows_needs_by_id=True,
          summary="The risk register by score, with bands, early warnings "
          "and contingencies.", build=build,
          options={"phase": need_id, "workstream": need_id,
                   "detail": choice(("full", "summary"))}))
