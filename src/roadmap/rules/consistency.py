"""Consistency rules that sphinx-needs cannot express: metric direction and
roll-up, high-risk mitigation lead time, and role capacity per week."""

from __future__ import annotations

from roadmap import risk
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import usable_capacity, weekly_load
from roadmap.roles import DIRECTION_INCREASE, FIELDS, LINKS, SCOPE_MODULE, SCOPE_PROGRAM, TYPES
from roadmap.settings import DEFAULTS, Settings
from roadmap.suite import graph_rule

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
    "roadmap_high_risk_threshold) has a mitigating milestone due no later than the earliest "
    "due week of what it threatens (a phase counts with its end week).", "graph")
CAPACITY = Rule(
    "CONS-CAPACITY", "No role over capacity",
    "For every resource with a capacity, the effort planned on it in any week stays within "
    "that capacity, scaled to the week's working days (a four-day week gives four fifths) "
    "and less the headroom roadmap_capacity_headroom keeps free. A milestone's effort is "
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
        dues = [due for m in graph.targets(need, LINKS.mitigated_by)
                if (due := m.week(FIELDS.due)) is not None]
        if not dues:
            result.fail(need, f"scores {score} (high) but has no mitigating milestone")
        elif min(dues) > min(deadlines):
            result.fail(need, f"scores {score} (high) but its earliest mitigation is due in "
                        f"week {min(dues)}, after week {min(deadlines)} when threatened work "
                        "is due")
    return result


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
            kept = (f" less the {settings.capacity_headroom:.0%} headroom"
                    if settings.capacity_headroom else "")
            result.fail(resource, f"planned above its capacity of {capacity:g} person-weeks "
                        f"per week{kept} ({weeks})")
    return result


def _over_text(resource: Need, week: int, load: float, settings: Settings) -> str:
    """``week 3: 2.10``, with the week's reduced capacity when it has fewer working days."""
    full = (resource.number(FIELDS.capacity) or 0.0) * settings.capacity_share
    usable = usable_capacity(resource, week, settings)
    reduced = f" of {usable:.2f} (a short week)" if usable < full - 1e-9 else ""
    return f"week {week}: {load:.2f}{reduced}"
