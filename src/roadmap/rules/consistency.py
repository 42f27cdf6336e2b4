"""Consistency rules that sphinx-needs cannot express: metric direction and
roll-up, high-risk mitigation lead time, and role capacity per week."""

from __future__ import annotations

from roadmap import risk
from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import capacity_in, usable_capacity, weekly_load
from roadmap.roles import (
    DIRECTION_DECREASE,
    DIRECTION_INCREASE,
    FIELDS,
    LINKS,
    SCOPE_MODULE,
    SCOPE_PROGRAM,
    TYPES,
    Status,
)
from roadmap.suite import graph_rule
from roadmap.tracking.measures import target_week

METRIC_DIRECTION = Rule(
    "CONS-METRIC-DIRECTION", "Target better than baseline",
    "A metric's target is better than its baseline in its stated direction.", "graph")
METRIC_FEEDS = Rule(
    "CONS-METRIC-FEEDS", "KPIs feed program metrics",
    "A module KPI feeds at least one program success metric; a program metric feeds none.",
    "graph")
RISK_MITIGATION = Rule(
    "CONS-RISK-MITIGATION", "High risks mitigated in time",
    "A risk scoring at or above the high-risk threshold (likelihood x impact, "
    "roadmap_high_risk_threshold) has a live mitigating milestone (not cancelled, not one "
    "it threatens) due no later than the earliest due week of what it threatens (a phase "
    "counts with its end week).", "graph")
KPI_TIMING = Rule(
    "CONS-KPI-TIMING", "KPIs delivered before the gate they feed",
    "A module KPI that feeds a program metric reaches its target (the last due week of what "
    "it measures) no later than the end of the phase of the last gate that checks that "
    "program metric, or than the program metric's own target week when no gate checks it.",
    "graph")
RISK_INDICATOR = Rule(
    "CONS-RISK-INDICATOR", "Risk indicators that can fire",
    "A risk watched by a metric has one threshold (fires_above or fires_below) on the bad "
    "side of that metric's target (meeting the target never fires it) and within the "
    "range the metric can take; a risk watched by a role's load fires below the role's "
    "capacity, since the capacity rule fails the build at it.", "graph")
CAPACITY = Rule(
    "CONS-CAPACITY", "No role over capacity",
    "For every resource with a capacity, the effort planned on it in any week stays within "
    "that capacity times the focus factor (roadmap_focus_factor: the share of a week that "
    "goes to planned work, not to meetings, reviews and interruptions), scaled to the "
    "week's working days (a four-day week gives four fifths). A milestone's effort is "
    "spread evenly over its weeks and split equally across the resources with a capacity "
    "that it requires.", "graph")


@graph_rule(METRIC_DIRECTION)
def check_metric_direction(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(METRIC_DIRECTION)
    for metric in graph.of_type(TYPES.metric):
        result.checked_ids.append(metric.id)
        baseline, target = metric.number(FIELDS.baseline), metric.number(FIELDS.target)
        direction = metric.get(FIELDS.direction)
        if baseline is None or target is None or direction is None:
            continue
        better = target > baseline if direction == DIRECTION_INCREASE else target < baseline
        if not better:
            result.fail(metric, f"target {target:g} is not better than baseline {baseline:g} "
                        f"for direction '{direction}'")
    return result


@graph_rule(METRIC_FEEDS)
def check_metric_feeds(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(METRIC_FEEDS)
    for metric in graph.of_type(TYPES.metric):
        result.checked_ids.append(metric.id)
        fed = graph.targets(metric, LINKS.feeds)
        scope = metric.get(FIELDS.scope)
        if scope == SCOPE_MODULE and not any(m.get(FIELDS.scope) == SCOPE_PROGRAM for m in fed):
            result.fail(metric, "is a module KPI that feeds no program success metric")
        elif scope == SCOPE_PROGRAM and fed:
            result.fail(metric, f"is a program metric but feeds {', '.join(m.id for m in fed)}")
    return result


def deadline(need: Need) -> int | None:
    """When threatened work is due: a milestone's due week, a phase's end week."""
    return need.week(FIELDS.due) if need.type == TYPES.milestone else need.week(FIELDS.end)


@graph_rule(RISK_MITIGATION)
def check_risk_mitigation(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(RISK_MITIGATION)
    for need in graph.of_type(TYPES.risk):
        score = risk.score(need)
        if score is None or score < settings.high_risk_threshold:
            continue
        result.checked_ids.append(need.id)
        deadlines = [d for t in graph.targets(need, LINKS.threatens) if (d := deadline(t))]
        if not deadlines:
            continue  # threatening nothing is the schema rule's finding
        mitigations = graph.targets(need, LINKS.mitigated_by)
        live = live_mitigations(need, mitigations, graph.targets(need, LINKS.threatens))
        dues = [due for m in live if (due := m.week(FIELDS.due)) is not None]
        if mitigations and not live:
            result.fail(need, f"scores {score} (high) but no live milestone mitigates it: "
                        f"{_not_live(need, mitigations, graph)}")
        elif not dues:
            result.fail(need, f"scores {score} (high) but has no mitigating milestone")
        elif min(dues) > min(deadlines):
            result.fail(need, f"scores {score} (high) but its earliest mitigation is due in "
                        f"week {min(dues)}, after week {min(deadlines)} when threatened work "
                        "is due")
    return result


def live_mitigations(risk: Need, mitigations: list[Need], threatened: list[Need]) -> list[Need]:
    """The mitigations that count: not cancelled, and not what the risk threatens (the
    work at risk cannot be its own protection)."""
    at_risk = {t.id for t in threatened}
    return [m for m in mitigations
            if m.get(FIELDS.status) != Status.CANCELLED and m.id not in at_risk]


def _not_live(risk: Need, mitigations: list[Need], graph: RoadmapGraph) -> str:
    at_risk = {t.id for t in graph.targets(risk, LINKS.threatens)}
    return "; ".join(f"{m.id} is cancelled" if m.get(FIELDS.status) == Status.CANCELLED
                     else f"{m.id} is the milestone it threatens" for m in mitigations
                     if m.get(FIELDS.status) == Status.CANCELLED or m.id in at_risk)


@graph_rule(CAPACITY)
def check_capacity(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(CAPACITY)
    load = weekly_load(graph)
    for resource in graph.of_type(TYPES.resource):
        capacity = resource.number(FIELDS.capacity)
        if capacity is None:
            continue
        result.checked_ids.append(resource.id)
        over = {w: v for w, v in sorted(load.get(resource.id, {}).items())
                if v > usable_capacity(resource, w, settings) + 1e-9}
        if over:
            weeks = ", ".join(_over_text(resource, w, v, settings) for w, v in over.items())
            focus = (f" at a focus factor of {settings.focus_factor:g}, "
                     f"{capacity * settings.focus_factor:g} for milestones"
                     if settings.focus_factor < 1 else "")
            result.fail(resource, f"planned above its capacity of {capacity:g} person-weeks "
                        f"per week{focus} ({weeks})")
    return result


def _over_text(resource: Need, week: int, load: float, settings: Settings) -> str:
    """``week 3: 2.10``, with what the week may carry when that differs from the role's
    own capacity: fewer working days (a short week) or a scenario's capacity for that
    week. A short week is judged against the capacity in force that week, so a week
    whose capacity a scenario changed is not called short when all its days work."""
    in_force = capacity_in(resource, week)
    usable = usable_capacity(resource, week, settings)
    own = resource.number(FIELDS.capacity) or 0.0
    if usable < in_force * settings.capacity_share - 1e-9:
        return f"week {week}: {load:.2f} of {usable:.2f} (a short week)"
    if abs(in_force - own) > 1e-9:
        return f"week {week}: {load:.2f} of {usable:.2f} (capacity {in_force:g} that week)"
    return f"week {week}: {load:.2f}"


def _gate_week(graph: RoadmapGraph, program: Need) -> tuple[int | None, str]:
    """When a program metric is decided: the end of the last gate's phase checking it."""
    weeks = [(end, gate.id) for gate in graph.sources(program, LINKS.checks)
             if gate.type == TYPES.gate and (phase := graph.phase_of(gate))
             and (end := phase.week(FIELDS.end)) is not None]
    if weeks:
        week, gate = max(weeks)
        return week, f"{gate} decides {program.id} in week {week}"
    own = target_week(graph, program)
    return own, f"{program.id} is due in week {own}"


@graph_rule(KPI_TIMING)
def check_kpi_timing(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(KPI_TIMING)
    for kpi in graph.of_type(TYPES.metric):
        fed = [m for m in graph.targets(kpi, LINKS.feeds) if m.get(FIELDS.scope) == SCOPE_PROGRAM]
        if kpi.get(FIELDS.scope) != SCOPE_MODULE or not fed:
            continue
        result.checked_ids.append(kpi.id)
        delivered = target_week(graph, kpi)
        for program in fed:
            deadline, why = _gate_week(graph, program)
            if delivered is not None and deadline is not None and delivered > deadline:
                result.fail(kpi, f"reaches its target in week {delivered}, after {why}: it "
                            "cannot move that metric in time")
    return result


def _range_problem(metric: Need, threshold: float) -> str | None:
    unit = str(metric.get(FIELDS.unit) or "")
    if unit.startswith("%") and not 0 <= threshold <= 100:
        return f"{threshold:g} is outside 0-100 %"
    values = [v for v in (metric.number(FIELDS.baseline), metric.number(FIELDS.target))
              if v is not None]
    if values and min(values) >= 0 and threshold < 0:
        return f"{threshold:g} is below zero, where {metric.id} never goes"
    return None


def _metric_indicator_problems(risk: Need, metric: Need) -> list[str]:
    above, below = risk.number(FIELDS.fires_above), risk.number(FIELDS.fires_below)
    if (above is None) == (below is None):
        return [f"needs exactly one of fires_above and fires_below for its early warning on "
                f"{metric.id}, so the indicator can be evaluated"]
    threshold = above if above is not None else below
    assert threshold is not None
    target, direction = metric.number(FIELDS.target), metric.get(FIELDS.direction)
    bad_side_above = direction == DIRECTION_DECREASE
    problems = []
    if (above is not None) != bad_side_above:
        side = "above" if above is not None else "below"
        problems.append(f"fires {side} {threshold:g} on {metric.id}, whose better values lie "
                        f"{side} the baseline: a good value would fire it")
    elif target is not None and (threshold < target if bad_side_above else threshold > target):
        problems.append(f"fires at {threshold:g}, on the good side of {metric.id}'s target "
                        f"{target:g}: meeting the target would fire it")
    if (problem := _range_problem(metric, threshold)) is not None:
        problems.append(f"can never fire: {problem}")
    return problems


def _load_indicator_problems(risk: Need, role: Need) -> list[str]:
    capacity, above = role.number(FIELDS.capacity), risk.number(FIELDS.fires_above)
    if capacity is None:
        return []
    if above is None:
        return [f"is watched by the load of {role.id} but has no fires_above below its "
                f"capacity of {capacity:g}"]
    if above >= capacity:
        return [f"fires above a load of {above:g} on {role.id}, which can never be planned: "
                f"the build fails above its capacity of {capacity:g}"]
    return []


@graph_rule(RISK_INDICATOR)
def check_risk_indicator(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(RISK_INDICATOR)
    for need in graph.of_type(TYPES.risk):
        watched = graph.targets(need, LINKS.watched_by)
        metrics = [w for w in watched if w.type == TYPES.metric]
        roles = [w for w in watched if w.type == TYPES.resource]
        if not metrics and not roles:
            continue
        result.checked_ids.append(need.id)
        problems = (_metric_indicator_problems(need, metrics[0]) if metrics
                    else [p for role in roles for p in _load_indicator_problems(need, role)])
        for problem in problems:
            result.fail(need, problem)
    return result
