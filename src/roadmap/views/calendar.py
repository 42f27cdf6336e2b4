"""The program calendar as a table: each program week with its dates and working days,
and the pauses between weeks."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.program_calendar import day_text
from roadmap.roles import FIELDS, TYPES
from roadmap.views import View, ViewArgs, view


def _phase_of_week(ctx: vn.ViewContext, week: int) -> list[nodes.Node]:
    for phase in ctx.graph.of_type(TYPES.phase):
        start, end = phase.week(FIELDS.start), phase.week(FIELDS.end)
        if start is not None and end is not None and start <= week <= end:
            return [vn.need_ref(ctx, phase)]
    return [nodes.Text(vn.NONE)]


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    calendar = ctx.settings.calendar
    horizon = ctx.graph.horizon or len(calendar.weeks)
    rows: list[vn.RowLike] = []
    previous = None
    for week in calendar.weeks[:horizon]:
        if previous is not None and (week.monday - previous.monday).days > 7:
            paused = calendar.paused(previous.number, week.number)
            rows.append(vn.Row([vn.Cell("Pause: " + "; ".join(
                f"{p.name}, {day_text(p.first)} to {day_text(p.last)} {p.last.year}"
                for p in paused), cols=5)], classes=["roadmap-pause"]))
        off = ", ".join(f"{day_text(d)} ({name})" for d, name in week.days_off) or vn.NONE
        rows.append([f"Week {week.number}", week.label(), str(len(week.working_days)), off,
                     _phase_of_week(ctx, week.number)])
        previous = week
    table = vn.table("Program weeks and their dates (Monday to Friday)",
                     ["Week", "Dates", "Working days", "Days off", "Phase"], rows,
                     ["roadmap-calendar"])
    return [vn.box(table, classes=["roadmap-calendar-view"])]


view(View(name="calendar", shows_needs_by_id=True,
          summary="The program weeks with their dates.", build=build))
