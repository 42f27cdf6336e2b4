"""A scenario evaluated: applied to the plan (:mod:`.overlay`) and compared with it by
the review engine (:func:`roadmap.impact.impact`), the same comparison a pull request
gets. The page of a scenario, the levelled proposal's page and ``python -m roadmap
whatif`` all evaluate through :func:`evaluate`, so they say the same."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from roadmap.errors import InputError
from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.impact import Impact, ImpactError, impact
from roadmap.impact.schedule_impact import ScheduleImpact
from roadmap.impact.suspect_links import SuspectImpact
from roadmap.impact.verdict import verdict
from roadmap.inputs import ProjectInputs
from roadmap.suite import SuiteInputs, checks
from roadmap.whatif.entries import Scenario
from roadmap.whatif.overlay import Applied, ScenarioError, apply_scenario

# The rules a scenario can break: it changes weeks, effort, capacity, cancellations and
# phase ends, which the schedule, capacity, plan and tracking rules read. The schema,
# link, health and source rules read nothing a scenario changes; they are not run.
SCENARIO_RULES = ("roadmap.rules.schedule", "roadmap.rules.consistency", "roadmap.rules.plan",
                  "roadmap.rules.progress")


def scenario_rules(graph: RoadmapGraph, project: ProjectInputs) -> list[RuleResult]:
    """The results of the rules a scenario can break, over ``graph``."""
    inputs = SuiteInputs(graph=graph, project=project)
    return [result for check in checks() if check.reads == "graph"
            and check.module in SCENARIO_RULES for result in check.run(inputs)]


class EvaluationError(InputError):
    """A scenario that cannot be evaluated: why, in one located line per problem."""


@dataclass(frozen=True)
class Evaluated:
    scenario: Scenario
    applied: Applied
    impact: Impact


def evaluate(plan: RoadmapGraph, scenario: Scenario, project: ProjectInputs, *,
             rules: bool = True) -> Evaluated:
    """The scenario's plan and what it does to ``plan``; EvaluationError when it cannot
    be applied. A scenario edits no need anyone reviews, so its links have nothing to
    review: the review's suspect links are left out; of the rules, those a scenario can
    break (:data:`SCENARIO_RULES`) are compared."""
    try:
        applied = apply_scenario(plan, scenario, project.settings)
        base_results = scenario_rules(plan, project) if rules else None
        head_results = scenario_rules(applied.graph, project) if rules else None
        result = impact(plan, applied.graph, project, rules=rules, base_label="the plan",
                        head_label=f"the scenario {scenario.id}", base_results=base_results,
                        head_results=head_results)
    except ScenarioError as error:
        raise EvaluationError(str(error)) from None
    except ImpactError as error:
        raise EvaluationError(f"{scenario.id} cannot be compared with the plan: {error}"
                              ) from None
    result = dataclasses.replace(result, suspect=SuspectImpact(),
                                 schedule=_carried(result.schedule, applied, result))
    return Evaluated(scenario, applied, result)


def levelled_verdict(plan: RoadmapGraph, found: Evaluated, moves: Scenario,
                     project: ProjectInputs) -> str:
    """What the scenario does to the plan once its levelled moves are made too: one line
    of the review engine's verdict."""
    levelled = apply_scenario(found.applied.graph, moves, project.settings).graph
    result = impact(plan, levelled, project, rules=False)
    return verdict(dataclasses.replace(result, suspect=SuspectImpact()))


def _carried(schedule: ScheduleImpact, applied: Applied, result: Impact) -> ScheduleImpact:
    """The moves of the milestones the re-plan pushed, each carried by the chain from the
    milestone the scenario changed (their own weeks changed only because of it)."""
    drivers = {i: f.driver for i, f in result.compared.head.forecasts.items()}
    origins = {m.milestone: m for m in schedule.moved if m.milestone not in applied.pushed}
    moved = []
    for move in schedule.moved:
        chain = [move.milestone]
        while chain[-1] in applied.pushed and drivers.get(chain[-1]) and len(chain) < 10_000:
            chain.append(str(drivers[chain[-1]]))
        origin = origins.get(chain[-1])
        if move.milestone in applied.pushed and origin is not None:
            move = dataclasses.replace(move, chain=tuple(reversed(chain)), cause=origin.cause)
        moved.append(move)
    return dataclasses.replace(schedule, moved=moved)
