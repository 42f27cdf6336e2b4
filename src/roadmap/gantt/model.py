"""The timeline's model: which bars, lanes, phases and dependencies a Gantt chart of the
milestones has (:func:`gantt_model` reads them from the needs graph: one lane per
workstream in week order, one row per milestone, the weekly checkpoints in one row of
diamonds, the finish-to-start dependencies, the phases, the calendar), and the shapes
a placed chart is made of (:class:`Text`, :class:`Rect`, :class:`Line`, :class:`Path`,
:class:`Diamond`, gathered in a :class:`Panel`).

A forecast (milestone ID -> (start week, end week)) moves a milestone's bar; a
baseline is kept beside it, so a slip shows as the gap between the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from roadmap.config import Settings
from roadmap.gantt import textwidth
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_calendar import ProgramCalendar
from roadmap.program_schedule import duration, week_order
from roadmap.roles import FIELDS, LINKS, TYPES, Status

Weeks = tuple[int, int]  # first and last week, both included
WeekMap = Mapping[str, Weeks]


# ------------------------------------------------------------------ the model
@dataclass(frozen=True)
class GanttBar:
    need: Need
    planned: Weeks
    shown: Weeks  # the forecast when there is one, else the plan
    baseline: Weeks | None
    critical: bool
    status: str

    @property
    def slipped(self) -> bool:
        return self.shown != self.planned


@dataclass(frozen=True)
class GanttLane:
    title: str
    workstream: Need | None
    bars: tuple[GanttBar, ...]
    checkpoints: tuple[GanttBar, ...] = ()


@dataclass(frozen=True)
class GanttPhase:
    need: Need
    start: int
    end: int


@dataclass(frozen=True)
class GanttModel:
    first: int
    last: int
    lanes: tuple[GanttLane, ...]
    phases: tuple[GanttPhase, ...]
    dependencies: tuple[tuple[str, str], ...]  # (prerequisite, dependant), both drawn
    calendar: ProgramCalendar
    today: float | None = None  # a position in weeks (5.5: the middle of week 6)
    today_date: date | None = None
    as_of: int = 0
    description: str = "the program"
    # what the thin bar under a bar is: the approved baseline, or the plan a change is
    # reviewed against ("base plan", drawn as a ghost of each bar)
    baseline_label: str = "baseline"
    ghosts: bool = False  # the baseline drawn as an outline of the whole bar, not a line

    @property
    def weeks(self) -> range:
        return range(self.first, self.last + 1)

    def bars(self) -> list[GanttBar]:
        return [b for lane in self.lanes for b in (*lane.bars, *lane.checkpoints)]


def _weeks_of(need: Need) -> Weeks | None:
    start, due = need.week(FIELDS.start), need.week(FIELDS.due)
    return (start, due) if duration(need) is not None and start and due else None


def _pair(weeks: Iterable[int]) -> Weeks:
    first, last = (int(w) for w in weeks)
    return first, last


def _bar(need: Need, planned: Weeks, critical: set[str], forecast: WeekMap | None,
         baseline: WeekMap | None) -> GanttBar:
    shown = _pair(forecast[need.id]) if forecast and need.id in forecast else planned
    base = _pair(baseline[need.id]) if baseline and need.id in baseline else None
    return GanttBar(need, planned, shown, base, need.id in critical,
                    str(need.get(FIELDS.status, Status.PLANNED)))


def _chart_milestones(graph: RoadmapGraph, phase: str | None, workstream: str | None
                      ) -> list[Need]:
    return [m for m in graph.of_type(TYPES.milestone)
            if _weeks_of(m) is not None
            and (phase is None or phase in m.targets_of(LINKS.phase))
            and (workstream is None or workstream in m.targets_of(LINKS.workstream))]


def _lanes(graph: RoadmapGraph, bars: list[GanttBar], settings: Settings
           ) -> tuple[GanttLane, ...]:
    grouped: dict[str | None, list[GanttBar]] = {}
    for bar in bars:
        ws_ids = bar.need.targets_of(LINKS.workstream)
        grouped.setdefault(ws_ids[0] if ws_ids else None, []).append(bar)
    order = [ws.id for ws in week_order(graph, graph.of_type(TYPES.workstream))]
    keys = [k for k in order if k in grouped] + sorted(
        (k for k in grouped if k not in order), key=lambda k: (k is None, k or ""))
    lanes = []
    for key in keys:
        ws = graph.needs.get(key) if key else None
        ordered = sorted(grouped[key], key=lambda b: (b.shown, b.need.id))
        lanes.append(GanttLane(
            ws.title if ws else (key or "No workstream"), ws,
            tuple(b for b in ordered if not settings.is_checkpoint(b.need.id)),
            tuple(b for b in ordered if settings.is_checkpoint(b.need.id))))
    return tuple(lanes)


def _phases(graph: RoadmapGraph, first: int, last: int) -> tuple[GanttPhase, ...]:
    found = []
    for p in week_order(graph, graph.of_type(TYPES.phase)):
        window = graph.window(p)
        if window and window.start <= last and window.end >= first:
            found.append(GanttPhase(p, max(window.start, first), min(window.end, last)))
    return tuple(found)


def _span(bars: list[GanttBar], graph: RoadmapGraph, phase: str | None) -> Weeks:
    if phase is not None and (window := graph.window(graph.needs[phase])):
        return window.start, window.end
    weeks = [w for b in bars for pair in (b.shown, b.baseline) if pair for w in pair]
    return (min(weeks), max(weeks)) if weeks else (1, max(graph.horizon, 1))


def today_position(calendar: ProgramCalendar, today: date | None) -> float | None:
    """Where ``today`` falls in program weeks (week 6's Wednesday: 5.5), None outside
    the calendar or in a pause."""
    if today is None:
        return None
    for week in calendar.weeks:
        if week.monday <= today <= week.friday:
            return week.number - 1 + (today - week.monday).days / 5 + 0.1
    return None


def gantt_model(
    graph: RoadmapGraph,
    settings: Settings,
    *,
    phase: str | None = None,
    workstream: str | None = None,
    critical: Iterable[str] = (),
    forecast: WeekMap | None = None,
    baseline: WeekMap | None = None,
    today: date | None = None,
    baseline_label: str = "baseline",
    ghosts: bool = False,
) -> GanttModel:
    """The milestones of the program (or of one phase or workstream) as lanes of bars."""
    critical_ids = set(critical)
    bars = [_bar(m, weeks, critical_ids, forecast, baseline)
            for m in _chart_milestones(graph, phase, workstream)
            if (weeks := _weeks_of(m)) is not None]
    first, last = _span(bars, graph, phase)
    drawn = {b.need.id for b in bars if not settings.is_checkpoint(b.need.id)}
    dependencies = tuple(sorted(
        (dep, b.need.id) for b in bars if b.need.id in drawn
        for dep in dict.fromkeys(b.need.targets_of(LINKS.depends_on))
        if dep in drawn and dep != b.need.id))
    described = (f"phase {phase}" if phase else f"workstream {workstream}" if workstream
                 else "the program")
    position = today_position(settings.calendar, today)
    if position is not None and not first - 1 <= position <= last:
        position = None
    return GanttModel(first, last, _lanes(graph, bars, settings), _phases(graph, first, last),
                      dependencies, settings.calendar, position,
                      today if position is not None else None,
                      settings.as_of if first <= settings.as_of <= last else 0, described,
                      baseline_label, ghosts)


# ------------------------------------------------------------------ shapes
@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    cls: str
    size: float
    bold: bool = False
    anchor: str = "start"  # or "middle"
    href: str | None = None
    title: str | None = None

    @property
    def width(self) -> float:
        return textwidth.width(self.text, self.size, self.bold)

    @property
    def left(self) -> float:
        return self.x - self.width / 2 if self.anchor == "middle" else self.x


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    href: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    cls: str
    title: str | None = None


@dataclass(frozen=True)
class Path:
    d: str
    cls: str
    arrow: bool = False


@dataclass(frozen=True)
class Diamond:
    x: float  # centre
    y: float
    r: float
    cls: str
    href: str | None = None
    title: str | None = None


Shape = Text | Rect | Line | Path | Diamond


@dataclass
class Panel:
    """One SVG of the chart: its size, its shapes, what it is called."""

    width: float
    height: float
    label: str
    shapes: list[Shape] = field(default_factory=list)

    def add(self, *shapes: Shape) -> None:
        self.shapes.extend(shapes)

    def texts(self) -> list[Text]:
        return [s for s in self.shapes if isinstance(s, Text)]

