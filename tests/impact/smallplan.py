"""A small plan to review changes against: the rule tests' plan
(``tests/rules/minigraph.py``) with a chain across the second phase, a buffer before
its gate, a second milestone that a high risk threatens, and loaded rates.

Phase PH-2 (weeks 5-8) keeps week 8 as buffer. MS-A-01 (weeks 1-4) -> MS-A-02
(weeks 5-6) -> MS-A-03 (week 7) is the chain to the program's end (week 7) and to
QG-2; MS-B-01 (week 7) is threatened by RSK-B, which MS-A-02 mitigates. RES-ROLE-A
carries 1 person-week a week in weeks 1-6 and 2 in week 7 (three people, capacity
2.5: 2 for milestones at the focus factor of 0.8). RES-TOOL-A is booked in weeks 1-8
(MS-B-01's week 7 and the buffer week 8 included), and RSK-B's early warning is read
from week 4, so that the base plan passes every rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minigraph import PROJECT, plan

from roadmap.graph import RoadmapGraph, build_graph

Changes = Mapping[str, Mapping[str, Any] | None]

BASE: dict[str, dict[str, Any] | None] = {
    "PH-2": {"buffer": 1},
    "RES-ROLE-A": {"rate": 5000, "capacity": 2.5, "headcount": 3},
    "RES-TOOL-A": {"booked": ["1-8"]},
    "MS-A-02": {"start": 5, "due": 6, "effort": 2},
    "MS-A-03": {"type": "milestone", "phase": ["PH-2"], "workstream": ["WS-A"], "start": 7,
                "due": 7, "status": "planned", "owner": "A Lead", "effort": 1,
                "requires": ["RES-ROLE-A"], "depends_on": ["MS-A-02"]},
    "MS-B-01": {"type": "milestone", "phase": ["PH-2"], "workstream": ["WS-A"], "start": 7,
                "due": 7, "status": "planned", "owner": "A Lead", "effort": 1,
                "requires": ["RES-ROLE-A", "RES-TOOL-A"]},
    "MET-A": {"measures": ["MS-A-01", "MS-A-02", "MS-A-03", "MS-B-01", "PH-2"]},
    "RSK-B": {"type": "risk", "likelihood": 3, "impact": 4, "owner": "A Lead",
              "indicator": "burn-down below plan", "contingency": "move MS-B-01 a week",
              "threatens": ["MS-B-01"], "mitigated_by": ["MS-A-02"], "workstream": ["WS-A"],
              "watched_by": ["MET-A"], "fires_below": 5, "trigger_week": 4},
}


def needs(changes: Changes | None = None) -> dict[str, dict[str, Any]]:
    """The plan's needs with ``changes`` applied field by field (None removes)."""
    merged: dict[str, dict[str, Any] | None] = {k: dict(v) if v else v for k, v in BASE.items()}
    removed = {need_id for need_id, change in (changes or {}).items() if change is None}
    for need_id, change in (changes or {}).items():
        if change is not None:
            merged[need_id] = {**(merged.get(need_id) or {}), **change}
    built = plan({k: v for k, v in merged.items() if k not in removed})
    return {k: v for k, v in built.items() if k not in removed}


def graph(changes: Changes | None = None) -> RoadmapGraph:
    return build_graph(needs(changes), PROJECT.metamodel)


__all__ = ["PROJECT", "graph", "needs"]
