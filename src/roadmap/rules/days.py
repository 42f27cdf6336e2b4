"""Days the plan fixes: a review, an audit or a gate decision on a stated day (the ``day``
field, ``2026-01-30`` or ``2026-03-09/2026-03-12``) is a working day of the program
calendar inside the need's own weeks, and comes after the days of what it waits for.

The red-team review asked for dependencies checked "at day level where the plan names
days": the readiness review on Friday 30 January had to come after the fix window of
week 15 and before the phase-4 gate on Friday 6 February, and the week rules cannot
see an order inside one week.

*Its own weeks* are a milestone's weeks, start to due (a two-week milestone may hold
its audit in its first week: the ISO 27001 stage 1 audit of the Type I milestone), and
the week a quality gate decides (the last week of its phase).

*What it waits for* are the links that mean "finished before": a milestone's
``depends_on`` (finish-to-start) and, for a quality gate, the milestones of its phase
(a gate passes only on its phase's work done). The order is strict: the dependant's
first day comes after the prerequisite's last day, not on it. A day is the smallest
unit the plan states, so two needs on the same day have no stated order, and the
events with fixed days are the kind that read a finished result (a board reads the
evidence pack, a sponsor reads the board's recommendation, an auditor reads the
documents); a same-day hand-over is a plan with no room for the result to be written
up, which is what the review found at week level.
"""

from __future__ import annotations

from datetime import date

from roadmap.config import DEFAULTS, Settings
from roadmap.errors import InputError
from roadmap.findings import Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_calendar import ProgramCalendar, days_text, parse_days
from roadmap.program_schedule import fixed_days
from roadmap.readings import gate_week
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.suite import graph_rule

DAY_IN_WEEK = Rule(
    "CONS-DAY-WEEK", "Fixed days in their own weeks",
    "A need that fixes its day (day: YYYY-MM-DD, or YYYY-MM-DD/YYYY-MM-DD for consecutive "
    "days) is a milestone or a quality gate; its first and last day are working days of "
    "the program calendar (no weekend, no declared non-working period) inside the need's own "
    "weeks: a milestone's start to due week, the week a gate decides.", "graph")
DAY_ORDER = Rule(
    "CONS-DAY-ORDER", "Fixed days after their prerequisites' days",
    "Where a need and a need it waits for both fix their days (a milestone's depends_on; "
    "for a quality gate, the milestones of its phase), the need's first day is after the "
    "prerequisite's last day: a day is the smallest unit the plan states, so the same day "
    "gives no order.", "graph")

DayRange = tuple[date, date]


def _own_weeks(graph: RoadmapGraph, need: Need) -> tuple[int, int] | None:
    if need.type == TYPES.gate:
        week = gate_week(graph, need)
        return None if week is None else (week, week)
    due = need.week(FIELDS.due)
    if due is None:
        return None
    return need.week(FIELDS.start) or due, due


def _calendar_problems(calendar: ProgramCalendar, days: DayRange) -> list[str]:
    """The first and the last day are worked; days between them that are not (a weekend
    inside a range) are simply not worked."""
    problems = []
    for day in sorted(set(days)):
        off = calendar.day_off(day)
        if off is not None:
            problems.append(f"{days_text(day, day)} is {off}, not a working day of the "
                            "program calendar: fix a working day")
    return problems


def _week_problem(calendar: ProgramCalendar, days: DayRange, weeks: tuple[int, int]
                  ) -> str | None:
    first_week, last_week = weeks
    # A day off counts with the program week before it (CONS-DAY-WEEK says it is no
    # working day), so a Saturday is not also "outside" the week it ends.
    if all(first_week <= calendar.week_of(day) <= last_week for day in days):
        return None
    own = f"week {first_week}" if first_week == last_week else f"weeks {first_week}-{last_week}"
    span = calendar.span(first_week, last_week)
    first_day_week, last_day_week = calendar.week_of(days[0]), calendar.week_of(days[1])
    widen = (f"its last week to week {last_day_week}" if last_day_week > last_week
             else f"its first week to week {first_day_week}")
    return (f"is on {days_text(*days)}, outside its {own} ({span}): "
            f"move the day into {own} or {widen}")


def _day_problems(graph: RoadmapGraph, calendar: ProgramCalendar, need: Need) -> list[str]:
    value = str(need.get(FIELDS.day))
    try:
        days = parse_days(value)
    except InputError as error:
        return [f"day {value!r}: {error.message}"]
    weeks = _own_weeks(graph, need)
    if need.type not in (TYPES.milestone, TYPES.gate) or weeks is None:
        return [f"fixes its day ({value}) but has no weeks to hold it: a day belongs on a "
                "milestone (start to due week) or a quality gate (its phase's last week)"]
    if not 1 <= weeks[0] <= weeks[1] <= len(calendar.weeks):
        return []  # weeks outside the calendar: CONS-CALENDAR's finding
    problems = _calendar_problems(calendar, days)
    week_problem = _week_problem(calendar, days, weeks)
    return problems + ([week_problem] if week_problem else [])


@graph_rule(DAY_IN_WEEK)
def check_day_in_week(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(DAY_IN_WEEK)
    for need in graph.needs.values():
        if need.get(FIELDS.day) is None:
            continue
        result.checked_ids.append(need.id)
        for problem in _day_problems(graph, settings.calendar, need):
            result.fail(need, problem)
    return result


def prerequisites(graph: RoadmapGraph, need: Need) -> list[Need]:
    """What ``need`` waits for: a milestone's ``depends_on``; a gate's phase's milestones."""
    if need.type == TYPES.gate:
        phase = graph.phase_of(need)
        return [] if phase is None else [m for m in graph.sources(phase, LINKS.phase)
                                         if m.type == TYPES.milestone]
    return graph.targets(need, LINKS.depends_on)


@graph_rule(DAY_ORDER)
def check_day_order(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(DAY_ORDER)
    for need in graph.needs.values():
        days = fixed_days(need)
        if days is None:
            continue
        dated = [(p, d) for p in prerequisites(graph, need) if (d := fixed_days(p)) is not None]
        if not dated:
            continue
        result.checked_ids.append(need.id)
        for prerequisite, before in dated:
            if days[0] <= before[1]:
                result.fail(need, (
                    f"is on {days_text(*days)}, but {prerequisite.id}, which it waits for, is "
                    f"on {days_text(*before)}: fix a day after {days_text(before[1], before[1])}"
                    f" or move {prerequisite.id} before {days_text(days[0], days[0])}"))
    return result
