"""Risk triggers that know the week: an early warning is judged against where its
metric should be in the week of the reading, so one that would fire on the plan's own
trajectory is refused when the plan is built (it could never tell anything).

A risk's ``fires_above`` or ``fires_below`` is read from its ``trigger_week`` on (from
week 1 when it states none), against every reading of the metric it is watched by. The
plan's own value of each week is the metric's trajectory: the baseline at week 0, the
interim targets, the target in its week, held after it (the status report judges a
measurement against the same line). On the week-1 values of the earlier register 38 of
40 risks would have fired.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.suite import graph_rule
from roadmap.tracking.measures import expected_value, trajectory

RISK_TRIGGER = Rule(
    "CONS-RISK-TRIGGER", "Early warnings that do not fire on the plan",
    "A risk's early warning on a metric (fires_above or fires_below) does not fire on the "
    "metric's own planned value (its trajectory through the interim targets) in any week "
    "from the risk's trigger_week (week 1 when it states none) to the end of the plan: a "
    "trigger that fires on plan says nothing. State the week from which the trigger is "
    "read, or move the threshold.", "graph")


def fires(value: float, above: float | None, below: float | None) -> bool:
    return (above is not None and value > above + 1e-9) or (
        below is not None and value < below - 1e-9)


def _first_quiet_week(points: list[tuple[int, float]], start: int, end: int,
                      above: float | None, below: float | None) -> int | None:
    """The first week from which the plan never fires the trigger again, if any."""
    quiet = None
    for week in range(end, start - 1, -1):
        value = expected_value(points, week)
        if value is not None and fires(value, above, below):
            break
        quiet = week
    return quiet


def _problem(graph: RoadmapGraph, risk: Need, metric: Need, horizon: int) -> str | None:
    above, below = risk.number(FIELDS.fires_above), risk.number(FIELDS.fires_below)
    points = trajectory(graph, metric)
    if (above is None) == (below is None) or not points:
        return None  # CONS-RISK-INDICATOR reports a trigger that cannot be evaluated
    start = risk.week(FIELDS.trigger_week) or 1
    for week in range(start, horizon + 1):
        value = expected_value(points, week)
        if value is None or not fires(value, above, below):
            continue
        side = f"above {above:g}" if above is not None else f"below {below:g}"
        quiet = _first_quiet_week(points, week, horizon, above, below)
        advice = (f"read it from week {quiet} (trigger_week: {quiet}), when the plan is past "
                  "it, or move the threshold" if quiet else "move the threshold")
        return (f"fires {side} on {metric.id}, whose plan is {value:.4g} in week {week}"
                f"{'' if risk.week(FIELDS.trigger_week) else ' (it states no trigger_week)'}"
                f": the warning would fire on the plan itself; {advice}")
    return None


@graph_rule(RISK_TRIGGER)
def check_risk_trigger(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(RISK_TRIGGER)
    horizon = graph.horizon
    for risk in graph.of_type(TYPES.risk):
        metrics = [w for w in graph.targets(risk, LINKS.watched_by) if w.type == TYPES.metric]
        if not metrics:
            continue
        result.checked_ids.append(risk.id)
        if (problem := _problem(graph, risk, metrics[0], horizon)) is not None:
            result.fail(risk, problem)
    return result
