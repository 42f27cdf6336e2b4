"""Planned load per role per week against capacity (the capacity rule's numbers), and
the weeks each tool, piece of infrastructure or service is booked."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.graph import Need
from roadmap.load import (
    Load,
    ToolUsage,
    has_capacity,
    parse_week_values,
    tool_usage,
    usable_capacity,
    weekly_load,
)
from roadmap.program_schedule import week_ranges
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.view_options import need_id, need_ids, week_range
from roadmap.views import View, ViewArgs, view


def load_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "\u00b7"


# A table shows at most this many weeks; a longer range is split into even parts, so
# that a table of 26 weeks does not need sideways scrolling on a desktop screen.
MAX_WEEKS = 16
# A review's cells read "before -> now", about twice as wide: fewer weeks per table.
MAX_CHANGED_WEEKS = 6


def week_chunks(weeks: range, limit: int = MAX_WEEKS) -> list[range]:
    """``weeks`` in even consecutive parts of at most ``limit`` weeks."""
    parts = -(-len(weeks) // limit) or 1
    size = -(-len(weeks) // parts)
    return [weeks[i:i + size] for i in range(0, len(weeks), size)] or [weeks]


def week_head(ctx: vn.ViewContext, week: int) -> list[nodes.Node]:
    """``W6`` (a link to the week's page) over the Monday of the week."""
    head: list[nodes.Node] = [vn.week_ref(ctx, week, f"W{week}")]
    calendar = ctx.settings.calendar
    if 1 <= week <= len(calendar.weeks):
        monday = calendar.week(week).monday
        head.append(vn.small(f"{monday.day} {monday.strftime('%b')}"))
    return head


def role_cell(ctx: vn.ViewContext, role: Need) -> list[nodes.Node]:
    return [vn.need_ref(ctx, role), vn.small(role.title)]


def capacity_text(capacity: float, ctx: vn.ViewContext, role: Need | None = None,
                  shown: range | None = None) -> str:
    """``4.5 (3.6 for milestones)``: the capacity and what the focus factor leaves; with
    the weeks the role states another capacity for (``; 1.5 (1.2) in weeks 1-4``), of
    those only the ones that overlap the ``shown`` weeks (a table of weeks 1-16 does not
    repeat what the role has in weeks 17-26)."""
    focus = ctx.settings.focus_factor

    def text(value: float) -> str:
        return (f"{value:g}" if focus >= 1 else
                f"{value:g} ({vn.fmt_number(value * focus)} for milestones)")

    weeks = parse_week_values(role.get(FIELDS.capacity_weeks))[0] if role else []
    if shown:  # an empty range shows every stated week
        weeks = [e for e in weeks if e.first <= shown[-1] and e.last >= shown[0]]
    # the week range kept on one line (a no-break space and a non-breaking hyphen): the
    # column is narrow on a phone
    return "; ".join([text(capacity), *(f"{text(e.value)} in weeks\u00a0{e.first}\u2011{e.last}"
                                        for e in weeks)])


def capacity_table(ctx: vn.ViewContext, roles: list[Need], load: Load, weeks: range,
                   caption: str, before: Load | None = None) -> nodes.table:
    """Planned person-weeks per role per week against the role's capacity; with
    ``before`` (the load of the plan a change is reviewed against), a cell whose load
    changed is marked and reads ``before -> now``."""
    head: list[vn.CellLike] = ["Role", "Capacity", *(week_head(ctx, w) for w in weeks),
                               "Total"]
    rows: list[vn.RowLike] = []
    for role in roles:
        capacity = role.number(FIELDS.capacity) or 0.0
        per_week = load.get(role.id, {})
        cells: list[vn.CellLike] = [role_cell(ctx, role), capacity_text(capacity, ctx, role, weeks)]
        for week in weeks:
            value = per_week.get(week, 0.0)
            over = value > usable_capacity(role, week, ctx.settings) + 1e-9
            classes = ["roadmap-over"] if over else ([] if value else ["roadmap-idle"])
            text = load_text(value) + (" (over)" if over else "")
            old = None if before is None else before.get(role.id, {}).get(week, 0.0)
            if old is not None and abs(old - value) > 1e-9:
                classes, text = [*classes, "roadmap-changed"], f"{load_text(old)} \u2192 {text}"
            cells.append(vn.Cell(text, classes))
        cells.append(f"{sum(per_week.get(w, 0.0) for w in weeks):.2f}")
        rows.append(cells)
    return vn.table(caption, head, rows, ["roadmap-capacity"])


def usage_table(ctx: vn.ViewContext, usage: list[ToolUsage], caption: str) -> nodes.table:
    rows: list[vn.RowLike] = [[vn.titled(ctx, u.resource), week_ranges(u.weeks),
                               vn.need_refs(ctx, u.users)] for u in usage]
    return vn.table(caption, ["Resource", "Weeks", "Required by"], rows, ["roadmap-usage"])


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    wanted = [ctx.need(r, TYPES.resource) for r in args.get("roles", ())]
    workstream = args.get("workstream")
    stream = ctx.need(workstream, TYPES.workstream) if workstream else None
    milestones = None
    if stream is not None:
        milestones = [m for m in ctx.graph.sources(stream, LINKS.workstream)
                      if m.type == TYPES.milestone]
    load = weekly_load(ctx.graph, milestones)
    roles = wanted or [r for r in ctx.graph.of_type(TYPES.resource)
                       if has_capacity(r) and (milestones is None or load.get(r.id))]
    first, last = args.get("weeks") or (1, ctx.graph.horizon)
    content: list[nodes.Node] = []
    for weeks in week_chunks(range(first, last + 1)):
        span = f"weeks {weeks[0]}-{weeks[-1]}"
        caption = (f"Load of {stream.title} in person-weeks per role, {span}, next to each "
                   "role's whole capacity" if stream else
                   f"Planned load in person-weeks per role, {span}; a cell above the role's "
                   "capacity fails the build")
        content.append(capacity_table(ctx, roles, load, weeks, caption))
    if stream is not None and milestones is not None:
        content.append(usage_table(ctx, tool_usage(ctx.graph, milestones),
                                   f"Tools, infrastructure and services of {stream.title}"))
    return [vn.box(*content, classes=["roadmap-capacity-view"])]


view(View(
    name="capacity", shows_needs_by_id=True,
    summary="Planned load per role per week against capacity.",
    build=build,
    options={
        "roles": need_ids,  # resource IDs; default: every role
        "weeks": week_range,  # first-last; default: the whole horizon
        "workstream": need_id,  # only this workstream's milestones
    },
))
