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

from roadmap.graph import Need, RoadmapGraph

# Reading order of the node kinds, also the legend's order.
KINDS = ("gap", "risk", "milestone", "metric", "test", "monitor")


def dot_string(text: str) -> str:
    """A value inside a double-quoted DOT attribute."""
    return " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"')


def node_label(need: Need, width: int = 28) -> str:
    """An HTML-like DOT label: the ID in bold over the title, wrapped, at most 3 lines."""
    lines = textwrap.wrap(" ".join(need.title.split()), width=width) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width=width, placeholder=" …")]
    body = "<BR/>".join(escape(line, quote=True) for line in lines)
    return f"<<B>{escape(need.id, quote=True)}</B><BR/>{body}>"


def _by_id(needs: list[Need]) -> list[Need]:
    return sorted({n.id: n for n in needs}.values(), key=lambda n: n.id)


def workstream_trace(graph: RoadmapGraph, workstream: str
                     ) -> tuple[list[Need], list[tuple[Need, Need, str]]]:
    """Nodes and edges (source, target, kind) of a workstream's trace."""
    milestones = _by_id([m for m in graph.of_type("milestone")
                         if workstream in m.links.get("workstream", ())])
    edges: list[tuple[Need, Need, str]] = []
    metrics: list[Need] = []
    for m in milestones:
        for gap in graph.targets(m, "addresses"):
            edges.append((gap, m, "addresses"))
        for metric in graph.sources(m, "measures"):
            if metric.type == "metric":
                metrics.append(metric)
                edges.append((m, metric, "measures"))
        for test in graph.sources(m, "verifies"):
            edges.append((m, test, "verifies"))
    metrics = _by_id(metrics)
    for metric in metrics:
        for test in graph.sources(metric, "verifies"):
            edges.append((metric, test, "verifies"))
        for monitor in graph.sources(metric, "monitors"):
            edges.append((metric, monitor, "monitors"))
    milestone_ids = {m.id for m in milestones}
    risks = _by_id([
        r for r in graph.of_type("risk")
        if workstream in r.links.get("workstream", ())
        or milestone_ids.intersection(r.links.get("threatens", ()))
    ])
    for risk in risks:
        for mitigation in graph.targets(risk, "mitigated_by"):
            edges.append((risk, mitigation, "mitigated_by"))
    nodes = _by_id([*milestones, *risks, *(n for e in edges for n in e[:2])])
    order = {kind: i for i, kind in enumerate(KINDS)}
    nodes.sort(key=lambda n: (order.get(n.type, len(order)), n.id))
    unique_edges = list(dict.fromkeys((a.id, b.id, k) for a, b, k in edges))
    return nodes, [(graph.needs[a], graph.needs[b], k) for a, b, k in unique_edges]


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
        if need.type in ("gap", "risk"):
            attrs.append('style="filled,rounded,bold"')
        elif need.type == "milestone" and workstream not in need.links.get("workstream", ()):
            attrs.append('style="filled,rounded,dashed"')  # another workstream's
        if href:
            attrs.append(f'URL="{dot_string(href(need))}", target="_top"')
        lines.append(f'    "{dot_string(need.id)}" [{", ".join(attrs)}];')
    for source, target, kind in edges:
        style = " [style=dashed]" if kind == "mitigated_by" else ""
        lines.append(f'    "{dot_string(source.id)}" -> "{dot_string(target.id)}"{style};')
    lines.append("}")
    return "\n".join(lines) + "\n"


LEGEND = ("Read from left to right: a gap points at the milestones that address it, a "
          "milestone at the metrics that measure it, a metric at the tests that verify it "
          "and the monitors that watch it. A dashed arrow leads from a risk to the "
          "milestone that mitigates it; a dashed box is another workstream's milestone. "
          "Every box links to its need.")
