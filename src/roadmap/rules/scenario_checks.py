"""Scenario rule: every what-if scenario of the plan can be applied to it.

A scenario names milestones, roles and phases of the plan and the weeks and values
it changes them to (:mod:`roadmap.whatif.entries`). When the plan changes under it (a
milestone renamed or done) or its author mistypes, it would silently evaluate
something else; so a scenario that names a need the plan does not have, a week
outside the weeks the metamodel allows or already past, a negative capacity or
effort, or an entry that cannot be read fails the build at the scenario.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.roles import TYPES
from roadmap.suite import graph_rule
from roadmap.whatif.entries import scenario_of
from roadmap.whatif.overlay import RULE_ID, problems

APPLIES = Rule(
    RULE_ID, "Scenarios apply to the plan",
    "Every entry of a scenario reads as its kind of change (slip and extend ID=+weeks, "
    "effort_change ID=person-weeks, capacity_change ID=person-weeks@FIRST-LAST, cancel ID, "
    "add_buffer PHASE=+weeks), names a need of the right type that is still to be done, "
    "and gives weeks after the as-of week and within the metamodel's weeks, and no "
    "negative capacity or effort; a scenario changes at least one thing.", "graph")


@graph_rule(APPLIES)
def check_scenarios(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(APPLIES)
    for need in sorted(graph.of_type(TYPES.scenario), key=lambda n: n.id):
        result.checked_ids.append(need.id)
        scenario, unreadable = scenario_of(need)
        for problem in unreadable:
            result.fail(need, problem)
        if not unreadable:
            for problem in problems(graph, scenario, settings):
                result.fail(need, problem)
    return result
