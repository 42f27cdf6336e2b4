"""Progress dashboard: what a program manager asks. Where the program stands (the as-of
week, milestones done and at risk, the next gate), the late milestones, milestones by
status per phase and per workstream, the quality gates, and the KPIs from baseline to
target beside their latest measured value.

The plan alone knows no measurement: what is measured comes from the status report of
the as-of week (:class:`roadmap.tracking.status_report.StatusReport`: the latest
measurement of each metric, the late milestones and their forecast), which every
function here that shows a measured value takes; None before a week is reported, and
then the dashboard says so. The quality gates are :mod:`roadmap.tracking`'s
:class:`~roadmap.tracking.status_report.GateState`. The rule coverage of the build is
on the traceability report (:mod:`roadmap.views.report`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docutils import nodes

from roadmap import render as vn
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_schedule import week_order
from roadmap.roles import (
    DIRECTION_DECREASE,
    DIRECTION_INCREASE,
    FIELDS,
    LINKS,
    SCOPE_PROGRAM,
    TYPES,
    Status,
)
from roadmap.tracking.measures import measurements
from roadmap.tracking.now import now_of
from roadmap.tracking.status_report import GateState, StatusReport, gate_states, status_report
from roadmap.view_options import choice
from roadmap.views import View, ViewArgs, view
from roadmap.views.health import health_part, health_rows, program_rollup

# The delivery lifecycle of a milestone, in the order a dashboard reads it; any other
# status a milestone carries is shown after these.
MILESTONE_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.AT_RISK, Status.BLOCKED,
                      Status.DONE)
NONE = vn.NONE
fmt_number = vn.fmt_number


def status_of(need: Need) -> str:
    return str(need.get(FIELDS.status, "")) or "unset"


def status_columns(graph: RoadmapGraph) -> list[str]:
    """The lifecycle statuses the metamodel allows, then any other in use."""
    allowed = graph.metamodel.enum(FIELDS.status)
    columns = [s for s in MILESTONE_STATUSES if not allowed or s in allowed]
    used = sorted({status_of(m) for m in graph.of_type(TYPES.milestone)} - set(columns))
    return columns + used


@dataclass(frozen=True)
class StatusRow:
    group: Need | None  # the phase or workstream; None for "no phase/workstream"
    milestones: tuple[Need, ...]

    @property
    def counts(self) -> Counter[str]:
        return Counter(status_of(m) for m in self.milestones)

    @property
    def total(self) -> int:
        return len(self.milestones)

    @property
    def done(self) -> int:
        return self.counts[Status.DONE]

    @property
    def effort(self) -> float:
        return sum(m.number(FIELDS.effort) or 0.0 for m in self.milestones)

    @property
    def effort_done(self) -> float:
        return sum(m.number(FIELDS.effort) or 0.0 for m in self.milestones
                   if status_of(m) == Status.DONE)


GROUP_LINKS = {"phase": LINKS.phase, "workstream": LINKS.workstream}


def milestones_by_status(graph: RoadmapGraph, by: str) -> list[StatusRow]:
    """One row per phase (``by="phase"``) or workstream, in week order."""
    if by not in GROUP_LINKS:
        raise ValueError(f"milestones_by_status: by must be phase or workstream, not {by!r}")
    link = GROUP_LINKS[by]
    group_type = TYPES.phase if by == "phase" else TYPES.workstream
    grouped: dict[str | None, list[Need]] = {}
    for m in graph.of_type(TYPES.milestone):
        targets: list[str | None] = [t for t in m.targets_of(link) if t in graph.needs]
        for target in targets or [None]:
            grouped.setdefault(target, []).append(m)
    rows = [StatusRow(g, tuple(sorted(grouped.get(g.id, ()), key=lambda m: m.id)))
            for g in week_order(graph, graph.of_type(group_type))]
    if None in grouped:
        rows.append(StatusRow(None, tuple(sorted(grouped[None], key=lambda m: m.id))))
    return rows


@dataclass(frozen=True)
class KpiRow:
    metric: Need
    feeds: tuple[Need, ...]
    verified_by: tuple[Need, ...]
    monitored_by: tuple[Need, ...]

    @property
    def baseline(self) -> float | None:
        return self.metric.number(FIELDS.baseline)

    @property
    def target(self) -> float | None:
        return self.metric.number(FIELDS.target)

    @property
    def change(self) -> float | None:
        """Target minus baseline, in the metric's unit."""
        if self.baseline is None or self.target is None:
            return None
        return self.target - self.baseline

    @property
    def improves(self) -> bool | None:
        """Whether the target is better than the baseline in the stated direction."""
        if self.change is None:
            return None
        direction = self.metric.get(FIELDS.direction)
        if direction == DIRECTION_INCREASE:
            return self.change > 0
        if direction == DIRECTION_DECREASE:
            return self.change < 0
        return None


def kpi_row(graph: RoadmapGraph, metric: Need) -> KpiRow:
    return KpiRow(
        metric,
        tuple(graph.targets(metric, LINKS.feeds)),
        tuple(sorted(graph.sources(metric, LINKS.verifies), key=lambda n: n.id)),
        tuple(sorted(graph.sources(metric, LINKS.monitors), key=lambda n: n.id)),
    )


def gates(graph: RoadmapGraph, report: StatusReport | None) -> list[GateState]:
    """Quality gates in the order their decisions fall due, each with the metrics it
    checks: the status report's, or the plan's before a week is reported."""
    if report is not None:
        return report.gates
    return gate_states(graph, measurements(graph), 0)


@dataclass(frozen=True)
class KpiGroup:
    """A program success metric and the module KPIs that feed it.

    ``program`` is None for the group of metrics that feed no program metric. A KPI
    feeding two program metrics is listed under both.
    """

    program: KpiRow | None
    kpis: tuple[KpiRow, ...]


def kpi_groups(graph: RoadmapGraph) -> list[KpiGroup]:
    """Program success metrics by ID, each with its KPIs, then the metrics left over."""
    metrics = sorted(graph.of_type(TYPES.metric), key=lambda m: m.id)
    groups: list[KpiGroup] = []
    placed: set[str] = set()
    for top in (m for m in metrics if m.get(FIELDS.scope) == SCOPE_PROGRAM):
        kpis = sorted((k for k in graph.sources(top, LINKS.feeds) if k.type == TYPES.metric),
                      key=lambda m: m.id)
        groups.append(KpiGroup(kpi_row(graph, top), tuple(kpi_row(graph, k) for k in kpis)))
        placed |= {top.id, *(k.id for k in kpis)}
    rest = [kpi_row(graph, m) for m in metrics if m.id not in placed]
    if rest:
        groups.append(KpiGroup(None, tuple(rest)))
    return groups


# ------------------------------------------------------------------ drawing
def status_table(ctx: vn.ViewContext, rows: list[StatusRow], columns: list[str], what: str
                 ) -> nodes.table:
    body: list[vn.RowLike] = []
    for row in rows:
        name = vn.titled(ctx, row.group) if row.group else f"No {what}"
        counts = row.counts
        body.append([name, *(str(counts[c] or NONE) for c in columns), str(row.total),
                     vn.progress_bar.make(row.done, row.total, "done"),
                     f"{fmt_number(row.effort_done)} of {fmt_number(row.effort)}"])
    total, done = sum(r.total for r in rows), sum(r.done for r in rows)
    body.append(vn.Row(["All milestones", *(str(sum(r.counts[c] for r in rows)) for c in columns),
                        str(total), vn.progress_bar.make(done, total, "done"),
                        f"{fmt_number(sum(r.effort_done for r in rows))} of "
                        f"{fmt_number(sum(r.effort for r in rows))}"],
                       classes=["roadmap-total"]))
    head = [what.capitalize(), *(c.replace("_", " ") for c in columns), "Total", "Done",
            "Effort done (person-weeks)"]
    return vn.table(f"Milestones by status per {what}", head, body, ["roadmap-status"])


def target_text(metric: Need) -> str:
    return (f"{fmt_number(metric.number(FIELDS.baseline))} \u2192 "
            f"{fmt_number(metric.number(FIELDS.target))}")


def unit(metric: Need) -> nodes.Node:
    return nodes.inline(text=str(metric.get(FIELDS.unit, "")), classes=["roadmap-unit"])


def _gate_head(ctx: vn.ViewContext, row: GateState) -> list[nodes.Node]:
    status = row.status.replace("_", " ")
    phase: list[nodes.Node] = vn.titled(ctx, row.phase) if row.phase else [nodes.Text(NONE)]
    return [vn.paragraph(vn.need_ref(ctx, row.gate)), vn.paragraph(*phase),
            vn.paragraph(vn.small(f"closes end of week {row.due_week or NONE}; {status}"))]


def gates_table(ctx: vn.ViewContext, rows: list[GateState]) -> nodes.table:
    body: list[vn.RowLike] = []
    for row in rows:
        span = max(len(row.metrics), 1)
        head = vn.Cell(_gate_head(ctx, row), rows=span)
        if not row.metrics:
            body.append(vn.Row([head, vn.Cell(NONE, cols=4)], classes=["roadmap-group-start"]))
            continue
        for index, state in enumerate(row.metrics):
            kpi = kpi_row(ctx.graph, state.metric)
            m = kpi.metric
            cells: list[vn.CellLike] = [head] if index == 0 else []
            cells += [vn.titled(ctx, m), [nodes.Text(target_text(m) + " "), unit(m)],
                      vn.need_refs(ctx, kpi.verified_by), vn.need_refs(ctx, kpi.monitored_by)]
            body.append(vn.Row(cells, classes=["roadmap-group-start"] if index == 0 else []))
    return vn.table(
        "Quality gates: a phase closes only when every metric its gate checks meets its target",
        ["Gate", "Metric it checks", "Baseline \u2192 target", "Verified by", "Monitored by"],
        body, ["roadmap-gates"])


def change_text(row: KpiRow) -> str:
    change = row.change
    if change is None:
        return NONE
    text = ("+" if change > 0 else "") + fmt_number(change)
    if row.baseline:
        pct = 100 * change / abs(row.baseline)
        pct_text = f"{pct:+.0f}" if abs(pct) >= 10 else f"{pct:+.1f}".rstrip("0").rstrip(".")
        text += f" ({pct_text} %)"
    return text


def latest_cell(row: KpiRow, report: StatusReport | None) -> vn.Cell:
    """The latest measured value, apart from the plan's columns."""
    found = next((k.latest for k in report.kpis if k.metric.id == row.metric.id),
                 None) if report is not None else None
    if found is None:
        return vn.Cell("not measured yet" if report is not None else NONE,
                       classes=["roadmap-latest", "roadmap-idle"])
    when = f" (week {found.week})" if found.week else ""
    return vn.Cell([nodes.Text(f"{fmt_number(found.value)}{when}"), vn.small(found.need.id)],
                   classes=["roadmap-latest"])


def _kpi_row(ctx: vn.ViewContext, row: KpiRow, classes: list[str],
             report: StatusReport | None) -> vn.Row:
    m = row.metric
    return vn.Row([vn.titled(ctx, m), target_text(m), unit(m), change_text(row),
                   vn.need_refs(ctx, row.verified_by), vn.need_refs(ctx, row.monitored_by),
                   latest_cell(row, report)],
                  classes=classes)


def kpis_table(ctx: vn.ViewContext, groups: list[KpiGroup],
               report: StatusReport | None = None) -> nodes.table:
    body: list[vn.RowLike] = []
    for group in groups:
        if group.program is not None:
            body.append(_kpi_row(ctx, group.program, ["roadmap-program", "roadmap-group-start"],
                                 report))
        else:
            body.append(vn.Row([vn.Cell("Metrics that feed no program success metric", cols=7)],
                               classes=["roadmap-program", "roadmap-group-start"]))
        body.extend(_kpi_row(ctx, kpi, ["roadmap-kpi"], report) for kpi in group.kpis)
    return vn.table(
        "KPIs from baseline to target: each program success metric, then the module KPIs "
        "that feed it; the last column is measured, the others planned",
        ["Metric", "Baseline \u2192 target", "Unit", "Change", "Verified by", "Monitored by",
         vn.Cell("Latest value", classes=["roadmap-latest"])],
        body, ["roadmap-kpis"])


# ------------------------------------------------------------------ at a glance
def next_gate(rows: list[GateState], week: int) -> GateState | None:
    """The first gate whose phase ends in ``week`` or later."""
    return next((r for r in rows if r.phase and (r.due_week or 0) >= week), None)


def summary_part(ctx: vn.ViewContext, report: StatusReport | None) -> list[nodes.Node]:
    graph, as_of = ctx.graph, ctx.settings.as_of
    milestones = graph.of_type(TYPES.milestone)
    counts = Counter(status_of(m) for m in milestones)
    items: list[list[str | nodes.Node]] = [
        [vn.strong("Milestones: "), f"{counts[Status.DONE]} of {len(milestones)} done, "
         f"{counts['in_progress']} in progress, {counts['at_risk']} at risk, "
         f"{counts['blocked']} blocked (as of week {as_of})."]]
    gate = next_gate(gates(graph, report), max(as_of, 1))
    if gate and gate.phase:
        items.append([vn.strong("Next gate: "), vn.need_ref(ctx, gate.gate),
                      f" at the end of week {gate.phase.week(FIELDS.end)}, closing ",
                      vn.need_ref(ctx, gate.phase), f" {gate.phase.title}; it checks "
                      f"{len(gate.metrics)} metrics."])
    items.append(_week_item(ctx))
    late = (f"{len(report.late)} late milestones (below)" if report is not None
            else "nothing is known to be late, because no week is reported yet")
    items.append([vn.strong("Late: "), late, "."])
    items.append([vn.strong("Health: "), *health_summary(ctx)])
    return [vn.now_paragraph(ctx), vn.bullets(items, classes=["roadmap-glance"])]


def _week_item(ctx: vn.ViewContext) -> list[str | nodes.Node]:
    """The week the calendar is in, linked to its page, when the plan has that week."""
    now = now_of(ctx.settings, ctx.graph.horizon)
    if 1 <= now.calendar_week <= ctx.graph.horizon:
        week = now.calendar_week
        return [vn.strong("This week by the calendar: "),
                vn.week_ref(ctx, week, f"week {week}"), " (due, in progress, risks and "
                "load); every week is on its own page."]
    return [vn.strong("Week by week: "), vn.page_ref(ctx, "weeks/index", "every week"),
            " has its own page (due, in progress, risks and load)."]


def health_summary(ctx: vn.ViewContext) -> list[str | nodes.Node]:
    """The program's health in one line: rolled up, and as its manager declares it."""
    settings = ctx.settings
    rows = health_rows(ctx.graph, settings.as_of, settings.health_stale_weeks)
    if not any(r.update for r in rows):
        return ["no health update yet" + (": no week is reported." if settings.as_of <= 0
                                           else f" by week {settings.as_of}.")]
    rolled = program_rollup(ctx.graph, rows, settings.as_of, settings.health_stale_weeks)
    parts: list[str | nodes.Node] = [f"{rolled.text}, rolled up from the workstreams"]
    declared = rows[-1].update
    if declared is not None:
        parts += ["; the Program Manager declares it ", declared.text, " (",
                  vn.need_ref(ctx, declared.need), f", week {declared.week}): "
                  f"{declared.need.get(FIELDS.needed, '')}"]
    return [*parts, "."]


def _late_row(ctx: vn.ViewContext, report: StatusReport, milestone: Need) -> vn.RowLike:
    """A late milestone with the week it is now forecast to end and what it waits for."""
    fc = report.forecasts.get(milestone.id)
    return [vn.titled(ctx, milestone), str(milestone.get(FIELDS.owner, NONE)),
            f"week {milestone.week(FIELDS.due)}",
            f"week {fc.window.end}" if fc and fc.window.end else NONE,
            f"waits for {fc.driver}" if fc and fc.driver else NONE]


def late_part(ctx: vn.ViewContext, report: StatusReport | None) -> nodes.Node:
    if report is None:
        return vn.paragraph("No week is reported yet, so nothing is known to be late: this "
                            "list fills in once the first week's progress is recorded.",
                            classes=["roadmap-note"])
    if not report.late:
        return vn.paragraph("No milestone is late.")
    rows = [_late_row(ctx, report, milestone) for milestone in report.late]
    return vn.table("Late milestones", ["Milestone", "Owner", "Planned due", "Forecast due",
                                        "Why"], rows, ["roadmap-late"])


SECTIONS = ("summary", "late", "health", "milestones-by-phase", "milestones-by-workstream",
            "gates", "kpis")


def section_nodes(ctx: vn.ViewContext, section: str, report: StatusReport | None = None
                  ) -> list[nodes.Node]:
    """One section of the dashboard, with the status ``report`` of the as-of week when a
    week is reported."""
    if section in ("milestones-by-phase", "milestones-by-workstream"):
        what = section.rsplit("-", 1)[1]
        return [status_table(ctx, milestones_by_status(ctx.graph, what),
                             status_columns(ctx.graph), what)]
    if section == "gates":
        return [gates_table(ctx, gates(ctx.graph, report))]
    if section == "kpis":
        return [kpis_table(ctx, kpi_groups(ctx.graph), report)]
    if section == "late":
        return [late_part(ctx, report)]
    if section == "health":
        return health_part(ctx)
    return summary_part(ctx, report)


def report_of(ctx: vn.ViewContext) -> StatusReport | None:
    """The status report of the as-of week; None before week 1 (nothing is reported)."""
    as_of = ctx.settings.as_of
    return status_report(ctx.graph, as_of) if as_of > 0 else None


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    return [vn.box(*section_nodes(ctx, args.argument, report_of(ctx)),
                   classes=["roadmap-dashboard"])]


view(View(name="dashboard", reads_now=True, shows_needs_by_id=True,
          summary="One section of the progress dashboard.", build=build,
          argument=choice(SECTIONS)))
