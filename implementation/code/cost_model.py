"""Where the 35 % operating-expense reduction comes from (MS-OPS-06, MS-OPS-07).

Reads implementation/templates/cost/baseline-2025-09.yaml: the September 2025 bill
as shares of 100 and the inputs of the DevOps plan's five levers. Each lever removes
a fraction of what the levers before it left in the categories it touches, so the
savings add up without double counting. The result is the saving of each lever in
points of the September 2025 bill and the fleet utilisation the plan ends at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BASELINE = Path(__file__).resolve().parents[1] / "templates" / "cost" / "baseline-2025-09.yaml"
TARGET_REDUCTION = 35.0  # MET-COST-OPEX target, % of the monthly run rate


@dataclass
class State:
    spend: dict[str, float]
    utilisation: float  # average CPU utilisation of the compute fleet, %

    def cut(self, category: str, fraction: float) -> float:
        saved = self.spend[category] * fraction
        self.spend[category] -= saved
        return saved


def rightsizing(s: State, p: dict) -> float:
    keep = p["p95_cpu_now"] / p["p95_cpu_target"]  # same work on smaller instances
    s.utilisation /= keep
    return s.cut("compute_fleet", 1 - keep)


def autoscaling(s: State, p: dict) -> float:
    keep = s.utilisation / p["target_utilisation"]  # idle off-peak capacity removed
    s.utilisation = float(p["target_utilisation"])
    off = 1 - p["hours_on"] / p["hours_week"]
    return s.cut("compute_fleet", 1 - keep) + s.cut(
        "non_production", p["non_production_schedulable"] * off
    )


def reserved_spot(s: State, p: dict) -> float:
    mix = p["reserved_share"] * p["reserved_discount"] + p["spot_share"] * p["spot_discount"]
    data = p["data_nodes_reserved_share"] * p["reserved_discount"]
    return s.cut("compute_fleet", mix) + s.cut("non_production", mix) + s.cut("data_nodes", data)


def storage_tiering(s: State, p: dict) -> float:
    return s.cut("storage", p["share_moved"] * (1 - p["cold_price_ratio"]))


def idle_cleanup(s: State, p: dict) -> float:
    return s.cut("idle_unowned", p["share_removed"])


LEVERS: dict[str, Callable[[State, dict], float]] = {
    "rightsizing": rightsizing,
    "autoscaling": autoscaling,
    "reserved-spot": reserved_spot,
    "storage-tiering": storage_tiering,
    "idle-cleanup": idle_cleanup,
}


@dataclass(frozen=True)
class Saving:
    lever: str
    milestone: str
    planned: float
    saving: float  # points of the September 2025 bill


@dataclass
class CostPlan:
    savings: list[Saving]
    remaining: dict[str, float]
    utilisation: float
    reduction: float = field(init=False)

    def __post_init__(self) -> None:
        self.reduction = sum(s.saving for s in self.savings)

    def table(self) -> str:
        lines = [f"{'lever':<17}{'milestone':<11}{'planned':>8}{'computed':>10}"]
        for s in self.savings:
            lines.append(f"{s.lever:<17}{s.milestone:<11}{s.planned:>8.1f}{s.saving:>10.1f}")
        planned = sum(s.planned for s in self.savings)
        lines.append(f"{'total':<28}{planned:>8.1f}{self.reduction:>10.1f}")
        return "\n".join(lines)


def load(path: Path = BASELINE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def plan(config: dict) -> CostPlan:
    spend = {k: float(v) for k, v in config["spend_shares"].items()}
    if abs(sum(spend.values()) - 100) > 1e-9:
        raise ValueError(f"spend shares add up to {sum(spend.values()):g}, not 100")
    state = State(spend, float(config["fleet"]["cpu_utilisation_now"]))
    savings = []
    for lever in config["levers"]:
        saved = LEVERS[lever["id"]](state, lever)
        savings.append(Saving(lever["id"], lever["milestone"], lever["planned_points"], saved))
    return CostPlan(savings, state.spend, state.utilisation)
