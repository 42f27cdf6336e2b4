"""The error-budget plan of an availability window: every production change the
milestones make inside the window in which a gate reads an availability metric, with
the week it reaches production and the seconds of the budget it may spend (its
``budget_spend``), against the metric's budget (``error_budget``). The table is the plan:
the phase pages show it instead of restating the allocations by hand, and
CONS-ERROR-BUDGET checks that every change inside the window has one and that they fit.
"""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.graph import Need
from roadmap.program_calendar import CalendarError
from roadmap.readings import Reading, changes_inside, reading_of
from roadmap.roles import FIELDS, TYPES
from roadmap.view_options import need_id
from roadmap.views import View, ViewArgs, view


def _week_text(ctx: vn.ViewContext, week: int | None) -> str:
    if week is None:
        return vn.NONE
    try:
        return f"week {week} ({ctx.settings.calendar.week(week).label()})"
    except CalendarError:
        return f"week {week}"


def _window(ctx: vn.ViewContext, gate: Need, metric: Need) -> Reading:
    reading = reading_of(gate, metric.id)
    if reading is None or not reading.window:
        raise vn.ViewError(f"{gate.id} reads {metric.id} over no production window "
                           f"(reads: {metric.id}=FIRST-LAST)")
    if metric.number(FIELDS.error_budget) is None:
        raise vn.ViewError(f"{metric.id} states no error_budget")
    return reading


def _share(seconds: float, budget: float) -> str:
    return vn.percent(seconds / budget) if budget else vn.NONE


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    gate = ctx.need(args.get("gate", ""), TYPES.gate)
    metric = ctx.need(args.get("metric", ""), TYPES.metric)
    reading = _window(ctx, gate, metric)
    budget = metric.number(FIELDS.error_budget) or 0.0
    changes = changes_inside(ctx.graph, reading)
    rows: list[vn.RowLike] = []
    for change in changes:
        spend = change.number(FIELDS.budget_spend)
        rows.append([vn.titled(ctx, change), _week_text(ctx, change.week(FIELDS.in_production)),
                     _week_text(ctx, change.week(FIELDS.due)),
                     vn.NONE if spend is None else f"{vn.fmt_number(spend)} s",
                     vn.NONE if spend is None else _share(spend, budget)])
    total = sum(c.number(FIELDS.budget_spend) or 0.0 for c in changes)
    rows.append([vn.strong("Milestones' changes"), "", "", vn.strong(f"{vn.fmt_number(total)} s"),
                 vn.strong(_share(total, budget))])
    caption = (f"Production changes inside the window in which {gate.id} reads {metric.id}, "
               f"weeks {reading.first}-{reading.last} "
               f"({ctx.settings.calendar.span(reading.first, reading.last)}), against its "
               f"error budget of {vn.fmt_number(budget)} s")
    return [vn.box(vn.table(caption, ["Milestone", "Reaches production", "Due",
                                      "Allocation", "Share of the budget"], rows,
                            ["roadmap-error-budget"]), classes=["roadmap-error-budget"])]


view(View(name="error-budget", shows_needs_by_id=True,
          summary="The production changes inside an availability window with their "
          "error-budget allocations.", build=build,
          options={"gate": need_id, "metric": need_id}))
