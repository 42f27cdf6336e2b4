"""Filter functions for sphinx-needs tables (``:filter-func:``), so that a table reads
the graph's own definitions instead of re-stating them in a filter string.

``:filter-func: roadmap.sphinx_ext.filters.bearing_on(PH-1, risk)`` keeps the risks
that belong to or bear on phase PH-1, exactly the needs the phase's views and roll-ups
count (:meth:`roadmap.graph.RoadmapGraph.phase_ids_of`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from roadmap.graph import RoadmapGraph, build_graph
from roadmap.sphinx_ext import build_warnings
from roadmap.sphinx_ext.build_warnings import RoadmapWarning
from roadmap.ubproject import Metamodel

_STATE: dict[str, Metamodel] = {}

# The graph of the needs the last filter was given, by their IDs: sphinx-needs hands
# every table the same resolved needs, and building the graph for each table cost more
# than the tables (six tables, 0.7 of a 43 s build under the profiler).
_GRAPHS: dict[tuple[str, ...], RoadmapGraph] = {}


def configure(metamodel: Metamodel) -> None:
    """The metamodel the filters read the needs with (set when the builder starts, so a
    graph of an earlier build in this process is never reused)."""
    _STATE["metamodel"] = metamodel
    _GRAPHS.clear()


def _graph_of(needs: Sequence[Mapping[str, Any]], metamodel: Metamodel) -> RoadmapGraph:
    ids = tuple(str(n["id"]) for n in needs)
    graph = _GRAPHS.get(ids)
    if graph is None:
        _GRAPHS.clear()
        # the needs as sphinx-needs hands them (references: build_graph reads a NeedItem
        # where it is), not a copy of each
        graph = _GRAPHS[ids] = build_graph({str(n["id"]): n for n in needs}, metamodel)
    return graph


def bearing_on(needs: Sequence[Mapping[str, Any]], results: list[Any], arg1: str = "",
               arg2: str = "", **_: Any) -> None:
    """Needs of type ``arg2`` (any type when empty) that belong to or bear on the phase
    or workstream ``arg1``."""
    metamodel = _STATE.get("metamodel")
    if metamodel is None:
        return _refuse("the roadmap extension has not configured the filters")
    graph = _graph_of(needs, metamodel)
    try:
        wanted = graph.bearing_on(arg1.strip(), arg2.strip())
    except ValueError as error:
        return _refuse(str(error))
    results.extend(n for n in needs if n["id"] in wanted)


def _refuse(problem: str) -> None:
    # sphinx-needs gives a filter function no location; the source guard of the tables
    # names the file and line, this warning keeps the build from passing meanwhile
    build_warnings.warn(RoadmapWarning.FILTERS, f"bearing_on: {problem}")
