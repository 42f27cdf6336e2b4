"""Small hand-made needs graphs for the view functions (no Sphinx build needed).

The factories are fixtures because the suite imports test modules with
``--import-mode=importlib``, where a test module cannot import a sibling.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes

from roadmap.graph import Need, RoadmapGraph, build_graph, need_from_mapping
from roadmap.inputs import from_conf
from roadmap.render.context import ViewContext

PROJECT = from_conf(Path(__file__).resolve().parents[2])

NeedSpec = dict[str, Any]


def _need(need_id: str, need_type: str, title: str = "", **fields: Any) -> NeedSpec:
    """A needs.json-shaped entry."""
    return {"id": need_id, "type": need_type, "title": title or need_id,
            "docname": "page", "lineno": 1, **fields}


def _milestone(need_id: str, start: int, due: int, *, depends_on: tuple[str, ...] = (),
               phase: str = "PH-1", workstream: str = "WS-A", **fields: Any) -> NeedSpec:
    return _need(need_id, "milestone", fields.pop("title", f"Milestone {need_id}"),
                 start=start, due=due, status=fields.pop("status", "planned"),
                 depends_on=list(depends_on), phase=[phase], workstream=[workstream],
                 **fields)


@pytest.fixture
def need() -> Callable[..., NeedSpec]:
    return _need


@pytest.fixture
def milestone() -> Callable[..., NeedSpec]:
    return _milestone


@pytest.fixture
def as_need() -> Callable[[NeedSpec], Need]:
    return lambda spec: need_from_mapping(spec, ())


@pytest.fixture
def make_graph() -> Callable[..., RoadmapGraph]:
    def make(*needs: NeedSpec) -> RoadmapGraph:
        return build_graph({n["id"]: n for n in needs}, PROJECT.metamodel)

    return make


@pytest.fixture
def view_context() -> Callable[[RoadmapGraph], ViewContext]:
    """A view's context on a page ``p`` that links to ``p.html#ID``."""
    def make(graph: RoadmapGraph) -> ViewContext:
        return ViewContext(project=PROJECT, graph=graph, docname="p",
                           uri=lambda need: f"p.html#{need.id}", results=list)

    return make


@pytest.fixture
def base_needs() -> list[NeedSpec]:
    """Two phases and two workstreams to hang milestones on."""
    return [
        _need("PH-1", "phase", "Foundation", start=1, end=4),
        _need("PH-2", "phase", "Core", start=5, end=8),
        _need("WS-A", "workstream", "Alpha stream", start=1, end=8, lead="Alpha Lead"),
        _need("WS-B", "workstream", "Beta stream", start=1, end=8, lead="Beta Lead"),
    ]


def refs(node: nodes.Node) -> list[str]:
    """The URIs a view links to, in order."""
    return [ref["refuri"] for ref in node.findall(nodes.reference)]


@pytest.fixture
def links_of() -> Callable[[nodes.Node], list[str]]:
    return refs
