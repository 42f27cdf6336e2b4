"""Sphinx adapter: the rules become build warnings with file, line and need ID
(so ``-W`` fails), and the report page is generated from the same results.

The graph is built once per build, at ``write-started`` when sphinx-needs has
resolved every need, and shared by the rules and the generated views.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from roadmap import a11y, freshness, guards, mermaid_local, report, views
from roadmap.findings import Finding, RuleResult
from roadmap.graph import RoadmapGraph, build_graph
from roadmap.metamodel import load_metamodel
from roadmap.rules import evaluate

logger = logging.getLogger("roadmap")

_GRAPH_ATTR = "_roadmap_graph"
_RESULTS_ATTR = "_roadmap_results"


def get_graph(app: Sphinx) -> RoadmapGraph:
    """The build's needs graph, built on first use in the write phase."""
    graph = getattr(app, _GRAPH_ATTR, None)
    if graph is None:
        from sphinx_needs.api import get_needs_view

        needs = {need_id: dict(need) for need_id, need in get_needs_view(app).items()}
        graph = build_graph(needs, load_metamodel(_toml_path(app)))
        setattr(app, _GRAPH_ATTR, graph)
    return graph


def get_results(app: Sphinx) -> list[RuleResult]:
    """Every rule's result for this build (schema, graph and source guards)."""
    results = getattr(app, _RESULTS_ATTR, None)
    if results is None:
        graph = get_graph(app)
        results = evaluate(graph, schemas=_schemas_path(app))
        model = graph.metamodel
        results += guards.check_sources(_sources(app), graph.needs, model.types,
                                        [*model.fields, *model.links])
        results.append(_toml_keys(app))
        setattr(app, _RESULTS_ATTR, results)
    return results


def _toml_path(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.needs_from_toml)


def _schemas_path(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.needs_schema_definitions_from_json)


def _sources(app: Sphinx) -> dict[str, str]:
    sources = {}
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        sources[str(path.relative_to(app.srcdir))] = path.read_text(encoding="utf-8")
    return sources


def _toml_keys(app: Sphinx) -> RuleResult:
    path = _toml_path(app)
    return guards.check_toml_keys(load_metamodel(path).needs_table, path)


def _warn(finding: Finding, docname: str | None = None) -> None:
    location = (docname, finding.line) if docname else None
    where = "" if docname else f"{finding.location}: "
    logger.warning(f"{where}[{finding.rule}] {finding.need_id}: {finding.message}",
                   location=location, type="roadmap", subtype=finding.rule)


def _docname_of(app: Sphinx, finding: Finding) -> str | None:
    graph = get_graph(app)
    need = graph.needs.get(finding.need_id)
    if need is not None and need.docname:
        return need.docname
    if finding.file.endswith(".md") and Path(app.srcdir, finding.file).exists():
        return finding.file[: -len(".md")]
    return None


def _reset(app: Sphinx, *_: Any) -> None:
    for attr in (_GRAPH_ATTR, _RESULTS_ATTR):
        if hasattr(app, attr):
            delattr(app, attr)


def _report_findings(app: Sphinx, builder: Any) -> None:
    for result in get_results(app):
        if result.rule.family == "build":
            continue  # sphinx-needs itself warns about these, with file and line
        for finding in result.findings:
            _warn(finding, _docname_of(app, finding))


def _check_built_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for result in guards.check_built_site(Path(app.outdir)):
        for finding in result.findings:
            _warn(finding)


def setup(app: Sphinx) -> dict[str, Any]:
    mermaid_local.setup(app)
    freshness.setup(app)
    a11y.setup(app)
    views.setup(app)
    report.setup(app)
    app.connect("builder-inited", _reset)
    # After sphinx-needs' own write-started handlers (priority 500).
    app.connect("write-started", _report_findings, priority=900)
    app.connect("build-finished", _check_built_site, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
