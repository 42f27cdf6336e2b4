"""Health rules: a declared health is a fact of its week and agrees with the forecast.

An update reports a week that has been reported (no later than the as-of week), on one
workstream or on the program, once per week. A latest update that says "on track"
while the forecast puts the workstream's last milestone beyond its plan plus buffer,
or moves a gate its work closes, contradicts the plan's own numbers: an error. A
workstream that has not updated its health for longer than the configured number of
weeks is a warning (shown on the status page and by ``roadmap check``; it fails only
``roadmap check --strict``).
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, PREFIX, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import FIELDS, LINKS, SCOPE_PROGRAM, TYPES, Health
from roadmap.suite import graph_rule
from roadmap.tracking.forecast import forecast
from roadmap.tracking.health_updates import is_stale, latest_updates, outlooks, updates

UPDATE = Rule(
    "HEALTH-UPDATE", "Health updates report a reported week",
    "A health update's week is no later than the as-of week (roadmap_as_of); a workstream's "
    "update (scope module) names exactly one workstream and the program's (scope program) "
    "none; there is one update per workstream (or program) and week.", "graph")
ON_TRACK = Rule(
    "HEALTH-ON-TRACK", "Declared on track agrees with the forecast",
    "The latest update of a workstream (or the program) declares it on track only while the "
    "forecast keeps its last milestone within its plan plus the buffer of that milestone's "
    "phase, and moves no gate of a phase its milestones belong to.", "graph")
STALE = Rule(
    "HEALTH-STALE", "Health updates are current",
    "Every workstream has a health update no more than roadmap_health_stale_weeks weeks older "
    "than the as-of week (before any update, week 0 counts as the last report). A warning: "
    "the status report and the dashboard show it; the build goes on.", "graph",
    severity="warning")


def _shape_problems(graph: RoadmapGraph, need: Need, as_of: int) -> list[str]:
    problems = []
    week = need.week(FIELDS.week)
    if week is not None and week > as_of:
        problems.append(f"reports week {week}, after the as-of week {as_of} (health is "
                        f"declared only for reported weeks)")
    workstreams = need.targets_of(LINKS.workstream)
    program = need.get(FIELDS.scope) == SCOPE_PROGRAM
    if program and workstreams:
        problems.append(f"is the program's update (scope program) but names "
                        f"{', '.join(workstreams)}; a workstream's update has scope module")
    if not program and len(workstreams) != 1:
        problems.append(f"is a workstream's update (scope module) but names "
                        f"{len(workstreams)} workstreams; expected exactly one")
    return problems


@graph_rule(UPDATE)
def check_updates(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(UPDATE)
    for need in graph.of_type(TYPES.update):
        result.checked_ids.append(need.id)
        for problem in _shape_problems(graph, need, settings.as_of):
            result.fail(need, problem)
    seen: dict[tuple[str | None, int], str] = {}
    for update in updates(graph):
        key = (update.scope, update.week)
        if key in seen:
            result.fail(update.need, f"reports week {update.week} of "
                        f"{update.scope or 'the program'} again (also {seen[key]}): one "
                        "update per workstream and week")
        seen.setdefault(key, update.need.id)
    return result


@graph_rule(ON_TRACK)
def check_on_track(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(ON_TRACK)
    latest = latest_updates(graph, settings.as_of)
    if not latest:
        return result
    views = outlooks(graph, forecast(graph, settings.as_of))
    for scope_id, update in sorted(latest.items(), key=lambda item: item[1].need.id):
        result.checked_ids.append(update.need.id)
        if update.health != Health.ON_TRACK or scope_id not in views:
            continue  # at risk or off track; or a dangling workstream link the build reports
        view = views[scope_id]
        if view.late_by > 0:
            weeks = f"{view.late_by} week{'s' if view.late_by != 1 else ''}"
            result.fail(update.need, f"declared on track, forecast +{weeks}: "
                        f"{view.reasons()} (as of week {settings.as_of}); declare it at risk "
                        "or off track, or re-plan")
    return result


@graph_rule(STALE)
def check_stale(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(STALE)
    latest = latest_updates(graph, settings.as_of)
    for ws in sorted(graph.of_type(TYPES.workstream), key=lambda n: n.id):
        result.checked_ids.append(ws.id)
        update = latest.get(ws.id)
        if not is_stale(update, settings.as_of, settings.health_stale_weeks):
            continue
        since = (f"since {update.need.id} of week {update.week}" if update
                 else "at all (week 0 counts as the last report)")
        result.fail(ws, f"has no health update {since}, more than "
                    f"{settings.health_stale_weeks} weeks before the as-of week "
                    f"{settings.as_of} ({PREFIX}health_stale_weeks)")
    return result
