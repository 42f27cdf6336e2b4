"""Mermaid Gantt source of the milestones, one section per workstream.

The Gantt is drawn on program weeks, not on calendar dates: mermaid needs dates, so
week ``n`` is mapped to a date whose Sunday-based week number (d3's ``%U``) is ``n``,
and the axis prints only that number.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from roadmap.graph import Need, RoadmapGraph, Window
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.schedule import duration, week_order

# 1 January 2023 is a Sunday: with mermaid's default Sunday-based week ticks,
# every tick sits on a week boundary and "%U" prints the program week number.
WEEK_ONE = date(2023, 1, 1)
_TASK_ID = re.compile(r"[^A-Za-z0-9_-]")
_STATUS_TAG = {"done": "done", "in_progress": "active"}


def week_start(week: int) -> date:
    """The first day of program week ``week`` on the Gantt's hidden calendar."""
    return WEEK_ONE + timedelta(weeks=week - 1)


def week_end(week: int) -> date:
    """The last day of program week ``week``: a bar ends there, a day short of the
    next week's tick, so back-to-back bars stay apart and the axis ends with the
    chart's last week instead of the tick after it."""
    return WEEK_ONE + timedelta(weeks=week, days=-1)


def gantt_text(text: str) -> str:
    """A title made safe for a mermaid Gantt task or section name.

    The lexer ends a task name at the first ``:`` and reads ``#word;`` as an entity
    code and a leading ``%%`` as a comment; titles come from prose, so each is
    replaced by a look-alike that is plain text to mermaid.
    """
    text = " ".join(str(text).split())
    text = re.sub(r"\s*:\s*", " \u2013 ", text)  # en dash
    text = text.replace("#", "\uff03").replace(";", ",")  # fullwidth number sign
    text = re.sub(r"%{2,}", "%", text)
    return text.strip() or "untitled"


def short_label(need: Need, chars: int | None) -> str:
    """``ID title``, the title cut at a word to keep the label within ``chars``."""
    title = " ".join(need.title.split())
    if chars is None:
        return f"{need.id} {title}"
    room = max(chars - len(need.id) - 1, 12)
    if len(title) > room:
        head = title[: room - 1]
        cut = head.rsplit(" ", 1)[0] if " " in head else head
        title = cut.rstrip(" ,;:-(\u2013") + "\u2026"
    return f"{need.id} {title}"


def section_label(text: str, width: int = 16) -> str:
    """A section name wrapped onto lines of about ``width`` characters."""
    return "<br>".join(textwrap.wrap(gantt_text(text), width=width)) or "untitled"


def gantt_task_id(prefix: str, need_id: str) -> str:
    """A task ID unique on the page (the need's own anchor already uses its ID)."""
    return _TASK_ID.sub("_", f"{prefix}-{need_id}")


def _href_text(url: str) -> str:
    """A URL inside a mermaid ``href "..."`` (no quote or line break may occur)."""
    return url.replace('"', "%22").replace("\n", "").replace(" ", "%20")


@dataclass
class _Chart:
    id_prefix: str
    href: Callable[[Need], str] | None
    lines: list[str] = field(default_factory=list)
    clicks: list[str] = field(default_factory=list)

    def task(self, label: str, tags: list[str], need: Need, start: int, end: int) -> None:
        task_id = gantt_task_id(self.id_prefix, need.id)
        data = ", ".join([*tags, task_id, week_start(start).isoformat(),
                          week_end(end).isoformat()])
        self.lines.append(f"    {label} :{data}")
        if self.href:
            self.clicks.append(f'    click {task_id} href "{_href_text(self.href(need))}"')


def _chart_milestones(graph: RoadmapGraph, phase: str | None, workstream: str | None
                      ) -> list[Need]:
    return [m for m in graph.of_type(TYPES.milestone)
            if duration(m) is not None
            and (phase is None or phase in m.targets_of(LINKS.phase))
            and (workstream is None or workstream in m.targets_of(LINKS.workstream))]


def _chart_phases(graph: RoadmapGraph, phase: str | None, milestones: list[Need]
                  ) -> list[tuple[Need, Window]]:
    windows = {p.id: w for p in graph.of_type(TYPES.phase) if (w := graph.window(p))}
    phases = week_order(graph, (graph.needs[pid] for pid in windows))
    if phase is not None:
        return [(p, windows[p.id]) for p in phases if p.id == phase]
    if not milestones:
        return [(p, windows[p.id]) for p in phases]
    first = min(m.week(FIELDS.start) or 0 for m in milestones)
    last = max(m.week(FIELDS.due) or 0 for m in milestones)
    return [(p, windows[p.id]) for p in phases
            if windows[p.id].start <= last and windows[p.id].end >= first]


def _phase_section(chart: _Chart, phases: list[tuple[Need, Window]], markers: bool) -> None:
    if not phases:
        return
    chart.lines.append("    section Phases")
    for p, w in phases:
        chart.task(gantt_text(f"{p.id} {p.title}, weeks {w.start}-{w.end}"), [], p,
                   w.start, w.end)
    if markers:
        for p, w in phases[1:]:
            vid = gantt_task_id(f"{chart.id_prefix}-v", p.id)
            chart.lines.append(f"    {gantt_text(p.id)} :vert, {vid}, "
                               f"{week_start(w.start).isoformat()}, 0d")


def _by_workstream(graph: RoadmapGraph, milestones: list[Need]
                   ) -> list[tuple[str, list[Need]]]:
    """Milestones grouped by their workstream, workstreams in week order."""
    grouped: dict[str | None, list[Need]] = {}
    for m in milestones:
        ws_ids = m.targets_of(LINKS.workstream)
        grouped.setdefault(ws_ids[0] if ws_ids else None, []).append(m)
    order = [ws.id for ws in week_order(graph, graph.of_type(TYPES.workstream))]
    keys = [k for k in order if k in grouped] + sorted(
        (k for k in grouped if k not in order), key=lambda k: (k is None, k or ""))
    named = []
    for key in keys:
        ws = graph.needs.get(key) if key else None
        named.append((ws.title if ws else (key or "No workstream"), grouped[key]))
    return named


def _tags(need: Need, critical: set[str]) -> list[str]:
    tags = ["crit"] if need.id in critical else []
    status_tag = _STATUS_TAG.get(str(need.get(FIELDS.status, "")))
    return [*tags, status_tag] if status_tag else tags


def gantt_source(
    graph: RoadmapGraph,
    *,
    phase: str | None = None,
    workstream: str | None = None,
    critical: Iterable[str] = (),
    href: Callable[[Need], str] | None = None,
    id_prefix: str = "t",
    label_chars: int | None = None,
) -> str:
    """Mermaid Gantt of the milestones, one section per workstream.

    ``phase`` or ``workstream`` restricts the chart to that phase's or workstream's
    milestones. A first section shows the phases the chart spans and a vertical
    marker shows each phase boundary inside it. Milestones in ``critical`` carry
    mermaid's ``crit`` tag; ``href`` gives each bar a link; ``label_chars`` shortens
    the bar labels (the link leads to the full title).
    """
    critical_ids = set(critical)
    milestones = _chart_milestones(graph, phase, workstream)
    described = f"phase {phase}" if phase else (f"workstream {workstream}" if workstream
                                                  else "the program")
    chart = _Chart(id_prefix, href, [
        "gantt", "    dateFormat YYYY-MM-DD", "    axisFormat W%-U", "    tickInterval 1week",
        "    todayMarker off", f"    accTitle: Timeline of {gantt_text(described)}",
        "    accDescr: Milestones of " + gantt_text(described)
        + " by program week, grouped by workstream; critical-path milestones are marked"])
    _phase_section(chart, _chart_phases(graph, phase, milestones), markers=phase is None)
    for name, group in _by_workstream(graph, milestones):
        chart.lines.append(f"    section {section_label(name)}")
        for m in sorted(group, key=lambda n: (n.week(FIELDS.start) or 0,
                                              n.week(FIELDS.due) or 0, n.id)):
            chart.task(gantt_text(short_label(m, label_chars)), _tags(m, critical_ids), m,
                       m.week(FIELDS.start) or 0, m.week(FIELDS.due) or 0)
    return "\n".join([*chart.lines, *chart.clicks]) + "\n"
