"""The forecast: when each milestone will really start and finish, as of a week.

A finished milestone keeps its actual weeks. A started one finishes after its
remaining work (``remaining`` person-weeks at the milestone's planned weekly rate) or,
without an estimate, its planned length after its actual start; never before the
week after the as-of week, since the status is reported at the end of that week. A
milestone not yet started starts no earlier than planned, than the week after the
as-of week, or than its prerequisites allow: a slip propagates through
``depends_on`` (finish-to-start, keeping the plan's own lag of zero or one week) to
every dependant, and so to the program's end. Each forecast names the prerequisite
that drives it, so the chain that sets the program's end (the forecast critical path)
can be read back.

A review compares two plans: :func:`forecast` then takes the lags of the plan before
the change (``lags``), so that a prerequisite moved by a week pushes a dependant the
author did not touch instead of using up its week of handover.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from roadmap.graph import Need, RoadmapGraph, Window, topological_order
from roadmap.program_schedule import dependency_map
from roadmap.roles import FIELDS, LINKS, TYPES, Status


@dataclass(frozen=True)
class Forecast:
    need: Need
    planned: Window
    window: Window  # forecast (actual where known)
    state: str  # "done", "started", "not started"
    driver: str | None = None  # the prerequisite whose finish sets this start

    @property
    def slip(self) -> int:
        """Weeks the forecast finish lies after the planned due week."""
        return self.window.end - self.planned.end

    @property
    def start_slip(self) -> int:
        return self.window.start - self.planned.start


def _duration(window: Window) -> int:
    return window.end - window.start + 1


def _finished(need: Need, planned: Window) -> Window:
    start = need.week(FIELDS.actual_start) or planned.start
    return Window(start, max(need.week(FIELDS.actual_end) or planned.end, start))


def _started(need: Need, planned: Window, as_of: int) -> Window:
    start = need.week(FIELDS.actual_start) or planned.start
    remaining, effort = need.number(FIELDS.remaining), need.number(FIELDS.effort)
    if remaining is not None and effort:
        rate = effort / _duration(planned)  # person-weeks the plan burns per week
        end = as_of + max(1, math.ceil(remaining / rate - 1e-9))
    else:
        end = max(start + _duration(planned) - 1, as_of + 1)
    return Window(start, end)


# (dependant, prerequisite) -> weeks between the prerequisite's end and the start
Lags = Mapping[tuple[str, str], int]


def lag(need: Need, dep: Need) -> int:
    """0 where the plan starts the milestone in its prerequisite's due week, else 1."""
    start, due = need.week(FIELDS.start), dep.week(FIELDS.due)
    return 0 if start is not None and due is not None and start <= due else 1


def plan_lags(graph: RoadmapGraph) -> dict[tuple[str, str], int]:
    """The lag of every dependency between dated milestones of ``graph``."""
    lags: dict[tuple[str, str], int] = {}
    for need in graph.of_type(TYPES.milestone):
        for dep in graph.targets(need, LINKS.depends_on):
            lags[(need.id, dep.id)] = lag(need, dep)
    return lags


def _not_started(need: Need, planned: Window, as_of: int, done: dict[str, Forecast],
                 lags: Lags) -> tuple[Window, str | None]:
    allowed = {dep_id: done[dep_id].window.end + (
                   lags[(need.id, dep_id)] if (need.id, dep_id) in lags
                   else lag(need, done[dep_id].need))
               for dep_id in need.targets_of(LINKS.depends_on)
               if dep_id in done}  # unknown, undated, cancelled or cyclic: no wait
    # nothing starts in the past, nor before its plan or its prerequisites allow
    earliest = max(planned.start, as_of + 1, *allowed.values())
    # the prerequisite with no float left drives it (ties: the smaller ID)
    tight = sorted(dep_id for dep_id, week in allowed.items() if week == earliest)
    return Window(earliest, earliest + _duration(planned) - 1), (tight[0] if tight else None)


def forecast(graph: RoadmapGraph, as_of: int, lags: Lags | None = None
             ) -> dict[str, Forecast]:
    """The forecast of every dated milestone that is not cancelled, as of ``as_of``;
    ``lags`` overrides the plan's own lag of the dependencies it names. With the plan's
    own lags it is computed once per graph and week (a copy is returned)."""
    if lags:
        return _forecast(graph, as_of, lags)
    key = ("forecast", as_of)
    if key not in graph.derived:
        graph.derived[key] = _forecast(graph, as_of, {})
    return dict(graph.derived[key])


def _forecast(graph: RoadmapGraph, as_of: int, lags: Lags) -> dict[str, Forecast]:
    milestones = {m.id: m for m in graph.of_type(TYPES.milestone)
                  if graph.window(m) is not None and m.get(FIELDS.status) != Status.CANCELLED}
    order = topological_order(dependency_map(graph, milestones))
    result: dict[str, Forecast] = {}
    for mid in order:
        need = milestones[mid]
        planned = graph.window(need)
        assert planned is not None
        status = need.get(FIELDS.status)
        if status == Status.DONE:
            result[mid] = Forecast(need, planned, _finished(need, planned), "done")
        elif need.week(FIELDS.actual_start) is not None:
            result[mid] = Forecast(need, planned, _started(need, planned, as_of), "started")
        else:
            window, driver = _not_started(need, planned, as_of, result, lags)
            result[mid] = Forecast(need, planned, window, "not started", driver)
    return result


def driving_path(forecasts: dict[str, Forecast], end: str) -> list[Forecast]:
    """The chain of prerequisites that sets ``end``'s forecast, first one first."""
    chain: list[Forecast] = []
    cursor: str | None = end
    while cursor is not None and cursor in forecasts and len(chain) <= len(forecasts):
        chain.append(forecasts[cursor])
        cursor = forecasts[cursor].driver
    return list(reversed(chain))


def program_end(forecasts: dict[str, Forecast]) -> Forecast | None:
    """The milestone that finishes last (ties go to the smaller ID)."""
    ranked = sorted(forecasts.values(), key=lambda f: (-f.window.end, f.need.id))
    return ranked[0] if ranked else None
