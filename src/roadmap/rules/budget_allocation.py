"""The error-budget plan: every production change inside a measured availability window
has an allocation, and the allocations fit the budget.

An availability metric states its error budget per window (``error_budget``, seconds of
full-outage equivalent); a gate that reads it over a production window of weeks is a
measured availability window. A milestone that changes production in those weeks
(``in_production`` up to the window's last week, still in progress at its first) must say
what it may spend (``budget_spend``). The red-team review found three changes inside the
phase-4 window without one: the quorum-synchronous replication roll-out, the attach of
the disaster-recovery standbys and the model's automatic fallback.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.readings import Reading, changes_inside, gate_readings
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.suite import graph_rule

ERROR_BUDGET = Rule(
    "CONS-ERROR-BUDGET", "Production changes inside the error budget",
    "Every milestone that changes production inside a window in which a gate reads an "
    "availability metric (a metric with an error_budget; reads: METRIC=FIRST-LAST) states "
    "its allocation of that budget (budget_spend, seconds of full-outage equivalent); the "
    "allocations inside one window add up to no more than the budget; and a milestone "
    "states an allocation only if it changes production inside such a window.", "graph")


def _availability_windows(graph: RoadmapGraph) -> list[tuple[Need, Need, Reading]]:
    """(gate, metric, reading) for every production window of a metric with a budget."""
    found = []
    for gate in sorted(graph.of_type(TYPES.gate), key=lambda g: g.id):
        checked = {m.id: m for m in graph.targets(gate, LINKS.checks)}
        for reading in gate_readings(gate):
            metric = checked.get(reading.metric)
            if reading.window and metric and metric.number(FIELDS.error_budget) is not None:
                found.append((gate, metric, reading))
    return found


def _seconds(value: float) -> str:
    return f"{value:g} s"


@graph_rule(ERROR_BUDGET)
def check_error_budget(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(ERROR_BUDGET)
    inside: set[str] = set()
    for gate, metric, reading in _availability_windows(graph):
        result.checked_ids.append(f"{gate.id}:{metric.id}")
        changes = changes_inside(graph, reading)
        inside.update(m.id for m in changes)
        budget = metric.number(FIELDS.error_budget) or 0.0
        for change in changes:
            if change.number(FIELDS.budget_spend) is None:
                result.fail(change, f"changes production in week "
                            f"{change.week(FIELDS.in_production)}, inside {reading} in which "
                            f"{gate.id} reads {metric.id}, but states no allocation of its "
                            f"{_seconds(budget)} error budget (budget_spend)")
        spent = sum(m.number(FIELDS.budget_spend) or 0.0 for m in changes)
        if spent > budget + 1e-9:
            parts = ", ".join(f"{m.id} {_seconds(m.number(FIELDS.budget_spend) or 0.0)}"
                              for m in changes if m.number(FIELDS.budget_spend))
            result.fail(gate, f"allocates {_seconds(spent)} to the production changes inside "
                        f"{reading} of {metric.id}, more than its error budget of "
                        f"{_seconds(budget)} ({parts})")
    for ms in graph.of_type(TYPES.milestone):
        if ms.number(FIELDS.budget_spend) is not None and ms.id not in inside:
            result.checked_ids.append(ms.id)
            result.fail(ms, "states an error-budget allocation (budget_spend) but changes "
                        "production inside no window in which a gate reads an availability "
                        "metric")
    return result
