"""Filter functions for sphinx-needs tables (``:filter-func:``), so that a table reads
the graph's own definitions instead of re-stating them in a filter string.

``:filter-func: roadmap.sphinx_ext.filters.bearing_on(PH-1, risk)`` keeps the risks
that belong to or bear on phase PH-1, exactly the needs the phase's views and roll-ups
count (:meth:`roadmap.graph.RoadmapGraph.phase_ids_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from roadmap.graph import RoadmapGraph
from roadmap.sphinx_ext import build_warnings
from roadmap.sphinx_ext.build_warnings import RoadmapWarning

# The build's own graph of the resolved needs (the build state's, which the views and
# the rules read): sphinx-needs hands every table those same needs, so a table builds
# no graph of its own (one per table cost 0.7 of a 43 s build under the profiler, one
# per build a second graph and value check of every need).
_STATE: dict[str, Callable[[], RoadmapGraph]] = {}


def configure(graph_of_build: Callable[[], RoadmapGraph]) -> None:
    """Where the filters read the build's graph (set when the builder starts)."""
    _STATE["graph"] = graph_of_build


def bearing_on(needs: Sequence[Mapping[str, Any]], results: list[Any], arg1: str = "",
               arg2: str = "", **_: Any) -> None:
    """Needs of type ``arg2`` (any type when empty) that belong to or bear on the phase
    or workstream ``arg1``."""
    graph_of_build = _STATE.get("graph")
    if graph_of_build is None:
        return _refuse("the roadmap extension has not configured the filters")
    graph = graph_of_build()
    try:
        wanted = graph.bearing_on(arg1.strip(), arg2.strip())
    except ValueError as error:
        return _refuse(str(error))
    results.extend(n for n in needs if n["id"] in wanted)


def _refuse(problem: str) -> None:
    # sphinx-needs gives a filter function no location; the source guard of the tables
    # names the file and line, this warning keeps the build from passing meanwhile
    build_warnings.warn(RoadmapWarning.FILTERS, f"bearing_on: {problem}")
