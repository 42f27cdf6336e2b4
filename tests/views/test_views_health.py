"""The health view, the status card and the "now" line on the week-6 program of
``tests/tracking/week6.py``: declared health beside the forecast, the roll-up with its
rule, stale warnings from the build's own rule results, and a card that states only
what is recorded."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import week6
from docutils import nodes

from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph, build_graph
from roadmap.inputs import from_conf
from roadmap.render import ViewContext
from roadmap.rules.declared_health import check_stale
from roadmap.views import health, status_card

PROJECT = from_conf(Path(__file__).resolve().parents[2])
GRAPH = build_graph(week6.plan_needs(), PROJECT.metamodel)


def context(as_of: int, results: list[RuleResult] | None = None,
            today: date = date(2025, 11, 19), graph: RoadmapGraph = GRAPH) -> ViewContext:
    settings = dataclasses.replace(PROJECT.settings, as_of=as_of, today=today)
    return ViewContext(project=dataclasses.replace(PROJECT, settings=settings), graph=graph,
                       docname="p", uri=lambda need: f"p.html#{need.id}",
                       results=lambda: list(results or []))


def text(parts: list[nodes.Node]) -> str:
    return " ".join(p.astext() for p in parts)


def test_declared_health_stands_beside_the_forecast() -> None:
    rows = health.health_rows(GRAPH, 6, 2)
    assert [(r.scope.id if r.scope else "program", r.update.need.id if r.update else None,
             r.stale) for r in rows] == [("WS-A", "UPD-A-W06", False),
                                         ("WS-B", "UPD-B-W05", False),
                                         ("program", "UPD-PGM-W06", False)]
    assert health.forecast_text(rows[0].outlook).startswith(
        "+2 weeks beyond plan and buffer: MS-A-05, its last milestone, finishes in week 10")
    shown = text(health.health_part(context(6)))
    assert "off track (week 6)" in shown and "at risk (week 5)" in shown
    assert "A decision on moving the peak-load validation to week 10" in shown
    assert "The program's health, rolled up: off track." in shown
    assert "worst health that any workstream declares" in shown


def test_a_week_page_shows_the_health_declared_by_that_week_without_the_forecast() -> None:
    shown = health.health_part(context(6), week=5)
    table = shown[0]
    assert "What the forecast says" not in table.astext()
    assert "at risk (week 5)" in table.astext() and "UPD-A-W06" not in table.astext()


def test_stale_updates_are_the_rule_s_own_warnings() -> None:
    stale = check_stale(GRAPH, dataclasses.replace(PROJECT.settings, as_of=9))
    shown = text(health.health_part(context(9, [stale])))
    assert "Warning: 3 workstreams have no current health update" not in shown
    assert "Warning: 2 workstreams have no current health update" in shown
    assert "WS-B has no health update since UPD-B-W05 of week 5" in shown
    assert "at risk (week 5, stale)" in shown


def test_before_any_report_nothing_is_claimed() -> None:
    assert text(health.health_part(context(0))).startswith("No health update yet: no week "
                                                           "has been reported")
    card = text(status_card.card(context(0)))
    assert "Status as of week 0" in card and "the calendar says week 7" in card
    assert "Health: no health update yet: no week is reported." in card
    assert "Late: none known: no week is reported, so nothing is measured yet." in card
    assert "Earned value: shown once progress is recorded" in card
    assert "Cost to date: shown once progress is recorded" in card
    assert "End: week 8 (24\u201328 Nov 2025) as planned" in card


def test_the_card_of_week_six_states_what_is_recorded() -> None:
    card = text(status_card.card(context(6)))
    assert "The report is 1 week old" in card
    assert ("Health: off track, rolled up from the workstreams; the Program Manager declares "
            "it off track (UPD-PGM-W06, week 6): Steering decision") in card
    assert "Next gate: QG-2 Core gate, due at the end of week 8, 28 Nov 2025; the forecast " \
        "moves it 2 weeks later." in card
    assert "Late: 2 milestones due by week 6 and not done." in card
    assert "End: forecast week 10" in card and "2 weeks later than planned" in card
    assert "the forecast moves QG-2 (+2)." in card
    assert "Earned value: 8.5 of 18 person-weeks of work planned by week 6 are done" in card
    assert "Cost to date: no role states a loaded rate, so the plan prices no work." in card


def test_the_card_prices_the_work_scheduled_to_date_never_a_spend() -> None:
    needs = week6.plan_needs()
    needs["RES-ROLE-ENG"] = week6._need("RES-ROLE-ENG", "resource", "plan", "Engineering",
                                        kind="role", headcount=4, capacity=4, cost=100000,
                                        rate=5000)
    card = text(status_card.card(context(6, graph=build_graph(needs, PROJECT.metamodel))))
    # the 18 person-weeks planned by week 6 (earned value's planned figure) at USD 5,000
    assert ("Cost to date: USD 90,000 of the USD 115,000 the planned role work costs is "
            "scheduled by week 6 (at the roles' loaded rates; the plan records no actual "
            "spending).") in card
