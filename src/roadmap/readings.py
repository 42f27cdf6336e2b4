"""When the plan reads what it measures: gates' readings, tests' verdicts, production
changes and bookings, as the rules and views need them.

A quality gate states for every metric it checks when it reads it (the gate's ``reads``
field): ``MET-X=11`` or ``MET-X=12-16`` is a production window of those program weeks
(7 days of p95, a 30-day availability window, four billing weeks), and ``MET-X@15`` is a
result that exists at the end of a week (a signed report, a test run, an assessment). A
milestone that changes a production system states the week the change reaches
production (``in_production``); a test states the week of its verdict per metric
(``verdicts``, ``MET-X@WEEK``); a tool, environment or service states the weeks it is
booked (``booked``). The functions here parse those fields and answer the questions the
rules ask of them; a value that cannot be read is left out here and reported by the
schema rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap.graph import Need, RoadmapGraph
from roadmap.program_calendar import CalendarError, Period, ProgramCalendar
from roadmap.program_schedule import is_checkpoint
from roadmap.roles import FIELDS, LINKS, TYPES

_READING = re.compile(r"^(?P<metric>[A-Z0-9-]+)(?:=(?P<first>\d+)(?:-(?P<last>\d+))?"
                      r"|@(?P<at>\d+))$")
_WEEKS = re.compile(r"^(?P<first>\d+)(?:-(?P<last>\d+))?$")


@dataclass(frozen=True)
class Reading:
    """One metric read by a gate (or judged by a test): a production window of weeks
    ``first``..``last``, or a result at the end of week ``last``."""

    metric: str
    first: int
    last: int
    window: bool

    def __str__(self) -> str:
        if not self.window:
            return f"the result of week {self.last}"
        return (f"the production window of week {self.first}" if self.first == self.last
                else f"the production window of weeks {self.first}-{self.last}")


def parse_reading(text: str) -> Reading | None:
    """``MET-X=11``, ``MET-X=12-16`` or ``MET-X@15``; None when it is none of them."""
    match = _READING.match(str(text).strip())
    if match is None:
        return None
    if match["at"] is not None:
        week = int(match["at"])
        return Reading(match["metric"], week, week, window=False)
    first = int(match["first"])
    last = int(match["last"]) if match["last"] else first
    return Reading(match["metric"], first, last, window=True)


def _texts(need: Need, name: str) -> list[str]:
    raw = need.get(name) or []
    return [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]


def gate_readings(gate: Need) -> list[Reading]:
    """The readings a gate states, in the order written (unreadable ones left out)."""
    return [r for text in _texts(gate, FIELDS.reads) if (r := parse_reading(text))]


def verdicts(test: Need) -> list[Reading]:
    """The verdicts a test states, each a result at the end of its week."""
    return [r for text in _texts(test, FIELDS.verdicts)
            if (r := parse_reading(text)) and not r.window]


def booked_weeks(resource: Need) -> set[int] | None:
    """The weeks a resource is booked; None when it states no booking."""
    texts = _texts(resource, FIELDS.booked)
    if not texts:
        return None
    weeks: set[int] = set()
    for text in texts:
        match = _WEEKS.match(text.strip())
        if match:
            first = int(match["first"])
            weeks.update(range(first, int(match["last"] or first) + 1))
    return weeks


def gate_week(graph: RoadmapGraph, gate: Need) -> int | None:
    """The week a gate decides: the last week of its phase."""
    phase = graph.phase_of(gate)
    return phase.week(FIELDS.end) if phase else None


def pauses_within(calendar: ProgramCalendar, first: int, last: int) -> list[Period]:
    """The non-working periods that stop the program between weeks ``first`` and
    ``last``: those that fall between two program weeks that are not consecutive
    calendar weeks. A holiday inside a week shortens it but breaks no window."""
    gaps = []
    try:
        for week in range(first, last):
            this, after = calendar.week(week), calendar.week(week + 1)
            if (after.monday - this.monday).days > 7:
                gaps.append((this.friday, after.monday))
    except CalendarError:
        return []
    return [p for p in calendar.non_working
            if any(p.first < resume and p.last > stop for stop, resume in gaps)]


def production_changes(graph: RoadmapGraph, metric: Need) -> list[Need]:
    """The milestones a metric measures that change production, by the week they do."""
    found = [m for m in graph.targets(metric, LINKS.measures)
             if m.type == TYPES.milestone and m.week(FIELDS.in_production) is not None]
    return sorted(found, key=lambda m: (m.week(FIELDS.in_production) or 0, m.id))


def deliverables(graph: RoadmapGraph, metric: Need) -> list[Need]:
    """The milestones a metric measures that deliver something (not the weekly
    checkpoints, which review the week)."""
    return [m for m in graph.targets(metric, LINKS.measures)
            if m.type == TYPES.milestone and not is_checkpoint(m)
            and m.week(FIELDS.due) is not None]


def gates_checking(graph: RoadmapGraph, metric: Need) -> list[tuple[int, Need]]:
    """The gates that check a metric, with the week each decides, earliest first."""
    found = [(week, gate) for gate in graph.sources(metric, LINKS.checks)
             if gate.type == TYPES.gate and (week := gate_week(graph, gate)) is not None]
    return sorted(found, key=lambda pair: (pair[0], pair[1].id))


def reading_of(gate: Need, metric_id: str) -> Reading | None:
    return next((r for r in gate_readings(gate) if r.metric == metric_id), None)


def ready_week(graph: RoadmapGraph, gate: Need, metric: Need) -> tuple[int, str] | None:
    """The first week a verdict on ``metric`` can serve ``gate``, and why: the end of
    the gate's reading of it, or the last due week of what the metric measures up to
    the gate when the gate states no reading."""
    reading = reading_of(gate, metric.id)
    if reading is not None:
        return reading.last, f"{gate.id} reads it from {reading}"
    decides = gate_week(graph, gate)
    dues = [(m.week(FIELDS.due) or 0, m.id) for m in deliverables(graph, metric)
            if decides is not None and (m.week(FIELDS.due) or 0) <= decides]
    if not dues:
        return None
    week, milestone = max(dues)
    return week, f"{milestone}, which it measures, is due in week {week}"


def changes_inside(graph: RoadmapGraph, reading: Reading) -> list[Need]:
    """Milestones that change production during a window: in production by its last
    week and not yet finished at its first."""
    found = [m for m in graph.of_type(TYPES.milestone)
             if (week := m.week(FIELDS.in_production)) is not None and week <= reading.last
             and (m.week(FIELDS.due) or week) >= reading.first]
    return sorted(found, key=lambda m: (m.week(FIELDS.in_production) or 0, m.id))
