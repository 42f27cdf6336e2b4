"""Progress dashboard roll-ups: milestones by status, gates and KPIs.

Coverage per rule is not rolled up here: it is the rule engine's own results
(``roadmap.sphinx_ext.get_results``), shown as they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from roadmap.graph import Need, RoadmapGraph
from roadmap.views.schedule import week_order

# The delivery lifecycle of a milestone, in the order a dashboard reads it;
# any other status a milestone carries is shown after these.
MILESTONE_STATUSES = ("planned", "in_progress", "at_risk", "blocked", "done")
NONE = "\u2013"  # an en dash: the cell has no value


def status_of(need: Need) -> str:
    return str(need.get("status", "")) or "unset"


def status_columns(graph: RoadmapGraph) -> list[str]:
    """The lifecycle statuses the metamodel allows, then any other in use."""
    allowed = graph.metamodel.fields.get("status", {}).get("schema", {}).get("enum")
    columns = [s for s in MILESTONE_STATUSES if not allowed or s in allowed]
    used = sorted({status_of(m) for m in graph.of_type("milestone")} - set(columns))
    return columns + used


@dataclass(frozen=True)
class StatusRow:
    group: Need | None  # the phase or workstream; None for "no phase/workstream"
    milestones: tuple[Need, ...]

    @property
    def counts(self) -> Counter[str]:
        return Counter(status_of(m) for m in self.milestones)

    @property
    def total(self) -> int:
        return len(self.milestones)

    @property
    def done(self) -> int:
        return self.counts["done"]

    @property
    def effort(self) -> float:
        return sum(m.number("effort") or 0.0 for m in self.milestones)

    @property
    def effort_done(self) -> float:
        return sum(m.number("effort") or 0.0 for m in self.milestones
                   if status_of(m) == "done")


def milestones_by_status(graph: RoadmapGraph, by: str) -> list[StatusRow]:
    """One row per phase (``by="phase"``) or workstream, in week order."""
    if by not in ("phase", "workstream"):
        raise ValueError(f"milestones_by_status: by must be phase or workstream, not {by!r}")
    grouped: dict[str | None, list[Need]] = {}
    for m in graph.of_type("milestone"):
        targets = [t for t in m.links.get(by, ()) if t in graph.needs] or [None]
        for target in targets:
            grouped.setdefault(target, []).append(m)
    rows = [StatusRow(g, tuple(sorted(grouped.get(g.id, ()), key=lambda m: m.id)))
            for g in week_order(graph, graph.of_type(by))]
    if None in grouped:
        rows.append(StatusRow(None, tuple(sorted(grouped[None], key=lambda m: m.id))))
    return rows


@dataclass(frozen=True)
class KpiRow:
    metric: Need
    feeds: tuple[Need, ...]
    verified_by: tuple[Need, ...]
    monitored_by: tuple[Need, ...]

    @property
    def baseline(self) -> float | None:
        return self.metric.number("baseline")

    @property
    def target(self) -> float | None:
        return self.metric.number("target")

    @property
    def change(self) -> float | None:
        """Target minus baseline, in the metric's unit."""
        if self.baseline is None or self.target is None:
            return None
        return self.target - self.baseline

    @property
    def improves(self) -> bool | None:
        """Whether the target is better than the baseline in the stated direction."""
        if self.change is None:
            return None
        direction = self.metric.get("direction")
        if direction == "increase":
            return self.change > 0
        if direction == "decrease":
            return self.change < 0
        return None


def kpi_row(graph: RoadmapGraph, metric: Need) -> KpiRow:
    return KpiRow(
        metric,
        tuple(graph.targets(metric, "feeds")),
        tuple(sorted(graph.sources(metric, "verifies"), key=lambda n: n.id)),
        tuple(sorted(graph.sources(metric, "monitors"), key=lambda n: n.id)),
    )


@dataclass(frozen=True)
class GateRow:
    gate: Need
    phase: Need | None
    metrics: tuple[KpiRow, ...]  # the metrics it checks, with their evidence


def gate_rows(graph: RoadmapGraph) -> list[GateRow]:
    """Quality gates in phase order, each with the metrics it checks."""
    def key(gate: Need) -> tuple[int, str]:
        phase = graph.phase_of(gate)
        return (phase.week("start") or 0) if phase else 10**6, gate.id

    return [
        GateRow(g, graph.phase_of(g),
                tuple(kpi_row(graph, m) for m in graph.targets(g, "checks")))
        for g in sorted(graph.of_type("gate"), key=key)
    ]


@dataclass(frozen=True)
class KpiGroup:
    """A program success metric and the module KPIs that feed it.

    ``program`` is None for the group of metrics that feed no program metric.
    A KPI feeding two program metrics is listed under both.
    """

    program: KpiRow | None
    kpis: tuple[KpiRow, ...]


def kpi_groups(graph: RoadmapGraph) -> list[KpiGroup]:
    """Program success metrics by ID, each with its KPIs, then the metrics left over."""
    def row(metric: Need) -> KpiRow:
        return kpi_row(graph, metric)

    metrics = sorted(graph.of_type("metric"), key=lambda m: m.id)
    groups: list[KpiGroup] = []
    placed: set[str] = set()
    for top in (m for m in metrics if m.get("scope") == "program"):
        kpis = sorted((k for k in graph.sources(top, "feeds") if k.type == "metric"),
                      key=lambda m: m.id)
        groups.append(KpiGroup(row(top), tuple(row(k) for k in kpis)))
        placed |= {top.id, *(k.id for k in kpis)}
    rest = [row(m) for m in metrics if m.id not in placed]
    if rest:
        groups.append(KpiGroup(None, tuple(rest)))
    return groups


def fmt_number(value: float | None) -> str:
    """A number as a reader writes it: no trailing .0, thousands grouped."""
    if value is None:
        return NONE
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
