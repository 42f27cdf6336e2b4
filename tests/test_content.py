"""The roadmap's content against the seed README: every figure of the seed is a
need with the seed's value, and the whole plan passes every rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from roadmap.graph import Need, RoadmapGraph

PHASES = {  # seed: 4-phase strategy (16 weeks), plus the AI/ML continuation
    "PH-1": (1, 4, "Foundation"),
    "PH-2": (5, 8, "Core Enhancement"),
    "PH-3": (9, 12, "Advanced Integration"),
    "PH-4": (13, 16, "Production Excellence"),
    "PH-5": (17, 26, "Continuation"),
}
WORKSTREAM_WEEKS = {  # seed: module-specific roadmaps and their durations
    "WS-BACKEND": 4,  # 4-week sprint plan
    "WS-AIML": 26,  # 6-month ML enhancement strategy
    "WS-SECURITY": 8,  # 8-week critical security path
    "WS-PERFORMANCE": 12,  # 12-week optimization plan
    "WS-DEVOPS": 8,  # 8-week infrastructure automation
    "WS-DATABASE": 12,  # 12-week migration and scaling
}
GAPS = {  # seed: critical gaps and strengths not yet complete
    "GAP-SEC-AUTH": 9.1,
    "GAP-DB-NPLUS1": 70,
    "GAP-ML-LEAK": 200,
    "GAP-OPS-IAC": 3,
    "GAP-COST-OPT": 35,
    "GAP-SEC-FRAMEWORK": 95,
    "GAP-OPS-CONTAINER": 90,
    "GAP-OPS-CICD": 92,
}
SUCCESS_METRICS = {  # seed: success metrics (target, direction)
    "MET-PERF-RESPONSE": (70, "increase"),
    "MET-PERF-EFFICIENCY": (90, "increase"),
    "MET-SEC-CRITVULN": (0, "decrease"),
    "MET-SEC-COMPLIANCE": (100, "increase"),
    "MET-REL-UPTIME": (99.99, "increase"),
    "MET-REL-RECOVERY": (2, "decrease"),
    "MET-SCALE-VMS": (10_000_000, "increase"),
    "MET-SCALE-LINEARITY": (0.95, "increase"),
    "MET-COST-OPEX": (35, "increase"),
}
SEED_FIGURES_ON_LANDING = ["8.7/10", "CVSS 9.1", "70", "200", "3/10", "35", "100", "95",
                           "90", "92", "99.99", "10M", "16"]


def _need(graph: RoadmapGraph, need_id: str) -> Need:
    assert need_id in graph.needs, f"{need_id} is missing from needs.json"
    return graph.needs[need_id]


@pytest.mark.parametrize("phase_id", PHASES)
def test_phases_have_the_seed_windows(graph: RoadmapGraph, phase_id: str) -> None:
    start, end, title = PHASES[phase_id]
    phase = _need(graph, phase_id)
    assert phase.type == "phase"
    assert (phase.week("start"), phase.week("end")) == (start, end)
    assert title.lower() in phase.title.lower()


@pytest.mark.parametrize("ws_id", WORKSTREAM_WEEKS)
def test_workstreams_have_the_seed_durations(graph: RoadmapGraph, ws_id: str) -> None:
    ws = _need(graph, ws_id)
    window = graph.window(ws)
    assert window is not None and window.end - window.start + 1 == WORKSTREAM_WEEKS[ws_id]
    assert ws.get("lead")


@pytest.mark.parametrize("gap_id", GAPS)
def test_gaps_carry_the_seed_figures(graph: RoadmapGraph, gap_id: str) -> None:
    gap = _need(graph, gap_id)
    assert gap.type == "gap"
    assert gap.number("baseline") == pytest.approx(GAPS[gap_id])
    assert gap.get("unit")


@pytest.mark.parametrize("metric_id", SUCCESS_METRICS)
def test_success_metrics_have_the_seed_targets(graph: RoadmapGraph, metric_id: str) -> None:
    target, direction = SUCCESS_METRICS[metric_id]
    metric = _need(graph, metric_id)
    assert metric.get("scope") == "program"
    assert metric.number("target") == pytest.approx(target)
    assert metric.get("direction") == direction


def test_every_program_week_has_a_checkpoint(graph: RoadmapGraph) -> None:
    due_weeks = {m.week("due") for m in graph.of_type("milestone")}
    checkpoints = {m.week("due") for m in graph.of_type("milestone")
                   if "checkpoint" in m.title.lower()}
    for week in range(1, 17):
        assert week in due_weeks, f"nothing is delivered in week {week}"
        assert week in checkpoints, f"no checkpoint milestone in week {week}"


def test_every_phase_has_a_gate_checking_metrics(graph: RoadmapGraph) -> None:
    for phase in graph.of_type("phase"):
        gates = [g for g in graph.sources(phase, "phase") if g.type == "gate"]
        assert gates, f"{phase.id} has no gate"
        assert all(graph.targets(g, "checks") for g in gates)


def test_risk_register_spans_every_workstream(graph: RoadmapGraph) -> None:
    risks = graph.of_type("risk")
    assert len(risks) >= 20
    covered = {ws.id for r in risks for ws in graph.targets(r, "workstream")}
    assert set(WORKSTREAM_WEEKS) | {"WS-PROGRAM"} <= covered


def test_every_milestone_requires_a_role(graph: RoadmapGraph) -> None:
    without_role = [m.id for m in graph.of_type("milestone")
                    if not any(r.get("kind") == "role" for r in graph.targets(m, "requires"))]
    assert not without_role


def test_risk_page_states_the_threshold_the_checks_use(repo_root: Path, project) -> None:
    text = (repo_root / "risk-management.md").read_text(encoding="utf-8")
    stated = re.search(r"high when its score is (\d+) or more", text)
    assert stated, "risk-management.md must state when a risk is high"
    assert int(stated.group(1)) == project.settings.high_risk_threshold


def test_landing_page_shows_the_seed_figures(html_dir: Path) -> None:
    text = re.sub(r"\s+", " ", (html_dir / "index.html").read_text(encoding="utf-8"))
    missing = [figure for figure in SEED_FIGURES_ON_LANDING if figure not in text]
    assert not missing


def test_the_whole_plan_passes_every_rule(graph: RoadmapGraph, rules_of) -> None:
    results = rules_of(graph)
    # Every rule must have something to check; before week 1 nothing is done,
    # cancelled, measured or declared yet, so only the rules about those are idle.
    waiting = {"SCHED-DONE-DEPS", "TRACK-CANCELLED", "TRACK-MEASUREMENT",
               "SCHEMA-MEASUREMENT-ID-PREFIX", "SCHEMA-MEASUREMENT-REQUIRED",
               "HEALTH-UPDATE", "HEALTH-ON-TRACK", "SCHEMA-UPDATE-ID-PREFIX",
               "SCHEMA-UPDATE-REQUIRED"}
    idle = [r.rule.id for r in results if not r.checked and r.rule.id not in waiting]
    assert not idle, f"rules that checked nothing: {idle}"
    findings = [str(f) for r in results for f in r.findings]
    assert not findings, "\n".join(findings)


def test_the_real_plan_reports_week_zero(html_dir: Path) -> None:
    """Until a week is reported the site stands before week 1: nothing late, nothing
    forecast to move, every gate open."""
    soup = BeautifulSoup((html_dir / "status" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert "As of: week 0 (before the program starts)" in text
    assert "Nothing is late as of week 0" in text
    assert "Late milestones: 0; started late: 0" in text


def test_every_milestone_states_acceptance_criteria(needs: dict) -> None:
    missing = [n["id"] for n in needs.values()
               if n["type"] == "milestone" and "acceptance criteria" not in n["content"].lower()]
    assert not missing, f"milestones without acceptance criteria: {missing}"


def test_every_risk_has_an_early_warning_on_a_metric_or_monitor(graph: RoadmapGraph) -> None:
    for risk in graph.of_type("risk"):
        watched = graph.targets(risk, "watched_by")
        assert watched, f"{risk.id} has no early-warning link"
        if any(w.type == "resource" for w in watched):
            continue  # a staffing risk is read on the resource plan
        monitored = [w for w in watched if w.type == "monitor" or graph.sources(w, "monitors")
                     or graph.sources(w, "verifies")]
        assert monitored, f"{risk.id}: its indicator metric is neither monitored nor tested"
