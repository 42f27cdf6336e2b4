"""A page per program week: what is due, what is in progress, who does it, what it
depends on, the week's checkpoint and gate decision, what could go wrong, and the load
per role that week (the capacity rule's own numbers, :func:`roadmap.load.weekly_load`).

``roadmap-week`` draws one week (the argument is its number); the table of every week
of the horizon, each linked to its page, is ``roadmap-weeks``
(:mod:`roadmap.views.weeks`).
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from roadmap import render as vn
from roadmap import risk
from roadmap.config import Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import has_capacity, usable_capacity, weekly_load
from roadmap.program_calendar import CalendarError, day_field_text, pause_before
from roadmap.program_schedule import milestones_in_week, week_order
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.tracking.status_report import status_report
from roadmap.views import View, ViewArgs, view
from roadmap.views.health import health_part


@dataclass(frozen=True)
class WeekRisk:
    risk: Need
    threatens: tuple[Need, ...]  # this week's milestones it threatens

    @property
    def score(self) -> int:
        return risk.score(self.risk) or 0


@dataclass(frozen=True)
class RoleLoad:
    role: Need
    load: float  # planned person-weeks this week
    capacity: float  # what milestone work may use of the role this week

    @property
    def share(self) -> float:
        return self.load / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class WeekPlan:
    week: int
    phase: Need | None
    due: tuple[Need, ...]  # due this week (the checkpoint apart)
    in_progress: tuple[Need, ...]  # active this week, due later
    checkpoint: Need | None
    gates: tuple[Need, ...]  # decided at the end of this week (their phase ends)
    next_gate: tuple[Need, int] | None  # the first gate decided this week or later
    risks: tuple[WeekRisk, ...]  # highest score first
    load: tuple[RoleLoad, ...]
    tools: tuple[tuple[Need, tuple[Need, ...]], ...]  # tools booked and by which milestones

    @property
    def milestones(self) -> tuple[Need, ...]:
        """Every milestone active this week."""
        extra = (self.checkpoint,) if self.checkpoint else ()
        return (*self.due, *extra, *self.in_progress)


def _phase_of_week(graph: RoadmapGraph, week: int) -> Need | None:
    return next((p for p in week_order(graph, graph.of_type(TYPES.phase))
                 if (w := graph.window(p)) and w.start <= week <= w.end), None)


def week_risks(graph: RoadmapGraph, milestones: tuple[Need, ...]) -> tuple[WeekRisk, ...]:
    """The risks that threaten any of ``milestones``, highest score first, then by ID."""
    ids = {m.id for m in milestones}
    found = [WeekRisk(r, tuple(graph.needs[t] for t in r.targets_of(LINKS.threatens)
                               if t in ids))
             for r in graph.of_type(TYPES.risk) if ids.intersection(r.targets_of(LINKS.threatens))]
    return tuple(sorted(found, key=lambda w: (-w.score, w.risk.id)))


def week_load(graph: RoadmapGraph, settings: Settings, week: int) -> tuple[RoleLoad, ...]:
    """Every role's planned load this week against what it may carry (roles with no load
    this week are left out)."""
    load = weekly_load(graph)
    return tuple(RoleLoad(r, load.get(r.id, {}).get(week, 0.0),
                          usable_capacity(r, week, settings))
                 for r in sorted(graph.of_type(TYPES.resource), key=lambda n: n.id)
                 if has_capacity(r) and load.get(r.id, {}).get(week))


def _tools(graph: RoadmapGraph, milestones: tuple[Need, ...]
           ) -> tuple[tuple[Need, tuple[Need, ...]], ...]:
    users: dict[str, list[Need]] = {}
    for ms in milestones:
        for res in graph.targets(ms, LINKS.requires):
            if not has_capacity(res):
                users.setdefault(res.id, []).append(ms)
    return tuple((graph.needs[r], tuple(users[r])) for r in sorted(users))


def week_plan(graph: RoadmapGraph, settings: Settings, week: int) -> WeekPlan:
    active = milestones_in_week(graph, week)
    checkpoint = next((m for m in active if settings.is_checkpoint(m.id)
                       and m.week(FIELDS.due) == week), None)
    due = tuple(m for m in active if m.week(FIELDS.due) == week and m is not checkpoint)
    in_progress = tuple(m for m in active if (m.week(FIELDS.due) or 0) > week)
    gates = tuple(g for g in sorted(graph.of_type(TYPES.gate), key=lambda n: n.id)
                  if (p := graph.phase_of(g)) and p.week(FIELDS.end) == week)
    upcoming = sorted((end, g.id, g) for g in graph.of_type(TYPES.gate)
                      if (p := graph.phase_of(g)) and (end := p.week(FIELDS.end)) is not None
                      and end >= week)
    next_gate = (upcoming[0][2], upcoming[0][0]) if upcoming else None
    everything = tuple(active)
    return WeekPlan(week, _phase_of_week(graph, week), due, in_progress, checkpoint, gates,
                    next_gate,
                    week_risks(graph, everything), week_load(graph, settings, week),
                    _tools(graph, everything))


# ------------------------------------------------------------------ drawing
def week_dates(settings: Settings, week: int) -> str:
    """``Monday 10 to Friday 14 Nov 2025``, with the days off and a pause before it."""
    try:
        pw = settings.calendar.week(week)
    except CalendarError:
        return f"Program week {week} is outside the calendar."
    text = (f"Monday {pw.monday.day} {pw.monday.strftime('%b')} to Friday {pw.friday.day} "
            f"{pw.friday.strftime('%b %Y')}")
    if pw.days_off:
        names = ", ".join(f"{name} ({day.day} {day.strftime('%b')})" for day, name in pw.days_off)
        text += f"; {len(pw.working_days)} working days ({names} off)"
    paused = pause_before(settings.calendar, week)
    if paused:
        text += f". The plan paused before this week: {paused}"
    return text + "."


def _deps(ctx: vn.ViewContext, ms: Need) -> list[nodes.Node]:
    cell: list[nodes.Node] = []
    for index, dep in enumerate(ctx.graph.targets(ms, LINKS.depends_on)):
        if index:
            cell.append(nodes.Text(", "))
        cell += [vn.need_ref(ctx, dep), vn.small(f" W{dep.week(FIELDS.due)}")]
    return cell or [nodes.Text(vn.NONE)]


def _roles(ctx: vn.ViewContext, ms: Need) -> list[nodes.Node]:
    """The roles a milestone needs, by title (its ID on hover and in the link)."""
    cell: list[nodes.Node] = []
    for index, role in enumerate(r for r in ctx.graph.targets(ms, LINKS.requires)
                                 if has_capacity(r)):
        cell += [*([nodes.Text(", ")] if index else []), _role_ref(ctx, role)]
    return cell or [nodes.Text(vn.NONE)]


def _role_ref(ctx: vn.ViewContext, role: Need) -> nodes.Node:
    """A role by its title, its ID on hover."""
    return nodes.reference("", role.title, internal=True, refuri=ctx.uri(role),
                           reftitle=role.id, classes=["roadmap-need"])


def _day(need: Need) -> str | None:
    """The day the need fixes, as prose writes it (``Friday 30 January 2026``)."""
    value = need.get(FIELDS.day)
    return None if value is None else day_field_text(str(value))


def _weeks_text(ms: Need) -> str:
    """``15\u201315``, and the day a milestone fixes: ``15\u201315, on Friday 30 January 2026``."""
    weeks = f"{ms.week(FIELDS.start)}\u2013{ms.week(FIELDS.due)}"
    day = _day(ms)
    return weeks if day is None else f"{weeks}, on {day}"


def milestone_table(ctx: vn.ViewContext, milestones: tuple[Need, ...], caption: str
                    ) -> nodes.Node:
    if not milestones:
        return vn.paragraph("None.", classes=["roadmap-note"])
    rows: list[vn.RowLike] = []
    for ms in milestones:
        ws = ctx.graph.workstream_of(ms)
        rows.append([
            [vn.need_ref(ctx, ms), vn.small(ms.title)],
            vn.need_ref(ctx, ws) if ws else vn.NONE,
            str(ms.get(FIELDS.owner, vn.NONE)),
            _weeks_text(ms),
            str(ms.get(FIELDS.status, "")).replace("_", " ") or vn.NONE,
            _deps(ctx, ms), _roles(ctx, ms)])
    return vn.table(caption, ["Milestone", "Workstream", "Owner", "Weeks", "Status",
                              "Depends on (due week)", "Roles it needs"], rows,
                    ["roadmap-week-milestones"])


def checkpoint_part(ctx: vn.ViewContext, plan: WeekPlan) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    if plan.checkpoint:
        out.append(vn.paragraph(vn.strong("Checkpoint: "), vn.need_ref(ctx, plan.checkpoint),
                                f" {plan.checkpoint.title}, run by "
                                f"{plan.checkpoint.get(FIELDS.owner, 'the program office')}: "
                                "it passes when every milestone due this week is validated.",
                                classes=["roadmap-week-checkpoint"]))
    else:
        out.append(vn.paragraph("No checkpoint milestone is planned for this week.",
                                classes=["roadmap-note"]))
    if not plan.gates:
        out.append(_next_gate(ctx, plan))
    for gate in plan.gates:
        phase = ctx.graph.phase_of(gate)
        day = _day(gate)
        when = "" if day is None else f", decided on {day}"
        parts: list[str | nodes.Node] = [vn.strong("Gate decision: "), vn.need_ref(ctx, gate),
                                         f" {gate.title}{when}. "]
        if phase:
            parts += [vn.need_ref(ctx, phase), " closes this week if every metric its gate "
                      "checks meets its target: "]
        parts += [*vn.need_refs(ctx, ctx.graph.targets(gate, LINKS.checks)), "."]
        out.append(vn.paragraph(*parts))
    return out


def _next_gate(ctx: vn.ViewContext, plan: WeekPlan) -> nodes.paragraph:
    if plan.next_gate is None:
        return vn.paragraph("No gate is decided this week or later.", classes=["roadmap-note"])
    gate, week = plan.next_gate
    return vn.paragraph(vn.strong("Next gate: "), vn.need_ref(ctx, gate), f" {gate.title}, "
                        "decided at the end of ", vn.week_ref(ctx, week, f"week {week}"),
                        f" ({_day(gate) or _friday(ctx, week)}), {week - plan.week} "
                        f"{'week' if week - plan.week == 1 else 'weeks'} from now.",
                        classes=["roadmap-week-next-gate"])


def _friday(ctx: vn.ViewContext, week: int) -> str:
    try:
        last = ctx.settings.calendar.week(week).last_day
    except CalendarError:
        return "outside the calendar"
    return f"{last.strftime('%A')} {last.day} {last.strftime('%b %Y')}"


def risk_table(ctx: vn.ViewContext, risks: tuple[WeekRisk, ...]) -> nodes.Node:
    if not risks:
        return vn.paragraph("No risk threatens this week's milestones.",
                            classes=["roadmap-note"])
    rows: list[vn.RowLike] = []
    for item in risks:
        band = ctx.settings.band(item.score)
        rows.append(vn.Row([
            vn.Cell([vn.need_ref(ctx, item.risk), vn.small(item.risk.title)], rows=2),
            vn.Cell(f"{item.score} {band}", classes=[f"roadmap-band-{band}"]),
            str(item.risk.get(FIELDS.owner, vn.NONE)), vn.need_refs(ctx, item.threatens)],
            classes=["roadmap-group-start"]))
        indicator = nodes.Text(str(item.risk.get(FIELDS.indicator, vn.NONE)))
        rows.append(vn.Row([vn.Cell([vn.strong("Early warning: "), indicator], cols=3,
                                    classes=["roadmap-prose"])]))
    return vn.table("Risks that threaten this week's milestones, highest score first",
                    ["Risk", "Score", "Owner", "Threatens"], rows, ["roadmap-week-risks"])


def load_table(ctx: vn.ViewContext, plan: WeekPlan) -> list[nodes.Node]:
    rows: list[vn.RowLike] = [
        [_role_ref(ctx, item.role), vn.fmt_number(round(item.load, 2)),
         vn.fmt_number(round(item.capacity, 2)), vn.percent(item.share)]
        for item in plan.load]
    out: list[nodes.Node] = [vn.table(
        f"Planned load per role in week {plan.week}, in person-weeks (the capacity rule's "
        "numbers)", ["Role", "Planned", "Capacity this week", "Used"], rows,
        ["roadmap-week-load"])] if rows else [vn.paragraph("No role is booked this week.")]
    if plan.tools:
        items: list[list[str | nodes.Node]] = [
            [vn.need_ref(ctx, tool), f" {tool.title}, for ", *vn.need_refs(ctx, users)]
            for tool, users in plan.tools]
        out.append(vn.paragraph(vn.strong("Tools, infrastructure and services booked:")))
        out.append(vn.bullets(items, classes=["roadmap-compact"]))
    return out


def _neighbours(ctx: vn.ViewContext, week: int) -> nodes.paragraph:
    parts: list[str | nodes.Node] = []
    if week > 1:
        parts += ["\u2190 ", vn.week_ref(ctx, week - 1, f"Week {week - 1}")]
    parts += ["  \u00b7  " if parts else "", vn.page_ref(ctx, "weeks/index", "All weeks")]
    if week < ctx.graph.horizon:
        parts += ["  \u00b7  ", vn.week_ref(ctx, week + 1, f"Week {week + 1}"), " \u2192"]
    return vn.paragraph(*parts, classes=["roadmap-week-nav"])


def _summary(ctx: vn.ViewContext, plan: WeekPlan) -> nodes.paragraph:
    parts: list[str | nodes.Node] = [week_dates(ctx.settings, plan.week), " "]
    if plan.phase and (window := ctx.graph.window(plan.phase)):
        parts += ["Phase ", vn.need_ref(ctx, plan.phase), f" {plan.phase.title}, week "
                  f"{plan.week - window.start + 1} of {window.end - window.start + 1}. "]
    # each count is the rows of its table below; the checkpoint is named, not counted
    due = len(plan.due)
    parts.append(f"{due} {'milestone' if due == 1 else 'milestones'} due"
                 + (" and the weekly checkpoint" if plan.checkpoint else "") + ", "
                 f"{len(plan.in_progress)} in progress, {len(plan.risks)} "
                 f"{'risk' if len(plan.risks) == 1 else 'risks'} to watch.")
    if plan.gates:
        parts += [" Gate decided this week: ", *vn.need_refs(ctx, plan.gates), "."]
    elif plan.next_gate:
        gate, week = plan.next_gate
        parts += [" Next gate: ", vn.need_ref(ctx, gate), " in ",
                  vn.week_ref(ctx, week, f"week {week}"), "."]
    return vn.paragraph(*parts, classes=["roadmap-week-summary"])


def standing_part(ctx: vn.ViewContext, plan: WeekPlan) -> list[nodes.Node]:
    """Where the week stands: the now line; once the week is reported, the milestones
    due by then that are still open (late as of the as-of week) and the health the leads
    declared by then."""
    as_of = ctx.settings.as_of
    out: list[nodes.Node] = [vn.now_paragraph(ctx)]
    if plan.week > as_of:
        out.append(vn.paragraph(f"Week {plan.week} is not reported yet: its milestones read "
                                "as planned.", classes=["roadmap-note"]))
        return out
    report = status_report(ctx.graph, as_of)
    late = [m for m in report.late if (m.week(FIELDS.due) or 0) <= plan.week]
    if late:
        items: list[list[str | nodes.Node]] = [
            [vn.need_ref(ctx, m), f" {m.title}: due week {m.week(FIELDS.due)}, "
             f"{str(m.get(FIELDS.status, '')).replace('_', ' ')}"
             + (f", forecast to finish in week {fc.window.end}"
                if (fc := report.forecasts.get(m.id)) else "")]
            for m in late]
        out += [vn.paragraph(vn.strong(f"Late as of week {as_of} (due by week {plan.week}, "
                                       "not done):")),
                vn.bullets(items, classes=["roadmap-late-list"])]
    else:
        out.append(vn.paragraph(f"Nothing due by week {plan.week} is late as of week "
                                f"{as_of}."))
    return [*out, *health_part(ctx, plan.week)]


def build_week(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    week = int(args.argument)
    if not 1 <= week <= max(ctx.graph.horizon, 1):
        raise vn.ViewError(f"week {week} is outside the plan (weeks 1 to {ctx.graph.horizon})")
    plan = week_plan(ctx.graph, ctx.settings, week)
    return [vn.box(
        _neighbours(ctx, week), _summary(ctx, plan),
        vn.section("Where it stands", "week-standing", *standing_part(ctx, plan)),
        vn.section("Due this week", "week-due", milestone_table(
            ctx, plan.due, f"Milestones due in week {week}")),
        vn.section("In progress this week, due later", "week-active", milestone_table(
            ctx, plan.in_progress, f"Milestones in progress in week {week} and due later")),
        vn.section("Checkpoint and gate", "week-checkpoint", *checkpoint_part(ctx, plan)),
        vn.section("What could go wrong", "week-risks", risk_table(ctx, plan.risks)),
        vn.section("Who is busy", "week-load", *load_table(ctx, plan)),
        classes=["roadmap-week-view"])]


def _week_number(text: str) -> str:
    value = text.strip()
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{value!r} is not a program week (a whole number from 1)")
    return value


view(View(name="week", reads_now=True, shows_needs_by_id=True,
          summary="One program week: due, in progress, checkpoint, gate, "
          "risks and load.", build=build_week, argument=_week_number))
