"""A scenario applied to the plan: a second :class:`~roadmap.graph.RoadmapGraph`.

:func:`apply_scenario` applies a scenario's changes in the order they are written to a
copy of the plan, then re-plans: every milestone that now starts before a
prerequisite it depends on has finished moves later, keeping the lag the plan gave it
(none when it started in its prerequisite's due week, one week otherwise), and so on
down the chain. Nothing moves earlier on its own. The result is a consistent plan of
its own that the review engine compares with the plan (:mod:`roadmap.impact`), the
same way it compares two revisions.

What cannot be applied (an ID the plan does not have, a milestone that is done, a week
outside the weeks the metamodel allows, a negative capacity or effort) is a problem
named by :func:`problems`; a scenario with a problem is not evaluated.

A plan states a role's capacity in the weeks it differs (``capacity_weeks``); a
scenario's capacity over weeks is kept on the role as :data:`roadmap.load.CAPACITY_BY_WEEK`
on top of those, which :func:`roadmap.load.usable_capacity` reads, so the capacity rule,
the load tables and the review all see it. The role's stated cost follows: each
capacity-week gained or lost is a person-week paid or saved at the role's loaded rate
in that week (:func:`roadmap.load.rate_in`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from roadmap.config import Settings
from roadmap.errors import InputError, one_line
from roadmap.graph import Need, RoadmapGraph, Window, topological_order
from roadmap.load import CAPACITY_BY_WEEK, capacity_in, has_capacity, rate_in
from roadmap.program_schedule import dependency_map
from roadmap.roles import FIELDS, TYPES, Status
from roadmap.tracking.forecast import plan_lags
from roadmap.whatif.entries import (
    AddBuffer,
    Cancel,
    CapacityChange,
    Change,
    EffortChange,
    Extend,
    Scenario,
    Slip,
)

DEFAULT_LAST_WEEK = 26


RULE_ID = "SCENARIO-APPLIES"  # the rule that reports these problems in a build


class ScenarioError(InputError):
    """A scenario that cannot be applied to the plan: one located line per problem."""

    rule = RULE_ID

    def __init__(self, scenario: Scenario, problems: list[str]) -> None:
        super().__init__("; ".join(problems), file=scenario.file, line=scenario.line,
                         need_id=scenario.id)
        self.scenario = scenario
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(one_line(self.scenario.location, RULE_ID, self.scenario.id, p)
                         for p in self.problems)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), (self.scenario, self.problems)


def last_week(graph: RoadmapGraph) -> int:
    """The last week the metamodel allows a milestone to be due in."""
    maximum = graph.metamodel.fields.get(FIELDS.due, {}).get("schema", {}).get("maximum")
    return int(maximum) if isinstance(maximum, int) else DEFAULT_LAST_WEEK


@dataclass
class _Working:
    """The plan being changed: the fields of each need touched, copied on first write."""

    graph: RoadmapGraph
    settings: Settings
    last: int
    scenario_id: str = ""
    edited: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def fields(self, need_id: str) -> Mapping[str, Any]:
        return self.edited.get(need_id) or self.graph.needs[need_id].fields

    def week(self, need_id: str, name: str) -> int | None:
        value = self.fields(need_id).get(name)
        return int(value) if isinstance(value, int | float) and not isinstance(
            value, bool) else None

    def set(self, need_id: str, **values: Any) -> None:
        self.edited.setdefault(need_id, dict(self.graph.needs[need_id].fields)).update(values)

    def graph_of(self) -> RoadmapGraph:
        needs = dict(self.graph.needs)
        for need_id, fields in self.edited.items():
            needs[need_id] = dataclasses.replace(needs[need_id], fields=fields)
        return RoadmapGraph(needs=needs, metamodel=self.graph.metamodel,
                            origin=self.graph.origin)


# ------------------------------------------------------------------ checks of a change
def _target(work: _Working, change: Change, want: str) -> Need | None:
    need = work.graph.needs.get(change.target)
    if need is None:
        work.problems.append(f"{change}: the plan has no need {change.target}")
        return None
    if need.type != want:
        work.problems.append(f"{change}: {change.target} is a {need.type}, not a {want}")
        return None
    return need


def _open_milestone(work: _Working, change: Change, what: str) -> Need | None:
    need = _target(work, change, TYPES.milestone)
    if need is None:
        return None
    status = work.fields(need.id).get(FIELDS.status)
    if status in (Status.DONE, Status.CANCELLED):
        work.problems.append(f"{change}: {need.id} is {status}; a scenario {what} only "
                             "work still to do")
        return None
    return need


def _weeks_fit(work: _Working, change: Change, first: int, last: int) -> bool:
    if first < 1 or last > work.last:
        work.problems.append(f"{change}: weeks {first}-{last} lie outside weeks 1 to "
                             f"{work.last}, the weeks the metamodel allows")
        return False
    if first <= work.settings.as_of:
        work.problems.append(f"{change}: week {first} is not after the as-of week "
                             f"{work.settings.as_of}; a scenario changes what is still ahead")
        return False
    return True


# ------------------------------------------------------------------ the changes
def _slip(work: _Working, change: Slip) -> None:
    need = _open_milestone(work, change, "moves")
    if need is None:
        return
    if work.fields(need.id).get(FIELDS.actual_start) not in (None, ""):
        work.problems.append(f"{change}: {need.id} has started; extend it instead")
        return
    start, due = work.week(need.id, FIELDS.start), work.week(need.id, FIELDS.due)
    if start is None or due is None:
        work.problems.append(f"{change}: {need.id} has no weeks to move")
    elif change.weeks == 0:
        work.problems.append(f"{change}: a slip of 0 weeks moves nothing")
    elif _weeks_fit(work, change, start + change.weeks, due + change.weeks):
        work.set(need.id, start=start + change.weeks, due=due + change.weeks)


def _extend(work: _Working, change: Extend) -> None:
    need = _open_milestone(work, change, "extends")
    if need is None:
        return
    start, due = work.week(need.id, FIELDS.start), work.week(need.id, FIELDS.due)
    if start is None or due is None:
        work.problems.append(f"{change}: {need.id} has no weeks to extend")
    elif due + change.weeks < start or change.weeks == 0:
        work.problems.append(f"{change}: {need.id} would last "
                             f"{due + change.weeks - start + 1} weeks; at least one, and a "
                             "change of 0 weeks changes nothing")
    elif due + change.weeks > work.last:
        work.problems.append(f"{change}: due week {due + change.weeks} lies after week "
                             f"{work.last}, the last week the metamodel allows")
    else:
        work.set(need.id, due=due + change.weeks)


def _effort(work: _Working, change: EffortChange) -> None:
    need = _open_milestone(work, change, "re-estimates")
    if need is None:
        return
    effort = work.fields(need.id).get(FIELDS.effort) or 0
    value = float(effort) + change.value if change.relative else change.value
    if value < 0:
        work.problems.append(f"{change}: the effort would be {value:g} person-weeks; it "
                             "cannot be negative")
    else:
        work.set(need.id, effort=value)


def _capacity(work: _Working, change: CapacityChange) -> None:
    need = _target(work, change, TYPES.resource)
    if need is None:
        return
    if not has_capacity(need):
        work.problems.append(f"{change}: {need.id} has no capacity (a tool or service); "
                             "only a role's capacity changes")
    elif change.value < 0:
        work.problems.append(f"{change}: a capacity of {change.value:g} person-weeks is "
                             "negative; 0 means nobody")
    elif change.last < change.first:
        work.problems.append(f"{change}: the last week {change.last} comes before the first "
                             f"{change.first}")
    elif change.last <= work.settings.as_of:
        work.problems.append(f"{change}: every week of it is reported (as of week "
                             f"{work.settings.as_of}); a scenario changes what is still ahead")
    elif _weeks_fit(work, change, max(change.first, work.settings.as_of + 1), change.last):
        # the weeks already reported keep the capacity they had: the past is recorded
        weekly = dict(work.fields(need.id).get(CAPACITY_BY_WEEK) or {})
        before = {w: weekly.get(w, capacity_in(need, w))
                  for w in range(max(change.first, work.settings.as_of + 1), change.last + 1)}
        weekly.update(dict.fromkeys(before, change.value))
        work.set(need.id, **{CAPACITY_BY_WEEK: weekly, **_cost_of(work, need, before,
                                                                  change.value)})


def _cost_of(work: _Working, role: Need, before: dict[int, float], value: float
             ) -> dict[str, float]:
    """A role's stated cost with the capacity-weeks it gains or loses at its loaded
    rate (a person-week of capacity is a person-week paid); nothing without a rate."""
    cost = work.fields(role.id).get(FIELDS.cost)
    if role.number(FIELDS.rate) is None or not isinstance(cost, int | float):
        return {}
    # each week at the rate of that week (rate_weeks: a contract's end)
    gained = sum((value - old) * (rate_in(role, week) or 0.0) for week, old in before.items())
    return {FIELDS.cost: max(0.0, float(cost) + gained)}


def _cancel(work: _Working, change: Cancel) -> None:
    need = _open_milestone(work, change, "cancels")
    if need is not None:
        work.set(need.id, status=Status.CANCELLED,
                 reason=f"Cancelled in the what-if scenario {work.scenario_id}")


def _add_buffer(work: _Working, change: AddBuffer) -> None:
    phase = _target(work, change, TYPES.phase)
    if phase is None:
        return
    end = work.week(phase.id, FIELDS.end)
    if end is None or change.weeks < 1:
        work.problems.append(f"{change}: a phase with an end week gains one or more weeks")
        return
    later = [p for p in work.graph.of_type(TYPES.phase)
             if (s := work.week(p.id, FIELDS.start)) is not None and s > end]
    ends = [work.week(p.id, FIELDS.end) or 0 for p in later] + [end]
    if max(ends) + change.weeks > work.last:
        work.problems.append(f"{change}: the plan would end in week "
                             f"{max(ends) + change.weeks}, after week {work.last}, the last "
                             "week the metamodel allows")
        return
    _shift_after(work, end, change.weeks)
    buffer = work.week(phase.id, FIELDS.buffer) or 0
    work.set(phase.id, end=end + change.weeks, buffer=buffer + change.weeks)


def _shift_after(work: _Working, week: int, weeks: int) -> None:
    """Everything that starts after ``week`` moves ``weeks`` later; a workstream that
    runs past it ends that much later."""
    for need in work.graph.needs.values():
        if need.type not in (TYPES.phase, TYPES.workstream, TYPES.milestone):
            continue
        end_name = FIELDS.due if need.type == TYPES.milestone else FIELDS.end
        start, end = work.week(need.id, FIELDS.start), work.week(need.id, end_name)
        if start is None or end is None:
            continue
        if start > week:
            work.set(need.id, **{FIELDS.start: start + weeks, end_name: end + weeks})
        elif end > week and need.type == TYPES.workstream:
            work.set(need.id, **{end_name: end + weeks})


_APPLY: dict[type, Callable[[_Working, Any], None]] = {
    Slip: _slip, Extend: _extend, EffortChange: _effort, CapacityChange: _capacity,
    Cancel: _cancel, AddBuffer: _add_buffer}


# ------------------------------------------------------------------ re-planning
def _window(work: _Working, need_id: str) -> Window | None:
    start, due = work.week(need_id, FIELDS.start), work.week(need_id, FIELDS.due)
    return Window(start, due) if start is not None and due is not None else None


def replan(work: _Working, plan_lags: Mapping[tuple[str, str], int]) -> dict[str, Window]:
    """Milestones that must move later so that each starts after its prerequisites,
    with their new weeks (those that keep their weeks are left out). Read from the plan
    being changed (the links a scenario never changes are the plan's own)."""
    windows = {m.id: w for m in work.graph.of_type(TYPES.milestone)
               if (w := _window(work, m.id)) is not None
               and work.fields(m.id).get(FIELDS.status) != Status.CANCELLED}
    preds = dependency_map(work.graph, windows)
    moved: dict[str, Window] = {}
    for mid in topological_order(preds):
        planned = windows[mid]
        earliest = max([planned.start, *(windows[d].end + plan_lags.get((mid, d), 1)
                                         for d in preds[mid])])
        if earliest != planned.start:
            windows[mid] = moved[mid] = Window(earliest, earliest + planned.end - planned.start)
    return moved


# ------------------------------------------------------------------ the overlay
@dataclass(frozen=True)
class Applied:
    """A scenario applied: the plan it gives and the milestones the re-plan moved."""

    scenario: Scenario
    graph: RoadmapGraph
    pushed: dict[str, Window]  # moved by the re-plan (not by a change of their own)


def _work(graph: RoadmapGraph, scenario: Scenario, settings: Settings) -> _Working:
    work = _Working(graph, settings, last_week(graph), scenario.id)
    for change in scenario.changes:
        _APPLY[type(change)](work, change)
    if not scenario.changes:
        work.problems.append("changes nothing: give at least one slip, extend, "
                             "effort_change, capacity_change, cancel or add_buffer")
    return work


def problems(graph: RoadmapGraph, scenario: Scenario, settings: Settings) -> list[str]:
    """Why ``scenario`` cannot be applied to ``graph`` (empty when it can)."""
    return _work(graph, scenario, settings).problems


def apply_scenario(graph: RoadmapGraph, scenario: Scenario, settings: Settings) -> Applied:
    """The plan with the scenario's changes, re-planned; ScenarioError when a change
    cannot be applied."""
    work = _work(graph, scenario, settings)
    if work.problems:
        raise ScenarioError(scenario, work.problems)
    pushed = replan(work, plan_lags(graph))
    for mid, window in pushed.items():
        work.set(mid, start=window.start, due=window.end)
    return Applied(scenario, work.graph_of(), pushed)
