"""Measurements of metrics, and how a value is judged against the plan's trajectory.

A metric has a baseline (week 0), optional interim targets by week (``interim``,
``week=value`` pairs) and a final target, due in the last week of what it measures.
Between those points the expected value is interpolated, so a measurement taken in
any week can be judged on track or off track before the final target is due.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from roadmap.errors import InputError
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import DIRECTION_DECREASE, DIRECTION_INCREASE, FIELDS, LINKS, TYPES


class InterimError(InputError):
    """An interim target that cannot be read."""


@dataclass(frozen=True)
class Measurement:
    need: Need
    metric: Need
    week: int
    value: float


def parse_interim(values: Iterable[str]) -> list[tuple[int, float]]:
    """``["4=600", "8=400"]`` -> ``[(4, 600.0), (8, 400.0)]``; raises InterimError."""
    points: list[tuple[int, float]] = []
    for text in values:
        week, sep, value = str(text).partition("=")
        try:
            points.append((int(week), float(value)))
        except ValueError:
            raise InterimError(f"interim target {text!r} is not week=value") from None
        if not sep:
            raise InterimError(f"interim target {text!r} is not week=value")
    return points


def interim_points(metric: Need) -> list[tuple[int, float]]:
    """The metric's interim targets, or none when they cannot be read (the interim rule
    reports those)."""
    raw = metric.get(FIELDS.interim) or []
    try:
        return sorted(parse_interim(raw if isinstance(raw, list) else [raw]))
    except InterimError:
        return []


def target_week(graph: RoadmapGraph, metric: Need) -> int | None:
    """When the final target is due: the last due week of what the metric measures (a
    phase counts with its end week)."""
    weeks = [w for t in graph.targets(metric, LINKS.measures)
             if (w := t.week(FIELDS.due) if t.type == TYPES.milestone else t.week(FIELDS.end))]
    return max(weeks, default=None)


def trajectory(graph: RoadmapGraph, metric: Need) -> list[tuple[int, float]]:
    """The points the expected value runs through: the baseline at week 0, the interim
    targets, the final target at its week."""
    points: list[tuple[int, float]] = []
    baseline, target = metric.number(FIELDS.baseline), metric.number(FIELDS.target)
    if baseline is not None:
        points.append((0, baseline))
    points += interim_points(metric)
    final = target_week(graph, metric)
    if target is not None and final is not None:
        points.append((final, target))  # the target itself, in the week it is due
    return sorted(dict(points).items())


def expected_value(points: list[tuple[int, float]], week: int) -> float | None:
    """The value the trajectory expects in ``week`` (the last point's after its week)."""
    if not points:
        return None
    if week <= points[0][0]:
        return points[0][1]
    for (w1, v1), (w2, v2) in itertools.pairwise(points):
        if w1 <= week <= w2:
            return v1 + (v2 - v1) * (week - w1) / (w2 - w1)
    return points[-1][1]


def at_least_as_good(value: float, reference: float, direction: str | None) -> bool:
    """Whether ``value`` meets ``reference`` in the metric's direction."""
    if direction == DIRECTION_INCREASE:
        return value >= reference - 1e-9
    if direction == DIRECTION_DECREASE:
        return value <= reference + 1e-9
    return abs(value - reference) <= 1e-9


def measurements(graph: RoadmapGraph) -> dict[str, list[Measurement]]:
    """Every measurement by the metric it measures, in week order (then by ID)."""
    found: dict[str, list[Measurement]] = {}
    for need in graph.of_type(TYPES.measurement):
        metrics = graph.targets(need, LINKS.of)
        week, value = need.week(FIELDS.week), need.number(FIELDS.value)
        if len(metrics) != 1 or week is None or value is None:
            continue  # the schema rules report an incomplete measurement
        found.setdefault(metrics[0].id, []).append(Measurement(need, metrics[0], week, value))
    for series in found.values():
        series.sort(key=lambda m: (m.week, m.need.id))
    return found


def latest(series: list[Measurement], up_to_week: int) -> Measurement | None:
    """The last measurement taken no later than ``up_to_week``."""
    taken = [m for m in series if m.week <= up_to_week]
    return taken[-1] if taken else None


@dataclass(frozen=True)
class MetricState:
    """A metric at the as-of week: its latest value against the trajectory and the target."""

    metric: Need
    latest: Measurement | None
    expected: float | None  # what the trajectory expects in the latest value's week
    target_week: int | None

    @property
    def direction(self) -> str | None:
        value = self.metric.get(FIELDS.direction)
        return str(value) if value else None

    @property
    def on_track(self) -> bool | None:
        if self.latest is None or self.expected is None:
            return None
        return at_least_as_good(self.latest.value, self.expected, self.direction)

    @property
    def at_target(self) -> bool | None:
        target = self.metric.number(FIELDS.target)
        if self.latest is None or target is None:
            return None
        return at_least_as_good(self.latest.value, target, self.direction)


def metric_state(graph: RoadmapGraph, metric: Need, series: list[Measurement], as_of: int
                 ) -> MetricState:
    last = latest(series, as_of)
    points = trajectory(graph, metric)
    expected = expected_value(points, last.week) if last else None
    return MetricState(metric, last, expected, target_week(graph, metric))
