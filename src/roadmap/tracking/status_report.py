"""The status of the program as of a week: what is late, what it pushes out and by how
much, schedule performance, gates, KPIs against their trajectory, fired risks, and
the slip against the baseline. Being late is a fact the report states, not
an authoring error; the command line fails on it only when asked (``--fail-on-late``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import CLOSED_STATUSES, FIELDS, LINKS, TYPES, Status
from roadmap.tracking.forecast import Forecast, driving_path, forecast, program_end
from roadmap.tracking.measures import (
    Measurement,
    MetricState,
    expected_value,
    latest,
    measurements,
    metric_state,
    trajectory,
)

# A baseline: need ID -> the baseline plan's fields of that need (proposed or approved).
Baseline = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class GateState:
    gate: Need
    phase: Need | None
    status: str
    decision_week: int | None
    due_week: int | None  # the end of its phase, when the decision is due
    metrics: tuple[MetricState, ...]

    @property
    def decided(self) -> bool:
        return self.status != Status.OPEN

    @property
    def all_at_target(self) -> bool:
        """Whether every checked metric's latest measurement meets its target."""
        return bool(self.metrics) and all(m.at_target for m in self.metrics)

    @property
    def reading(self) -> str:
        """What the measurements say for an open gate: would it pass today?"""
        if self.decided:
            return self.status
        if any(m.latest is None for m in self.metrics):
            return "not yet measured"
        return "at target" if self.all_at_target else "not at target"


@dataclass(frozen=True)
class FiredRisk:
    risk: Need
    measurement: Measurement
    threshold: float
    above: bool  # fired by a value above (True) or below (False) the threshold
    planned: float | None = None  # the metric's planned value in the reading's week


@dataclass(frozen=True)
class PhaseState:
    phase: Need
    planned_end: int
    buffer: int
    deliverables_end: int | None  # forecast finish of its last deliverable

    @property
    def buffer_left(self) -> int | None:
        """Weeks of buffer the forecast leaves (negative: the gate moves)."""
        if self.deliverables_end is None:
            return None
        return self.planned_end - self.deliverables_end

    @property
    def gate_week(self) -> int:
        """The week the gate can be decided: the phase's end, or later when the
        forecast eats the whole buffer."""
        return max(self.planned_end, self.deliverables_end or 0)


@dataclass(frozen=True)
class Value:
    planned: float  # planned value: effort scheduled to be done by the as-of week
    earned: float  # earned value: effort of finished work (and done part of started work)

    @property
    def spi(self) -> float | None:
        """Schedule performance index: earned / planned."""
        return self.earned / self.planned if self.planned else None


@dataclass
class StatusReport:
    as_of: int
    forecasts: dict[str, Forecast]
    late: list[Need] = field(default_factory=list)
    started_late: list[tuple[Need, int]] = field(default_factory=list)
    not_started: list[Need] = field(default_factory=list)
    finished_late: list[tuple[Need, int]] = field(default_factory=list)
    value: Value = field(default_factory=lambda: Value(0.0, 0.0))
    phases: list[PhaseState] = field(default_factory=list)
    gates: list[GateState] = field(default_factory=list)
    kpis: list[MetricState] = field(default_factory=list)
    fired: list[FiredRisk] = field(default_factory=list)
    planned_end: int = 0
    baseline_end: int | None = None
    baseline_due: dict[str, int] = field(default_factory=dict)

    @property
    def end(self) -> Forecast | None:
        return program_end(self.forecasts)

    @property
    def forecast_end(self) -> int:
        end = self.end
        return end.window.end if end else 0

    @property
    def critical(self) -> list[Forecast]:
        """The chain of milestones that sets the forecast end of the program."""
        end = self.end
        return driving_path(self.forecasts, end.need.id) if end else []

    @property
    def open_forecasts(self) -> list[Forecast]:
        return sorted((f for f in self.forecasts.values() if f.state != "done"),
                      key=lambda f: (f.window.end, f.need.id))

    def baseline_slip(self, need_id: str) -> int | None:
        due = self.baseline_due.get(need_id)
        fc = self.forecasts.get(need_id)
        return None if due is None or fc is None else fc.window.end - due


# ------------------------------------------------------------------ pieces
def _value(graph: RoadmapGraph, as_of: int) -> Value:
    planned = earned = 0.0
    for ms in graph.of_type(TYPES.milestone):
        window, effort = graph.window(ms), ms.number(FIELDS.effort) or 0.0
        if window is None or window.start > window.end:
            continue
        elapsed = max(0, min(as_of, window.end) - window.start + 1)
        planned += effort * elapsed / (window.end - window.start + 1)
        status = ms.get(FIELDS.status)
        if status == Status.DONE:
            earned += effort
        elif ms.week(FIELDS.actual_start) is not None:
            remaining = ms.number(FIELDS.remaining)
            earned += max(0.0, effort - remaining) if remaining is not None else 0.0
    return Value(planned, earned)


def _schedule_facts(report: StatusReport, graph: RoadmapGraph) -> None:
    as_of = report.as_of
    for ms in sorted(graph.of_type(TYPES.milestone), key=lambda m: m.id):
        window, status = graph.window(ms), ms.get(FIELDS.status)
        if window is None or status == Status.CANCELLED:
            continue
        actual_start, actual_end = ms.week(FIELDS.actual_start), ms.week(FIELDS.actual_end)
        if window.end < as_of and status not in CLOSED_STATUSES:
            report.late.append(ms)
        if actual_start is not None and actual_start > window.start:
            report.started_late.append((ms, actual_start - window.start))
        elif actual_start is None and window.start <= as_of and status not in CLOSED_STATUSES:
            report.not_started.append(ms)
        if status == Status.DONE and actual_end is not None and actual_end > window.end:
            report.finished_late.append((ms, actual_end - window.end))


def phase_states(graph: RoadmapGraph, forecasts: dict[str, Forecast]) -> list[PhaseState]:
    """Each dated phase with its buffer and the forecast finish of its deliverables."""
    states = []
    for phase in sorted(graph.of_type(TYPES.phase), key=lambda p: p.week(FIELDS.start) or 0):
        end = phase.week(FIELDS.end)
        if end is None:
            continue
        ends = [forecasts[m.id].window.end for m in graph.sources(phase, LINKS.phase)
                if m.id in forecasts]
        buffer = phase.week(FIELDS.buffer) or 0
        states.append(PhaseState(phase, end, buffer, max(ends, default=None)))
    return states


def gate_states(graph: RoadmapGraph, series: dict[str, list[Measurement]], as_of: int
           ) -> list[GateState]:
    gates = []
    for gate in sorted(graph.of_type(TYPES.gate), key=lambda g: g.id):
        phase = graph.phase_of(gate)
        decided = gate.week(FIELDS.decision_week)
        week = decided if decided is not None else as_of
        metrics = tuple(metric_state(graph, m, series.get(m.id, []), week)
                        for m in graph.targets(gate, LINKS.checks))
        gates.append(GateState(gate, phase, str(gate.get(FIELDS.status) or Status.OPEN), decided,
                               phase.week(FIELDS.end) if phase else None, metrics))
    return sorted(gates, key=lambda g: (g.due_week or 10**6, g.gate.id))


def fired_risks(graph: RoadmapGraph, series: dict[str, list[Measurement]], as_of: int
                ) -> list[FiredRisk]:
    """Risks whose indicator has fired: the latest measurement, from the risk's trigger
    week on, of a metric a risk is watched by crosses its threshold. Each fired risk
    carries the metric's planned value for the week of that reading (the build refuses
    a trigger the plan itself would fire, CONS-RISK-TRIGGER)."""
    fired = []
    for risk in sorted(graph.of_type(TYPES.risk), key=lambda r: r.id):
        above, below = risk.number(FIELDS.fires_above), risk.number(FIELDS.fires_below)
        from_week = risk.week(FIELDS.trigger_week) or 0
        for metric in graph.targets(risk, LINKS.watched_by):
            read = [m for m in series.get(metric.id, []) if m.week >= from_week]
            last = latest(read, as_of)
            if last is None:
                continue
            planned = expected_value(trajectory(graph, metric), last.week)
            if above is not None and last.value > above:
                fired.append(FiredRisk(risk, last, above, True, planned))
                break
            if below is not None and last.value < below:
                fired.append(FiredRisk(risk, last, below, False, planned))
                break
    return fired


def status_report(graph: RoadmapGraph, as_of: int, baseline: Baseline | None = None
                  ) -> StatusReport:
    """The program's status at the end of week ``as_of``."""
    forecasts = forecast(graph, as_of)
    series = measurements(graph)
    report = StatusReport(as_of=as_of, forecasts=forecasts)
    _schedule_facts(report, graph)
    report.value = _value(graph, as_of)
    report.phases = phase_states(graph, forecasts)
    report.gates = gate_states(graph, series, as_of)
    report.kpis = [metric_state(graph, m, series.get(m.id, []), as_of)
                   for m in sorted(graph.of_type(TYPES.metric), key=lambda n: n.id)]
    report.fired = fired_risks(graph, series, as_of)
    report.planned_end = max((f.planned.end for f in forecasts.values()), default=0)
    if baseline is not None:
        report.baseline_due = {i: int(n[FIELDS.due]) for i, n in baseline.items()
                               if n.get("type") == TYPES.milestone
                               and isinstance(n.get(FIELDS.due), int | float)}
        report.baseline_end = max(report.baseline_due.values(), default=None)
    return report


def status_json(report: StatusReport) -> dict[str, Any]:
    """The report as the command line's JSON (stable keys, sorted IDs)."""
    return {
        "as_of": report.as_of,
        "late": [m.id for m in report.late],
        "started_late": {m.id: weeks for m, weeks in report.started_late},
        "not_started": [m.id for m in report.not_started],
        "finished_late": {m.id: weeks for m, weeks in report.finished_late},
        "forecast_end": {f.need.id: f.window.end for f in report.open_forecasts},
        "forecast_start": {f.need.id: f.window.start for f in report.open_forecasts},
        "program_planned_end": report.planned_end,
        "program_forecast_end": report.forecast_end,
        "program_baseline_end": report.baseline_end,
        "critical_path": [f.need.id for f in report.critical],
        "planned_value": round(report.value.planned, 2),
        "earned_value": round(report.value.earned, 2),
        "spi": None if report.value.spi is None else round(report.value.spi, 3),
        "phases": {p.phase.id: {"planned_end": p.planned_end, "buffer": p.buffer,
                                "deliverables_end": p.deliverables_end,
                                "gate_week": p.gate_week} for p in report.phases},
        "gates": {g.gate.id: g.status for g in report.gates},
        "gate_readings": {g.gate.id: g.reading for g in report.gates},
        "kpis": {k.metric.id: _kpi_json(k) for k in report.kpis if k.latest is not None},
        "fired_risks": [f.risk.id for f in report.fired],
        "baseline_slip": {i: s for i in sorted(report.baseline_due)
                          if (s := report.baseline_slip(i)) is not None and s != 0},
    }


def _kpi_json(state: MetricState) -> dict[str, Any]:
    assert state.latest is not None
    return {"week": state.latest.week, "value": state.latest.value,
            "expected": None if state.expected is None else round(state.expected, 3),
            "on_track": state.on_track, "at_target": state.at_target,
            "measurement": state.latest.need.id}
