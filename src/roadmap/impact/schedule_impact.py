"""Schedule impact: what a change does to the program's end, each phase and gate,
each milestone's forecast, the critical path, the float of each chain and the buffers.

Both plans are forecast as of the same week (:mod:`roadmap.impact.pair`), so a moved
milestone pushes the milestones that depend on it and, through them, the gate of a
phase and the program's end. For every milestone whose forecast moves, the review
names the chain that carries the slip: from the milestone whose own plan (or
progress) changed, through each prerequisite that drives the next one's start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap.graph import Need
from roadmap.impact.pair import PlanPair, Side
from roadmap.program_schedule import critical_path
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.tracking.forecast import Forecast
from roadmap.tracking.status_report import PhaseState

DASH, ARROW = "\u2013", "\u2192"
# The fields whose change makes a milestone the origin of its own move.
OWN_FIELDS = (FIELDS.start, FIELDS.due, FIELDS.effort, FIELDS.status, FIELDS.actual_start,
              FIELDS.actual_end, FIELDS.remaining)


@dataclass(frozen=True)
class Move:
    """A week (or a number of weeks) before and after the change."""

    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def moved(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class PhaseMove:
    phase: str
    title: str
    end: Move  # the phase's planned last week
    finish: Move  # forecast finish of its last deliverable
    gate_week: Move  # when its gate can be decided
    buffer: Move  # weeks of buffer it keeps
    buffer_used: Move  # of which the forecast uses

    @property
    def moved(self) -> bool:
        return any(m.moved for m in (self.end, self.finish, self.gate_week, self.buffer,
                                     self.buffer_used))


@dataclass(frozen=True)
class GateMove:
    gate: str
    title: str
    phase: str
    week: Move


@dataclass(frozen=True)
class MilestoneMove:
    milestone: str
    title: str
    start: Move
    finish: Move
    chain: tuple[str, ...]  # from the origin of the move to this milestone
    cause: str  # what changed at the origin


@dataclass(frozen=True)
class ChainFloat:
    """The weeks the chain ending at ``end`` may still slip before it moves the gate of
    its phase (negative: it moves it)."""

    end: str
    deadline: Move
    float: Move


@dataclass(frozen=True)
class ScheduleImpact:
    as_of: int
    end: Move
    end_by: tuple[str | None, str | None]  # the milestone that finishes last
    phases: list[PhaseMove] = field(default_factory=list)
    gates: list[GateMove] = field(default_factory=list)
    moved: list[MilestoneMove] = field(default_factory=list)
    critical_before: tuple[str, ...] = ()
    critical_after: tuple[str, ...] = ()
    floats: list[ChainFloat] = field(default_factory=list)

    @property
    def joined(self) -> list[str]:
        """Milestones the change puts on the critical path."""
        return sorted(set(self.critical_after) - set(self.critical_before))

    @property
    def left(self) -> list[str]:
        """Milestones the change takes off the critical path."""
        return sorted(set(self.critical_before) - set(self.critical_after))

    @property
    def moved_gates(self) -> list[GateMove]:
        return [g for g in self.gates if g.week.moved]

    @property
    def empty(self) -> bool:
        return not (self.end.moved or self.moved or self.joined or self.left or self.floats
                    or self.moved_gates or any(p.moved for p in self.phases))


# ------------------------------------------------------------------ pieces
def _planned(need: Need | None) -> tuple[int | None, int | None]:
    return (None, None) if need is None else (need.week(FIELDS.start), need.week(FIELDS.due))


def _own_change(pair: PlanPair, mid: str) -> str | None:
    """What changed in a milestone's own fields, or None."""
    old, new = pair.base.graph.needs.get(mid), pair.head.graph.needs.get(mid)
    if old is None or new is None:
        return "added to the plan" if old is None else None
    said = [f"{name} {old.get(name, DASH)} {ARROW} {new.get(name, DASH)}"
            for name in OWN_FIELDS if old.get(name) != new.get(name)]
    deps = (set(old.targets_of(LINKS.depends_on)), set(new.targets_of(LINKS.depends_on)))
    if deps[0] != deps[1]:
        said.append("depends on " + (", ".join(sorted(deps[1])) or "nothing"))
    return "; ".join(said) or None


class _Origins:
    """For each milestone, the chain of drivers from the origin of its move: found once
    per milestone (a chain shared by many milestones is walked once)."""

    def __init__(self, pair: PlanPair) -> None:
        self.pair = pair
        self.head = pair.head.forecasts
        self.known: dict[str, tuple[tuple[str, ...], str]] = {}

    def chain(self, mid: str) -> tuple[tuple[str, ...], str]:
        """The drivers from the origin of a move to ``mid``, and what changed there."""
        walked: list[str] = []
        seen: set[str] = set()
        cursor: str | None = mid
        found: tuple[tuple[str, ...], str] | None = None
        while cursor is not None and found is None:
            if cursor in self.known:
                found = self.known[cursor]
                break
            cause = _own_change(self.pair, cursor)
            walked.append(cursor)
            seen.add(cursor)
            if cause is not None:
                found = ((), cause)
                break
            driver = self.head[cursor].driver
            cursor = driver if driver in self.head and driver not in seen else None
        prefix, cause = found if found is not None else ((), "its prerequisites changed")
        for index, need_id in enumerate(reversed(walked)):
            self.known[need_id] = (prefix + tuple(reversed(walked))[:index + 1], cause)
        return self.known[mid]


def milestone_moves(pair: PlanPair) -> list[MilestoneMove]:
    moves = []
    base, head = pair.base.forecasts, pair.head.forecasts
    origins = _Origins(pair)
    for mid in sorted(base.keys() & head.keys()):
        old, new = base[mid].window, head[mid].window
        if (old.start, old.end) == (new.start, new.end):
            continue
        chain, cause = origins.chain(mid)
        moves.append(MilestoneMove(mid, head[mid].need.title, Move(old.start, new.start),
                                   Move(old.end, new.end), chain, cause))
    return sorted(moves, key=lambda m: (-(m.finish.delta or 0), m.milestone))


def _buffer_used(state: PhaseState | None) -> int | None:
    if state is None:
        return None
    if state.deliverables_end is None:
        return 0
    free_until = state.planned_end - state.buffer
    return min(state.buffer, max(0, state.deliverables_end - free_until))


def _state_move(old: PhaseState | None, new: PhaseState | None, name: str) -> Move:
    def week(state: PhaseState | None) -> int | None:
        return None if state is None else getattr(state, name)

    return Move(week(old), week(new))


def phase_moves(pair: PlanPair) -> list[PhaseMove]:
    before = {s.phase.id: s for s in pair.base.phases}
    after = {s.phase.id: s for s in pair.head.phases}
    moves = []
    for pid in sorted(before.keys() | after.keys(),
                      key=lambda p: ((after.get(p) or before[p]).planned_end, p)):
        old, new = before.get(pid), after.get(pid)
        state = new or old
        assert state is not None
        moves.append(PhaseMove(
            pid, state.phase.title, _state_move(old, new, "planned_end"),
            _state_move(old, new, "deliverables_end"), _state_move(old, new, "gate_week"),
            _state_move(old, new, "buffer"), Move(_buffer_used(old), _buffer_used(new))))
    return moves


def _gate_weeks(side: Side) -> dict[str, tuple[Need, str, int]]:
    weeks = {s.phase.id: s.gate_week for s in side.phases}
    found = {}
    for gate in side.graph.of_type(TYPES.gate):
        phase = side.graph.phase_of(gate)
        if phase is not None and phase.id in weeks:
            found[gate.id] = (gate, phase.id, weeks[phase.id])
    return found


def gate_moves(pair: PlanPair) -> list[GateMove]:
    before, after = _gate_weeks(pair.base), _gate_weeks(pair.head)
    moves = []
    for gid in sorted(before.keys() | after.keys()):
        old, new = before.get(gid), after.get(gid)
        gate, phase, _week = new if new is not None else before[gid]
        moves.append(GateMove(gid, gate.title, phase, Move(old[2] if old else None,
                                                           new[2] if new else None)))
    return sorted(moves, key=lambda g: (g.week.after or g.week.before or 0, g.gate))


def _chain_ends(side: Side) -> dict[str, tuple[int, int]]:
    """Each milestone no other milestone depends on: (its deadline, its float)."""
    has_dependants = {dep for f in side.forecasts.values()
                      for dep in f.need.targets_of(LINKS.depends_on)}
    end = side.end.window.end if side.end else 0
    ends = {}
    for mid, fc in side.forecasts.items():
        if mid in has_dependants:
            continue
        phase = side.graph.phase_of(fc.need)
        deadline = (phase.week(FIELDS.end) if phase else None) or end
        ends[mid] = (deadline, deadline - fc.window.end)
    return ends


def chain_floats(pair: PlanPair) -> list[ChainFloat]:
    before, after = _chain_ends(pair.base), _chain_ends(pair.head)
    floats = [ChainFloat(mid, Move(before[mid][0], after[mid][0]),
                         Move(before[mid][1], after[mid][1]))
              for mid in sorted(before.keys() & after.keys()) if before[mid] != after[mid]]
    return sorted(floats, key=lambda c: (c.float.delta or 0, c.end))


def _end(side: Side) -> tuple[int | None, str | None]:
    end: Forecast | None = side.end
    return (end.window.end, end.need.id) if end else (None, None)


def schedule_impact(pair: PlanPair) -> ScheduleImpact:
    (old_end, old_by), (new_end, new_by) = _end(pair.base), _end(pair.head)
    return ScheduleImpact(
        as_of=pair.settings.as_of, end=Move(old_end, new_end), end_by=(old_by, new_by),
        phases=phase_moves(pair), gates=gate_moves(pair), moved=milestone_moves(pair),
        critical_before=tuple(sorted(critical_path(pair.base.graph).members)),
        critical_after=tuple(sorted(critical_path(pair.head.graph).members)),
        floats=chain_floats(pair))
