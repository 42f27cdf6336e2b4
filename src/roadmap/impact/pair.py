"""The two plans a review compares, with what both sides need computed once: the
forecast of each (the head's keeping the base's lags, see
:mod:`roadmap.tracking.forecast`), the phase states, the load and the budget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from roadmap.config import Settings
from roadmap.cost import Budget, budget
from roadmap.errors import InputError
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import Load, usable_capacity, weekly_load
from roadmap.program_calendar import CalendarError, day_text
from roadmap.roles import FIELDS, LINKS
from roadmap.tracking.forecast import Forecast, forecast, plan_lags
from roadmap.tracking.status_report import PhaseState, phase_states


class ImpactError(InputError):
    """Two plans that cannot be compared (unrelated plans): one line says why."""


# What milestone work may use of a role in a week (at the focus factor): the need's own
# capacity by default; a scenario may pass capacity that changes over weeks.
CapacityOf = Callable[[Need, int, Settings], float]

# Below this share of the smaller plan's needs in common, two plans are not two
# versions of one plan.
RELATED_SHARE = 0.25


@dataclass(frozen=True)
class Side:
    """What one plan's schedule, load and cost are."""

    graph: RoadmapGraph
    forecasts: dict[str, Forecast]
    phases: list[PhaseState]

    @cached_property
    def load(self) -> Load:
        return weekly_load(self.graph)

    @cached_property
    def budget(self) -> Budget:
        return budget(self.graph, self.load)

    @cached_property
    def end(self) -> Forecast | None:
        """The milestone that finishes last (ties go to the smaller ID)."""
        ranked = sorted(self.forecasts.values(), key=lambda f: (-f.window.end, f.need.id))
        return ranked[0] if ranked else None


def kept_lags(base: RoadmapGraph, head: RoadmapGraph) -> dict[tuple[str, str], int]:
    """The base plan's lag of each dependency that is still there in the head, where
    the dependant's planned start did not change: a milestone nobody touched keeps its
    handover when its prerequisite moves."""
    kept = {}
    for (need_id, dep_id), lag in plan_lags(base).items():
        new, old = head.needs.get(need_id), base.needs[need_id]
        if (new is not None and dep_id in new.targets_of(LINKS.depends_on)
                and new.week(FIELDS.start) == old.week(FIELDS.start)):
            kept[(need_id, dep_id)] = lag
    return kept


@dataclass(frozen=True)
class PlanPair:
    base: Side
    head: Side
    settings: Settings
    capacity_of: CapacityOf = usable_capacity  # the head's usable capacity of a role-week

    def date(self, week: int | None) -> str:
        """The last working day of a program week: ``27 Mar 2026``."""
        if week is None:
            return "\u2013"
        try:
            day = self.settings.calendar.week(week).last_day
        except CalendarError:
            return f"week {week}"
        return f"{day_text(day)} {day.year}"


def check_related(base: RoadmapGraph, head: RoadmapGraph) -> None:
    """ImpactError when the two plans share too few needs to be two versions of one."""
    smaller = min(len(base.needs), len(head.needs))
    shared = len(base.needs.keys() & head.needs.keys())
    if smaller and shared < RELATED_SHARE * smaller:
        raise ImpactError(f"{base.origin or 'base'} and {head.origin or 'head'} are unrelated "
                          f"plans: they share {shared} of {len(base.needs)} and "
                          f"{len(head.needs)} need IDs")
    if not smaller:
        which = base.origin or "base" if not base.needs else head.origin or "head"
        raise ImpactError(f"{which}: the plan has no needs to compare")


def pair(base: RoadmapGraph, head: RoadmapGraph, settings: Settings,
         capacity_of: CapacityOf = usable_capacity) -> PlanPair:
    """Both sides forecast as of the settings' week."""
    check_related(base, head)
    as_of = settings.as_of
    base_fc = forecast(base, as_of)
    head_fc = forecast(head, as_of, kept_lags(base, head))
    return PlanPair(Side(base, base_fc, phase_states(base, base_fc)),
                    Side(head, head_fc, phase_states(head, head_fc)), settings, capacity_of)
