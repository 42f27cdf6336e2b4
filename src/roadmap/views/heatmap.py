"""Risk heat map: the risks in likelihood x impact cells, with the legend of the bands
(the risk exposure per phase is :mod:`roadmap.views.risk_exposure`).

A risk's score is likelihood x impact (each 1 to 5, :mod:`roadmap.risk`); its band
comes from the project's risk bands, the same the high-risk rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from roadmap import render as vn
from roadmap import risk
from roadmap.config import DEFAULTS, Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import TYPES
from roadmap.view_options import need_id
from roadmap.views import View, ViewArgs, view


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    risks: tuple[Need, ...]
    band: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


def risks_by_score(graph: RoadmapGraph, phase: str | None = None) -> list[Need]:
    """Risks (of one phase, or all), highest score first, then by ID."""
    risks = graph.of_type(TYPES.risk)
    if phase is not None:
        risks = [r for r in risks if phase in graph.phase_ids_of(r)]
    return sorted(risks, key=lambda r: (-(risk.score(r) or 0), r.id))


def heatmap_cells(graph: RoadmapGraph, phase: str | None = None,
                  settings: Settings = DEFAULTS) -> dict[tuple[int, int], HeatCell]:
    """All 25 cells keyed by (likelihood, impact), each with its risks by ID;
    ``phase`` keeps only the risks that bear on that phase."""
    placed: dict[tuple[int, int], list[Need]] = {
        (x, y): [] for x in risk.LEVELS for y in risk.LEVELS}
    for need in risks_by_score(graph, phase):
        likelihood, impact = risk.likelihood(need), risk.impact(need)
        if likelihood and impact:
            placed[(likelihood, impact)].append(need)
    return {key: HeatCell(key[0], key[1], tuple(sorted(found, key=lambda r: r.id)),
                          settings.band(key[0] * key[1]))
            for key, found in placed.items()}


def unscored_risks(graph: RoadmapGraph) -> list[Need]:
    """Risks the grid cannot place (likelihood or impact missing or off the scale)."""
    return [r for r in risks_by_score(graph) if risk.score(r) is None]


# ------------------------------------------------------------------ drawing
def legend(settings: Settings) -> nodes.paragraph:
    """The bands with their score ranges, one key each."""
    para = nodes.paragraph(classes=["roadmap-heat-legend"])
    para += nodes.strong(text="Risk bands by score (likelihood \u00d7 impact): ")
    for band, _lowest in settings.risk_bands:
        low, high = settings.band_range(band)
        para += nodes.inline(text=f"{band}: {low}-{high}",
                             classes=["roadmap-heat-key", f"roadmap-heat-{band}"])
        para += nodes.Text(" ")
    return para


def _heat_cell(ctx: vn.ViewContext, cell: HeatCell, prefix: str) -> vn.Cell:
    content: list[nodes.Node] = [vn.paragraph(vn.small(f"score {cell.score}"),
                                              classes=["roadmap-heat-score"])]
    if cell.risks:
        items = nodes.bullet_list(classes=["roadmap-heat-risks"])
        for need in cell.risks:
            item = nodes.list_item()
            item += vn.paragraph(vn.need_ref(ctx, need, need.id.removeprefix(prefix)))
            items += item
        content.append(items)
    return vn.Cell(content, classes=["roadmap-heat", f"roadmap-heat-{cell.band}"])


def heatmap_table(ctx: vn.ViewContext, cells: dict[tuple[int, int], HeatCell], caption: str,
                  prefix: str = "") -> nodes.table:
    """The 5 x 5 grid, impact 5 on top; each risk is a link, shown without ``prefix``
    (every ID in the grid has it) so that long IDs fit a cell."""
    head: list[vn.CellLike] = ["Impact \u2193 \u00b7 Likelihood \u2192"]
    head += [[nodes.Text(f"{x} "), vn.small(risk.LIKELIHOOD[x])] for x in risk.LEVELS]
    rows: list[vn.RowLike] = []
    for impact in reversed(risk.LEVELS):
        row: list[vn.CellLike] = [[nodes.Text(f"{impact} "), vn.small(risk.IMPACT[impact])]]
        row += [_heat_cell(ctx, cells[(likelihood, impact)], prefix)
                for likelihood in risk.LEVELS]
        rows.append(row)
    return vn.table(caption, head, rows, ["roadmap-heatmap"])


def heat_list(ctx: vn.ViewContext, cells: dict[tuple[int, int], HeatCell], scope: str
              ) -> nodes.Node:
    """The grid as a list, for a phone (where five columns of IDs do not fit): each cell
    that holds risks, highest score first, with the risks' IDs and titles."""
    filled = sorted((c for c in cells.values() if c.risks),
                    key=lambda c: (-c.score, -c.impact, -c.likelihood))
    listing = nodes.bullet_list(classes=["roadmap-heat-list"])
    for cell in filled:
        item = nodes.list_item()
        item += vn.paragraph(vn.strong(
            f"Score {cell.score} ({cell.band}), likelihood {cell.likelihood} "
            f"{risk.LIKELIHOOD[cell.likelihood]} \u00d7 impact {cell.impact} "
            f"{risk.IMPACT[cell.impact]}"))
        item += vn.bullets([[vn.need_ref(ctx, need), f" {need.title}"] for need in cell.risks],
                           classes=["roadmap-compact"])
        listing += item
    return vn.box(vn.paragraph(f"The risks {scope} by cell of the grid, highest score "
                               "first:", classes=["roadmap-heat-list-intro"]),
                  listing, classes=["roadmap-heat-list-view"])


def build_heatmap(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    phase: str | None = args.get("phase")
    if phase:
        ctx.need(phase, TYPES.phase)
    cells = heatmap_cells(ctx.graph, phase, ctx.settings)
    placed = sum(len(c.risks) for c in cells.values())
    scope = f"bearing on {phase}" if phase else "of the program"
    prefix = ctx.graph.metamodel.types.get(TYPES.risk, "")
    caption = (f"Risk heat map: {placed} risks {scope} by likelihood (columns) and impact "
               f"(rows)" + (f"; risk IDs without their {prefix} prefix" if prefix else ""))
    content: list[nodes.Node] = [heatmap_table(ctx, cells, caption, prefix),
                                 heat_list(ctx, cells, scope), legend(ctx.settings)]
    unscored = [] if phase else unscored_risks(ctx.graph)
    if unscored:
        content.append(vn.paragraph("Not placed (likelihood or impact missing): ",
                                    *vn.need_refs(ctx, unscored), ".",
                                    classes=["roadmap-note"]))
    return [vn.box(*content, classes=["roadmap-heatmap-view"])]


view(View(name="heatmap", shows_needs_by_id=True,
          summary="5 x 5 likelihood x impact grid of the risks.",
          build=build_heatmap, options={"phase": need_id}))
