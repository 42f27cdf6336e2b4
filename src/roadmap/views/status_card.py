"""The landing page's status card: where the program stands, in seven lines.

The line that says what "now" is (the as-of week against the calendar), the
program's health (rolled up from the workstreams' updates, and as its manager declares
it), the next gate with its date and whether the forecast moves it, how many
milestones are late, the forecast end against the plan, and, once progress is
recorded, earned value and the planned cost of the work scheduled to date (the plan
records no spending, so no actual cost is shown). Every figure comes from the status
report of the as-of week (:mod:`roadmap.tracking.status_report`), the plan's costs
(:mod:`roadmap.cost`) and the health updates
(:mod:`roadmap.tracking.health_updates`); before a week is reported the card says that nothing
is measured instead of showing zeros as if they were facts.
"""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.cost import work_cost_by_week
from roadmap.program_calendar import CalendarError
from roadmap.tracking.status_report import GateState, PhaseState, StatusReport, status_report
from roadmap.views import View, ViewArgs, view
from roadmap.views.dashboard import health_summary, next_gate
from roadmap.views.status import week_text

Line = list[str | nodes.Node]


def _friday(ctx: vn.ViewContext, week: int) -> str:
    try:
        day = ctx.settings.calendar.week(week).friday
    except CalendarError:
        return f"week {week}"
    return f"week {week}, {day.day} {day.strftime('%b %Y')}"


def gate_line(ctx: vn.ViewContext, report: StatusReport) -> Line:
    gate: GateState | None = next_gate(report.gates, max(report.as_of, 1))
    if gate is None or gate.phase is None:
        return ["every gate's phase has ended."]
    phase: PhaseState | None = next((p for p in report.phases if p.phase.id == gate.phase.id),
                                    None)
    planned = gate.due_week or 0
    line: Line = [vn.need_ref(ctx, gate.gate), f" {gate.gate.title}, due at the end of "
                  f"{_friday(ctx, planned)}"]
    if report.as_of > 0 and phase is not None:
        moved = phase.gate_week - planned
        line.append(f"; the forecast moves it {moved} week{'s' if moved != 1 else ''} later"
                    if moved > 0 else "; the forecast keeps it")
    return [*line, "."]


def late_line(report: StatusReport) -> Line:
    if report.as_of <= 0:
        return ["none known: no week is reported, so nothing is measured yet."]
    count = len(report.late)
    if not count:
        return [f"none as of week {report.as_of}."]
    return [f"{count} milestone{'s' if count != 1 else ''} due by week {report.as_of} "
            "and not done."]


def end_line(ctx: vn.ViewContext, report: StatusReport) -> Line:
    planned, forecast = report.planned_end, report.forecast_end
    if report.as_of <= 0:
        return [f"{week_text(ctx, planned)} as planned; no forecast differs from the plan "
                "before a week is reported."]
    slip = forecast - planned
    against = ("on plan" if slip == 0 else
               f"{abs(slip)} week{'s' if abs(slip) != 1 else ''} "
               f"{'later' if slip > 0 else 'earlier'} than planned")
    line: Line = [f"forecast {week_text(ctx, forecast)} against {week_text(ctx, planned)} "
                  f"planned: {against}"]
    decided = {g.phase.id for g in report.gates if g.phase and g.decided}
    moved = [(p, p.gate_week - p.planned_end) for p in report.phases
             if p.gate_week > p.planned_end and p.phase.id not in decided]
    gates = {g.phase.id: g for g in report.gates if g.phase}
    if moved:
        line.append("; the forecast moves ")
        for index, (phase, weeks) in enumerate(moved):
            line += [", " if index else "",
                     vn.need_ref(ctx, gates[phase.phase.id].gate) if phase.phase.id in gates
                     else vn.need_ref(ctx, phase.phase), f" ({weeks:+d})"]
    return [*line, "."]


def value_line(report: StatusReport) -> Line:
    if report.as_of <= 0:
        return ["shown once progress is recorded (no week is reported yet)."]
    value = report.value
    spi = f" (schedule performance index {value.spi:.2f})" if value.spi is not None else ""
    return [f"{vn.fmt_number(round(value.earned, 1))} of "
            f"{vn.fmt_number(round(value.planned, 1))} person-weeks of work planned by week "
            f"{report.as_of} are done{spi}."]


def cost_line(ctx: vn.ViewContext, as_of: int) -> Line:
    """The cost of the role work planned up to the as-of week, of all the planned work:
    a plan figure (loaded rates), never a spend the plan does not record."""
    if as_of <= 0:
        return ["shown once progress is recorded (no week is reported yet)."]
    by_week = work_cost_by_week(ctx.graph)
    if not by_week:
        return ["no role states a loaded rate, so the plan prices no work."]
    to_date = sum(cost for week, cost in by_week.items() if week <= as_of)
    return [f"USD {vn.fmt_number(round(to_date))} of the USD "
            f"{vn.fmt_number(round(sum(by_week.values())))} the planned role work costs is "
            f"scheduled by week {as_of} (at the roles' loaded rates; the plan records no "
            "actual spending)."]


def card(ctx: vn.ViewContext) -> list[nodes.Node]:
    report = status_report(ctx.graph, ctx.settings.as_of)
    lines: list[Line] = [
        [vn.strong("Health: "), *health_summary(ctx)],
        [vn.strong("Next gate: "), *gate_line(ctx, report)],
        [vn.strong("Late: "), *late_line(report)],
        [vn.strong("End: "), *end_line(ctx, report)],
        [vn.strong("Earned value: "), *value_line(report)],
        [vn.strong("Cost to date: "), *cost_line(ctx, report.as_of)],
    ]
    links: Line = ["More: the ", vn.page_ref(ctx, "views/dashboard", "dashboard"), ", the ",
                   vn.page_ref(ctx, "status/index", "status report"), " and the ",
                   vn.page_ref(ctx, "views/timeline", "timeline"), "."]
    return [vn.now_paragraph(ctx), vn.bullets(lines, classes=["roadmap-card-facts"]),
            vn.paragraph(*links, classes=["roadmap-card-more"])]


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    return [vn.box(*card(ctx), classes=["roadmap-status-card"])]


view(View(name="status-card", reads_now=True, shows_needs_by_id=True,
          summary="The landing page's card: now, health, next gate, late, end, earned "
          "value.", build=build))
