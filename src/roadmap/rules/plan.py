"""Plan rules that close silent passes: a needs graph with a need type missing, effort
booked on nobody, values no unit allows, and gates that check another phase's metrics.

Each of these passed every other rule: a needs.json without phases has nothing for the
coverage rules to check; a milestone that requires only a tool, or has zero effort,
adds no load, so no capacity is checked; a latency target of -400 ms is "better" than
its baseline; a gate checking a phase-4 metric has a metric to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import astuple
from typing import NamedTuple

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import has_capacity
from roadmap.roles import FIELDS, LINKS, OPTIONAL_TYPES, TYPES
from roadmap.suite import graph_rule

TYPES_PRESENT = Rule(
    "CONS-TYPES-PRESENT", "Every need type in the plan",
    "The plan holds at least one need of every type the rules read (phase, workstream, "
    "milestone, metric, ...; measurements and health updates only once a week is "
    "reported, scenarios only when someone asks what if): an empty or "
    "cut-down needs.json would otherwise pass every rule with nothing to check.", "graph")
EFFORT = Rule(
    "CONS-EFFORT", "Effort booked on a role",
    "A milestone books its effort on at least one role (a resource with a capacity), so "
    "the capacity rule sees it; a milestone that requires roles has an effort above zero "
    "(sphinx-needs stores an empty number as 0).", "graph")
UNIT_RANGE = Rule(
    "CONS-UNIT-RANGE", "Values possible for their unit",
    "A metric's or gap's baseline and target lie in the range their unit allows: no "
    "count, duration, size, money or ratio below zero; a share in per cent (a unit "
    "starting with '%') from 0 to 100, unless it is a growth ('% more', '% faster', "
    "'% increase') or a share of a budget or capacity, which can overrun it; a score "
    "'out of N' from 0 to N; only a unit that says it is a change, "
    "delta, difference or net value may go below zero.", "graph")
GATE_PHASE = Rule(
    "CONS-GATE-PHASE", "Gates check their own phase",
    "A quality gate checks at least one metric that bears on its own phase, and no metric "
    "that bears only on later phases (their work is not done when the gate is taken); a "
    "metric of an earlier phase may be checked again.", "graph")


# ------------------------------------------------------------- need types
def _type_line(graph: RoadmapGraph, need_type: str) -> int | None:
    pattern = re.compile(rf"^\[needs\.types\.{re.escape(need_type)}\]", re.MULTILINE)
    match = pattern.search(graph.metamodel.text)
    return graph.metamodel.text.count("\n", 0, match.start()) + 1 if match else None


@graph_rule(TYPES_PRESENT)
def check_types_present(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(TYPES_PRESENT)
    for need_type in (t for t in dict.fromkeys(astuple(TYPES)) if t not in OPTIONAL_TYPES):
        where = f"[needs.types.{need_type}]"
        result.checked_ids.append(where)
        if graph.of_type(need_type):
            continue
        held = f"it holds {len(graph.needs)} need(s) in all"
        if graph.origin:  # a needs.json: name it
            place = Finding(TYPES_PRESENT.id, where, f"the needs.json has no {need_type} need "
                            f"({held}): an empty or cut-down export is not a healthy plan",
                            graph.origin)
        else:  # a build: name the type's declaration
            place = Finding(TYPES_PRESENT.id, where, f"the plan has no {need_type} need "
                            f"({held}); the metamodel declares the type here",
                            str(graph.metamodel.path), _type_line(graph, need_type))
        result.findings.append(place)
    return result


# ------------------------------------------------------------- effort
@graph_rule(EFFORT)
def check_effort(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(EFFORT)
    for ms in graph.of_type(TYPES.milestone):
        result.checked_ids.append(ms.id)
        required = graph.targets(ms, LINKS.requires)
        roles = [r.id for r in required if has_capacity(r)]
        effort = ms.number(FIELDS.effort)
        if required and not roles:
            others = ", ".join(r.id for r in required)
            result.fail(ms, f"requires no role, only {others}: its effort is booked on nobody "
                        "and no capacity is checked; require the role(s) that do the work")
        elif roles and effort is not None and effort <= 0:
            result.fail(ms, f"has an effort of {effort + 0:g} person-weeks but requires "
                        f"{', '.join(roles)}: give the person-weeks it takes (an empty "
                        ":effort: is stored as 0)")
    return result


# ------------------------------------------------------------- units
class UnitRange(NamedTuple):
    pattern: str  # searched in the unit, case-insensitive
    minimum: float | None
    maximum: float | None  # None: no upper bound
    kind: str  # what the unit measures, for the message


# First match wins; "out of N" takes N as its maximum.
UNIT_RANGES: tuple[UnitRange, ...] = (
    UnitRange(r"\b(change|delta|difference|net)\b", None, None, "a signed change"),
    UnitRange(r"\bout of (?P<max>\d+(?:\.\d+)?)\b", 0, None, "a score"),
    UnitRange(r"^\s*%\s*(more|faster|higher|increase|growth)\b", 0, None, "a growth in per cent"),
    # spending against a budget or a capacity can exceed it: that is what it warns of
    UnitRange(r"^\s*%\s+of\b.*\b(budget|capacity|allowance)\b", 0, None,
              "a share of a budget in per cent"),
    UnitRange(r"^\s*%", 0, 100, "a share in per cent"),
    UnitRange(r"", 0, None, "a count, duration, size, amount or ratio"),
)


def unit_range(unit: str) -> tuple[float | None, float | None, str]:
    """The smallest and largest value ``unit`` allows, and what kind of unit it is."""
    for entry in UNIT_RANGES:
        match = re.search(entry.pattern, unit, re.IGNORECASE)
        if match is None:
            continue
        top = match.groupdict().get("max")
        return entry.minimum, float(top) if top else entry.maximum, entry.kind
    return None, None, "any"  # not reached: the last pattern matches every unit


def out_of_range(value: float, low: float | None, high: float | None) -> str | None:
    if low is not None and value < low:
        return f"below {low:g}"
    if high is not None and value > high:
        return f"above {high:g}"
    return None


@graph_rule(UNIT_RANGE)
def check_unit_range(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(UNIT_RANGE)
    for need in graph.of_type(TYPES.metric) + graph.of_type(TYPES.gap):
        unit = need.get(FIELDS.unit)
        if not isinstance(unit, str):
            continue  # a missing unit is the schema rules' finding
        result.checked_ids.append(need.id)
        low, high, kind = unit_range(unit)
        for name in (FIELDS.baseline, FIELDS.target):
            value = need.number(name)
            problem = None if value is None else out_of_range(value, low, high)
            if problem and value is not None:
                result.fail(need, f"{name} {value:g} is {problem}, impossible for its unit "
                            f"'{unit}' ({kind})")
    return result


# ------------------------------------------------------------- gates
def _phase_starts(graph: RoadmapGraph) -> dict[str, int]:
    return {p.id: w.start for p in graph.of_type(TYPES.phase) if (w := graph.window(p))}


def _later_only(phases: Iterable[str], starts: dict[str, int], own_start: int) -> bool:
    known = [starts[p] for p in phases if p in starts]
    return bool(known) and min(known) > own_start


@graph_rule(GATE_PHASE)
def check_gate_phase(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(GATE_PHASE)
    starts = _phase_starts(graph)
    for gate in graph.of_type(TYPES.gate):
        phase = graph.phase_of(gate)
        metrics = graph.targets(gate, LINKS.checks)
        if phase is None or not metrics or phase.id not in starts:
            continue  # no phase or nothing checked is the schema rules' finding
        result.checked_ids.append(gate.id)
        bearing = {m.id: graph.phase_ids_of(m) for m in metrics}
        later = [m for m in metrics if _later_only(bearing[m.id], starts, starts[phase.id])]
        for metric in later:
            result.fail(gate, f"checks {metric.id}, which bears only on "
                        f"{_phases(bearing[metric.id])}, after its phase {phase.id}")
        if not any(phase.id in bearing[m.id] for m in metrics):
            result.fail(gate, f"checks no metric of its own phase {phase.id} (it checks "
                        f"{', '.join(_described(m, bearing[m.id]) for m in metrics)})")
    return result


def _phases(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids)) or "no phase"


def _described(metric: Need, phases: set[str]) -> str:
    return f"{metric.id} of {_phases(phases)}"
