"""The capacity-levelled proposal for the plan as it stands (:mod:`roadmap.whatif.
levelling`), shown as a scenario: the check it ran (every role-week after the reported
week against the capacity the capacity rule allows, with the focus factor in force),
the overloads it found, the moves that remove them (within float first), and the
review engine's evaluation of the moves. When nothing is over capacity the page
says so and shows the check."""

from __future__ import annotations

from docutils import nodes

from roadmap import render as vn
from roadmap.config import PREFIX
from roadmap.views import View, ViewArgs, view
from roadmap.views.scenario import evaluated, evaluation, levelled_part
from roadmap.whatif.levelling import Levelled, level


def check_part(ctx: vn.ViewContext, result: Levelled) -> nodes.paragraph:
    settings = ctx.settings
    return vn.paragraph(
        vn.strong("The check: "),
        f"every role with a capacity, in each of the {result.checked} role-weeks after week "
        f"{settings.as_of} in which the plan books it, against what the capacity rule lets "
        f"milestone work use: the role's capacity times the focus factor "
        f"{PREFIX}focus_factor = {settings.focus_factor:g} ({1 - settings.focus_factor:.0%} "
        f"kept for meetings, reviews, support and leave), scaled to the week's working days.",
        classes=["roadmap-levelled-check"])


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    result = level(ctx.graph, ctx.settings)
    parts: list[nodes.Node] = [vn.now_paragraph(ctx), check_part(ctx, result)]
    if not result.overloads:
        parts.append(vn.paragraph(
            "No role is planned above its capacity in any of them: the levelled proposal "
            "moves nothing, and the plan as it stands is its own levelled plan.",
            classes=["roadmap-levelled-none"]))
        return [vn.box(*parts, classes=["roadmap-scenario", "roadmap-levelled"])]
    parts += levelled_part(ctx, result, "the plan")
    if result.moves:
        parts += evaluation(ctx, evaluated(ctx, result.scenario))
    return [vn.box(*parts, classes=["roadmap-scenario", "roadmap-levelled"])]


view(View(name="levelled", reads_now=True,
          summary="The capacity-levelled proposal for the plan as it stands.", build=build))
