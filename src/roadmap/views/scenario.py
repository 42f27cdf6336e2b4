"""A what-if scenario's page: the scenario applied to the plan as it stands
(:mod:`roadmap.whatif.overlay`) and compared with it by the review engine
(:mod:`roadmap.impact`), drawn as the review of any change is (:mod:`roadmap.impact.
render_nodes`): the end and each gate against the plan, the milestones that move and
the chain that carries them, the critical path, the role-weeks over capacity, the
cost, the risks it touches, and the timeline with the plan's bars as ghosts.

``roadmap-scenario SCN-ID`` draws the scenario need of that ID; the levelled proposal
has a view of its own (:mod:`roadmap.views.levelled`), which draws its evaluation with
:func:`evaluation` below.
"""

from __future__ import annotations

import dataclasses

from docutils import nodes

from roadmap import render as vn
from roadmap.graph import Window
from roadmap.impact.render_nodes import impact_nodes
from roadmap.roles import LINKS, TYPES
from roadmap.tracking.forecast import Forecast, driving_path
from roadmap.view_options import need_id
from roadmap.views import View, ViewArgs, view
from roadmap.whatif.entries import Scenario, scenario_of
from roadmap.whatif.evaluation import Evaluated, EvaluationError, evaluate, levelled_verdict
from roadmap.whatif.levelling import Levelled, Move, level


def evaluated(ctx: vn.ViewContext, scenario: Scenario) -> Evaluated:
    """The scenario applied to the plan and compared with it; ViewError when it cannot
    be applied (the build's SCENARIO-APPLIES rule says why at the scenario)."""
    try:
        return evaluate(ctx.graph, scenario, ctx.project)
    except EvaluationError as error:
        raise vn.ViewError(str(error)) from None


def _chain(ctx: vn.ViewContext, forecasts: dict[str, Forecast], last: str
           ) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    for index, fc in enumerate(driving_path(forecasts, last)):
        found += ([nodes.Text(" \u2192 ")] if index else []) + [vn.need_ref(ctx, fc.need)]
    return found


def critical_part(ctx: vn.ViewContext, found: Evaluated) -> list[nodes.Node]:
    """The chains that set the scenario's end and each gate it moves, as its forecast
    gives them: what to shorten to win the weeks back."""
    head = found.impact.compared.head
    forecasts = head.forecasts
    items: list[list[str | nodes.Node]] = []
    for gate in (g for g in found.impact.schedule.gates if g.week.moved):
        mine = [f for f in forecasts.values() if gate.phase in f.need.targets_of(LINKS.phase)]
        if mine:
            last = max(mine, key=lambda f: (f.window.end, f.need.id))
            items.append([*vn.id_refs(ctx, [gate.gate]), f" (week {gate.week.after}) waits "
                          "for ", *_chain(ctx, forecasts, last.need.id)])
    end = head.end
    if end is not None:
        items.append([f"The plan's end (week {end.window.end}) waits for ",
                      *_chain(ctx, forecasts, end.need.id)])
    return [vn.paragraph(vn.strong("Critical path in the scenario:"),
                         classes=["roadmap-scenario-critical"]),
            vn.bullets(items, classes=["roadmap-scenario-critical"])]


def evaluation(ctx: vn.ViewContext, found: Evaluated) -> list[nodes.Node]:
    """The review of the scenario against the plan, drawn on the scenario's plan (its
    bars, with the plan's as ghosts)."""
    head_ctx = dataclasses.replace(ctx, graph=found.applied.graph)
    drawn = impact_nodes(head_ctx, found.impact)
    return [drawn[0], *critical_part(head_ctx, found), *drawn[1:]]


def _weeks(window: Window) -> str:
    return str(window.start) if window.start == window.end else \
        f"{window.start}\u2013{window.end}"


def moves_table(ctx: vn.ViewContext, moves: tuple[Move, ...], caption: str) -> nodes.table:
    rows: list[vn.RowLike] = [
        [vn.titled(ctx, m.milestone), _weeks(m.before), _weeks(m.after),
         "within its float" if m.within_float else "across its float", m.reason]
        for m in moves]
    return vn.table(caption, ["Milestone", "Weeks", "Proposed weeks", "Move", "Why"], rows,
                    ["roadmap-levelled-moves"])


def levelled_part(ctx: vn.ViewContext, result: Levelled, what: str) -> list[nodes.Node]:
    """The overloads a levelling found in ``what``, and the moves that remove them."""
    if not result.overloads:
        return [vn.paragraph(f"No role is over capacity in {what}: nothing has to move.")]
    found: list[nodes.Node] = [
        vn.paragraph(f"{len(result.overloads)} role-week(s) over capacity in {what}; the "
                     f"levelled proposal moves {len(result.moves)} milestone(s), "
                     f"{sum(m.within_float for m in result.moves)} of them within their "
                     f"float, and ends in week {result.end} (planned week "
                     f"{result.planned_end})"
                     + (f", {result.past_calendar}." if result.past_calendar else "."),
                     classes=["roadmap-warning"] if result.past_calendar else []),
        moves_table(ctx, result.moves, f"The moves that take every role back under capacity "
                                       f"in {what}")]
    if result.remaining:
        found.append(vn.paragraph("Still over capacity (no move can help): "
                                  + "; ".join(str(o) for o in result.remaining) + ".",
                                  classes=["roadmap-warning"]))
    return found


def changes_part(ctx: vn.ViewContext, scenario: Scenario) -> list[nodes.Node]:
    items: list[list[str | nodes.Node]] = [
        [*vn.id_refs(ctx, [change.target]), str(change)[len(change.target):]]
        for change in scenario.changes]
    head: list[str | nodes.Node] = [
        vn.strong("The changes: "),
        f"revision {scenario.revision} of " if scenario.revision else "",
        vn.id_refs(ctx, [scenario.id])[0], ", applied to the plan as of week "
        f"{ctx.settings.as_of}; what waits for a moved milestone moves with it."]
    found: list[nodes.Node] = [vn.paragraph(*head), vn.bullets(items)]
    if scenario.explores:
        found.append(vn.paragraph(vn.strong("It plays out: "),
                                  *vn.id_refs(ctx, scenario.explores), "."))
    return found


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    need = ctx.need(args.argument, TYPES.scenario)
    scenario, unreadable = scenario_of(need)
    if unreadable:
        raise vn.ViewError(f"{need.id} cannot be evaluated: {'; '.join(unreadable)}")
    found = evaluated(ctx, scenario)
    head_ctx = dataclasses.replace(ctx, graph=found.applied.graph)
    levelled = level(found.applied.graph, ctx.settings)
    within: list[nodes.Node] = levelled_part(head_ctx, levelled, "the scenario")
    if levelled.moves:
        within.append(vn.paragraph(vn.strong("With these moves, against the plan: "),
                                   levelled_verdict(ctx.graph, found, levelled.scenario,
                                                    ctx.project), "."))
    return [vn.box(*changes_part(ctx, scenario), *evaluation(ctx, found),
                   vn.section("Levelled within the scenario", f"scenario-levelled-{ctx.index}",
                              *within),
                   classes=["roadmap-scenario"])]


view(View(name="scenario", reads_now=True,
          summary="A what-if scenario evaluated against the plan.", build=build,
          argument=need_id))
