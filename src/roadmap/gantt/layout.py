"""The timeline laid out at build time: where every shape and every text of the chart
goes, in three panels: the label column on the left (each milestone's ID and its
title, wrapped at a word by the widths of :mod:`roadmap.gantt.textwidth`, never cut),
the week axis on top (phases, week numbers that link to the week pages, months and
dates), and the bars. Nothing is placed where another text is: a label has its own
row, an axis text its own week. The SVG writer (:mod:`roadmap.gantt.svg`) only
writes what is placed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from roadmap.config import Settings
from roadmap.gantt import textwidth
from roadmap.gantt.model import (
    Diamond,
    GanttBar,
    GanttLane,
    GanttModel,
    Line,
    Panel,
    Path,
    Rect,
    Text,
    WeekMap,
    gantt_model,
)
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_calendar import pause_before


@dataclass(frozen=True)
class Style:
    """The chart's dimensions in px."""

    label_width: float = 300  # the label column
    compact_width: float = 92  # the label column on a phone: IDs only
    target_width: float = 1080  # label column and weeks together, when weeks allow
    min_week: float = 30
    max_week: float = 240  # a slice of a few weeks spreads over the width it has
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
    rows: list[Row] = field(default_factory=list)  # top to bottom, as the labels are

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
    # the phone's column: the workstream's ID, over two lines at a hyphen if it must be
    short = lane.workstream.id if lane.workstream else "\u2013"
    parts = id_lines(short, style.compact_width - 2 * style.pad, style.small)
    height = max(height, 2 * style.pad + style.line * len(parts))
    for index, text in enumerate(parts):
        compact.add(Text(style.pad, top + style.pad + style.line - 3 + index * style.line, text,
                         "lane", style.small, bold=True))
    return height


def id_lines(need_id: str, room: float, size: float) -> list[str]:
    """An ID in lines no wider than ``room``, broken only after a hyphen
    (``WS-`` / ``PERFORMANCE``); a part wider than the room stands on its own line."""
    lines: list[str] = []
    for part in need_id.replace("-", "-\n").split("\n"):
        if lines and textwidth.width(lines[-1] + part, size, True) <= room:
            lines[-1] += part
        else:
            lines.append(part)
    return lines


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
        if textwidth.width(label, style.small, True) > layout.week_width - 2:
            label = str(week)
        # the link's name starts with what it shows (WCAG 2.5.3, label in name)
        tip = f"{label}: week {week}"
        if 1 <= week <= len(model.calendar.weeks):
            tip += f", {model.calendar.week(week).label()}"
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


def _axis_lines(layout: GanttLayout) -> list[float]:
    """Where the lines that :func:`_grid` draws through the axis run: the phase
    boundaries, the end of the as-of week, today."""
    model = layout.model
    lines = [layout.x(phase.start) for phase in model.phases[1:]]
    if model.as_of:
        lines.append(layout.x(model.as_of + 1))
    if model.today is not None:
        lines.append(layout.x(model.today + 1))
    return lines


def _place_month(layout: GanttLayout, week: int, names: list[str], free_from: float,
                 lines: list[float]) -> tuple[float, str] | None:
    """Where a month's name goes and which form of it (``names``: with the year first):
    at the start of its first week, or else just past a line that runs through that
    week or ends it (a phase that starts a week into the month); never over a line of
    the axis, the previous name or the axis' end. The year is kept before the place:
    it says where the year changes."""
    size = layout.style.small
    starts = [layout.x(week) + 2] + [x + 3 for x in sorted(lines)
                                      if layout.x(week) < x <= layout.x(week + 1)]
    for text in names:
        for left in starts:
            right = left + textwidth.width(text, size)
            crossed = any(left - 1 < x < right + 1 for x in lines)
            if left >= free_from and right <= layout.axis.width and not crossed:
                return left, text
    return None


def _axis_months(layout: GanttLayout) -> None:
    """The month where the month of the Mondays changes, with the year the first time a
    year shows. No line of the axis (a phase boundary, the as-of or today line) runs
    through a name: it moves just past the line (by a week at most), or else drops
    its year to fit (the next name shows the year); a name that would still run into
    the previous one is left out."""
    style, model = layout.style, layout.model
    base = sum(style.axis_rows[:3]) - 3
    lines = _axis_lines(layout)
    free_from, shown_year, previous = 0.0, 0, 0
    for week in _calendar_weeks(model):
        monday = model.calendar.week(week).monday
        if monday.month == previous:
            continue
        previous = monday.month
        short = monday.strftime("%b")
        names = [f"{short} {monday.year}", short] if monday.year != shown_year else [short]
        placed = _place_month(layout, week, names, free_from, lines)
        if placed is None:
            continue
        left, text = placed
        layout.axis.add(Text(left, base, text, "month", style.small))
        free_from = left + textwidth.width(text, style.small) + 6
        if text != short:
            shown_year = monday.year


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
        # the line the status is reported up to: the end of the as-of week
        end = layout.x(model.as_of + 1)
        bars.add(Line(end, 0, end, height, "as-of-line",
                      f"Status as of the end of week {model.as_of}"))
        layout.axis.add(Line(end, 0, end, layout.axis.height, "as-of-line"))
    if model.today is not None:
        x = layout.x(model.today + 1)
        bars.add(Line(x, 0, x, height, "today", f"Today, {model.today_date}"))
        layout.axis.add(Line(x, 0, x, layout.axis.height, "today"))


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
    ghosts = layout.model.ghosts
    top = row.middle - style.bar / 2 - (2 if bar.baseline and not ghosts else 0)
    left, right = layout.x(bar.shown[0]), layout.x(bar.shown[1] + 1)
    tip = (f"{bar.need.id}: {bar.need.title}, weeks {bar.shown[0]}\u2013{bar.shown[1]}"
           + (f" (planned {bar.planned[0]}\u2013{bar.planned[1]})" if bar.slipped else ""))
    classes = " ".join(["bar", f"status-{bar.status}", *(["critical"] if bar.critical else []),
                        *(["forecast"] if bar.slipped else [])])
    if bar.baseline and ghosts:  # behind the bar, so a bar that did not move covers it
        b_left, b_right = layout.x(bar.baseline[0]), layout.x(bar.baseline[1] + 1)
        layout.bars.add(Rect(b_left + 1, top - 2, b_right - b_left - 2, style.bar + 4, "ghost",
                             title=f"{bar.need.id} {layout.model.baseline_label}: weeks "
                             f"{bar.baseline[0]}\u2013{bar.baseline[1]}"))
    layout.bars.add(Rect(left + 1, top, right - left - 2, style.bar, classes,
                         href=href(bar.need), title=tip))
    if bar.baseline and not ghosts:
        b_left, b_right = layout.x(bar.baseline[0]), layout.x(bar.baseline[1] + 1)
        layout.bars.add(Rect(b_left + 1, top + style.bar + 2, b_right - b_left - 2, 3,
                             "baseline", title=f"{bar.need.id} {layout.model.baseline_label}: "
                             f"weeks {bar.baseline[0]}\u2013{bar.baseline[1]}"))


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
        entries.append(("ghost" if model.ghosts else "baseline", model.baseline_label))
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
    baseline_label: str = "baseline",
    ghosts: bool = False,
) -> GanttLayout:
    """Every shape of the chart, placed. ``forecast`` and ``baseline`` map milestone IDs
    to (start week, end week): a forecast moves the bar, a baseline is drawn as a thin
    bar under it."""
    model = gantt_model(graph, settings, phase=phase, workstream=workstream,
                        critical=critical, forecast=forecast, baseline=baseline, today=today,
                        baseline_label=baseline_label, ghosts=ghosts)
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
                         _legend(model), marker_id, rows)
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
