"""When gates read and tests judge: a reading that starts before the work it measures
reaches production, or spans the year-end freeze, cannot be judged on its date; a test
whose verdict comes before the gate's reading, or after the gate, feeds nothing.

The red-team review found both in the plan: the phase-3 gate read 7 days of production
p95 in the week the final tuning landed (week 12, the first week after the freeze), and
the readiness test read the opex reduction at week 12 and "100 % of controls certified"
at week 16, two months before the Type II period could end.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.readings import (
    Reading,
    deliverables,
    gate_readings,
    gate_week,
    gates_checking,
    pauses_within,
    production_changes,
    ready_week,
    verdicts,
)
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.suite import graph_rule

GATE_READING = Rule(
    "CONS-GATE-READING", "Gates read what is there",
    "A quality gate states when it reads each metric it checks (reads: METRIC=FIRST-LAST "
    "for a production window of program weeks, METRIC@WEEK for a result at the end of a "
    "week), once per metric and no later than its own week. A production window starts "
    "after every production change the metric measures has reached production "
    "(in_production), unless the change is budgeted inside an availability window "
    "(budget_spend, see CONS-ERROR-BUDGET), and it does not span a pause of the program "
    "(the year-end freeze): its days would not be consecutive. A result is read no "
    "earlier than the due week of what the metric measures.", "graph")
TEST_TIMING = Rule(
    "CONS-TEST-TIMING", "Tests judge in time for their gate",
    "A test states a verdict week for every metric it verifies (verdicts: METRIC@WEEK). A "
    "verdict feeds the first gate that checks the metric in or after its week: it comes "
    "no earlier than that gate's reading of the metric ends (or, without a reading, than "
    "the due week of what the metric measures) and no later than the gate; a verdict "
    "after every gate that checks the metric feeds none.", "graph")


# ------------------------------------------------------------- gates
def _budgeted(graph: RoadmapGraph, change: Need, metric: Need) -> bool:
    """A change planned to spend an availability window's budget: the metric has an
    error budget (or feeds one that does), and the change states its allocation."""
    if change.number(FIELDS.budget_spend) is None:
        return False
    fed = [metric, *graph.targets(metric, LINKS.feeds)]
    return any(m.number(FIELDS.error_budget) is not None for m in fed)


def _window_problems(graph: RoadmapGraph, metric: Need, reading: Reading, decides: int
                     ) -> list[str]:
    """A production change the metric measures that lands inside the window, or after it
    and no later than the gate decides: the window does not show it whole."""
    problems = []
    for change in production_changes(graph, metric):
        week = change.week(FIELDS.in_production) or 0
        if not reading.first <= week <= decides or _budgeted(graph, change, metric):
            continue
        where = "inside it" if week <= reading.last else "after it, before the gate decides"
        problems.append(
            f"reads {metric.id} from {reading}, but {change.id} reaches production in week "
            f"{week}, {where}: the window starts before the work it measures is there (read "
            f"from week {week + 1}, or land {change.id} by week {reading.first - 1})")
    return problems


def _result_problems(graph: RoadmapGraph, metric: Need, reading: Reading, decides: int
                     ) -> list[str]:
    late = [m for m in deliverables(graph, metric)
            if reading.last < (m.week(FIELDS.due) or 0) <= decides]
    return [f"reads {metric.id} from {reading}, before {m.id} (due week "
            f"{m.week(FIELDS.due)}), which it measures, is delivered" for m in late]


def _reading_problems(graph: RoadmapGraph, settings: Settings, gate: Need, metric: Need,
                      reading: Reading, decides: int) -> list[str]:
    problems = []
    if reading.first > reading.last:
        return [f"reads {metric.id} over weeks {reading.first}-{reading.last}, which end "
                "before they start"]
    if reading.last > decides:
        problems.append(f"reads {metric.id} from {reading}, after its own decision in "
                        f"week {decides}")
    if reading.window:
        for pause in pauses_within(settings.calendar, reading.first, reading.last):
            problems.append(f"reads {metric.id} from {reading}, which spans the "
                            f"{pause.name} ({pause.first.isoformat()} to "
                            f"{pause.last.isoformat()}): its days are not consecutive")
        problems += _window_problems(graph, metric, reading, decides)
    else:
        problems += _result_problems(graph, metric, reading, decides)
    return problems


def _coverage_problems(gate: Need, checked: list[Need], readings: list[Reading]
                       ) -> list[str]:
    named = [r.metric for r in readings]
    problems = [f"states no reading of {m.id}, which it checks (reads: {m.id}=WEEKS or "
                f"{m.id}@WEEK)" for m in checked if m.id not in named]
    problems += [f"reads {r.metric}, which it does not check" for r in readings
                 if r.metric not in {m.id for m in checked}]
    problems += [f"reads {metric} more than once" for metric in sorted(set(named))
                 if named.count(metric) > 1]
    return problems


@graph_rule(GATE_READING)
def check_gate_reading(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(GATE_READING)
    for gate in graph.of_type(TYPES.gate):
        decides = gate_week(graph, gate)
        checked = graph.targets(gate, LINKS.checks)
        if decides is None or not checked:
            continue  # no phase or nothing checked is the schema rules' finding
        result.checked_ids.append(gate.id)
        readings = gate_readings(gate)
        for problem in _coverage_problems(gate, checked, readings):
            result.fail(gate, problem)
        by_id = {m.id: m for m in checked}
        for reading in readings:
            if reading.metric in by_id:
                for problem in _reading_problems(graph, settings, gate, by_id[reading.metric],
                                                 reading, decides):
                    result.fail(gate, problem)
    return result


# ------------------------------------------------------------- tests
def _verdict_problem(graph: RoadmapGraph, metric: Need, week: int) -> str | None:
    gates = gates_checking(graph, metric)
    if not gates:
        return None  # a KPI no gate checks: its verdict feeds the trajectory only
    fed = next(((w, g) for w, g in gates if w >= week), None)
    if fed is None:
        last_week, last = gates[-1]
        return (f"gives its verdict on {metric.id} in week {week}, after {last.id} (week "
                f"{last_week}), the last gate that checks it: the verdict feeds no gate")
    decides, gate = fed
    ready = ready_week(graph, gate, metric)
    if ready is not None and week < ready[0]:
        return (f"gives its verdict on {metric.id} in week {week} for {gate.id} (week "
                f"{decides}), but {ready[1]}: judge it in week {ready[0]} or later")
    return None


@graph_rule(TEST_TIMING)
def check_test_timing(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(TEST_TIMING)
    for test in graph.of_type(TYPES.test):
        metrics = [m for m in graph.targets(test, LINKS.verifies) if m.type == TYPES.metric]
        if not metrics:
            continue
        result.checked_ids.append(test.id)
        stated = verdicts(test)
        for metric in metrics:
            if metric.id not in {v.metric for v in stated}:
                result.fail(test, f"states no verdict week for {metric.id}, which it "
                            f"verifies (verdicts: {metric.id}@WEEK)")
        by_id = {m.id: m for m in metrics}
        for verdict in stated:
            if verdict.metric not in by_id:
                result.fail(test, f"states a verdict on {verdict.metric}, which it does not "
                            "verify")
            elif problem := _verdict_problem(graph, by_id[verdict.metric], verdict.last):
                result.fail(test, problem)
    return result
