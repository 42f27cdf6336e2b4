"""Risk exposure per phase: the risks bearing on each phase (in week order), how many
are high, and the sum of their likelihood x impact scores. A risk threatening
milestones of two phases counts in both."""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from roadmap import render as vn
from roadmap import risk
from roadmap.config import DEFAULTS, Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_schedule import week_order
from roadmap.roles import FIELDS, TYPES
from roadmap.views import View, ViewArgs, view
from roadmap.views.heatmap import risks_by_score


@dataclass(frozen=True)
class PhaseExposure:
    phase: Need
    risks: tuple[Need, ...]  # by score, highest first
    threshold: int

    @property
    def exposure(self) -> int:
        """Sum of the scores of the risks bearing on the phase."""
        return sum(risk.score(r) or 0 for r in self.risks)

    @property
    def high(self) -> tuple[Need, ...]:
        return tuple(r for r in self.risks if (risk.score(r) or 0) >= self.threshold)

    @property
    def top(self) -> int:
        return max((risk.score(r) or 0 for r in self.risks), default=0)


def exposure_by_phase(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> list[PhaseExposure]:
    """Per phase (in week order), the risks that bear on it and their total score; a risk
    threatening milestones of two phases counts in both."""
    phases = week_order(graph, graph.of_type(TYPES.phase))
    return [PhaseExposure(p, tuple(risks_by_score(graph, p.id)), settings.high_risk_threshold)
            for p in phases]


def build_exposure(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    threshold = ctx.settings.high_risk_threshold
    rows: list[vn.RowLike] = [[vn.titled(ctx, row.phase),
             f"{row.phase.week(FIELDS.start)}-{row.phase.week(FIELDS.end)}",
             str(len(row.risks)), str(len(row.high)), str(row.exposure),
             str(row.top or vn.NONE), vn.need_refs(ctx, row.high)]
            for row in exposure_by_phase(ctx.graph, ctx.settings)]
    table = vn.table(
        "Risk exposure per phase: the risks bearing on each phase and the sum of their "
        "likelihood x impact scores",
        ["Phase", "Weeks", "Risks", f"High (score {threshold}+)", "Exposure", "Highest score",
         "High risks"], rows, ["roadmap-exposure"])
    return [vn.box(table, classes=["roadmap-exposure-view"])]


view(View(name="risk-exposure", summary="Risk exposure per phase.", build=build_exposure,
          shows_needs_by_id=True))
