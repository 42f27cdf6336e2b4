"""A small plan for the what-if tests: one chain that a slip carries to a gate and the
end, and a milestone of another workstream on the same role that the slipped chain
lands on.

Two phases (weeks 1-4 and 5-8, gates QG-1 and QG-2), one role of 1.5 person-weeks a
week, all of which milestone work may use: the plan's settings are the site's with a
focus factor of 1, so that the arithmetic below is the capacity rule's. The chain
MS-A-01 (weeks 1-2) -> MS-A-02 (3-4) -> MS-A-03 (5-6) -> MS-A-04 (7) books 1
person-week a week (MS-A-04 half of one); MS-B-02 (weeks 7-8) books 0.75. Week 7
carries 1.25 of 1.5. Slip MS-A-02 by two weeks and the chain ends in week 9: QG-2 moves
from week 8 to 9, and weeks 7-8 carry MS-A-03 and MS-B-02 together, 1.75 of 1.5: over
capacity.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from roadmap.graph import RoadmapGraph, build_graph
from roadmap.inputs import from_conf

SITE = from_conf(Path(__file__).resolve().parents[2])
PROJECT = replace(SITE, settings=replace(SITE.settings, focus_factor=1.0))


def _need(need_id: str, need_type: str, line: int, **fields: Any) -> dict[str, Any]:
    return {"id": need_id, "type": need_type, "title": f"Title of {need_id}",
            "docname": "plan", "lineno": line, **fields}


def _ms(need_id: str, line: int, start: int, due: int, effort: float, phase: str, ws: str,
        **fields: Any) -> dict[str, Any]:
    return _need(need_id, "milestone", line, start=start, due=due, effort=effort,
                 status="planned", owner="A Lead", phase=[phase], workstream=[ws],
                 requires=["RES-ROLE-A"], **fields)


def needs() -> dict[str, dict[str, Any]]:
    found = [
        _need("PH-1", "phase", 1, start=1, end=4),
        _need("PH-2", "phase", 2, start=5, end=8),
        _need("WS-A", "workstream", 3, start=1, end=8, lead="A Lead"),
        _need("WS-B", "workstream", 4, start=1, end=8, lead="B Lead"),
        _need("RES-ROLE-A", "resource", 5, kind="role", headcount=2, capacity=1.5,
              cost=60000),
        _ms("MS-A-01", 10, 1, 2, 2, "PH-1", "WS-A"),
        _ms("MS-A-02", 11, 3, 4, 2, "PH-1", "WS-A", depends_on=["MS-A-01"]),
        _ms("MS-A-03", 12, 5, 6, 2, "PH-2", "WS-A", depends_on=["MS-A-02"]),
        _ms("MS-A-04", 13, 7, 7, 0.5, "PH-2", "WS-A", depends_on=["MS-A-03"]),
        _ms("MS-B-02", 14, 7, 8, 1.5, "PH-2", "WS-B"),
        _need("MET-A", "metric", 20, baseline=0, target=10, unit="%", direction="increase",
              scope="program", operational=False,
              measures=["MS-A-01", "MS-A-02", "MS-A-03", "MS-A-04", "MS-B-02", "PH-2"]),
        _need("QG-1", "gate", 21, phase=["PH-1"], checks=["MET-A"]),
        _need("QG-2", "gate", 22, phase=["PH-2"], checks=["MET-A"]),
        _need("RSK-A", "risk", 23, likelihood=3, impact=4, owner="A Lead",
              indicator="the chain starts a week late", contingency="add an engineer",
              threatens=["MS-A-04"], mitigated_by=["MS-A-03"], workstream=["WS-A"]),
        _need("SCN-CHAIN", "scenario", 30, revision=1, slip=["MS-A-02=+2"],
              explores=["RSK-A"]),
    ]
    return {n["id"]: n for n in found}


def graph(**changes: dict[str, Any]) -> RoadmapGraph:
    data = needs()
    for need_id, fields in changes.items():
        data[need_id.replace("_", "-")].update(fields)
    return build_graph(data, PROJECT.metamodel)
