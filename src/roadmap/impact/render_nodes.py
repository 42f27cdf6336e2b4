"""The review as docutils nodes, for the "Under review" page (and any page that shows an
:class:`~roadmap.impact.engine.Impact`, such as a what-if scenario): the verdict, then
the sections of the Markdown comment in the same order, with the timeline drawing the
base plan's bars as ghosts beside the head's and the capacity table marking the
role-weeks whose load the change moves. Details are folded (``collapsible``)."""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes

from roadmap import render as vn
from roadmap.graph import Need
from roadmap.impact.engine import Impact
from roadmap.impact.plan_changes import Changes
from roadmap.impact.render_markdown import URGENT
from roadmap.impact.schedule_impact import Move
from roadmap.impact.verdict import ARROW, load_text, money, move_text, verdict, weeks_text
from roadmap.load import has_capacity
from roadmap.program_schedule import critical_path
from roadmap.roles import TYPES
from roadmap.views.capacity import MAX_CHANGED_WEEKS, capacity_table, week_chunks
from roadmap.views.timeline import chart

GhostWeeks = dict[str, tuple[int, int]]


def _week(result: Impact, week: int | None) -> str:
    return vn.NONE if week is None else f"week {week} ({result.compared.date(week)})"


def _change(move: Move) -> str:
    if move.delta is None:
        return "added" if move.before is None else "removed"
    return weeks_text(move.delta) if move.delta else "unchanged"


def _ref(ctx: vn.ViewContext, need_id: str) -> list[nodes.Node]:
    return vn.id_refs(ctx, [need_id])


def _chain(ctx: vn.ViewContext, ids: Iterable[str]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, need_id in enumerate(ids):
        out += ([nodes.Text(f" {ARROW} ")] if index else []) + _ref(ctx, need_id)
    return out


# ------------------------------------------------------------------ schedule
def _dates(ctx: vn.ViewContext, result: Impact) -> nodes.table:
    sched = result.schedule
    rows: list[vn.RowLike] = [["Program end", _week(result, sched.end.before),
                               _week(result, sched.end.after), _change(sched.end)]]
    rows += [vn.Row([[*_ref(ctx, g.gate), nodes.Text(f" (gate of {g.phase})")],
                     _week(result, g.week.before), _week(result, g.week.after),
                     _change(g.week)], ["roadmap-changed-row"] if g.week.moved else [])
             for g in sched.gates]
    return vn.table("The program's end and each gate, before and after the change",
                    ["", "Before", "After", "Change"], rows, ["roadmap-review-dates"])


def _moves(ctx: vn.ViewContext, result: Impact) -> list[nodes.Node]:
    moved = result.schedule.moved
    if not moved:
        return [vn.paragraph("No milestone's forecast moves.")]
    rows: list[vn.RowLike] = [
        [vn.titled(ctx, ctx.graph.needs[m.milestone]),
         f"{move_text(m.start)} to {move_text(m.finish)}", _change(m.finish),
         [*_chain(ctx, m.chain), nodes.Text(f" ({m.cause})")]] for m in moved]
    return [vn.collapsible.make(f"{len(moved)} milestone(s) move, and why", vn.table(
        "Milestones whose forecast moves, with the chain of dependencies that carries the slip",
        ["Milestone", "Start to finish (weeks)", "Finish", "Carried by"], rows,
        ["roadmap-review-moves"]))]


def _phases(ctx: vn.ViewContext, result: Impact) -> list[nodes.Node]:
    sched = result.schedule
    rows: list[vn.RowLike] = [
        [_ref(ctx, p.phase), move_text(p.end), move_text(p.finish),
         f"{move_text(p.buffer_used)} of {move_text(p.buffer)}", move_text(p.gate_week)]
        for p in sched.phases if p.moved]
    rows_float: list[vn.RowLike] = [[_ref(ctx, f.end), move_text(f.float),
                                     weeks_text(-(f.float.delta or 0))] for f in sched.floats]
    found: list[nodes.Node] = []
    if rows:
        found.append(vn.table("Phases: planned end, forecast finish, buffer used, gate week",
                              ["Phase", "Planned end", "Deliverables finish", "Buffer used",
                               "Gate"], rows))
    if rows_float:
        found.append(vn.table("Float of each chain that changes: weeks before its gate moves",
                              ["Chain ending at", "Float", "Consumed"], rows_float))
    critical = result.schedule
    if critical.joined or critical.left:
        found.append(vn.paragraph(vn.strong("Critical path: "), "joined by ",
                                  *(_chain(ctx, critical.joined) or [nodes.Text("none")]),
                                  "; left by ", *(_chain(ctx, critical.left) or
                                                  [nodes.Text("none")]), "."))
    return found


def ghost_weeks(result: Impact) -> tuple[GhostWeeks, GhostWeeks]:
    """(the head's forecast where it is not its plan, the base's forecast where it is not
    where the head shows the bar): what the timeline draws moved and as ghosts."""
    head = result.compared.head
    planned = {m.id: (w.start, w.end) for m in head.graph.of_type(TYPES.milestone)
               if (w := head.graph.window(m)) is not None}
    forecast = {i: (f.window.start, f.window.end) for i, f in head.forecasts.items()
                if (f.window.start, f.window.end) != planned.get(i)}
    shown = {**planned, **forecast}
    ghosts = {i: (f.window.start, f.window.end)
              for i, f in result.compared.base.forecasts.items()
              if i in shown and (f.window.start, f.window.end) != shown[i]}
    return forecast, ghosts


def schedule(ctx: vn.ViewContext, result: Impact) -> nodes.Node:
    forecast, ghosts = ghost_weeks(result)
    members = critical_path(ctx.graph).members
    timeline = vn.box(chart(ctx, members, forecast=forecast or None,
                            baseline=ghosts or None, baseline_label="base plan",
                            ghosts=True), classes=["roadmap-timeline"])
    return vn.section("Schedule", "review-schedule", _dates(ctx, result),
                      *_moves(ctx, result), *_phases(ctx, result), timeline)


# ------------------------------------------------------------------ capacity
def capacity(ctx: vn.ViewContext, result: Impact) -> nodes.Node:
    cells = result.capacity.cells
    if not cells:
        return vn.section("Capacity", "review-capacity",
                          vn.paragraph("No role-week's planned load changes."))
    urgent = [c for c in cells if c.kind in URGENT]
    said: list[nodes.Node] = []
    if urgent:
        said.append(vn.bullets([[*_ref(ctx, c.role), nodes.Text(
            f" week {c.week}: {load_text(c.before)} {ARROW} {load_text(c.after)} of "
            f"{load_text(c.usable)} usable ({c.kind})")] for c in urgent],
            classes=["roadmap-review-overloads"]))
    roles: list[Need] = [r for r in ctx.graph.of_type(TYPES.resource) if has_capacity(r)
                         and any(c.role == r.id for c in cells)]
    before = result.compared.base.load
    weeks = range(min(c.week for c in cells), max(c.week for c in cells) + 1)
    tables = [capacity_table(ctx, roles, result.compared.head.load, chunk,
                             f"Planned load of the roles the change touches, weeks "
                             f"{chunk[0]}-{chunk[-1]}; a dashed cell changed (before "
                             f"{ARROW} now)", before)
              for chunk in week_chunks(weeks, MAX_CHANGED_WEEKS)]
    return vn.section("Capacity", "review-capacity", *said,
                      vn.box(*tables, classes=["roadmap-capacity-view"]))


# ------------------------------------------------------------------ the rest
def rules(ctx: vn.ViewContext, result: Impact) -> list[nodes.Node]:
    found = result.rules
    if (found is None or found.empty) and not result.head_warnings:
        return []
    items: list[list[str | nodes.Node]] = [
        [vn.strong("newly failing "), nodes.literal(text=f.rule), " ", *_ref(ctx, f.need_id),
         f" ({f.location}): {f.message}"] for f in (found.failing if found else [])]
    items += [[vn.strong("newly passing "), nodes.literal(text=f.rule), " ",
               *_ref(ctx, f.need_id), f": {f.message}"] for f in (found.passing if found else [])]
    items += [["the build warns: ", nodes.literal(text=w)] for w in result.other_warnings]
    return [vn.section("Rules", "review-rules", vn.bullets(items))]


def risks(ctx: vn.ViewContext, result: Impact) -> list[nodes.Node]:
    changed = result.risks.risks
    if not changed:
        return []
    rows: list[vn.RowLike] = [
        [_ref(ctx, c.risk), c.kind, f"{c.score[0] or vn.NONE} {ARROW} {c.score[1] or vn.NONE}",
         vn.id_refs(ctx, c.moved), "now lands after the work it protects" if c.now_late
         else "no longer late" if c.no_longer_late else vn.NONE] for c in changed]
    return [vn.section("Risks", "review-risks", vn.table(
        "Risks the change touches, the late mitigations first",
        ["Risk", "Change", "Score", "Milestones that moved", "Mitigation"], rows))]


def suspect(ctx: vn.ViewContext, result: Impact) -> list[nodes.Node]:
    found = result.suspect
    if not found.changed:
        return []
    rows: list[vn.RowLike] = [
        [_ref(ctx, c.key.source), c.key.link, _ref(ctx, c.key.target), "; ".join(c.what),
         c.cleared_by or "to review"] for c in found.changed]
    return [vn.section("Suspect links", "review-suspect", vn.table(
        "Links that rely on a need the change alters: review the linking need, then run "
        "python -m roadmap review --clear ID --by NAME",
        ["Need", "Link", "Target", "What changed", "Cleared by"], rows))]


def budget(ctx: vn.ViewContext, result: Impact) -> list[nodes.Node]:
    found = result.budget
    if found.empty:
        return []
    rows: list[vn.RowLike] = [
        [_ref(ctx, line.key) if line.key in ctx.graph.needs else line.title, line.kind,
         f"{money(line.stated.before)} {ARROW} {money(line.stated.after)}"
         if line.stated.moved else money(line.stated.after),
         f"{money(line.work.before)} {ARROW} {money(line.work.after)}"
         if line.work.moved else money(line.work.after)] for line in found.lines]
    return [vn.section("Budget", "review-budget", vn.table(
        "Cost before and after: a resource's stated cost, and planned work x a role's rate",
        ["Line", "Kind", "Stated cost", "Planned work"], rows))]


def changes(ctx: vn.ViewContext, title: str, found: Changes, section_id: str
            ) -> list[nodes.Node]:
    if found.empty:
        return []
    rows: list[vn.RowLike] = []
    for change in found.needs:
        if change.kind != "changed":
            rows.append([_ref(ctx, change.need_id), change.type, change.kind, "", ""])
            continue
        rows += [[_ref(ctx, change.need_id), change.type, f.name,
                  vn.NONE if f.name == "body" else str(f.before),
                  "changed" if f.name == "body" else str(f.after)] for f in change.fields]
    return [vn.section(title, section_id, vn.collapsible.make(
        f"{len(found.needs)} need(s)", vn.table(title, ["Need", "Type", "Field", "Before",
                                                       "After"], rows)))]


def impact_nodes(ctx: vn.ViewContext, result: Impact) -> list[nodes.Node]:
    """Every section of the review, the verdict first."""
    head = vn.paragraph(vn.strong("Verdict: "), verdict(result), ".",
                        classes=["roadmap-review-verdict"])
    sources = vn.paragraph(f"{result.head} against {result.base}; forecast as of week "
                           f"{result.schedule.as_of}.", classes=["roadmap-review-sources"])
    return [head, sources, schedule(ctx, result), capacity(ctx, result),
            *rules(ctx, result), *risks(ctx, result), *suspect(ctx, result),
            *budget(ctx, result),
            *changes(ctx, "Plan changes", result.plan, "review-plan-changes"),
            *changes(ctx, "Progress changes", result.progress, "review-progress-changes")]
