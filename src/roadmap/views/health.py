"""Declared health: each workstream's latest weekly update (on track, at risk, off track,
what changed, what is needed) beside what the forecast says of the same work, the
program's own update, the program's health rolled up by the stated rule, and the
warnings for updates that are stale.

``roadmap-health`` draws it as of the as-of week (or, with ``:week:``, as declared by
an earlier week, without the forecast, which is only known as of the as-of week). The
week pages and the landing page's status card draw from the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from roadmap import render as vn
from roadmap.config import PREFIX
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_schedule import week_order
from roadmap.roles import FIELDS, TYPES
from roadmap.rules.declared_health import STALE
from roadmap.tracking.forecast import forecast
from roadmap.tracking.health_updates import (
    ROLLUP_RULE,
    Outlook,
    Rollup,
    Update,
    is_stale,
    latest_updates,
    outlooks,
    rollup,
)
from roadmap.views import View, ViewArgs, view


@dataclass(frozen=True)
class HealthRow:
    scope: Need | None  # the workstream; None for the program
    update: Update | None  # its latest update by the week shown
    stale: bool
    outlook: Outlook | None  # what the forecast says (as of the as-of week only)


def health_rows(graph: RoadmapGraph, as_of: int, stale_weeks: int, week: int | None = None
                ) -> list[HealthRow]:
    """Every workstream in week order, then the program: the latest update by ``week``
    (default: the as-of week), and the forecast's outlook when ``week`` is the as-of week."""
    shown = as_of if week is None else min(week, as_of)
    latest = latest_updates(graph, shown)
    views = outlooks(graph, forecast(graph, as_of)) if shown == as_of else {}
    scopes: list[Need | None] = [*week_order(graph, graph.of_type(TYPES.workstream)), None]
    return [HealthRow(scope, latest.get(scope.id if scope else None),
                      is_stale(latest.get(scope.id if scope else None), shown, stale_weeks),
                      views.get(scope.id if scope else None))
            for scope in scopes]


def health_badge(update: Update | None, stale: bool) -> vn.Cell:
    if update is None:
        return vn.Cell("no update" + (" (stale)" if stale else ""),
                       classes=["roadmap-health", "roadmap-idle"])
    text = f"{update.text} (week {update.week}{', stale' if stale else ''})"
    return vn.Cell(text, classes=["roadmap-health", f"roadmap-health-{update.health}"])


def forecast_text(view_of: Outlook | None) -> str:
    if view_of is None or view_of.last is None:
        return vn.NONE
    if view_of.late_by > 0:
        weeks = f"{view_of.late_by} week{'s' if view_of.late_by != 1 else ''}"
        return f"+{weeks} beyond plan and buffer: {view_of.reasons()}"
    slip = view_of.end_slip
    within = f", {slip} of {view_of.buffer} buffer week(s) used" if slip > 0 else ""
    return (f"within plan and buffer: {view_of.last.need.id} finishes in week "
            f"{view_of.last.window.end}{within}")


def _row(ctx: vn.ViewContext, row: HealthRow, with_forecast: bool) -> vn.RowLike:
    update = row.update
    name: vn.CellLike = vn.titled(ctx, row.scope) if row.scope else vn.Cell(
        [vn.strong("The program")], classes=["roadmap-program"])
    cells: list[vn.CellLike] = [
        name, health_badge(update, row.stale),
        [vn.need_ref(ctx, update.need), nodes.Text(" by "),
         vn.small(str(update.need.get(FIELDS.owner, "")))] if update else vn.NONE,
        str(update.need.get(FIELDS.changed, vn.NONE)) if update else vn.NONE,
        str(update.need.get(FIELDS.needed, vn.NONE)) if update else vn.NONE]
    if with_forecast:
        cells.append(forecast_text(row.outlook))
    return cells


def health_table(ctx: vn.ViewContext, rows: list[HealthRow], week: int) -> nodes.table:
    with_forecast = any(r.outlook is not None for r in rows)
    head = ["Workstream", "Health", "Update", "What changed", "What is needed"]
    if with_forecast:
        head.append("What the forecast says")
    return vn.table(f"Declared health as of week {week}: each workstream's latest update"
                    + (" beside the forecast" if with_forecast else ""),
                    head, [_row(ctx, r, with_forecast) for r in rows], ["roadmap-health-table"])


def program_rollup(graph: RoadmapGraph, rows: list[HealthRow], week: int, stale_weeks: int
                   ) -> Rollup:
    latest: dict[str | None, Update] = {r.scope.id: r.update for r in rows
                                        if r.scope and r.update}
    return rollup(graph, latest, week, stale_weeks, [r.scope for r in rows if r.scope])


def rollup_paragraph(ctx: vn.ViewContext, rolled: Rollup) -> nodes.paragraph:
    classes = ["roadmap-rollup"] + ([f"roadmap-health-{rolled.health}"] if rolled.health else [])
    return vn.paragraph(vn.strong("The program's health, rolled up: "), rolled.text + ". ",
                        vn.small(ROLLUP_RULE), classes=classes)


def stale_warnings(ctx: vn.ViewContext) -> list[nodes.Node]:
    """The build's warnings for stale updates (the HEALTH-STALE rule's own findings)."""
    findings = [f for r in ctx.results() if r.rule.id == STALE.id for f in r.findings]
    if not findings:
        return []
    items: list[list[str | nodes.Node]] = [
        [*vn.id_refs(ctx, [f.need_id]), f" {f.message}"] for f in findings]
    return [vn.paragraph(vn.strong("Warning: "), f"{len(findings)} workstream"
                         f"{'s have' if len(findings) != 1 else ' has'} no current health "
                         f"update ({PREFIX}health_stale_weeks = "
                         f"{ctx.settings.health_stale_weeks}):", classes=["roadmap-warning"]),
            vn.bullets(items, classes=["roadmap-warning"])]


def health_part(ctx: vn.ViewContext, week: int | None = None) -> list[nodes.Node]:
    """The health as declared by ``week`` (default: the as-of week)."""
    settings = ctx.settings
    shown = settings.as_of if week is None else min(week, settings.as_of)
    rows = health_rows(ctx.graph, settings.as_of, settings.health_stale_weeks, week)
    if not any(r.update for r in rows):
        if settings.as_of <= 0:
            return [vn.paragraph("No health update yet: no week has been reported (the status "
                                 "is as of week 0), so no workstream has declared its "
                                 "health. The leads declare it weekly once the program runs.",
                                 classes=["roadmap-note"])]
        note = vn.paragraph(f"No workstream has declared its health by week {shown}.",
                            classes=["roadmap-note"])
        return [note, *(stale_warnings(ctx) if week is None else [])]
    rolled = program_rollup(ctx.graph, rows, shown, settings.health_stale_weeks)
    return [health_table(ctx, rows, shown), rollup_paragraph(ctx, rolled),
            *(stale_warnings(ctx) if week is None else [])]


def _week(text: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise ValueError(f"{value!r} is not a program week (a whole number)")
    return int(value)


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    return [vn.box(*health_part(ctx, args.get("week")), classes=["roadmap-health-view"])]


view(View(name="health", reads_now=True, shows_needs_by_id=True,
          summary="Declared health per workstream and the program, beside the forecast.",
          build=build, options={"week": _week}))
