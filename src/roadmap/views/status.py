"""The status report as of a week.

It is generated from the needs at every build: record a week's progress on its
status page (``status/week-NN.md``: actual weeks, measurements, gate decisions), set
the as-of week, and the report says what is late, what it pushes out and by how
much, which gates and risks need attention, and how far the plan is from the baseline,
proposed or approved (every change is listed by :mod:`roadmap.views.changes`).
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from roadmap import render as vn
from roadmap import risk
from roadmap.program_calendar import CalendarError
from roadmap.roles import FIELDS
from roadmap.tracking.baseline import (
    BaselineError,
    Plan,
    PlanDiff,
    plan_diff,
    read_plan,
    snapshot,
)
from roadmap.tracking.forecast import Forecast
from roadmap.tracking.measures import MetricState
from roadmap.tracking.status_report import StatusReport, status_report
from roadmap.view_options import choice
from roadmap.views import View, ViewArgs, view
from roadmap.views.health import health_part

SECTIONS = ("summary", "health", "late", "forecast", "gates", "kpis", "risks", "baseline")


def baseline_of(ctx: vn.ViewContext) -> Plan | None:
    """The baseline plan named by the settings; ViewError when it cannot be read. Read
    and checked once for all the views that share ``ctx.shared`` (a build's: nine
    views of the site read it)."""
    path = ctx.project.baseline_path
    if path is None:
        return None
    key = ("baseline", path)
    if key not in ctx.shared:
        try:
            ctx.shared[key] = read_plan(path, ctx.graph.metamodel)
        except BaselineError as error:
            ctx.shared[key] = str(error)
    kept = ctx.shared[key]
    if isinstance(kept, str):
        raise vn.ViewError(kept)
    return kept  # type: ignore[no-any-return]


def week_text(ctx: vn.ViewContext, week: int | None) -> str:
    """``week 6 (10-14 Nov 2025)``; the plain number outside the calendar."""
    if week is None:
        return vn.NONE
    if week == 0:
        return "week 0 (before the program starts)"
    try:
        return f"week {week} ({ctx.settings.calendar.week(week).label()})"
    except CalendarError:
        return f"week {week}"


def _weeks(window_start: int, window_end: int) -> str:
    return f"{window_start}" if window_start == window_end else f"{window_start}-{window_end}"


def _slip(weeks: int | None) -> str:
    if weeks is None:
        return vn.NONE
    return "on time" if weeks == 0 else (f"{weeks:+d} weeks" if abs(weeks) != 1
                                          else f"{weeks:+d} week")


# ------------------------------------------------------------------ sections
def summary(ctx: vn.ViewContext, report: StatusReport, baseline: Plan | None
            ) -> list[nodes.Node]:
    spi = report.value.spi
    end = report.end
    slip = _slip(report.forecast_end - report.planned_end)
    driver: list[str | nodes.Node] = [" (", vn.need_ref(ctx, end.need), f", {slip})"] if end else []
    facts: list[list[str | nodes.Node]] = [
        [vn.strong("As of: "), week_text(ctx, report.as_of)],
        [vn.strong("Planned end: "), week_text(ctx, report.planned_end)],
        [vn.strong("Forecast end: "), week_text(ctx, report.forecast_end), *driver],
    ]
    if baseline is not None:
        label = (f"Approved baseline ({baseline.approval.date} by {baseline.approval.by}): "
                 if baseline.approval else
                 f"Proposed baseline (frozen {baseline.frozen}, not approved): ")
        facts.append([vn.strong(label), week_text(ctx, report.baseline_end)])
    facts += [
        [vn.strong("Late milestones: "), str(len(report.late)), "; started late: ",
         str(len(report.started_late)), "; due to start and not started: ",
         str(len(report.not_started))],
        [vn.strong("Schedule performance: "), f"{report.value.earned:.1f} of "
         f"{report.value.planned:.1f} person-weeks of planned work earned",
         f" (SPI {spi:.2f})" if spi is not None else " (nothing was planned to be done yet)"],
        [vn.strong("Risk indicators fired: "), str(len(report.fired))],
    ]
    return [vn.now_paragraph(ctx), vn.bullets(facts, classes=["roadmap-status-summary"])]


def late_table(ctx: vn.ViewContext, report: StatusReport) -> list[nodes.Node]:
    rows: list[vn.RowLike] = []
    for ms in report.late:
        fc = report.forecasts.get(ms.id)
        rows.append([vn.titled(ctx, ms), str(ms.get(FIELDS.owner) or vn.NONE),
                     str(ms.week(FIELDS.due)), str(ms.get(FIELDS.status)),
                     str(fc.window.end) if fc else vn.NONE,
                     vn.need_refs(ctx, ctx.graph.sources(ms, "depends_on"))])
    if not rows:
        return [vn.paragraph(f"Nothing is late as of {week_text(ctx, report.as_of)}.")]
    return [vn.table("Late: due before the as-of week and not done",
                     ["Milestone", "Owner", "Due week", "Status", "Forecast end", "Holds up"],
                     rows, ["roadmap-late"])]


def _started_late_rows(ctx: vn.ViewContext, report: StatusReport) -> list[vn.RowLike]:
    rows: list[vn.RowLike] = [[vn.titled(ctx, ms), f"started {weeks} week(s) late"]
                              for ms, weeks in report.started_late]
    rows += [[vn.titled(ctx, ms), f"due to start in week {ms.week(FIELDS.start)}, not started"]
             for ms in report.not_started]
    rows += [[vn.titled(ctx, ms), f"finished {weeks} week(s) after its due week"]
             for ms, weeks in report.finished_late]
    return rows


FORECAST_HEAD = ["Milestone", "State", "Planned", "Forecast", "Slip", "Against baseline",
                 "Driven by"]


def _forecast_row(ctx: vn.ViewContext, report: StatusReport, fc: Forecast) -> vn.RowLike:
    return [vn.titled(ctx, fc.need), fc.state, _weeks(fc.planned.start, fc.planned.end),
            _weeks(fc.window.start, fc.window.end), _slip(fc.slip),
            _slip(report.baseline_slip(fc.need.id)),
            vn.id_refs(ctx, [fc.driver]) if fc.driver else vn.NONE]


def forecast_table(ctx: vn.ViewContext, report: StatusReport) -> list[nodes.Node]:
    moved = [fc for fc in report.open_forecasts
             if fc.slip or fc.start_slip or report.baseline_slip(fc.need.id)]
    content: list[nodes.Node] = []
    chain = report.critical
    if chain:
        path: list[nodes.Node] = [vn.strong("Forecast critical path: ")]
        for index, fc in enumerate(chain):
            path += [nodes.Text(" \u2192 ")] if index else []
            path.append(vn.need_ref(ctx, fc.need))
        path.append(nodes.Text(f", ending in {week_text(ctx, report.forecast_end)}."))
        content.append(vn.paragraph(*path))
    extra = _started_late_rows(ctx, report)
    if extra:
        content.append(vn.table("Started late, not started, or finished late",
                                ["Milestone", "What happened"], extra, ["roadmap-slips"]))
    if moved:
        content.append(vn.table(
            "Open milestones that move: planned and forecast weeks, the slip against the plan "
            "and against the baseline, and the prerequisite that drives it",
            FORECAST_HEAD, [_forecast_row(ctx, report, fc) for fc in moved],
            ["roadmap-forecast"]))
    else:
        content.append(vn.paragraph("No open milestone is forecast to move: every one starts "
                                    "and finishes in its planned weeks."))
    every = [_forecast_row(ctx, report, fc) for fc in report.open_forecasts]
    content.append(vn.collapsible.make(
        f"The forecast of every open milestone ({len(every)})",
        vn.table("Forecast of every open milestone", FORECAST_HEAD, every,
                 ["roadmap-forecast-all"])))
    return content


def phases_table(ctx: vn.ViewContext, report: StatusReport) -> nodes.Node:
    rows: list[vn.RowLike] = [
        [vn.titled(ctx, p.phase), week_text(ctx, p.planned_end), str(p.buffer),
         str(p.deliverables_end or vn.NONE),
         vn.NONE if p.buffer_left is None else str(p.buffer_left),
         week_text(ctx, p.gate_week)] for p in report.phases]
    return vn.table("Phases: the buffer the forecast leaves before each gate",
                    ["Phase", "Planned end", "Buffer (weeks)", "Deliverables forecast to end",
                     "Weeks to spare", "Gate decision"], rows, ["roadmap-phases"])


def _metric_cells(ctx: vn.ViewContext, state: MetricState) -> list[vn.CellLike]:
    last = state.latest
    value = vn.NONE if last is None else f"{vn.fmt_number(last.value)} (week {last.week})"
    expected = vn.NONE if state.expected is None else vn.fmt_number(round(state.expected, 2))
    verdict = {True: "on track", False: "off track", None: "not measured"}[state.on_track]
    target = f"{vn.fmt_number(state.metric.number(FIELDS.target))} by week " \
             f"{state.target_week or vn.NONE}"
    return [vn.titled(ctx, state.metric), str(state.metric.get(FIELDS.unit) or ""), value,
            expected, verdict, target,
            vn.id_refs(ctx, [last.need.id]) if last else vn.NONE]


def gates_table(ctx: vn.ViewContext, report: StatusReport) -> list[nodes.Node]:
    rows: list[vn.RowLike] = []
    for state in report.gates:
        rows.append([vn.titled(ctx, state.gate), week_text(ctx, state.due_week), state.status,
                     week_text(ctx, state.decision_week) if state.decided else vn.NONE,
                     state.reading, vn.need_refs(ctx, [m.metric for m in state.metrics])])
    return [vn.table("Quality gates: their decision and what the measurements say",
                     ["Gate", "Decision due", "State", "Decided", "Measurements say",
                      "Checks"], rows, ["roadmap-gate-states"])]


def kpi_table(ctx: vn.ViewContext, report: StatusReport) -> list[nodes.Node]:
    rows: list[vn.RowLike] = [_metric_cells(ctx, s) for s in report.kpis]
    return [vn.table("Metrics: latest measurement against the trajectory and the target",
                     ["Metric", "Unit", "Latest", "Expected then", "Verdict", "Target",
                      "Measurement"], rows, ["roadmap-kpi-states"])]


def risks_table(ctx: vn.ViewContext, report: StatusReport) -> list[nodes.Node]:
    if not report.fired:
        return [vn.paragraph("No risk indicator has fired: no measurement of a watched metric "
                             "has crossed its risk's threshold.")]
    rows: list[vn.RowLike] = [
        [vn.titled(ctx, f.risk), risk.score_text(f.risk), vn.need_ref(ctx, f.measurement.metric),
         f"{vn.fmt_number(f.measurement.value)} in week {f.measurement.week}",
         vn.NONE if f.planned is None else vn.fmt_number(f.planned),
         f"{'above' if f.above else 'below'} {vn.fmt_number(f.threshold)}",
         str(f.risk.get(FIELDS.owner) or vn.NONE), str(f.risk.get(FIELDS.contingency) or "")]
        for f in report.fired]
    return [vn.table("Risks whose early warning has fired",
                     ["Risk", "Score", "Watched metric", "Measured", "Plan that week",
                      "Fires", "Owner", "Contingency"], rows, ["roadmap-fired"])]


def baseline_part(ctx: vn.ViewContext, baseline: Plan | None) -> list[nodes.Node]:
    if baseline is None:
        return [vn.paragraph("No baseline is configured (roadmap_baseline).")]
    diff = current_diff(ctx, baseline)
    return [vn.paragraph(f"Against {baseline.described}: {len(diff.added)} needs added, "
                         f"{len(diff.removed)} removed, {len(diff.changed)} changed; "
                         f"{len(diff.moved())} milestones moved their due week.")]


def current_diff(ctx: vn.ViewContext, baseline: Plan) -> PlanDiff:
    raw = {n.id: {"type": n.type, "title": n.title, **n.fields,
                  **{k: list(v) for k, v in n.links.items()}} for n in ctx.graph.needs.values()}
    return plan_diff(baseline.needs, snapshot(raw, ctx.graph.metamodel))


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    baseline = baseline_of(ctx)
    report = status_report(ctx.graph, ctx.settings.as_of,
                           baseline.needs if baseline is not None else None)
    section = args.get("section")
    wanted: Sequence[str] = [section] if section else SECTIONS
    parts = {
        "summary": lambda: summary(ctx, report, baseline),
        "health": lambda: health_part(ctx),
        "late": lambda: late_table(ctx, report),
        "forecast": lambda: [*forecast_table(ctx, report), phases_table(ctx, report)],
        "gates": lambda: gates_table(ctx, report),
        "kpis": lambda: kpi_table(ctx, report),
        "risks": lambda: risks_table(ctx, report),
        "baseline": lambda: baseline_part(ctx, baseline),
    }
    content: list[nodes.Node] = []
    for name in wanted:
        title = TITLES[name]
        part = parts[name]()
        content += (part if not title or section
                    else [vn.section(title, f"status-{name}-{ctx.index}", *part)])
    return [vn.box(*content, classes=["roadmap-status"])]


TITLES = {"summary": "", "health": "Declared health", "late": "Late",
          "forecast": "Forecast and buffers",
          "gates": "Quality gates", "kpis": "Metrics against their trajectory",
          "risks": "Early warnings", "baseline": "Against the baseline"}


def names_what_it_shows(args: ViewArgs) -> bool:
    """Every section names the needs it shows but the count of changes since the
    baseline, which a new title alone can change."""
    return args.get("section") not in (None, "baseline")


view(View(name="status", reads_now=True, summary="The status report as of the as-of week.",
          build=build, options={"section": choice(SECTIONS)},
          shows_needs_by_id=names_what_it_shows))
