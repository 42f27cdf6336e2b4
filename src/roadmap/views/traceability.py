"""Traceability graph of one workstream, as Graphviz DOT.

Left to right: the gaps a workstream's milestones address, the milestones,
the metrics that measure them, and the tests and monitors that verify and
watch those metrics; risks of the workstream point at the milestones that
mitigate them. Every node links to its need. Graphviz (already needed by the
build) lays out the dense graphs of a program far more legibly than a
browser-side flowchart, and its SVG is made at build time.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from html import escape

from docutils import nodes

from roadmap import render as vn
from roadmap.characters import drawable
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import LINKS, TYPES
from roadmap.view_options import need_id
from roadmap.views import View, ViewArgs, view

# Reading order of the node kinds, also the legend's order.
KINDS = (TYPES.gap, TYPES.risk, TYPES.milestone, TYPES.metric, TYPES.test, TYPES.monitor)


def dot_string(text: str) -> str:
    """A value inside a double-quoted DOT attribute (no character graphviz refuses)."""
    return " ".join(drawable(str(text)).split()).replace("\\", "\\\\").replace('"', '\\"')


def node_label(need: Need, width: int = 28) -> str:
    """An HTML-like DOT label: the ID in bold over the title, wrapped, at most 3 lines."""
    lines = textwrap.wrap(" ".join(drawable(need.title).split()), width=width) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width=width, placeholder=" …")]
    body = "<BR/>".join(escape(line, quote=True) for line in lines)
    return f"<<B>{escape(drawable(need.id), quote=True)}</B><BR/>{body}>"


def _by_id(needs: list[Need]) -> list[Need]:
    return sorted({n.id: n for n in needs}.values(), key=lambda n: n.id)


def _milestone_edges(graph: RoadmapGraph, milestones: list[Need]
                     ) -> tuple[list[Need], list[tuple[Need, Need, str]]]:
    """Gap -> milestone, milestone -> metric and milestone -> test edges, and the
    metrics that measure the milestones."""
    edges: list[tuple[Need, Need, str]] = []
    metrics: list[Need] = []
    for m in milestones:
        edges += [(gap, m, LINKS.addresses) for gap in graph.targets(m, LINKS.addresses)]
        for metric in graph.sources(m, LINKS.measures):
            if metric.type == TYPES.metric:
                metrics.append(metric)
                edges.append((m, metric, LINKS.measures))
        edges += [(m, test, LINKS.verifies) for test in graph.sources(m, LINKS.verifies)]
    return _by_id(metrics), edges


def _metric_edges(graph: RoadmapGraph, metrics: list[Need]) -> list[tuple[Need, Need, str]]:
    edges: list[tuple[Need, Need, str]] = []
    for metric in metrics:
        edges += [(metric, t, LINKS.verifies) for t in graph.sources(metric, LINKS.verifies)]
        edges += [(metric, m, LINKS.monitors) for m in graph.sources(metric, LINKS.monitors)]
    return edges


def workstream_trace(graph: RoadmapGraph, workstream: str
                     ) -> tuple[list[Need], list[tuple[Need, Need, str]]]:
    """Nodes and edges (source, target, kind) of a workstream's trace."""
    milestones = _by_id([m for m in graph.of_type(TYPES.milestone)
                         if workstream in m.targets_of(LINKS.workstream)])
    metrics, edges = _milestone_edges(graph, milestones)
    edges += _metric_edges(graph, metrics)
    milestone_ids = {m.id for m in milestones}
    risks = _by_id([
        r for r in graph.of_type(TYPES.risk)
        if workstream in r.targets_of(LINKS.workstream)
        or milestone_ids.intersection(r.targets_of(LINKS.threatens))
    ])
    for risk in risks:
        edges += [(risk, m, LINKS.mitigated_by) for m in graph.targets(risk, LINKS.mitigated_by)]
    found = _by_id([*milestones, *risks, *(n for e in edges for n in e[:2])])
    order = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda n: (order.get(n.type, len(order)), n.id))
    unique_edges = list(dict.fromkeys((a.id, b.id, k) for a, b, k in edges))
    return found, [(graph.needs[a], graph.needs[b], k) for a, b, k in unique_edges]


def traceability_dot(
    graph: RoadmapGraph,
    workstream: str,
    *,
    href: Callable[[Need], str] | None = None,
    colors: dict[str, str] | None = None,
) -> str:
    """Graphviz DOT source of a workstream's trace, laid out left to right.

    Gaps and risks have a bold outline, milestones of another workstream (that
    mitigate one of this workstream's risks) a dashed one; the arrow from a risk
    to its mitigation is dashed.
    """
    nodes, edges = workstream_trace(graph, workstream)
    ws = graph.needs.get(workstream)
    name = dot_string(f"Traceability of {ws.title if ws else workstream}")
    lines = [
        "digraph trace {",
        f'    graph [rankdir=LR, concentrate=true, nodesep=0.12, ranksep=0.55, '
        f'fontname="Helvetica", tooltip="{name}"];',
        '    node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, '
        'margin="0.08,0.04", color="#444444", penwidth=0.8];',
        '    edge [color="#555555", arrowsize=0.6, penwidth=0.8];',
    ]
    for need in nodes:
        attrs = [f"label={node_label(need)}",
                 f'fillcolor="{dot_string((colors or {}).get(need.type, "#eeeeee"))}"',
                 f'tooltip="{dot_string(f"{need.id}: {need.title}")}"']
        if need.type in (TYPES.gap, TYPES.risk):
            attrs.append('style="filled,rounded,bold"')
        elif (need.type == TYPES.milestone
              and workstream not in need.targets_of(LINKS.workstream)):
            attrs.append('style="filled,rounded,dashed"')  # another workstream's
        if href:
            attrs.append(f'URL="{dot_string(href(need))}", target="_top"')
        lines.append(f'    "{dot_string(need.id)}" [{", ".join(attrs)}];')
    for source, target, kind in edges:
        style = " [style=dashed]" if kind == LINKS.mitigated_by else ""
        lines.append(f'    "{dot_string(source.id)}" -> "{dot_string(target.id)}"{style};')
    lines.append("}")
    return "\n".join(lines) + "\n"


LEGEND = ("Read from left to right: a gap points at the milestones that address it, a "
          "milestone at the metrics that measure it, a metric at the tests that verify it "
          "and the monitors that watch it. A dashed arrow leads from a risk to the "
          "milestone that mitigates it; a dashed box is another workstream's milestone. "
          "Every box links to its need.")


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    workstream = ctx.need(args.argument, TYPES.workstream)
    colors = {t: ctx.graph.metamodel.type_color(t) for t in ctx.graph.metamodel.types}
    drawn, _ = workstream_trace(ctx.graph, workstream.id)
    dot = vn.dot_graph.make(
        traceability_dot(ctx.graph, workstream.id, href=ctx.uri, colors=colors),
        f"Traceability graph of {workstream.title}: gaps and risks, the milestones that "
        "address or mitigate them, the metrics that measure the milestones, and the tests "
        "and monitors of those metrics")
    return [vn.box(dot, vn.paragraph(LEGEND, classes=["roadmap-legend"]),
                   vn.drawn_needs([workstream, *drawn]), classes=["roadmap-traceability"])]


view(View(
    name="traceability", shows_needs_by_id=True,  # the image's needs listed on the page
    summary="Gap -> milestone -> metric -> test/monitor, and risk -> mitigation, of a "
            "workstream.",
    build=build,
    argument=need_id,
))
