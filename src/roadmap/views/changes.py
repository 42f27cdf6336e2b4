"""Every change since the baseline: the needs added, removed and changed field by field,
and how many milestones moved their due week. Generated from the needs at every build
against the plan that ``roadmap_baseline`` names, a proposal until an approval is
recorded in it (the page says which)."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.views import View, ViewArgs, view
from roadmap.views.status import baseline_of, current_diff


def _field_text(value: object) -> str:
    if value is None:
        return vn.NONE
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or vn.NONE
    return str(value)


def _need_cell(ctx: vn.ViewContext, need_id: str) -> list[nodes.Node]:
    need = ctx.graph.needs.get(need_id)
    return vn.titled(ctx, need) if need else [nodes.literal(text=need_id)]


def build_changes(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    baseline = baseline_of(ctx)
    if baseline is None:
        return [vn.box(vn.paragraph("No baseline is configured (roadmap_baseline)."),
                       classes=["roadmap-changes"])]
    diff = current_diff(ctx, baseline)
    intro = vn.paragraph(
        f"The plan against {baseline.described}: {len(diff.added)} needs added, "
        f"{len(diff.removed)} removed, {len(diff.changed)} changed.")
    if diff.empty:
        since = ("Nothing has changed since the approval." if baseline.approval else
                 "Nothing has changed since the proposal was frozen; no approval of it has "
                 "been recorded, so the plan is still a proposal.")
        return [vn.box(intro, vn.paragraph(since), classes=["roadmap-changes"])]
    rows: list[vn.RowLike] = [[_need_cell(ctx, i), diff.types[i], "added", vn.NONE, vn.NONE]
                              for i in diff.added]
    rows += [[nodes.literal(text=i), diff.types[i], "removed", vn.NONE, vn.NONE]
             for i in diff.removed]
    for need_id, fields in diff.changed.items():
        rows += [[_need_cell(ctx, need_id), diff.types[need_id], nodes.literal(text=name),
                  _field_text(old), _field_text(new)] for name, (old, new) in fields.items()]
    moved = diff.moved()
    effect = vn.paragraph(
        f"Schedule effect: {len(moved)} milestones moved their due week"
        + (f" (by {min(moved.values()):+d} to {max(moved.values()):+d} weeks)" if moved else "")
        + ".")
    return [vn.box(intro, effect, vn.table(
        "Every change since the baseline", ["Need", "Type", "What", "Baseline", "Now"], rows,
        ["roadmap-changes"]),
        classes=["roadmap-changes"])]


view(View(name="changes", summary="Every change since the baseline (proposed or approved).",
          build=build_changes))
