"""The timeline: a Gantt of the milestones drawn at build time as inline SVG (laid out
by :mod:`roadmap.gantt.layout`, written by :mod:`roadmap.gantt.svg`), with the critical
paths, and the sentence that names each critical path under it."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.gantt.layout import GanttLayout, gantt_layout
from roadmap.gantt.model import WeekMap
from roadmap.gantt.svg import gantt_html
from roadmap.program_schedule import CriticalPath, critical_path
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.tracking.status_report import status_report
from roadmap.view_options import need_id, need_ids
from roadmap.views import View, ViewArgs, view
from roadmap.views.status import baseline_of


def _scoped(path: CriticalPath, ctx: vn.ViewContext, scope: str, link: str
            ) -> list[nodes.Node]:
    mine = sorted((ctx.graph.needs[m] for m in path.members
                   if scope in ctx.graph.needs[m].targets_of(link)),
                  key=lambda m: (m.week(FIELDS.start) or 0, m.id))
    if not mine:
        return [nodes.Text(f"none of its milestones is in {scope}")]
    return [nodes.Text(f"in {scope} it runs through "), *vn.need_refs(ctx, mine)]


def critical_text(path: CriticalPath, ctx: vn.ViewContext, phase: str | None,
                  workstream: str | None) -> list[nodes.Node]:
    """One sentence on a critical path, with links; a slice names its own part."""
    target = ctx.graph.needs.get(path.end) if path.end else None
    name: list[nodes.Node] = ([vn.strong("Critical path to "), vn.need_ref(ctx, target)]
                              if target else [vn.strong("Critical path")])
    whole = f"{path.weeks} weeks of work end to end, weeks {path.start} to {path.finish}"
    if phase or workstream:
        scope = phase or workstream or ""
        link = LINKS.phase if phase else LINKS.workstream
        return [*name, nodes.Text(f": {whole}; "), *_scoped(path, ctx, scope, link),
                nodes.Text(".")]
    chain: list[nodes.Node] = []
    for index, milestone in enumerate(path.milestones):
        if index:
            chain.append(nodes.Text(" \u2192 "))
        chain.append(vn.need_ref(ctx, milestone))
    tied = sorted(path.members - set(path.ids))
    also: list[nodes.Node] = []
    if tied:
        also = [nodes.Text("; an equally long chain also runs through "),
                *vn.need_refs(ctx, (ctx.graph.needs[t] for t in tied))]
    return [*name, nodes.Text(f": {whole}: "), *chain, *also, nodes.Text(".")]


def caption(layout: GanttLayout) -> str:
    model = layout.model
    span = f"weeks {model.first}\u2013{model.last}"
    if model.last <= len(model.calendar.weeks):
        span += f" ({model.calendar.span(model.first, model.last)})"
    return (f"Timeline of {model.description}, {span}: one row per milestone, grouped by "
            "workstream; each bar and each week links to its page")


def fallback(ctx: vn.ViewContext, layout: GanttLayout) -> nodes.Node:
    """The chart as a list, for builders that write no SVG."""
    items: list[list[str | nodes.Node]] = [
        [vn.need_ref(ctx, bar.need),
         f" {bar.need.title}: weeks {bar.shown[0]}\u2013{bar.shown[1]}"
         + (" (critical path)" if bar.critical else "")]
        for bar in layout.model.bars()]
    return vn.bullets(items, classes=["roadmap-gantt-text"])


def chart(ctx: vn.ViewContext, critical: frozenset[str], *, phase: str | None = None,
          workstream: str | None = None, forecast: WeekMap | None = None,
          baseline: WeekMap | None = None, baseline_label: str = "baseline",
          ghosts: bool = False) -> nodes.Node:
    """The Gantt as a node; ``forecast`` and ``baseline`` as :func:`gantt_layout` reads
    them, the baseline named ``baseline_label`` (and drawn as ghosts of the bars)."""
    layout = gantt_layout(
        ctx.graph, ctx.settings, href=ctx.uri,
        week_href=lambda week: ctx.doc_uri(vn.week_docname(week)),
        phase=phase, workstream=workstream, critical=critical, forecast=forecast,
        baseline=baseline, today=ctx.settings.build_date,
        marker_id=f"roadmap-gantt-{ctx.index}-arrow", baseline_label=baseline_label,
        ghosts=ghosts)
    return vn.svg_figure.make(gantt_html(layout, caption(layout), bool(phase or workstream)),
                              fallback(ctx, layout))


def tracked_weeks(ctx: vn.ViewContext) -> tuple[WeekMap | None, WeekMap | None]:
    """What the chart draws beside the plan: the forecast weeks of milestones that moved
    (once a week is reported), and, under every bar that is not where the
    baseline (proposed or approved) put it, the baseline's weeks (the plan's own,
    without a baseline)."""
    planned = {m.id: (w.start, w.end) for m in ctx.graph.of_type(TYPES.milestone)
               if (w := ctx.graph.window(m)) is not None}
    forecast: dict[str, tuple[int, int]] = {}
    if ctx.settings.as_of > 0:
        forecast = {i: (f.window.start, f.window.end)
                    for i, f in status_report(ctx.graph, ctx.settings.as_of).forecasts.items()
                    if (f.window.start, f.window.end) != planned.get(i)}
    approved = baseline_of(ctx)
    reference = dict(planned)
    for key, need in (approved.needs.items() if approved else ()):
        start, due = need.get(FIELDS.start), need.get(FIELDS.due)
        if key in planned and isinstance(start, int) and isinstance(due, int):
            reference[key] = (start, due)
    baseline = {i: weeks for i, weeks in reference.items()
                if weeks != forecast.get(i, planned[i])}
    return forecast or None, baseline or None


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    phase: str | None = args.get("phase")
    workstream: str | None = args.get("workstream")
    ends: tuple[str, ...] = args.get("critical-to", ())
    if phase:
        ctx.need(phase, TYPES.phase)
    if workstream:
        ctx.need(workstream, TYPES.workstream)
    for end in ends:
        ctx.need(end, TYPES.milestone)
    paths = [critical_path(ctx.graph, end) for end in ends] or [critical_path(ctx.graph)]
    paths = [p for p in paths if p.milestones]
    critical = frozenset().union(*(p.members for p in paths))
    forecast, baseline = tracked_weeks(ctx)
    result: list[nodes.Node] = [vn.box(vn.now_paragraph(ctx),
                                       chart(ctx, critical, phase=phase, workstream=workstream,
                                             forecast=forecast, baseline=baseline),
                                       classes=["roadmap-timeline"])]
    if paths:
        result.append(vn.box(
            vn.paragraph("Red bars mark the critical path: a slip of any of these milestones "
                         "moves the end of the chain.", classes=["roadmap-critical-path"]),
            vn.bullets([critical_text(p, ctx, phase, workstream) for p in paths],
                       classes=["roadmap-critical-path"]),
            classes=["roadmap-critical"]))
    return result


view(View(
    name="timeline", shows_needs_by_id=True, reads_now=True,
    summary="Gantt of the milestones: the program, or one phase's or workstream's slice.",
    build=build,
    options={
        "phase": need_id,
        "workstream": need_id,
        # milestones the critical path leads to; without it, the plan's longest chain
        "critical-to": need_ids,
    },
))
