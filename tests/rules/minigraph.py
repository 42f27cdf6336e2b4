"""A tiny roadmap that passes every rule, to break one rule at a time in unit tests.

Two phases (weeks 1-4 and 5-8), one workstream, two milestones in a chain, a
program metric fed by a module KPI, a test, a monitor, a risk, a gate per phase,
a role with a capacity and a tool, a gap and an example. Each need sits on its own
line of ``plan.md`` so findings can be checked for file and line.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from roadmap.findings import Finding, RuleResult
from roadmap.graph import RoadmapGraph, build_graph
from roadmap.inputs import from_conf
from roadmap.suite import Check, SuiteInputs, checks, run_suite

PROJECT = from_conf(Path(__file__).resolve().parents[2])

_BASE: list[dict[str, Any]] = [
    {"id": "PH-1", "type": "phase", "start": 1, "end": 4},
    {"id": "PH-2", "type": "phase", "start": 5, "end": 8},
    {"id": "WS-A", "type": "workstream", "start": 1, "end": 8, "lead": "A Lead"},
    {"id": "GAP-A", "type": "gap", "severity": "high", "baseline": 10, "unit": "%"},
    {"id": "RES-ROLE-A", "type": "resource", "kind": "role", "headcount": 2, "capacity": 2,
     "cost": 1000},
    {"id": "RES-TOOL-A", "type": "resource", "kind": "tool", "cost": 100, "booked": ["1-4"]},
    {"id": "MS-A-01", "type": "milestone", "phase": ["PH-1"], "workstream": ["WS-A"],
     "start": 1, "due": 4, "status": "planned", "owner": "A Lead", "effort": 4,
     "requires": ["RES-ROLE-A", "RES-TOOL-A"], "addresses": ["GAP-A"]},
    {"id": "MS-A-02", "type": "milestone", "phase": ["PH-2"], "workstream": ["WS-A"],
     "start": 5, "due": 8, "status": "planned", "owner": "A Lead", "effort": 4,
     "requires": ["RES-ROLE-A"], "depends_on": ["MS-A-01"]},
    {"id": "MET-A", "type": "metric", "baseline": 0, "target": 10, "unit": "%",
     "direction": "increase", "scope": "program", "operational": True,
     "measures": ["MS-A-01", "MS-A-02", "PH-2"]},
    {"id": "MET-B", "type": "metric", "baseline": 50, "target": 20, "unit": "ms",
     "direction": "decrease", "scope": "module", "operational": False,
     "measures": ["MS-A-01"], "feeds": ["MET-A"]},
    {"id": "TST-A", "type": "test", "level": "integration", "verifies": ["MET-A", "MET-B"],
     "verdicts": ["MET-B@4", "MET-A@8"]},
    {"id": "MON-A", "type": "monitor", "signal": "p95 latency", "threshold": "above 1 s",
     "pager": "SRE on call", "monitors": ["MET-A"]},
    {"id": "RSK-A", "type": "risk", "likelihood": 2, "impact": 2, "owner": "A Lead",
     "indicator": "burn-down below plan", "contingency": "cut scope of MS-A-02",
     "threatens": ["MS-A-02"], "mitigated_by": ["MS-A-01"], "workstream": ["WS-A"],
     "watched_by": ["MET-B"], "fires_above": 90},
    {"id": "QG-1", "type": "gate", "phase": ["PH-1"], "checks": ["MET-B"], "reads": ["MET-B@4"]},
    {"id": "QG-2", "type": "gate", "phase": ["PH-2"], "checks": ["MET-A"], "reads": ["MET-A@8"]},
    {"id": "EX-A", "type": "example", "path": "examples/a.py", "implements": ["MS-A-01"]},
]

LINE = {need["id"]: index * 10 + 1 for index, need in enumerate(_BASE)}


def plan(changes: Mapping[str, Mapping[str, Any] | None] | None = None
         ) -> dict[str, dict[str, Any]]:
    """The base plan as a ``needs.json``-style mapping, with ``changes`` applied: an ID
    mapped to None removes that need; a field set to None removes the field; an unknown
    ID adds a need (its ``type`` must be given)."""
    needs = {}
    for need in copy.deepcopy(_BASE):
        need.update(title=f"Title of {need['id']}", docname="plan", lineno=LINE[need["id"]])
        needs[need["id"]] = need
    for need_id, change in (changes or {}).items():
        if change is None:
            del needs[need_id]
            continue
        need = needs.setdefault(need_id, {"id": need_id, "title": need_id, "docname": "plan",
                                          "lineno": 999})
        for key, value in change.items():
            if value is None:
                need.pop(key, None)
            else:
                need[key] = value
    return needs


def graph(changes: Mapping[str, Mapping[str, Any] | None] | None = None) -> RoadmapGraph:
    return build_graph(plan(changes), PROJECT.metamodel)


def checks_of(module: ModuleType) -> list[Check]:
    """The registered checks a rule module defines."""
    return [c for c in checks() if c.module == module.__name__]


def rule_ids(module: ModuleType) -> list[str]:
    return [rule.id for c in checks_of(module) for rule in c.rules(PROJECT)]


def run_check(check: Check, plan_graph: RoadmapGraph) -> RuleResult:
    """One graph rule's result over ``plan_graph``."""
    (result,) = check.run(SuiteInputs(graph=plan_graph, project=PROJECT))
    return result


def evaluate(plan_graph: RoadmapGraph) -> list[RuleResult]:
    """The graph and schema rules of the suite over ``plan_graph``."""
    return run_suite(SuiteInputs(graph=plan_graph, project=PROJECT), reads=("graph",))


def found(result: RuleResult) -> list[tuple[str, str, str]]:
    """(rule, need, message) of every finding."""
    return [(f.rule, f.need_id, f.message) for f in result.findings]


def only(result: RuleResult) -> Finding:
    assert len(result.findings) == 1, [str(f) for f in result.findings]
    return result.findings[0]


def at(finding: Finding, need_id: str) -> None:
    """The finding names the need and where it is written."""
    assert finding.need_id == need_id
    assert (finding.file, finding.line) == ("plan.md", LINE.get(need_id, 999))
