"""Sphinx glue of the reader views.

Each directive leaves a placeholder node; once every document is read and
sphinx-needs has resolved the needs, ``doctree-resolved`` replaces it with
the view built from the shared needs graph: a mermaid Gantt (timeline), a
Graphviz graph (traceability) or HTML tables with links to the needs (heat
map, dashboard, explorer). Pages holding a view are re-read on every build,
so a view never shows needs older than the ones it summarises.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.ext import graphviz as sphinx_graphviz
from sphinx.ext.graphviz import graphviz as graphviz_node
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.mermaid import mermaid as mermaid_node

from roadmap.findings import RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.rules.consistency import weekly_load
from roadmap.views import dashboard, explorer, heatmap, render, schedule, traceability

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CSS_FILE = "roadmap-views.css"
EXPLORER_JS = "roadmap-explorer.js"


# ------------------------------------------------------------------ graph
def get_graph(app: Sphinx) -> RoadmapGraph:
    """The build's needs graph, shared with the rules (built once per build)."""
    from roadmap import sphinx_ext

    return sphinx_ext.get_graph(app)


def get_results(app: Sphinx) -> list[RuleResult]:
    """The build's rule results, the same the build warns with and CI checks."""
    from roadmap import sphinx_ext

    return sphinx_ext.get_results(app)


# ------------------------------------------------------------ directives
class roadmap_view(nodes.General, nodes.Element):
    """Placeholder of a view until the needs are resolved."""


class _ViewDirective(SphinxDirective):
    view: ClassVar[str]
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = roadmap_view()
        node["view"] = self.view
        node["argument"] = self.arguments[0].strip() if self.arguments else ""
        node["options"] = dict(self.options)
        self.set_source_info(node)
        return [node]


class TimelineDirective(_ViewDirective):
    """Gantt of the milestones: the program, or one phase's or workstream's slice."""

    view = "timeline"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "phase": directives.unchanged,
        "workstream": directives.unchanged,
        # milestones the critical path leads to (comma separated); without it,
        # the longest chain of the whole plan
        "critical-to": directives.unchanged,
    }


class TraceabilityDirective(_ViewDirective):
    """Gap -> milestone -> metric -> test/monitor, and risk -> mitigation, of a workstream."""

    view = "traceability"
    required_arguments = 1


class HeatmapDirective(_ViewDirective):
    """5 x 5 likelihood x impact grid of the risks."""

    view = "heatmap"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"phase": directives.unchanged}


class ExposureDirective(_ViewDirective):
    """Risk exposure per phase."""

    view = "exposure"


DASHBOARD_SECTIONS = ("milestones-by-phase", "milestones-by-workstream", "gates",
                      "rule-coverage", "kpis")


class DashboardDirective(_ViewDirective):
    """One section of the progress dashboard."""

    view = "dashboard"
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.arguments[0].strip() not in DASHBOARD_SECTIONS:
            raise self.error(f"unknown dashboard section {self.arguments[0]!r}; "
                             f"use one of {', '.join(DASHBOARD_SECTIONS)}")
        return super().run()


class CapacityDirective(_ViewDirective):
    """Planned load per role per week against capacity (the capacity rule's numbers)."""

    view = "capacity"
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "roles": directives.unchanged,  # resource IDs, comma separated; default: all roles
        "weeks": directives.unchanged,  # first-last, default: the whole horizon
        "workstream": directives.unchanged,  # only this workstream's milestones
    }


class ExplorerDirective(_ViewDirective):
    """Every need in one table with combinable facet filters kept in the URL."""

    view = "explorer"


# ------------------------------------------------------------ rendering
def _href(app: Sphinx, fromdocname: str) -> Callable[[Need], str]:
    def href(need: Need) -> str:
        if not need.docname:
            return "#" + need.id
        uri = app.builder.get_relative_uri(fromdocname, need.docname)
        return f"{uri}#{need.id}"

    return href


def _raw(html: str, *classes: str) -> nodes.Element:
    box = nodes.container(classes=["roadmap-view", *classes])
    box += nodes.raw("", html, format="html")
    return box


def _mermaid(code: str, *classes: str) -> nodes.Element:
    node = mermaid_node()
    node["code"] = code
    node["options"] = {}
    box = nodes.container(classes=["roadmap-view", *classes])
    box += node
    return box


def _known(graph: RoadmapGraph, node: roadmap_view, need_id: str, need_type: str) -> bool:
    need = graph.needs.get(need_id)
    if need is not None and need.type == need_type:
        return True
    logger.warning("%s view: %r is not a %s need", node["view"], need_id, need_type,
                   location=node, type="roadmap", subtype="views")
    return False


# Light bars with dark text, a muted phase-boundary line, compact rows; the
# section labels are wrapped to fit the left margin. The chart keeps the light
# theme in dark mode too (on a light panel, see roadmap-views.css): mermaid's
# dark theme draws clickable bar labels in dark blue.
_GANTT_CONFIG = """---
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
# Characters of a bar label (ID and title) that fit beside the bar: on the
# program chart a week is narrow, on a phase's slice it is wide.
_LABEL_CHARS = {"program": 44, "slice": 52}


def _critical_text(path: schedule.CriticalPath, graph: RoadmapGraph,
                   href: Callable[[Need], str], phase: str | None,
                   workstream: str | None) -> str:
    """One sentence on a critical path, with links; a slice names its own part."""
    target = graph.needs.get(path.end) if path.end else None
    name = (f"<strong>Critical path to {render.link(target, href)}</strong>" if target
            else "<strong>Critical path</strong>")
    whole = (f"{path.weeks} weeks of work end to end, weeks {path.start} to {path.finish}")
    if not (phase or workstream):
        chain = " \u2192 ".join(render.link(m, href) for m in path.milestones)
        tied = sorted(path.members - set(path.ids))
        also = (f"; an equally long chain also runs through "
                f"{render.links((graph.needs[t] for t in tied), href)}" if tied else "")
        return f"{name}: {whole}: {chain}{also}."
    scope = phase or workstream
    mine = sorted((graph.needs[m] for m in path.members
                   if scope in graph.needs[m].links.get("phase" if phase else "workstream", ())),
                  key=lambda m: (m.week("start") or 0, m.id))
    inside = (f"in {escape(str(scope))} it runs through {render.links(mine, href)}" if mine
              else f"none of its milestones is in {escape(str(scope))}")
    return f"{name}: {whole}; {inside}."


def _timeline(app: Sphinx, docname: str, node: roadmap_view, graph: RoadmapGraph
              ) -> list[nodes.Node]:
    options = node["options"]
    phase = options.get("phase") or None
    workstream = options.get("workstream") or None
    ends = [e.strip() for e in options.get("critical-to", "").split(",") if e.strip()]
    if phase and not _known(graph, node, phase, "phase"):
        return []
    if workstream and not _known(graph, node, workstream, "workstream"):
        return []
    if not all(_known(graph, node, end, "milestone") for end in ends):
        return []
    href = _href(app, docname)
    paths = [schedule.critical_path(graph, end) for end in ends] or [
        schedule.critical_path(graph)]
    paths = [p for p in paths if p.milestones]
    critical = frozenset().union(*(p.members for p in paths))
    code = _GANTT_CONFIG + schedule.gantt_source(
        graph, phase=phase, workstream=workstream, critical=critical, href=href,
        id_prefix=f"g{node['index']}",
        label_chars=_LABEL_CHARS["slice" if phase or workstream else "program"])
    result: list[nodes.Node] = [_mermaid(code, "roadmap-timeline")]
    if paths:
        items = "".join(f"<li>{_critical_text(p, graph, href, phase, workstream)}</li>"
                        for p in paths)
        result.append(_raw('<p class="roadmap-critical-path">Red bars mark the critical '
                           "path: a slip of any of these milestones moves the end of "
                           f'the chain.</p><ul class="roadmap-critical-path">{items}</ul>',
                           "roadmap-critical"))
    return result


def _traceability(app: Sphinx, docname: str, node: roadmap_view, graph: RoadmapGraph
                  ) -> list[nodes.Node]:
    workstream = node["argument"]
    if not _known(graph, node, workstream, "workstream"):
        return []
    colors = {t: spec.get("color", "#eeeeee")
              for t, spec in graph.metamodel.needs_table.get("types", {}).items()}
    dot = graphviz_node()
    dot["code"] = traceability.traceability_dot(graph, workstream, href=_href(app, docname),
                                                colors=colors)
    dot["options"] = {"docname": docname}
    dot["alt"] = (f"Traceability graph of {graph.needs[workstream].title}: gaps and risks, "
                  "the milestones that address or mitigate them, the metrics that measure "
                  "the milestones, and the tests and monitors of those metrics")
    box = nodes.container(classes=["roadmap-view", "roadmap-traceability"])
    box += dot
    box += nodes.paragraph(text=traceability.LEGEND, classes=["roadmap-legend"])
    return [box]


def _heatmap(app: Sphinx, docname: str, node: roadmap_view, graph: RoadmapGraph
             ) -> list[nodes.Node]:
    phase = node["options"].get("phase") or None
    if phase and not _known(graph, node, phase, "phase"):
        return []
    href = _href(app, docname)
    cells = heatmap.heatmap_cells(graph, phase)
    placed = sum(len(c.risks) for c in cells.values())
    scope = f"bearing on {phase}" if phase else "of the program"
    prefix = graph.metamodel.types.get("risk", "")
    html = render.heatmap_html(
        cells, href,
        f"Risk heat map: {placed} risks {scope} by likelihood (columns) and impact (rows)"
        + (f"; risk IDs without their {prefix} prefix" if prefix else ""), prefix)
    unscored = [] if phase else heatmap.unscored_risks(graph)
    if unscored:
        html += ('<p class="roadmap-note">Not placed (likelihood or impact missing): '
                 + render.links(unscored, href) + ".</p>")
    return [_raw(html, "roadmap-heatmap-view")]


def _exposure(app: Sphinx, docname: str, node: roadmap_view, graph: RoadmapGraph
              ) -> list[nodes.Node]:
    rows = heatmap.exposure_by_phase(graph)
    return [_raw(render.exposure_html(rows, _href(app, docname)), "roadmap-exposure-view")]


def _dashboard(app: Sphinx, docname: str, node: roadmap_view, graph: RoadmapGraph
               ) -> list[nodes.Node]:
    section = node["argument"]
    href = _href(app, docname)
    if section in ("milestones-by-phase", "milestones-by-workstream"):
        what = section.rsplit("-", 1)[1]
        html = render.status_html(dashboard.milestones_by_status(graph, what),
                                  dashboard.status_columns(graph), href, what)
    elif section == "gates":
        html = render.gates_html(dashboard.gate_rows(graph), href)
    elif section == "kpis":
        html = render.kpis_html(dashboard.kpi_groups(graph), href)
    else:  # rule-coverage (the directive admits no other section)
        html = render.rules_html(get_results(app))
    return [_raw(html, "roadmap-dashboard")]


def _explorer(app: Sphinx, docname: str, node: roadmap_view, graph: RoadmapGraph
              ) -> list[nodes.Node]:
    payload = explorer.explorer_payload(graph, _href(app, docname))
    return [_raw(render.explorer_html(payload), "roadmap-explorer-view")]


def _capacity(app: Sphinx, docname: str, node: roadmap_view, graph: RoadmapGraph
              ) -> list[nodes.Node]:
    options = node["options"]
    wanted = [r.strip() for r in options.get("roles", "").split(",") if r.strip()]
    if not all(_known(graph, node, role, "resource") for role in wanted):
        return []
    workstream = options.get("workstream") or None
    if workstream and not _known(graph, node, workstream, "workstream"):
        return []
    milestones = None
    if workstream:
        milestones = [m for m in graph.sources(graph.needs[workstream], "workstream")
                      if m.type == "milestone"]
    load = weekly_load(graph, milestones)
    roles = ([graph.needs[r] for r in wanted] if wanted else
             [r for r in graph.of_type("resource")
              if r.number("capacity") is not None and (milestones is None or load.get(r.id))])
    first, _, last = (options.get("weeks") or f"1-{graph.horizon}").partition("-")
    weeks = range(int(first), int(last or first) + 1)
    span = f"weeks {weeks.start}-{weeks.stop - 1}"
    caption = (f"Load of {graph.needs[workstream].title} in person-weeks per role, {span}, "
               "next to each role's whole capacity" if workstream else
               f"Planned load in person-weeks per role, {span}; a cell above the role's "
               "capacity fails the build")
    href = _href(app, docname)
    html = render.capacity_html(roles, load, weeks, href, caption)
    if milestones is not None:
        html += render.usage_html(
            _tool_usage(graph, milestones), href,
            f"Tools, infrastructure and services of {graph.needs[workstream].title}")
    return [_raw(html, "roadmap-capacity-view")]


def _tool_usage(graph: RoadmapGraph, milestones: list[Need]
                ) -> list[tuple[Need, list[int], list[Need]]]:
    """Resources without a capacity, the weeks the milestones book them, and by whom."""
    weeks: dict[str, list[int]] = {}
    users: dict[str, list[Need]] = {}
    for ms in sorted(milestones, key=lambda m: (m.week("start") or 0, m.id)):
        window = graph.window(ms)
        for res in graph.targets(ms, "requires"):
            if res.number("capacity") is None and window is not None:
                weeks.setdefault(res.id, []).extend(window.weeks())
                users.setdefault(res.id, []).append(ms)
    return [(graph.needs[r], weeks[r], users[r]) for r in sorted(weeks)]


RENDERERS: dict[str, Callable[[Sphinx, str, roadmap_view, RoadmapGraph], list[nodes.Node]]] = {
    "timeline": _timeline,
    "traceability": _traceability,
    "heatmap": _heatmap,
    "exposure": _exposure,
    "dashboard": _dashboard,
    "explorer": _explorer,
    "capacity": _capacity,
}


def resolve_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(roadmap_view))
    if not placeholders:
        return
    if app.builder.format != "html":
        for node in placeholders:
            node.parent.remove(node)
        return
    graph = get_graph(app)
    for index, node in enumerate(placeholders, start=1):
        node["index"] = index
        node.replace_self(RENDERERS[node["view"]](app, docname, node, graph))


# ------------------------------------------------------------ page assets
def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    if doctree is None:
        return
    classes = {c for box in doctree.findall(nodes.container) for c in box["classes"]}
    if "roadmap-view" in classes:
        app.add_css_file(CSS_FILE)
    if "roadmap-explorer-view" in classes:
        app.add_js_file(EXPLORER_JS)


def visit_graphviz(self: Any, node: nodes.Element) -> None:
    """Sphinx's Graphviz HTML, with the diagram's alt text on the ``<object>``.

    Sphinx puts the alt text only inside the object as fallback content, which
    assistive technology does not read (axe: object-alt); the object gets
    ``role="img"`` and an ``aria-label`` instead. Diagrams without alt text
    (their alt would be the DOT source) are labelled as a diagram.
    """
    start = len(self.body)
    try:
        sphinx_graphviz.html_visit_graphviz(self, node)
    finally:
        label = escape(node.get("alt") or "Diagram", quote=True)
        for index in range(start, len(self.body)):
            if self.body[index].startswith("<object "):
                self.body[index] = self.body[index].replace(
                    "<object ", f'<object role="img" aria-label="{label}" ', 1)


def add_static_path(app: Sphinx, config: Any) -> None:
    path = str(STATIC_DIR)
    if path not in config.html_static_path:
        config.html_static_path.append(path)


def setup(app: Sphinx) -> None:
    app.add_node(roadmap_view)
    app.add_node(graphviz_node, override=True, html=(visit_graphviz, None))
    app.add_directive("roadmap-timeline", TimelineDirective)
    app.add_directive("roadmap-traceability", TraceabilityDirective)
    app.add_directive("roadmap-heatmap", HeatmapDirective)
    app.add_directive("roadmap-risk-exposure", ExposureDirective)
    app.add_directive("roadmap-dashboard", DashboardDirective)
    app.add_directive("roadmap-explorer", ExplorerDirective)
    app.add_directive("roadmap-capacity", CapacityDirective)
    app.connect("config-inited", add_static_path)
    app.connect("doctree-resolved", resolve_views)
    app.connect("html-page-context", add_assets)
