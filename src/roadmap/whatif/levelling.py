"""The capacity-levelled proposal: the moves that take every role back under capacity.

:func:`level` reads the plan (or a scenario's plan) and, without writing anything,
proposes where milestones go so that no role is planned above what it may carry in
any week (:func:`roadmap.load.usable_capacity`, the capacity rule's own measure). It
works in two passes, as a planner would:

1. **Within float.** For each overloaded role-week, earliest first, a milestone that
   loads it is moved later inside its free float: it then still finishes before
   every milestone that depends on it starts (keeping the plan's lag), inside its
   phase's deliverable weeks (before the buffer) and its workstream's weeks. No date
   anyone else relies on changes. (Free float, not the total float of
   :func:`roadmap.program_schedule.slack`, which counts the dependants' own slack:
   moving a milestone within that would move its dependants too.) The milestone with
   the most float moves first, by the fewest weeks that take it out of the week, and
   only where the move overloads no other role-week.
2. **Across float.** What is still over capacity is scheduled again in dependency
   order (a serial schedule, the classic heuristic of resource-levelling tools): each
   milestone starts at its own week or after its prerequisites, whichever is later,
   and otherwise in the first week from which every role it needs has room for its
   whole length. A milestone that alone needs more of a role than the role ever has
   is stretched over more weeks at the same effort. These moves can move gates and
   the end; the proposal says which.

Milestones that are done, started, cancelled or planned to start by the as-of week
stay where they are. The proposal is a scenario (slips and extensions), so the review
engine evaluates it like any other.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from roadmap.config import Settings
from roadmap.graph import Need, RoadmapGraph, Window
from roadmap.load import has_capacity, usable_capacity
from roadmap.program_schedule import is_checkpoint
from roadmap.roles import FIELDS, LINKS, TYPES, Status
from roadmap.tracking.forecast import plan_lags
from roadmap.whatif.entries import Change, Extend, Scenario, Slip
from roadmap.whatif.overlay import apply_scenario, last_week

EPS = 1e-9
SEARCH_WEEKS = 520  # how far a milestone is looked for room before it is left as it is
LEVELLED_ID = "SCN-LEVELLED"


@dataclass
class _Task:
    need: Need
    start: int
    due: int
    effort: float
    roles: tuple[str, ...]  # the roles with a capacity it books
    movable: bool
    deps: tuple[str, ...]  # its open prerequisites
    succs: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.due - self.start + 1

    @property
    def share(self) -> float:
        """Person-weeks per role per week."""
        return self.effort / self.length / len(self.roles) if self.roles else 0.0

    def weeks(self) -> range:
        return range(self.start, self.due + 1)


@dataclass(frozen=True)
class Overload:
    role: Need
    week: int
    load: float
    capacity: float

    def __str__(self) -> str:
        return (f"{self.role.id} in week {self.week}: {self.load:.2f} of "
                f"{self.capacity:.2f} person-weeks")


@dataclass(frozen=True)
class Move:
    milestone: Need
    before: Window
    after: Window
    within_float: bool
    reason: str

    def __str__(self) -> str:
        return (f"{self.milestone.id}: weeks {_span(self.before)} -> {_span(self.after)} "
                f"({self.reason})")


def _span(window: Window) -> str:
    return str(window.start) if window.start == window.end else f"{window.start}-{window.end}"


@dataclass(frozen=True)
class Levelled:
    """The proposal: the overloads it found, the moves, and what it leaves."""

    overloads: tuple[Overload, ...]  # in the plan as it stands
    moves: tuple[Move, ...]
    remaining: tuple[Overload, ...]  # what no move could remove
    checked: int  # role-weeks after the as-of week checked against capacity
    planned_end: int
    end: int
    focus_factor: float  # the focus factor in force (the share of capacity milestone work may use)
    last_week: int = 0  # the calendar's last week, after which no milestone may be due
    past_last: tuple[tuple[str, int], ...] = ()  # (milestone, due week) after last_week

    @property
    def past_calendar(self) -> str:
        """``past week 26, the calendar's last week (MS-A-04 due in week 27)``, or "" when
        the proposal keeps every milestone within the calendar: what its summary line says
        along with the end, as the review engine's verdict does."""
        if not self.past_last:
            return ""
        due = ", ".join(f"{ms} due in week {week}" for ms, week in self.past_last)
        return f"past week {self.last_week}, the calendar's last week ({due})"

    @property
    def scenario(self) -> Scenario:
        """The proposal as a scenario of slips and extensions."""
        changes: list[Change] = []
        for move in self.moves:
            if move.after.start != move.before.start:
                changes.append(Slip(move.milestone.id, move.after.start - move.before.start))
            grown = (move.after.end - move.after.start) - (move.before.end - move.before.start)
            if grown:
                changes.append(Extend(move.milestone.id, grown))
        return Scenario(LEVELLED_ID, "Capacity-levelled proposal", tuple(changes))


# ------------------------------------------------------------------ the state
class _Schedule:
    def __init__(self, graph: RoadmapGraph, settings: Settings) -> None:
        self.graph, self.settings = graph, settings
        self.last = last_week(graph)  # no move may end after it
        self.lags = plan_lags(graph)
        self.tasks = _tasks(graph, settings.as_of)
        self.by_role: dict[str, list[_Task]] = defaultdict(list)
        for task in sorted(self.tasks.values(), key=lambda t: t.need.id):
            for role in task.roles:
                self.by_role[role].append(task)
        self.usage: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        self._caps: dict[tuple[str, int], float] = {}
        for task in self.tasks.values():
            self.book(task, 1.0)

    def cap(self, role: str, week: int) -> float:
        key = (role, week)
        if key not in self._caps:
            self._caps[key] = usable_capacity(self.graph.needs[role], week, self.settings)
        return self._caps[key]

    def book(self, task: _Task, sign: float) -> None:
        share = task.share * sign
        for role in task.roles:
            weeks = self.usage[role]
            for week in task.weeks():
                weeks[week] += share

    def over(self, role: str, week: int) -> float:
        return self.usage[role].get(week, 0.0) - self.cap(role, week)

    def overloads(self) -> list[Overload]:
        """Role-weeks over capacity after the as-of week (what is past is not moved)."""
        return [Overload(self.graph.needs[role], week, load, self.cap(role, week))
                for role in sorted(self.usage) for week, load in sorted(self.usage[role].items())
                if week > self.settings.as_of and load > self.cap(role, week) + EPS]

    def fits(self, task: _Task, start: int, length: int, roles: Iterable[str] | None = None
             ) -> bool:
        """Whether ``task`` (not booked) fits from ``start`` for ``length`` weeks."""
        share = task.effort / length / len(task.roles) if task.roles else 0.0
        return all(self.usage[role].get(week, 0.0) + share <= self.cap(role, week) + EPS
                   for role in (task.roles if roles is None else roles)
                   for week in range(start, start + length))

    def lag(self, dependant: str, prerequisite: str) -> int:
        return self.lags.get((dependant, prerequisite), 1)


def _tasks(graph: RoadmapGraph, as_of: int) -> dict[str, _Task]:
    tasks: dict[str, _Task] = {}
    for ms in graph.of_type(TYPES.milestone):
        window = graph.window(ms)
        if window is None or window.end < window.start or \
                ms.get(FIELDS.status) == Status.CANCELLED:
            continue
        roles = tuple(dict.fromkeys(r.id for r in graph.targets(ms, LINKS.requires)
                                    if has_capacity(r)))
        movable = (ms.get(FIELDS.status) in (None, "", Status.PLANNED, Status.AT_RISK)
                   and ms.week(FIELDS.actual_start) is None and window.start > as_of)
        tasks[ms.id] = _Task(ms, window.start, window.end, ms.number(FIELDS.effort) or 0.0,
                             roles, movable, ())
    for task in tasks.values():
        task.deps = tuple(d for d in dict.fromkeys(task.need.targets_of(LINKS.depends_on))
                          if d in tasks and d != task.need.id)
        for dep in task.deps:
            tasks[dep].succs.append(task.need.id)
    return tasks


# ------------------------------------------------------------------ pass 1: within float
def free_float(state: _Schedule, task: _Task) -> int:
    """Weeks ``task`` can move later without moving a dependant, leaving its phase's
    deliverable weeks or its workstream's weeks."""
    if not task.movable or is_checkpoint(task.need):
        return 0
    limits = [state.tasks[s].start - state.lag(s, task.need.id) for s in task.succs]
    phase = state.graph.phase_of(task.need)
    if phase is not None and (end := phase.week(FIELDS.end)) is not None:
        limits.append(end - (phase.week(FIELDS.buffer) or 0))
    workstream = state.graph.workstream_of(task.need)
    if workstream is not None and (end := workstream.week(FIELDS.end)) is not None:
        limits.append(end)
    return max(0, min(limits, default=task.due) - task.due)


def _shift_within(state: _Schedule, task: _Task, week: int, slack: int) -> int | None:
    """The fewest weeks that take ``task`` out of ``week`` and overload nothing new."""
    for shift in range(week - task.start + 1, slack + 1):
        if state.fits(task, task.start + shift, task.length):
            return shift
    return None


def _within_float(state: _Schedule, role: str, week: int, moves: dict[str, Move]) -> None:
    while state.over(role, week) > EPS:
        options = []
        for task in state.by_role[role]:
            if not task.start <= week <= task.due:
                continue
            slack = free_float(state, task)
            if slack <= 0:
                continue
            state.book(task, -1.0)
            shift = _shift_within(state, task, week, slack)
            state.book(task, 1.0)
            if shift is not None:
                options.append((shift, -slack, task.need.id, task))
        if not options:
            return
        shift, slack, _, task = min(options, key=lambda o: o[:3])
        before = Window(task.start, task.due)
        state.book(task, -1.0)
        task.start, task.due = task.start + shift, task.due + shift
        state.book(task, 1.0)
        moves[task.need.id] = Move(task.need, before, Window(task.start, task.due), True,
                                   f"within its float of {-slack} week"
                                   f"{'s' if slack != -1 else ''}: {role} is over capacity "
                                   f"in week {week}")


# ------------------------------------------------------------------ pass 2: across float
def _order(state: _Schedule) -> list[_Task]:
    """Dependency order, earliest start first (then ID)."""
    pending = {i: len(t.deps) for i, t in state.tasks.items()}
    ready = [(t.start, i) for i, t in state.tasks.items() if not t.deps]
    heapq.heapify(ready)
    order = []
    while ready:
        _, task_id = heapq.heappop(ready)
        task = state.tasks[task_id]
        order.append(task)
        for succ in task.succs:
            pending[succ] -= 1
            if pending[succ] == 0:
                heapq.heappush(ready, (state.tasks[succ].start, succ))
    return order


def _needed_length(state: _Schedule, task: _Task) -> int:
    """The weeks ``task`` needs so that its share fits the roles' usual capacity."""
    share = state.settings.capacity_share
    usual = min(((state.graph.needs[r].number(FIELDS.capacity) or 0.0) * share
                 for r in task.roles), default=0.0)
    if not task.roles or usual <= EPS or task.share <= usual + EPS:
        return task.length
    return max(task.length, math.ceil(task.effort / len(task.roles) / usual - EPS))


def _place(state: _Schedule, task: _Task, earliest: int) -> tuple[int, int] | None:
    length = _needed_length(state, task)
    # a move past the calendar's last week is no proposal a scenario can make: the
    # milestone stays where it is and its overload is left for people to resolve
    latest = min(earliest + SEARCH_WEEKS, state.last - length + 2)
    for start in range(earliest, latest):
        if state.fits(task, start, length):
            return start, length
    return None


def _reason(state: _Schedule, task: _Task, earliest: int, start: int, waited: str | None,
            stretched: bool) -> str:
    """Why a milestone moved across its float: what it waits for, which role had no
    room, whether it was stretched."""
    parts = []
    if waited:
        parts.append(f"waits for {waited}")
    if start > earliest:
        blocked = next((r for r in task.roles if not state.fits(task, earliest, task.length,
                                                                [r])), task.roles[0])
        parts.append(f"{blocked} has no room from week {earliest}")
    if stretched:
        parts.append("stretched: it needs more of a role per week than the role has")
    return "; ".join(parts) or "re-scheduled"


def _across_float(state: _Schedule, moves: dict[str, Move]) -> None:
    """A serial schedule: the fixed milestones stay booked, the movable ones are taken
    off and booked again one by one, in dependency order, where they fit."""
    order = _order(state)
    for task in order:
        if task.movable:
            state.book(task, -1.0)
    for task in order:
        if not task.movable:
            continue
        ready = {d: state.tasks[d].due + state.lag(task.need.id, d) for d in task.deps}
        earliest = max([task.start, *ready.values()])
        waited = min((d for d, week in ready.items() if week == earliest > task.start),
                     default=None)
        placed = (task.start, task.length) if earliest == task.start and state.fits(
            task, task.start, task.length) else _place(state, task, earliest)
        if placed is not None and placed != (task.start, task.length):
            before = moves[task.need.id].before if task.need.id in moves else Window(
                task.start, task.due)
            start, length = placed
            reason = _reason(state, task, earliest, start, waited, length > task.length)
            task.start, task.due = start, start + length - 1
            moves[task.need.id] = Move(task.need, before, Window(task.start, task.due), False,
                                       reason)
        state.book(task, 1.0)


# ------------------------------------------------------------------ the proposal
def level(graph: RoadmapGraph, settings: Settings) -> Levelled:
    """The proposal that removes every overload it can; the plan is not changed."""
    state = _Schedule(graph, settings)
    found = state.overloads()
    checked = sum(1 for weeks in state.usage.values() for week in weeks
                  if week > settings.as_of)
    planned_end = max((t.due for t in state.tasks.values()), default=0)
    moves: dict[str, Move] = {}
    for overload in found:
        _within_float(state, overload.role.id, overload.week, moves)
    if state.overloads():
        _across_float(state, moves)
    kept = {i: m for i, m in moves.items() if m.before != m.after}
    ordered = sorted(kept.values(), key=lambda m: (m.after.start, m.milestone.id))
    proposal = Levelled(tuple(found), tuple(ordered), tuple(state.overloads()), checked,
                        planned_end, planned_end, settings.focus_factor, state.last)
    dues = _applied_dues(graph, proposal, settings)
    return dataclasses.replace(
        proposal, end=max(dues.values(), default=0) if proposal.moves else planned_end,
        past_last=tuple(sorted((ms, week) for ms, week in dues.items() if week > state.last)))


def _applied_dues(graph: RoadmapGraph, proposal: Levelled, settings: Settings
                  ) -> dict[str, int]:
    """Each live milestone's due week in the plan with the proposal made: what the review
    engine reports. A milestone left where it is (no room before the calendar's last
    week) still waits for a prerequisite the proposal moved, so the overlay carries it
    later, and the end is where it lands, not the last week the levelling booked."""
    levelled = apply_scenario(graph, proposal.scenario, settings).graph if proposal.moves \
        else graph
    return {ms.id: window.end for ms in levelled.of_type(TYPES.milestone)
            if ms.get(FIELDS.status) != Status.CANCELLED
            and (window := levelled.window(ms)) is not None}
