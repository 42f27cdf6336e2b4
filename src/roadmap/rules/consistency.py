"""Consistency rules that sphinx-needs cannot express: metric direction and
roll-up, high-risk mitigation lead time, and role capacity per week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.metamodel import HIGH_RISK_THRESHOLD

METRIC_DIRECTION = Rule(
    "CONS-METRIC-DIRECTION", "Target better than baseline",
    "A metric's target is better than its baseline in its stated direction.", "graph")
METRIC_FEEDS = Rule(
    "CONS-METRIC-FEEDS", "KPIs feed program metrics",
    "A module KPI feeds at least one program success metric; a program metric feeds none.",
    "graph")
RISK_MITIGATION = Rule(
    "CONS-RISK-MITIGATION", "High risks mitigated in time",
    f"A risk scoring {HIGH_RISK_THRESHOLD} or more (likelihood x impact) has a mitigating "
    "milestone due no later than the earliest due week of what it threatens (a phase "
    "counts with its end week).", "graph")
CAPACITY = Rule(
    "CONS-CAPACITY", "No role over capacity",
    "For every resource with a capacity, the effort planned on it in any week stays within "
    "that capacity. A milestone's effort is spread evenly over its weeks and split equally "
    "across the resources with a capacity that it requires.", "graph")


def check_metric_direction(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(METRIC_DIRECTION)
    for metric in graph.of_type("metric"):
        result.checked_ids.append(metric.id)
        baseline, target = metric.number("baseline"), metric.number("target")
        direction = metric.get("direction")
        if baseline is None or target is None or direction is None:
            continue
        better = target > baseline if direction == "increase" else target < baseline
        if not better:
            result.findings.append(Finding.at(
                METRIC_DIRECTION.id, metric, f"target {target:g} is not better than baseline "
                f"{baseline:g} for direction '{direction}'"))
    return result


def check_metric_feeds(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(METRIC_FEEDS)
    for metric in graph.of_type("metric"):
        result.checked_ids.append(metric.id)
        fed = graph.targets(metric, "feeds")
        scope = metric.get("scope")
        if scope == "module" and not any(m.get("scope") == "program" for m in fed):
            result.findings.append(Finding.at(
                METRIC_FEEDS.id, metric, "is a module KPI that feeds no program success metric"))
        elif scope == "program" and fed:
            result.findings.append(Finding.at(
                METRIC_FEEDS.id, metric, f"is a program metric but feeds "
                f"{', '.join(m.id for m in fed)}"))
    return result


def risk_score(likelihood: int | None, impact: int | None) -> int | None:
    return None if likelihood is None or impact is None else likelihood * impact


def check_risk_mitigation(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(RISK_MITIGATION)
    for risk in graph.of_type("risk"):
        score = risk_score(risk.week("likelihood"), risk.week("impact"))
        if score is None or score < HIGH_RISK_THRESHOLD:
            continue
        result.checked_ids.append(risk.id)
        deadlines = [d for t in graph.targets(risk, "threatens")
                     if (d := t.week("due") if t.type == "milestone" else t.week("end"))]
        if not deadlines:
            continue  # threatening nothing is the schema rule's finding
        deadline = min(deadlines)
        mitigations = graph.targets(risk, "mitigated_by")
        dues = [due for m in mitigations if (due := m.week("due")) is not None]
        if not dues:
            result.findings.append(Finding.at(
                RISK_MITIGATION.id, risk, f"scores {score} (high) but has no mitigating "
                "milestone"))
        elif min(dues) > deadline:
            result.findings.append(Finding.at(
                RISK_MITIGATION.id, risk, f"scores {score} (high) but its earliest mitigation "
                f"is due in week {min(dues)}, after week {deadline} when threatened work is "
                "due"))
    return result


def weekly_load(graph: RoadmapGraph, milestones: Iterable[Need] | None = None
                ) -> dict[str, dict[int, float]]:
    """Planned person-weeks per capacity-bearing resource per week, over all
    milestones or the given ones (a workstream's share of the load)."""
    load: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for ms in graph.of_type("milestone") if milestones is None else milestones:
        window, effort = graph.window(ms), ms.number("effort")
        if window is None or effort is None or window.start > window.end:
            continue
        roles = [r for r in graph.targets(ms, "requires") if r.number("capacity") is not None]
        if not roles:
            continue
        share = effort / len(window.weeks()) / len(roles)
        for role in roles:
            for week in window.weeks():
                load[role.id][week] += share
    return load


def check_capacity(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(CAPACITY)
    load = weekly_load(graph)
    for resource in graph.of_type("resource"):
        capacity = resource.number("capacity")
        if capacity is None:
            continue
        result.checked_ids.append(resource.id)
        over = {w: v for w, v in sorted(load.get(resource.id, {}).items())
                if v > capacity + 1e-9}
        if over:
            weeks = ", ".join(f"week {w}: {v:.2f}" for w, v in over.items())
            result.findings.append(Finding.at(
                CAPACITY.id, resource, f"planned above its capacity of {capacity:g} "
                f"person-weeks per week ({weeks})"))
    return result


RULES = (
    (METRIC_DIRECTION, check_metric_direction),
    (METRIC_FEEDS, check_metric_feeds),
    (RISK_MITIGATION, check_risk_mitigation),
    (CAPACITY, check_capacity),
)
