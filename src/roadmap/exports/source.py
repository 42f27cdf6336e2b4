"""What every export reads: the site's needs.json, its graph, the settings and a fixed
time stamp.

The exports are built from ``needs.json`` (the build's own file, or one given to the
command line), so the site and ``python -m roadmap export`` write the same bytes. The
time written into a file (a calendar's DTSTAMP, LAST-MODIFIED and SEQUENCE, ReqIF's
LAST-CHANGE, a workbook's creation date) is never the clock: it is
``SOURCE_DATE_EPOCH`` when that is set (the reproducible-builds convention), else
midnight UTC after the last working day of the as-of week (so each weekly report
publishes a later stamp, and a calendar re-imported after it replaces its events),
else midnight UTC of the program's first day.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from roadmap.config import Settings
from roadmap.errors import InputError
from roadmap.graph import Need, RoadmapGraph, build_graph, needs_of
from roadmap.program_calendar import ProgramWeek
from roadmap.roles import FIELDS, LINKS, TYPES, Status
from roadmap.ubproject import Metamodel

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


class ExportError(InputError):
    """An export cannot be written from these inputs (the message says why)."""


@dataclass(frozen=True)
class ExportSource:
    document: Mapping[str, Any]  # the parsed needs.json
    graph: RoadmapGraph
    settings: Settings
    stamp: datetime  # UTC; the only time any export writes

    @property
    def metamodel(self) -> Metamodel:
        return self.graph.metamodel

    @property
    def project(self) -> str:
        return str(self.document.get("project") or "Roadmap")

    @property
    def site_url(self) -> str:
        return self.settings.site_url

    @property
    def host(self) -> str:
        """The site's host name, the domain of stable calendar UIDs."""
        return urlsplit(self.site_url).hostname or "roadmap"

    def page_url(self, docname: str, anchor: str = "") -> str:
        return f"{self.site_url}{docname}.html" + (f"#{anchor}" if anchor else "")

    def url(self, need: Need) -> str:
        """The absolute address of a need's entry on the published site."""
        return self.page_url(need.docname, need.id) if need.docname else self.site_url

    def needs(self) -> list[Need]:
        """Every need, in ID order (every export lists them in one stable order)."""
        return [self.graph.needs[key] for key in sorted(self.graph.needs)]

    def links(self) -> tuple[str, ...]:
        """The metamodel's link types, in the order ubproject.toml declares them."""
        return tuple(self.metamodel.links)

    def week(self, number: int | None) -> ProgramWeek | None:
        """A program week of the calendar, None when there is no such week."""
        weeks = self.settings.calendar.weeks
        return weeks[number - 1] if number is not None and 1 <= number <= len(weeks) else None


@dataclass(frozen=True)
class Schedule:
    """A need's weeks and dates as the exports write them: a milestone from the first
    working day of its start week to the last working day of its due week; a phase or
    workstream over its weeks; a gate on the day of its decision."""

    start_week: int | None
    due_week: int | None
    first: date | None
    last: date | None


def schedule_of(source: ExportSource, need: Need) -> Schedule:
    start, due = need.week(FIELDS.start), need.week(FIELDS.due)
    if need.type in (TYPES.phase, TYPES.workstream):
        due = need.week(FIELDS.end)
    elif need.type == TYPES.gate:
        start, due = None, gate_decision_week(source.graph, need)
    elif need.type == TYPES.milestone and start is None:
        start = due
    first, last = source.week(start), source.week(due)
    return Schedule(start, due, first.first_day if first else None,
                    last.last_day if last else None)


DECIDED = frozenset({Status.PASSED, Status.FAILED, Status.WAIVED})


def gate_decision_week(graph: RoadmapGraph, gate: Need) -> int | None:
    """The week a gate is decided: its decision week once decided, else the last week
    of its phase."""
    decided = gate.week(FIELDS.decision_week)
    if gate.get(FIELDS.status) in DECIDED and decided is not None:
        return decided
    phases = [w for p in graph.targets(gate, LINKS.phase) if (w := graph.window(p))]
    return max((w.end for w in phases), default=decided)


def stamp_from(settings: Settings, environ: Mapping[str, str] | None = None) -> datetime:
    """``SOURCE_DATE_EPOCH`` (seconds, UTC) when set, else the day after the as-of
    week's last working day, else the program's first day."""
    epoch = (environ if environ is not None else os.environ).get(EPOCH_VARIABLE, "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ExportError(f"{EPOCH_VARIABLE}={epoch!r} is not a number of seconds")
        return datetime.fromtimestamp(int(epoch), UTC)
    weeks = settings.calendar.weeks
    if 1 <= settings.as_of <= len(weeks):
        reported = weeks[settings.as_of - 1].last_day + timedelta(days=1)
        return datetime.combine(reported, time(), UTC)
    return datetime.combine(settings.calendar.start, time(), UTC)


def source_from(document: Mapping[str, Any], metamodel: Metamodel, settings: Settings,
                environ: Mapping[str, str] | None = None, name: str = "needs.json"
                ) -> ExportSource:
    """The export source of a parsed needs.json; NeedsJsonError for a bad shape or a value
    that cannot be read, ExportError for a value no export may carry (a control or
    bidirectional character, an ID outside the ID pattern)."""
    graph = build_graph(needs_of(document, name), metamodel, name, strict=True)
    if graph.bad_values:
        first = graph.bad_values[0]
        need = graph.needs.get(first.need_id)
        where = f"{need.file}:{need.lineno}" if need is not None and need.file else name
        more = (f" (and {len(graph.bad_values) - 1} more such values)"
                if len(graph.bad_values) > 1 else "")
        raise ExportError(f"{where}: [GUARD-VALUES] {first.need_id}: {first}{more}; no "
                          f"export is written")
    return ExportSource(document=document, graph=graph, settings=settings,
                        stamp=stamp_from(settings, environ))
