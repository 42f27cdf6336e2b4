"""Declared health: the weekly updates of the workstream leads and the Program Manager,
what the forecast says of the same work, and the program's roll-up.

An update (need type ``update``) declares a workstream's health (``scope: module`` and
one ``workstream`` link) or the program's (``scope: program``) in a week: on track, at
risk or off track, with what changed and what is needed. The forecast
(:mod:`roadmap.tracking.forecast`) says independently where the same work will end:
:class:`Outlook` reads it for one workstream (or the whole program) against the plan
plus the buffer its phase keeps, and against the gates its work closes. The rules
(:mod:`roadmap.rules.health`) and the status pages read the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import FIELDS, LINKS, SCOPE_PROGRAM, TYPES, Health, Status
from roadmap.tracking.forecast import Forecast

# How the program's health is rolled up from the workstreams (the pages state it).
ROLLUP_RULE = ("The program's health is the worst health that any workstream declares in "
               "its latest update (off track before at risk before on track). A workstream "
               "whose latest update is stale, or that has not reported once updates are due, "
               "counts as at risk: nobody has said it is on track.")
HEALTH_TEXT = {Health.ON_TRACK: "on track", Health.AT_RISK: "at risk",
               Health.OFF_TRACK: "off track"}


@dataclass(frozen=True)
class Update:
    need: Need
    week: int
    health: str
    scope: str | None  # the workstream's ID; None for the program

    @property
    def text(self) -> str:
        return HEALTH_TEXT.get(self.health, self.health.replace("_", " "))


def scope_of(need: Need) -> str | None:
    """The workstream an update reports on; None for the program's own update."""
    if need.get(FIELDS.scope) == SCOPE_PROGRAM:
        return None
    workstreams = need.targets_of(LINKS.workstream)
    return workstreams[0] if workstreams else None


def updates(graph: RoadmapGraph) -> list[Update]:
    """Every complete update, by week then ID (the schema rules report incomplete ones)."""
    found = []
    for need in graph.of_type(TYPES.update):
        week, health = need.week(FIELDS.week), need.get(FIELDS.health)
        if week is None or health not in Health.ORDER:
            continue
        found.append(Update(need, week, str(health), scope_of(need)))
    return sorted(found, key=lambda u: (u.week, u.need.id))


def latest_updates(graph: RoadmapGraph, as_of: int) -> dict[str | None, Update]:
    """The latest update of each workstream (and of the program, under None) reported no
    later than ``as_of``."""
    latest: dict[str | None, Update] = {}
    for update in updates(graph):
        if update.week <= as_of:
            latest[update.scope] = update
    return latest


# ------------------------------------------------------------------ the forecast's view
@dataclass(frozen=True)
class GateMove:
    gate: Need | None  # the phase's gate (None when the phase has none)
    phase: Need
    planned: int  # the phase's last week, when its gate is decided
    forecast: int  # the forecast finish of the work that holds it up


@dataclass(frozen=True)
class Outlook:
    """What the forecast says of a workstream (``scope``) or the program (None): its last
    milestone against the plan plus its phase's buffer, and the gates its work moves."""

    scope: Need | None
    last: Forecast | None  # the milestone the forecast finishes last
    planned_end: int  # the latest planned due week of its milestones
    buffer: int  # buffer weeks of the phase its planned-last milestone belongs to
    gates: tuple[GateMove, ...]

    @property
    def end_slip(self) -> int:
        """Weeks the forecast finish lies after the planned finish."""
        return self.last.window.end - self.planned_end if self.last else 0

    @property
    def late_by(self) -> int:
        """Weeks beyond the plan plus buffer (or beyond a gate): 0 when within."""
        beyond_buffer = self.end_slip if self.end_slip > self.buffer else 0
        return max([beyond_buffer, *(g.forecast - g.planned for g in self.gates)])

    def reasons(self) -> str:
        """Why it is late, in words: the last milestone and the gates that move."""
        parts = []
        if self.last is not None and self.end_slip > self.buffer:
            parts.append(f"{self.last.need.id}, its last milestone, finishes in week "
                         f"{self.last.window.end} against week {self.planned_end} planned "
                         f"+ {self.buffer} buffer week{'s' if self.buffer != 1 else ''}")
        for move in self.gates:
            name = move.gate.id if move.gate else f"the gate of {move.phase.id}"
            parts.append(f"{name} moves from week {move.planned} to week {move.forecast}")
        return "; ".join(parts)


def _buffer_of(graph: RoadmapGraph, milestone: Need) -> int:
    phase = graph.phase_of(milestone)
    return (phase.week(FIELDS.buffer) or 0) if phase else 0


def _open_gates(graph: RoadmapGraph) -> dict[str, Need | None]:
    """Phase ID -> its gate (the first by ID), for the phases whose gate is still open."""
    gates: dict[str, Need | None] = {p.id: None for p in graph.of_type(TYPES.phase)}
    decided: set[str] = set()
    for gate in sorted(graph.of_type(TYPES.gate), key=lambda n: n.id):
        for phase_id in gate.targets_of(LINKS.phase):
            if phase_id in gates and gates[phase_id] is None and phase_id not in decided:
                gates[phase_id] = gate
                if gate.get(FIELDS.status, Status.OPEN) != Status.OPEN:
                    decided.add(phase_id)
    return {p: g for p, g in gates.items() if p not in decided}


def _gate_moves(graph: RoadmapGraph, mine: list[Forecast], gates: dict[str, Need | None]
                ) -> tuple[GateMove, ...]:
    ends: dict[str, int] = {}
    for fc in mine:
        for phase_id in fc.need.targets_of(LINKS.phase)[:1]:
            ends[phase_id] = max(ends.get(phase_id, 0), fc.window.end)
    moves = []
    for phase_id in sorted(ends):
        phase = graph.needs.get(phase_id)
        planned = phase.week(FIELDS.end) if phase is not None else None
        if phase is not None and planned is not None and ends[phase_id] > planned \
                and phase_id in gates:
            moves.append(GateMove(gates[phase_id], phase, planned, ends[phase_id]))
    return tuple(moves)


def _outlook_of(graph: RoadmapGraph, scope: Need | None, mine: list[Forecast],
                gates: dict[str, Need | None]) -> Outlook:
    if not mine:
        return Outlook(scope, None, 0, 0, ())
    planned_last = max(mine, key=lambda f: (f.planned.end, f.need.id))
    last = max(mine, key=lambda f: (f.window.end, f.need.id))
    return Outlook(scope, last, planned_last.planned.end, _buffer_of(graph, planned_last.need),
                   _gate_moves(graph, mine, gates))


def outlooks(graph: RoadmapGraph, forecasts: dict[str, Forecast]
             ) -> dict[str | None, Outlook]:
    """The forecast's view of every workstream (by ID) and of the program (None), in one
    pass over the forecasts."""
    by_scope: dict[str | None, list[Forecast]] = {ws.id: []
                                                  for ws in graph.of_type(TYPES.workstream)}
    for fc in forecasts.values():
        for ws_id in dict.fromkeys(fc.need.targets_of(LINKS.workstream)):
            if ws_id in by_scope:
                by_scope[ws_id].append(fc)
    by_scope[None] = list(forecasts.values())
    gates = _open_gates(graph)
    return {scope_id: _outlook_of(graph, graph.needs[scope_id] if scope_id else None, mine,
                                  gates) for scope_id, mine in by_scope.items()}


def outlook(graph: RoadmapGraph, forecasts: dict[str, Forecast], scope: Need | None
            ) -> Outlook:
    """The forecast's view of one workstream (or, with None, of the whole program)."""
    mine = [fc for fc in forecasts.values()
            if scope is None or scope.id in fc.need.targets_of(LINKS.workstream)]
    return _outlook_of(graph, scope, mine, _open_gates(graph))


# ------------------------------------------------------------------ staleness and roll-up
def is_stale(update: Update | None, as_of: int, stale_weeks: int) -> bool:
    """Whether the latest update (None: none yet) is more than ``stale_weeks`` weeks
    older than the as-of week; with no update, week 0 counts as the last report."""
    return as_of - (update.week if update else 0) > stale_weeks


@dataclass(frozen=True)
class Rollup:
    health: str | None  # None: nothing reported and nothing due yet
    counted: tuple[tuple[Need, str, str], ...]  # (workstream, health counted, why)

    @property
    def text(self) -> str:
        return HEALTH_TEXT[self.health] if self.health else "not reported"


def rollup(graph: RoadmapGraph, latest: Mapping[str | None, Update], as_of: int,
           stale_weeks: int, workstreams: Iterable[Need] | None = None) -> Rollup:
    """The program's health from its workstreams, by :data:`ROLLUP_RULE`."""
    counted: list[tuple[Need, str, str]] = []
    for ws in workstreams if workstreams is not None else _in_order(graph):
        update = latest.get(ws.id)
        if is_stale(update, as_of, stale_weeks):
            why = f"last update week {update.week}" if update else "no update yet"
            counted.append((ws, Health.AT_RISK, f"stale: {why}"))
        elif update is not None:
            counted.append((ws, update.health, f"update of week {update.week}"))
    if not counted:
        return Rollup(None, ())
    worst = max(counted, key=lambda c: Health.ORDER.index(c[1]))[1]
    return Rollup(worst, tuple(counted))


def _in_order(graph: RoadmapGraph) -> list[Need]:
    return sorted(graph.of_type(TYPES.workstream),
                  key=lambda w: (w.week(FIELDS.start) or 0, w.id))
