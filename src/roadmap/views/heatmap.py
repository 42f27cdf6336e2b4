"""Risk heat map: likelihood x impact cells and exposure per phase.

A risk's score is likelihood x impact (each 1 to 5). The band boundaries are
the metamodel's: a score at or above ``HIGH_RISK_THRESHOLD`` is high, the
same threshold the risk-lead-time rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmap.graph import Need, RoadmapGraph
from roadmap.metamodel import HIGH_RISK_THRESHOLD
from roadmap.rules.consistency import risk_score
from roadmap.views.schedule import week_order

LEVELS = (1, 2, 3, 4, 5)
# Below this score a risk is low; from it up to the high threshold, medium.
MEDIUM_RISK_THRESHOLD = 5


def rating(risk: Need, name: str) -> int | None:
    """A likelihood or impact on the 1 to 5 scale, None when missing or off it."""
    value = risk.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = int(value)
    return value if value in LEVELS else None


def score(risk: Need) -> int | None:
    """The same score the high-risk rule uses."""
    return risk_score(rating(risk, "likelihood"), rating(risk, "impact"))


def band(value: int) -> str:
    if value >= HIGH_RISK_THRESHOLD:
        return "high"
    if value >= MEDIUM_RISK_THRESHOLD:
        return "medium"
    return "low"


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    risks: tuple[Need, ...]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return band(self.score)


def _risks(graph: RoadmapGraph, phase: str | None) -> list[Need]:
    risks = graph.of_type("risk")
    if phase is not None:
        risks = [r for r in risks if phase in graph.phase_ids_of(r)]
    return sorted(risks, key=lambda r: (-(score(r) or 0), r.id))


def heatmap_cells(graph: RoadmapGraph, phase: str | None = None
                  ) -> dict[tuple[int, int], HeatCell]:
    """All 25 cells keyed by (likelihood, impact), each with its risks.

    Within a cell risks are listed by ID. ``phase`` keeps only the risks that
    bear on that phase.
    """
    placed: dict[tuple[int, int], list[Need]] = {(x, y): [] for x in LEVELS for y in LEVELS}
    for risk in _risks(graph, phase):
        likelihood, impact = rating(risk, "likelihood"), rating(risk, "impact")
        if likelihood and impact:
            placed[(likelihood, impact)].append(risk)
    return {
        key: HeatCell(key[0], key[1], tuple(sorted(risks, key=lambda r: r.id)))
        for key, risks in placed.items()
    }


def unscored_risks(graph: RoadmapGraph) -> list[Need]:
    """Risks the grid cannot place (likelihood or impact missing or off the scale)."""
    return [r for r in _risks(graph, None) if score(r) is None]


@dataclass(frozen=True)
class PhaseExposure:
    phase: Need
    risks: tuple[Need, ...]  # by score, highest first

    @property
    def exposure(self) -> int:
        """Sum of the scores of the risks bearing on the phase."""
        return sum(score(r) or 0 for r in self.risks)

    @property
    def high(self) -> tuple[Need, ...]:
        return tuple(r for r in self.risks if (score(r) or 0) >= HIGH_RISK_THRESHOLD)

    @property
    def top(self) -> int:
        return max((score(r) or 0 for r in self.risks), default=0)


def exposure_by_phase(graph: RoadmapGraph) -> list[PhaseExposure]:
    """Per phase (in week order), the risks that bear on it and their total score.

    A risk bears on the phases of what it threatens (``phase_ids_of``), so a
    risk threatening milestones of two phases counts in both.
    """
    phases = week_order(graph, graph.of_type("phase"))
    return [PhaseExposure(p, tuple(_risks(graph, p.id))) for p in phases]
