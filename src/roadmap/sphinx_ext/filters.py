"""Filter functions for sphinx-needs tables (``:filter-func:``), so that a table reads
the graph's own definitions instead of re-stating them in a filter string.

``:filter-func: roadmap.sphinx_ext.filters.bearing_on(PH-1, risk)`` keeps the risks
that belong to or bear on phase PH-1, exactly the needs the phase's views and roll-ups
count (:meth:`roadmap.graph.RoadmapGraph.phase_ids_of`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sphinx.util import logging

from roadmap.graph import build_graph
from roadmap.metamodel import Metamodel
from roadmap.roles import TYPES

logger = logging.getLogger("roadmap")
_STATE: dict[str, Metamodel] = {}


def configure(metamodel: Metamodel) -> None:
    """The metamodel the filters read the needs with (set when the builder starts)."""
    _STATE["metamodel"] = metamodel


def bearing_on(needs: Sequence[Mapping[str, Any]], results: list[Any], arg1: str = "",
               arg2: str = "", **_: Any) -> None:
    """Needs of type ``arg2`` (any type when empty) that belong to or bear on the phase
    or workstream ``arg1``."""
    group_id, need_type = arg1.strip(), arg2.strip()
    metamodel = _STATE.get("metamodel")
    if metamodel is None:
        return _refuse("the roadmap extension has not configured the filters")
    graph = build_graph({str(n["id"]): dict(n) for n in needs}, metamodel)
    group = graph.needs.get(group_id)
    if group is None or group.type not in (TYPES.phase, TYPES.workstream):
        return _refuse(f"{group_id!r} is not a phase or workstream")
    if need_type and need_type not in metamodel.types:
        return _refuse(f"{need_type!r} is not a need type")
    ids_of = graph.phase_ids_of if group.type == TYPES.phase else graph.workstream_ids_of
    wanted = {need.id for need in graph.needs.values()
              if (not need_type or need.type == need_type) and group_id in ids_of(need)}
    results.extend(n for n in needs if n["id"] in wanted)


def _refuse(problem: str) -> None:
    # sphinx-needs gives a filter function no location; the source guard of the tables
    # names the file and line, this warning keeps the build from passing meanwhile
    logger.warning(f"[roadmap.filters] bearing_on: {problem}", type="roadmap",
                   subtype="filters")
