"""The table of every program week of the horizon: its dates, its phase, the milestones
due, how many are in progress, the gate decided and the risks to watch, each week
linked to its page (drawn by :mod:`roadmap.views.week`)."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.program_calendar import CalendarError
from roadmap.views import View, ViewArgs, view
from roadmap.views.week import week_plan


def build_weeks(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    rows: list[vn.RowLike] = []
    for week in range(1, ctx.graph.horizon + 1):
        plan = week_plan(ctx.graph, ctx.settings, week)
        try:
            dates = ctx.settings.calendar.week(week).label()
        except CalendarError:
            dates = vn.NONE
        rows.append([vn.week_ref(ctx, week, f"Week {week}"), dates,
                     vn.need_ref(ctx, plan.phase) if plan.phase else vn.NONE,
                     vn.need_refs(ctx, plan.due), str(len(plan.in_progress)),
                     vn.need_refs(ctx, plan.gates), str(len(plan.risks))])
    return [vn.box(vn.table(
        "Every program week: its dates, its phase, the milestones due, how many are in "
        "progress, the gate decided and the risks to watch",
        ["Week", "Dates", "Phase", "Due", "In progress", "Gate", "Risks"], rows,
        ["roadmap-weeks"]), classes=["roadmap-weeks-view"])]


view(View(name="weeks", shows_needs_by_id=True,
          summary="Every program week, each linked to its page.",
          build=build_weeks))
