"""The state of one build: the project's inputs, the needs graph and the rule results,
each computed once on first use and dropped when the next build starts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph, build_graph
from roadmap.inputs import InputsError, ProjectInputs, from_settings
from roadmap.settings import SETTINGS
from roadmap.suite import SuiteInputs, run_suite

_INPUTS_ATTR = "_roadmap_inputs"
_GRAPH_ATTR = "_roadmap_graph"
_RESULTS_ATTR = "_roadmap_results"
CONFIG_NAMES = ("needs_from_toml", "needs_schema_definitions_from_json")


def config_namespace(app: Sphinx, with_settings: bool = True) -> dict[str, Any]:
    """The configuration values the project's inputs are resolved from."""
    namespace = {name: getattr(app.config, name, None) for name in CONFIG_NAMES}
    if with_settings:
        namespace.update({s.config_name: getattr(app.config, s.config_name) for s in SETTINGS})
    return namespace


def inputs_of(app: Sphinx) -> ProjectInputs:
    """The project's inputs for this build: conf.py's settings and Sphinx's own list
    of documents (``env.found_docs``), resolved once."""
    inputs = getattr(app, _INPUTS_ATTR, None)
    if inputs is None:
        namespace = config_namespace(app)
        pages = [str(Path(app.env.doc2path(d)).relative_to(app.srcdir))
                 for d in app.env.found_docs]
        try:
            inputs = from_settings(Path(app.confdir), namespace, pages, os.environ)
        except InputsError:
            # config-inited has warned about the setting; the build goes on with defaults
            namespace.update({s.config_name: s.default for s in SETTINGS})
            inputs = from_settings(Path(app.confdir), namespace, pages)
        setattr(app, _INPUTS_ATTR, inputs)
    return inputs


def get_graph(app: Sphinx) -> RoadmapGraph:
    """The build's needs graph, built on first use in the write phase."""
    graph = getattr(app, _GRAPH_ATTR, None)
    if graph is None:
        from sphinx_needs.api import get_needs_view

        needs = {need_id: dict(need) for need_id, need in get_needs_view(app).items()}
        graph = build_graph(needs, inputs_of(app).metamodel)
        setattr(app, _GRAPH_ATTR, graph)
    return graph


def get_results(app: Sphinx) -> list[RuleResult]:
    """Every rule's result for this build that can be known before the site is written
    (graph and schema rules, source guards); the built-site guards run after it."""
    results = getattr(app, _RESULTS_ATTR, None)
    if results is None:
        inputs = inputs_of(app)
        suite = SuiteInputs(graph=get_graph(app), project=inputs, sources=inputs.read_sources())
        results = run_suite(suite, reads=("graph", "toml", "sources"))
        setattr(app, _RESULTS_ATTR, results)
    return results


def reset(app: Sphinx, *_: Any) -> None:
    for attr in (_INPUTS_ATTR, _GRAPH_ATTR, _RESULTS_ATTR):
        if hasattr(app, attr):
            delattr(app, attr)
