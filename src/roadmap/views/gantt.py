"""The timeline laid out at build time: which bars, lanes, arrows and lines a Gantt chart
of the milestones has, and where each of them goes.

:func:`gantt_model` reads the needs graph (one lane per workstream in week order, one
row per milestone, the weekly checkpoints in one row of diamonds, the finish-to-start
dependencies, the phases, the calendar); :func:`gantt_layout` places every shape and
every text in three panels: the label column on the left (each milestone's ID and its
title, wrapped at a word, never cut), the week axis on top (phases, week numbers that
link to the week pages, months and dates), and the bars. Nothing is placed where
another text is: a label has its own row, an axis text its own week. The SVG writer
(:mod:`roadmap.views.svg`) only writes what is placed here.

A forecast (milestone ID -> (start week, end week)) moves a milestone's bar; a
baseline draws a thin bar under it, so a slip shows as the gap between the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from roadmap.config import Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_calendar import ProgramCalendar
from roadmap.program_schedule import duration, week_order
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.views import textwidth

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
                    str(need.get(FIELDS.status, "planned")))


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
                      settings.as_of if first <= settings.as_of <= last else 0, described)


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


@dataclass(frozen=True)
class Style:
    """The chart's dimensions in px."""

    label_width: float = 300  # the label column
    compact_width: float = 92  # the label column on a phone: IDs only
    target_width: float = 1080  # label column and weeks together, when weeks allow
    min_week: float = 30
    max_week: float = 64
    font: float = 11
    small: float = 10
    line: float = 13  # line height of a label
    pad: float = 4
    bar: float = 12
    row_min: float = 22
    lane_row: float = 22
    axis_rows: tuple[float, ...] = (18, 16, 14, 14)  # phases, weeks, months, Mondays


STYLE = Style()


@dataclass
class GanttLayout:
    model: GanttModel
    style: Style
    week_width: float
    labels: Panel
    compact: Panel
    axis: Panel
    bars: Panel
    legend: list[tuple[str, str]]  # (swatch class, text)
    marker_id: str

    def x(self, week: float) -> float:
        """The left edge of week ``week`` (1-based; fractions inside the week)."""
        return (week - self.model.first) * self.week_width


@dataclass(frozen=True)
class Row:
    top: float
    height: float
    kind: str  # "lane" (a workstream's header), "milestone" or "checkpoints"
    lane: GanttLane
    bar: GanttBar | None = None

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


# ------------------------------------------------------------------ layout
Href = Callable[[Need], str]
WeekHref = Callable[[int], str | None]


def _label_lines(bar: GanttBar, style: Style) -> tuple[list[str], float]:
    """The title's lines next to the bold ID (first line) and below it; the ID's width."""
    room = style.label_width - 2 * style.pad - 4
    id_width = textwidth.width(bar.need.id + " ", style.font, bold=True)
    return textwidth.wrap(bar.need.title, room, style.font, room - id_width), id_width


def _milestone_label(panel: Panel, compact: Panel, bar: GanttBar, top: float, style: Style,
                     href: Href) -> float:
    lines, id_width = _label_lines(bar, style)
    height = max(style.row_min, 2 * style.pad + style.line * len(lines))
    first = top + style.pad + style.line - 3
    link = href(bar.need)
    tip = f"{bar.need.id}: {bar.need.title}"
    panel.add(Text(style.pad, first, bar.need.id, "id", style.font, bold=True, href=link,
                   title=tip))
    for index, text in enumerate(lines):
        x = style.pad + (id_width if index == 0 else 0)
        panel.add(Text(x, first + index * style.line, text, "title", style.font))
    # the phone's column of IDs: the ID in the middle of its row
    compact.add(Text(style.pad, top + height / 2 + style.font * 0.35, bar.need.id, "id",
                     style.font, bold=True, href=link, title=tip))
    return height


def _lane_label(panel: Panel, compact: Panel, lane: GanttLane, top: float, style: Style
                ) -> float:
    name = f"{lane.title} ({lane.workstream.id})" if lane.workstream else lane.title
    lines = textwidth.wrap(name, style.label_width - 2 * style.pad, style.small, bold=True)
    height = max(style.lane_row, 2 * style.pad + style.line * len(lines))
    for index, text in enumerate(lines):
        panel.add(Text(style.pad, top + style.pad + style.line - 3 + index * style.line, text,
                       "lane", style.small, bold=True))
    short = lane.workstream.id if lane.workstream else "\u2013"
    if textwidth.width(short, style.small, True) <= style.compact_width - 2 * style.pad:
        compact.add(Text(style.pad, top + style.pad + style.line - 3, short, "lane",
                         style.small, bold=True))
    return height


def _checkpoint_label(panel: Panel, compact: Panel, lane: GanttLane, top: float,
                      style: Style) -> float:
    first, last = lane.checkpoints[0].need.id, lane.checkpoints[-1].need.id
    lines = textwidth.wrap(f"Weekly checkpoints, {first} to {last}",
                           style.label_width - 2 * style.pad, style.font)
    height = max(style.row_min, 2 * style.pad + style.line * len(lines))
    for index, text in enumerate(lines):
        panel.add(Text(style.pad, top + style.pad + style.line - 3 + index * style.line, text,
                       "title", style.font))
    compact.add(Text(style.pad, top + style.pad + style.line - 3, "Checkpoints", "title",
                     style.small))
    return height


def _rows(model: GanttModel, labels: Panel, compact: Panel, style: Style, href: Href
          ) -> list[Row]:
    rows: list[Row] = []
    top = 0.0
    for lane in model.lanes:
        height = _lane_label(labels, compact, lane, top, style)
        rows.append(Row(top, height, "lane", lane))
        top += height
        for bar in lane.bars:
            height = _milestone_label(labels, compact, bar, top, style, href)
            rows.append(Row(top, height, "milestone", lane, bar))
            top += height
        if lane.checkpoints:
            height = _checkpoint_label(labels, compact, lane, top, style)
            rows.append(Row(top, height, "checkpoints", lane))
            top += height
    labels.height = compact.height = top
    return rows


def _week_width(model: GanttModel, style: Style) -> float:
    weeks = len(model.weeks)
    room = (style.target_width - style.label_width) / max(weeks, 1)
    return max(style.min_week, min(style.max_week, room))


def _axis_phases(layout: GanttLayout) -> None:
    style, axis = layout.style, layout.axis
    height = style.axis_rows[0]
    for index, phase in enumerate(layout.model.phases):
        left, right = layout.x(phase.start), layout.x(phase.end + 1)
        axis.add(Rect(left, 0, right - left, height, f"phase-band phase-{index % 2}",
                      title=f"{phase.need.id} {phase.need.title}, weeks {phase.start}"
                      f"\u2013{phase.end}"))
        room = right - left - 2 * style.pad
        text = next((t for t in (f"{phase.need.id} {phase.need.title}", phase.need.id)
                     if textwidth.width(t, style.small, True) <= room), None)
        if text:
            axis.add(Text((left + right) / 2, height - 5, text, "phase", style.small,
                          bold=True, anchor="middle"))


def _axis_weeks(layout: GanttLayout, week_href: WeekHref) -> None:
    style, axis, model = layout.style, layout.axis, layout.model
    top = style.axis_rows[0]
    bottom = top + style.axis_rows[1]
    for week in model.weeks:
        centre = layout.x(week + 0.5)
        label = f"W{week}"
        tip = f"Week {week}"
        if 1 <= week <= len(model.calendar.weeks):
            tip += f", {model.calendar.week(week).label()}"
        if textwidth.width(label, style.small, True) > layout.week_width - 2:
            label = str(week)
        axis.add(Text(centre, bottom - 4, label, "week", style.small, bold=True,
                      anchor="middle", href=week_href(week), title=tip))


def _calendar_weeks(model: GanttModel) -> list[int]:
    return [w for w in model.weeks if 1 <= w <= len(model.calendar.weeks)]


def _axis_days(layout: GanttLayout) -> None:
    """The day of each week's Monday."""
    style, model = layout.style, layout.model
    base = sum(style.axis_rows) - 3
    for week in _calendar_weeks(model):
        monday = model.calendar.week(week).monday
        layout.axis.add(Text(layout.x(week + 0.5), base, str(monday.day), "day", style.small,
                             anchor="middle"))


def _axis_months(layout: GanttLayout) -> None:
    """The month where the month of the Mondays changes, with the year the first time a
    year shows; a name that would run into the previous one is left out."""
    style, model, axis = layout.style, layout.model, layout.axis
    base = sum(style.axis_rows[:3]) - 3
    free_from, shown_year, previous = 0.0, 0, 0
    for week in _calendar_weeks(model):
        monday = model.calendar.week(week).monday
        if monday.month == previous:
            continue
        previous = monday.month
        left = layout.x(week) + 2
        names = [monday.strftime("%b")]
        if monday.year != shown_year:
            names.insert(0, f"{names[0]} {monday.year}")
        for text in names:
            right = left + textwidth.width(text, style.small)
            if left >= free_from and right <= axis.width:
                axis.add(Text(left, base, text, "month", style.small))
                free_from = right + 6
                shown_year = monday.year if text != names[-1] or len(names) == 1 else shown_year
                break


def _grid(layout: GanttLayout, rows: list[Row]) -> None:
    """Lane bands, week lines, phase boundaries, pauses, the as-of week, the today line."""
    bars, model, height = layout.bars, layout.model, layout.bars.height
    for row in rows:
        if row.kind == "lane":
            bars.add(Rect(0, row.top, bars.width, row.height, "lane-band"))
    for week in model.weeks:
        bars.add(Line(layout.x(week), 0, layout.x(week), height, "week-line"))
    for phase in model.phases[1:]:
        x = layout.x(phase.start)
        bars.add(Line(x, 0, x, height, "phase-line", f"{phase.need.id} starts"))
        layout.axis.add(Line(x, 0, x, layout.axis.height, "phase-line"))
    _pauses(layout)
    if model.as_of:
        x = layout.x(model.as_of)
        bars.add(Rect(x, 0, layout.week_width, height, "as-of",
                      title=f"Status as of week {model.as_of}"))
    if model.today is not None:
        x = layout.x(model.today + 1)
        bars.add(Line(x, 0, x, height, "today", f"Today, {model.today_date}"))
        layout.axis.add(Line(x, 0, x, layout.axis.height, "today"))


def pause_before(calendar: ProgramCalendar, week: int) -> str | None:
    """The non-working periods between week ``week - 1`` and week ``week`` when the
    calendar skips a calendar week there (the plan pauses), else None."""
    if not 2 <= week <= len(calendar.weeks):
        return None
    before, after = calendar.week(week - 1), calendar.week(week)
    if (after.monday - before.monday).days <= 7:
        return None
    gap = [p for p in calendar.non_working
           if p.first <= after.monday and p.last >= before.friday]
    return "; ".join(f"{p.name}, {p.first.isoformat()} to {p.last.isoformat()}"
                     for p in gap) or "no program week"


def _pauses(layout: GanttLayout) -> None:
    """A dotted line where the calendar pauses between two program weeks."""
    model = layout.model
    for week in model.weeks:
        names = pause_before(model.calendar, week) if week != model.first else None
        if names:
            x = layout.x(week)
            layout.bars.add(Line(x, 0, x, layout.bars.height, "pause",
                                 f"The plan pauses: {names}"))


def _bar_shapes(layout: GanttLayout, row: Row, bar: GanttBar, href: Href) -> None:
    style = layout.style
    top = row.middle - style.bar / 2 - (2 if bar.baseline else 0)
    left, right = layout.x(bar.shown[0]), layout.x(bar.shown[1] + 1)
    tip = (f"{bar.need.id}: {bar.need.title}, weeks {bar.shown[0]}\u2013{bar.shown[1]}"
           + (f" (planned {bar.planned[0]}\u2013{bar.planned[1]})" if bar.slipped else ""))
    classes = " ".join(["bar", f"status-{bar.status}", *(["critical"] if bar.critical else []),
                        *(["forecast"] if bar.slipped else [])])
    layout.bars.add(Rect(left + 1, top, right - left - 2, style.bar, classes,
                         href=href(bar.need), title=tip))
    if bar.baseline:
        b_left, b_right = layout.x(bar.baseline[0]), layout.x(bar.baseline[1] + 1)
        layout.bars.add(Rect(b_left + 1, top + style.bar + 2, b_right - b_left - 2, 3,
                             "baseline", title=f"{bar.need.id} baseline: weeks "
                             f"{bar.baseline[0]}\u2013{bar.baseline[1]}"))


def _checkpoint_shapes(layout: GanttLayout, row: Row, href: Href) -> None:
    for bar in row.lane.checkpoints:
        layout.bars.add(Diamond(layout.x(bar.shown[1] + 0.5), row.middle, 6,
                                "checkpoint" + (" critical" if bar.critical else ""),
                                href=href(bar.need),
                                title=f"{bar.need.id}: {bar.need.title}, week {bar.shown[1]}"))


def _arrow(layout: GanttLayout, source: Row, target: Row, critical: bool) -> Path:
    """From the prerequisite's bar end to the dependant's bar start, in right angles."""
    assert source.bar is not None and target.bar is not None
    x1, y1 = layout.x(source.bar.shown[1] + 1) - 1, source.middle
    x2, y2 = layout.x(target.bar.shown[0]) + 1, target.middle
    down = 1 if y2 > y1 else -1
    if x2 - x1 >= 12:
        turn = x2 - 6
        d = f"M{x1:.1f},{y1:.1f} H{turn:.1f} V{y2:.1f} H{x2:.1f}"
    else:  # the dependant starts before the prerequisite's bar ends on the chart
        edge = source.top + source.height if down > 0 else source.top
        back = max(x2 - 6, 2.0)
        d = (f"M{x1:.1f},{y1:.1f} h4 V{edge:.1f} H{back:.1f} V{y2:.1f} H{x2:.1f}")
    return Path(d, "dependency critical" if critical else "dependency", arrow=True)


def _dependencies(layout: GanttLayout, rows: list[Row]) -> None:
    by_id = {r.bar.need.id: r for r in rows if r.bar is not None}
    for source_id, target_id in layout.model.dependencies:
        source, target = by_id.get(source_id), by_id.get(target_id)
        if source and target and source.bar and target.bar:
            layout.bars.add(_arrow(layout, source, target,
                                   source.bar.critical and target.bar.critical))


def _legend(model: GanttModel) -> list[tuple[str, str]]:
    entries = [("bar", "planned milestone"), ("bar critical", "on the critical path")]
    bars = model.bars()
    if any(b.slipped for b in bars):
        entries.append(("bar forecast", "forecast (moved from the plan)"))
    if any(b.baseline for b in bars):
        entries.append(("baseline", "baseline"))
    if model.dependencies:
        entries.append(("dependency", "finish-to-start dependency"))
    if any(lane.checkpoints for lane in model.lanes):
        entries.append(("checkpoint", "weekly checkpoint"))
    entries.append(("phase-line", "phase boundary"))
    if any(pause_before(model.calendar, w) for w in model.weeks if w != model.first):
        entries.append(("pause", "the plan pauses (non-working period)"))
    if model.as_of:
        entries.append(("as-of", f"status as of week {model.as_of} "
                        f"({model.calendar.week(model.as_of).label()})"))
    if model.today is not None and model.today_date is not None:
        entries.append(("today", f"today, {model.today_date.day} "
                        f"{model.today_date.strftime('%b %Y')}"))
    return entries


def gantt_layout(
    graph: RoadmapGraph,
    settings: Settings,
    *,
    href: Href,
    week_href: WeekHref = lambda week: None,
    phase: str | None = None,
    workstream: str | None = None,
    critical: Iterable[str] = (),
    forecast: WeekMap | None = None,
    baseline: WeekMap | None = None,
    today: date | None = None,
    style: Style = STYLE,
    marker_id: str = "gantt-arrow",
) -> GanttLayout:
    """Every shape of the chart, placed. ``forecast`` and ``baseline`` map milestone IDs
    to (start week, end week): a forecast moves the bar, a baseline is drawn as a thin
    bar under it."""
    model = gantt_model(graph, settings, phase=phase, workstream=workstream,
                        critical=critical, forecast=forecast, baseline=baseline, today=today)
    return layout_model(model, href=href, week_href=week_href, style=style,
                        marker_id=marker_id)


def layout_model(model: GanttModel, *, href: Href, week_href: WeekHref = lambda week: None,
                 style: Style = STYLE, marker_id: str = "gantt-arrow") -> GanttLayout:
    week_width = _week_width(model, style)
    width = week_width * len(model.weeks)
    labels = Panel(style.label_width, 0, f"Milestones of {model.description}")
    compact = Panel(style.compact_width, 0, f"Milestone IDs of {model.description}")
    rows = _rows(model, labels, compact, style, href)
    layout = GanttLayout(model, style, week_width, labels, compact,
                         Panel(width, sum(style.axis_rows), "Program weeks and dates"),
                         Panel(width, labels.height, f"Bars of {model.description}"),
                         _legend(model), marker_id)
    _axis_phases(layout)
    _axis_weeks(layout, week_href)
    _axis_months(layout)
    _axis_days(layout)
    _grid(layout, rows)
    _dependencies(layout, rows)
    for row in rows:
        if row.bar is not None:
            _bar_shapes(layout, row, row.bar, href)
        elif row.kind == "checkpoints":
            _checkpoint_shapes(layout, row, href)
    return layout
