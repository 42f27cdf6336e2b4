"""The timeline: a Gantt of the milestones with the critical paths, and the sentence
that names each critical path under it."""

from __future__ import annotations

from docutils import nodes
from sphinxcontrib.mermaid import mermaid as mermaid_node

from roadmap.graph import Need
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.schedule import CriticalPath, critical_path
from roadmap.views import View, ViewArgs, view
from roadmap.views import blocks as vn
from roadmap.views.gantt import gantt_source
from roadmap.views.options import need_id, need_ids

# Light bars with dark text, a muted phase-boundary line, compact rows; the section
# labels are wrapped to fit the left margin. The chart keeps the light theme in dark
# mode too (on a light panel, see roadmap-views.css): mermaid's dark theme draws
# clickable bar labels in dark blue.
GANTT_CONFIG = """---
config:
  theme: default
  themeVariables:
    vertLineColor: "#5a6b7b"
    critBkgColor: "#f8b4b4"
    critBorderColor: "#b71c1c"
    taskBkgColor: "#c5cae9"
    taskBorderColor: "#3949ab"
    taskTextColor: "#111111"
    taskTextDarkColor: "#111111"
  gantt:
    leftPadding: 100
    rightPadding: 10
    barHeight: 16
    barGap: 5
    topPadding: 40
    fontSize: 11
    sectionFontSize: 11
    numberSectionStyles: 4
---
"""


def _mermaid(code: str) -> nodes.Element:
    node: nodes.Element = mermaid_node()
    node["code"] = code
    node["options"] = {}
    return node


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
    chars = (ctx.settings.timeline_slice_label_chars if phase or workstream
             else ctx.settings.timeline_label_chars)

    def href(need: Need) -> str:
        return ctx.uri(need)

    code = GANTT_CONFIG + gantt_source(
        ctx.graph, phase=phase, workstream=workstream, critical=critical, href=href,
        id_prefix=f"g{ctx.index}", label_chars=chars)
    result: list[nodes.Node] = [vn.box(_mermaid(code), classes=["roadmap-timeline"])]
    if paths:
        result.append(vn.box(
            vn.paragraph("Red bars mark the critical path: a slip of any of these milestones "
                         "moves the end of the chain.", classes=["roadmap-critical-path"]),
            vn.bullets([critical_text(p, ctx, phase, workstream) for p in paths],
                       classes=["roadmap-critical-path"]),
            classes=["roadmap-critical"]))
    return result


view(View(
    name="timeline",
    summary="Gantt of the milestones: the program, or one phase's or workstream's slice.",
    build=build,
    options={
        "phase": need_id,
        "workstream": need_id,
        # milestones the critical path leads to; without it, the plan's longest chain
        "critical-to": need_ids,
    },
))
