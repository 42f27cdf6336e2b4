"""The cost calculation of implementation/iac-and-cost.md: where the 35 % comes from,
lever by lever, as booked in the DevOps plan."""

from __future__ import annotations

import copy

import cost_model
import pytest

CONFIG = cost_model.load()
PLAN = cost_model.plan(CONFIG)


def test_levers_reach_the_35_percent_target() -> None:
    assert PLAN.reduction >= cost_model.TARGET_REDUCTION
    assert round(PLAN.reduction, 1) == 35.1


@pytest.mark.parametrize("saving", PLAN.savings, ids=lambda s: s.lever)
def test_each_lever_matches_the_devops_plan_within_one_point(saving: cost_model.Saving) -> None:
    # MS-OPS-07: "the lever breakdown matches the cost reduction levers table within 1 point"
    assert abs(saving.saving - saving.planned) <= 1.0


def test_planned_points_add_up_to_35() -> None:
    assert sum(s.planned for s in PLAN.savings) == 35


def test_the_fleet_ends_at_the_utilisation_target() -> None:
    # MET-OPS-UTIL: 22 % -> 55 %, through rightsizing and then autoscaling.
    assert CONFIG["fleet"]["cpu_utilisation_now"] == 22
    assert PLAN.utilisation == 55


def test_savings_never_exceed_what_a_category_spends() -> None:
    assert all(0 <= left <= CONFIG["spend_shares"][k] for k, left in PLAN.remaining.items())
    assert sum(PLAN.remaining.values()) == pytest.approx(100 - PLAN.reduction)


def test_levers_are_the_devops_plans_and_run_in_its_order() -> None:
    assert [s.lever for s in PLAN.savings] == list(cost_model.LEVERS)
    assert {s.milestone for s in PLAN.savings} == {"MS-OPS-06", "MS-OPS-07"}


def test_shares_must_add_up_to_100() -> None:
    broken = copy.deepcopy(CONFIG)
    broken["spend_shares"]["network"] += 5
    with pytest.raises(ValueError, match="add up to 105"):
        cost_model.plan(broken)


@pytest.mark.parametrize("lever", ["reserved-spot", "storage-tiering", "idle-cleanup"])
def test_without_any_one_lever_the_target_is_missed(lever: str) -> None:
    reduced = copy.deepcopy(CONFIG)
    reduced["levers"] = [item for item in reduced["levers"] if item["id"] != lever]
    assert cost_model.plan(reduced).reduction < cost_model.TARGET_REDUCTION


def test_rightsizing_and_autoscaling_remove_60_percent_of_fleet_compute() -> None:
    # Same work at 55 % instead of 22 % utilisation needs 22/55 = 40 % of the capacity.
    fleet = CONFIG["spend_shares"]["compute_fleet"]
    by_lever = {s.lever: s.saving for s in PLAN.savings}
    fleet_saving = by_lever["rightsizing"] + by_lever["autoscaling"]
    non_production = CONFIG["spend_shares"]["non_production"] * 0.7 * (1 - 60 / 168)
    assert fleet_saving - non_production == pytest.approx(fleet * (1 - 22 / 55))
