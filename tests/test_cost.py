"""What the plan costs and what a role can carry when its rate or capacity changes in
some weeks (``rate_weeks``, ``capacity_weeks``): each week at the value of that week."""

from __future__ import annotations

from minigraph import PROJECT, graph  # the rule tests' plan (tests/rules is on the path)

from roadmap.cost import budget, work_cost_by_week
from roadmap.load import capacity_in, rate_in, usable_capacity


def test_a_rate_that_changes_after_a_week_prices_each_week_at_its_own_rate() -> None:
    # MS-A-01 puts 1 person-week a week on the role in weeks 1-4, MS-A-02 in weeks 5-8
    plan = graph({"RES-ROLE-A": {"rate": 5000, "rate_weeks": ["4000@5-8"]}})
    role = plan.needs["RES-ROLE-A"]
    assert (rate_in(role, 4), rate_in(role, 5)) == (5000, 4000)
    cost = budget(plan)
    assert cost.work == {"RES-ROLE-A": 4 * 5000 + 4 * 4000}
    assert cost.work_by_phase == {"PH-1": 20000, "PH-2": 16000}
    assert work_cost_by_week(plan)[4] == 5000
    assert work_cost_by_week(plan)[5] == 4000


def test_without_rate_weeks_every_week_is_at_the_rate() -> None:
    cost = budget(graph({"RES-ROLE-A": {"rate": 5000}}))
    assert cost.work_by_phase == {"PH-1": 20000, "PH-2": 20000}


def test_a_capacity_by_week_is_what_the_capacity_check_reads_in_those_weeks() -> None:
    role = graph({"RES-ROLE-A": {"capacity_weeks": ["1.5@1-4"]}}).needs["RES-ROLE-A"]
    settings = PROJECT.settings
    assert capacity_in(role, 4) == 1.5
    assert capacity_in(role, 5) == 2
    assert usable_capacity(role, 4, settings) == 1.5 * settings.capacity_share
    # a scenario's capacity for a week comes before the stated one
    role.fields["capacity_by_week"] = {4: 0.5}
    assert capacity_in(role, 4) == 0.5
    assert capacity_in(role, 3) == 1.5
