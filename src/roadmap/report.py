"""The traceability report and matrix, generated at build time.

Directives leave a placeholder while pages are read; once every need is
resolved the placeholder becomes tables built from ``get_results`` (the same
results that make the build warn) and from the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from roadmap import summary
from roadmap.findings import RuleResult
from roadmap.graph import Need, RoadmapGraph

Cell = str | nodes.Node | Sequence[nodes.Node]


class report_placeholder(nodes.General, nodes.Element):
    """Replaced at doctree-resolved by the generated content named in ``kind``."""


class _ReportDirective(SphinxDirective):
    kind = ""

    def run(self) -> list[nodes.Node]:
        return [report_placeholder(kind=self.kind)]


class TraceabilityReport(_ReportDirective):
    kind = "report"


class TraceabilityMatrix(_ReportDirective):
    kind = "matrix"


# ------------------------------------------------------------------ helpers
def need_link(app: Sphinx, fromdocname: str, graph: RoadmapGraph, need_id: str) -> nodes.Node:
    need = graph.needs.get(need_id)
    if need is None or not need.docname:
        return nodes.literal(text=need_id)
    uri = app.builder.get_relative_uri(fromdocname, need.docname) + "#" + need.id
    ref = nodes.reference("", "", internal=True, refuri=uri, reftitle=need.title)
    ref += nodes.literal(text=need.id)
    return ref


def links_cell(app: Sphinx, fromdocname: str, graph: RoadmapGraph,
               ids: Iterable[str]) -> list[nodes.Node]:
    cell: list[nodes.Node] = []
    for index, need_id in enumerate(sorted(ids)):
        if index:
            cell.append(nodes.Text(", "))
        cell.append(need_link(app, fromdocname, graph, need_id))
    return cell or [nodes.Text("—")]


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], classes: Sequence[str] = ()
          ) -> nodes.table:
    tbl = nodes.table(classes=["roadmap-table", *classes])
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return tbl


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph()
        if isinstance(cell, str):
            para += nodes.Text(cell)
        elif isinstance(cell, nodes.Node):
            para += cell
        else:
            para.extend(cell)
        entry += para
        row += entry
    return row


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def _section(title: str, ids: str, *content: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[ids], names=[ids])
    section += nodes.rubric(text=title)
    section.extend(content)
    return section


# ------------------------------------------------------------------ report
def _summary_paragraph(results: list[RuleResult], graph: RoadmapGraph) -> nodes.paragraph:
    tally = summary.total(results)
    bad = summary.failing(results)
    if not bad:
        text = (f"All {len(results)} rules hold: {tally.checked} checks over "
                f"{len(graph.needs)} needs, {tally.passed} passed (coverage "
                f"{percent(tally.coverage)}).")
    else:
        text = (f"{len(bad)} of {len(results)} rules fail: {tally.failed} of "
                f"{tally.checked} checks over {len(graph.needs)} needs do not hold "
                f"(coverage {percent(tally.coverage)}). The build fails until they are fixed.")
    return nodes.paragraph(text=text, classes=["roadmap-summary", "ok" if not bad else "fail"])


def build_report(app: Sphinx, fromdocname: str, graph: RoadmapGraph,
                 results: list[RuleResult]) -> list[nodes.Node]:
    link = _linker(app, fromdocname, graph)
    rule_rows = [
        [nodes.literal(text=r.rule.id), r.rule.description, r.rule.family, str(r.checked),
         str(r.passed), percent(r.coverage), link(sorted(r.failed_ids))]
        for r in results
    ]
    phases = summary.by_phase(graph, results)
    phase_rows = [[link([pid]), graph.needs[pid].title, str(t.checked), str(t.passed),
                   percent(t.coverage)]
                  for pid, t in sorted(phases.items()) if pid in graph.needs]
    streams = summary.by_workstream(graph, results)
    stream_rows = [[link([wid]), graph.needs[wid].title, str(t.checked), str(t.passed),
                    percent(t.coverage)]
                   for wid, t in sorted(streams.items()) if wid in graph.needs]
    findings = [f for r in results for f in r.findings]
    finding_rows = [[nodes.literal(text=f.rule), link([f.need_id]), f.location, f.message]
                    for f in findings]
    content: list[nodes.Node] = [
        _summary_paragraph(results, graph),
        _section("Rules", "report-rules", table(
            ["Rule", "What it checks", "Family", "Checked", "Passed", "Coverage",
             "Offending needs"], rule_rows, ["roadmap-rules"])),
        _section("Coverage per phase", "report-phases", table(
            ["Phase", "Title", "Checks", "Passed", "Coverage"], phase_rows)),
        _section("Coverage per workstream", "report-workstreams", table(
            ["Workstream", "Title", "Checks", "Passed", "Coverage"], stream_rows)),
    ]
    if finding_rows:
        content.append(_section("Findings", "report-findings", table(
            ["Rule", "Need", "Where", "Problem"], finding_rows)))
    else:
        content.append(_section("Findings", "report-findings", nodes.paragraph(
            text="No findings: every rule holds for every need it checks.")))
    return content


def build_matrix(app: Sphinx, fromdocname: str, graph: RoadmapGraph) -> list[nodes.Node]:
    link = _linker(app, fromdocname, graph)
    milestone_rows = []
    for ms in sorted(graph.of_type("milestone"), key=lambda n: (n.week("due") or 0, n.id)):
        metrics = graph.sources(ms, "measures")
        tests = {t.id for t in graph.sources(ms, "verifies")}
        tests |= {t.id for m in metrics for t in graph.sources(m, "verifies")}
        monitors = {mon.id for m in metrics for mon in graph.sources(m, "monitors")}
        milestone_rows.append([
            link([ms.id]), ms.title, link(n.id for n in graph.targets(ms, "addresses")),
            link(m.id for m in metrics), link(tests), link(monitors),
            link(r.id for r in graph.sources(ms, "threatens")),
        ])
    risk_rows = [
        [link([r.id]), r.title, _score(r), link(t.id for t in graph.targets(r, "threatens")),
         link(m.id for m in graph.targets(r, "mitigated_by")),
         link(w.id for w in graph.targets(r, "watched_by"))]
        for r in sorted(graph.of_type("risk"), key=lambda n: n.id)
    ]
    return [
        _section("Milestone to metric, test and monitor", "matrix-milestones", table(
            ["Milestone", "Title", "Addresses", "Measured by", "Verified by (tests)",
             "Monitored by", "Threatened by"], milestone_rows, ["roadmap-matrix"])),
        _section("Risk to mitigation", "matrix-risks", table(
            ["Risk", "Title", "Score", "Threatens", "Mitigated by", "Early warning on"],
            risk_rows)),
    ]


def _score(risk: Need) -> str:
    likelihood, impact = risk.week("likelihood"), risk.week("impact")
    if likelihood is None or impact is None:
        return "—"
    return f"{likelihood} x {impact} = {likelihood * impact}"


def _linker(app: Sphinx, fromdocname: str, graph: RoadmapGraph
            ) -> Callable[[Iterable[str]], list[nodes.Node]]:
    return lambda ids: links_cell(app, fromdocname, graph, ids)


# ------------------------------------------------------------------ wiring
def _resolve_placeholders(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(report_placeholder))
    if not placeholders:
        return
    from roadmap.sphinx_ext import get_graph, get_results

    graph = get_graph(app)
    for placeholder in placeholders:
        if placeholder["kind"] == "report":
            content = build_report(app, fromdocname, graph, get_results(app))
        else:
            content = build_matrix(app, fromdocname, graph)
        placeholder.replace_self(content)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(report_placeholder)
    app.add_directive("traceability-report", TraceabilityReport)
    app.add_directive("traceability-matrix", TraceabilityMatrix)
    app.connect("doctree-resolved", _resolve_placeholders)
    setup_model_directives(app)
    return {"parallel_read_safe": True}


# ------------------------------------------------------------------ model pages
class MetamodelTable(SphinxDirective):
    """Tables of the metamodel read from ubproject.toml: ``types``, ``fields`` or ``links``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from roadmap.metamodel import load_metamodel

        model = load_metamodel(self._toml())
        self.env.note_dependency(str(self._toml()))
        which = self.arguments[0]
        if which == "types":
            rows = [[spec.get("title", name), nodes.literal(text=name),
                     nodes.literal(text=spec.get("prefix", ""))]
                    for name, spec in model.needs_table.get("types", {}).items()]
            return [table(["Type", "Directive", "ID prefix"], rows)]
        if which == "fields":
            rows = [[nodes.literal(text=name), _schema_text(spec), spec.get("description", "")]
                    for name, spec in model.fields.items()]
            return [table(["Field", "Schema", "Meaning"], rows)]
        if which == "links":
            rows = [[nodes.literal(text=name), spec.get("outgoing", name),
                     spec.get("incoming", ""), ", ".join(spec.get("target_types", [])),
                     spec.get("description", "")]
                    for name, spec in model.links.items()]
            return [table(["Link", "Reads (outgoing)", "Reads (incoming)", "Target types",
                           "Meaning"], rows)]
        raise self.error(f"unknown metamodel table {which!r}: use types, fields or links")

    def _toml(self) -> Any:
        from pathlib import Path

        return Path(self.env.srcdir, self.config.needs_from_toml)


def _schema_text(spec: dict[str, Any]) -> str:
    schema = dict(spec.get("schema", {}))
    text = schema.pop("type", "")
    extras = [f"{key} {value}" for key, value in schema.items()]
    if "derive" in spec:
        derive = spec["derive"]
        extras.append(f"derived: {derive.get('kind')} over {derive.get('over', '')}".strip())
    for need_type, derive in spec.get("derive_by_type", {}).items():
        extras.append(f"derived on {need_type}: {derive.get('kind')} over {derive.get('over')}")
    return text + (f" ({'; '.join(extras)})" if extras else "")


class RuleCatalogue(SphinxDirective):
    """Every rule the build and the gate apply, from the rule registry and schemas.json."""

    def run(self) -> list[nodes.Node]:
        from pathlib import Path

        from roadmap import guards
        from roadmap.rules import GRAPH_RULES
        from roadmap.rules.schema import (
            FIELD_SCHEMA_ID,
            FIELD_SCHEMA_MESSAGE,
            load_schemas,
            rule_id,
        )

        schemas_path = Path(self.env.srcdir, self.config.needs_schema_definitions_from_json)
        self.env.note_dependency(str(schemas_path))
        rows = [[nodes.literal(text=rule_id(s["id"])), s.get("message", ""),
                 "schemas.json (sphinx-needs)"] for s in load_schemas(schemas_path)]
        rows.append([nodes.literal(text=rule_id(FIELD_SCHEMA_ID)), FIELD_SCHEMA_MESSAGE,
                     "ubproject.toml field schemas (sphinx-needs)"])
        rows += [[nodes.literal(text=rule.id), rule.description, _FAMILY[rule.family]]
                 for rule, _check in GRAPH_RULES]
        rows += [[nodes.literal(text=rule.id), rule.description, _FAMILY["guard"]]
                 for rule in guards.GUARDS]
        return [table(["Rule", "What must hold", "Enforced by"], rows)]


_FAMILY = {
    "build": "sphinx-needs in the build; roadmap check for a needs.json",
    "graph": "roadmap package (graph rule)",
    "guard": "roadmap package (guard)",
    "schema": "schemas.json (sphinx-needs)",
}


def setup_model_directives(app: Sphinx) -> None:
    app.add_directive("roadmap-metamodel", MetamodelTable)
    app.add_directive("roadmap-rules", RuleCatalogue)
