"""The settings of conf.py against the plan they serve: a calendar that holds every
planned week, and a baseline that is an earlier version of this plan.

A non-working period can cover the whole calendar (or enough of it that the plan's
last weeks have no dates): every view and export then silently leaves those weeks out,
and the calendar export holds no event. A baseline file of another plan (or of this
plan before a rewrite) makes the changes page and the status report compare needs
that have nothing in common. Both are named at their line of conf.py.
"""

from __future__ import annotations

from roadmap.config import PREFIX, assignment_line
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.inputs import CONF_FILE, ProjectInputs
from roadmap.roles import FIELDS, TYPES
from roadmap.suite import Check, register

CALENDAR = Rule(
    "CONS-CALENDAR", "Every planned week has dates",
    "The program calendar (roadmap_calendar_start less roadmap_non_working) holds every "
    "week the plan names: the end of the last phase and every week a need is planned, "
    "reported or decided in.", "graph")
BASELINE = Rule(
    "CONS-BASELINE", "The baseline is of this plan",
    "The approved baseline (roadmap_baseline) is an earlier version of this plan: the same "
    "project when the file names one, and at least half of its needs still in the plan.",
    "source")

# Fields that name a program week.
WEEK_FIELDS = (FIELDS.start, FIELDS.due, FIELDS.end, FIELDS.actual_start, FIELDS.actual_end,
               FIELDS.decision_week, FIELDS.week)


def last_planned_week(graph: RoadmapGraph) -> tuple[int, str]:
    """The last week the plan names, and the need that names it."""
    last, who = graph.horizon, next((p.id for p in graph.of_type(TYPES.phase)), "")
    for need in graph.needs.values():
        fields = need.fields
        for name in WEEK_FIELDS:
            if name not in fields:  # most needs name few weeks: no call for the rest
                continue
            week = need.week(name)
            if week is not None and week > last:
                last, who = week, need.id
    return last, who


def check_calendar(graph: RoadmapGraph, project: ProjectInputs) -> RuleResult:
    result = RuleResult(CALENDAR)
    calendar = project.settings.calendar
    result.checked_ids.append(f"{PREFIX}non_working")
    last, who = last_planned_week(graph)
    weeks = len(calendar.weeks)
    if last > weeks:
        conf = project.root / CONF_FILE
        setting = "non_working" if project.settings.non_working else "calendar_start"
        have = (f"has only {weeks} program weeks" if weeks else "has no program week at all")
        result.findings.append(Finding(
            CALENDAR.id, f"{PREFIX}{setting}", f"the calendar {have} (its non-working periods "
            f"take out the rest), but the plan runs to week {last} ({who}): every planned "
            "week needs its dates; shorten the non-working periods", str(conf),
            assignment_line(conf, f"{PREFIX}{setting}")))
    return result


def check_baseline(graph: RoadmapGraph, project: ProjectInputs) -> RuleResult:
    from roadmap.tracking.baseline import BaselineError, Plan, foreign_baseline, read_plan

    result = RuleResult(BASELINE)
    path = project.baseline_path
    if path is None or not path.is_file():
        return result
    result.checked_ids.append(f"{PREFIX}baseline")
    try:
        base = read_plan(path, graph.metamodel)
    except BaselineError:
        return result  # the status and changes pages name an unreadable baseline
    plan_ids: dict[str, dict[str, object]] = {
        i: {} for i, need in graph.needs.items() if need.type != TYPES.measurement}
    head = Plan(plan_ids, "the plan")
    problem = foreign_baseline(base, head)
    if problem is not None:
        conf = project.root / CONF_FILE
        result.findings.append(Finding(
            BASELINE.id, f"{PREFIX}baseline", f"{problem}; the changes page and the status "
            "report would compare unrelated needs", str(conf),
            assignment_line(conf, f"{PREFIX}baseline")))
    return result


def _calendar_rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (CALENDAR,)


def _baseline_rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (BASELINE,)


register(Check("graph", _calendar_rules,
               lambda inputs: [check_calendar(inputs.graph, inputs.project)],
               module=__name__))
# With the project's pages only: a needs.json checked alone may be another plan's (a
# test's), which the project's baseline is rightly not of.
register(Check("sources", _baseline_rules,
               lambda inputs: [check_baseline(inputs.graph, inputs.project)],
               module=__name__))
