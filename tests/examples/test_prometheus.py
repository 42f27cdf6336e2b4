"""Prometheus configuration of monitoring/: rules checked and unit-tested with
promtool, and every monitor need tied to the alerts that implement it."""

from __future__ import annotations

import re

import pytest
import yaml
from guide_support import PROMETHEUS_DIR, needs_in_pages, run_tool, where
from promql_names import metric_names

from roadmap.directive_parser import split_list

RULES = PROMETHEUS_DIR / "rules.yml"
RULE_TESTS = [PROMETHEUS_DIR / "rules.test.yml", PROMETHEUS_DIR / "rules.daily.test.yml"]
GROUPS = yaml.safe_load(RULES.read_text())["groups"]
ALERTS = {r["alert"]: r for g in GROUPS for r in g["rules"] if "alert" in r}
RECORDED = {r["record"] for g in GROUPS for r in g["rules"] if "record" in r}
CATALOGUE = yaml.safe_load((PROMETHEUS_DIR / "metrics-catalogue.yml").read_text())["metrics"]
MONITORS = needs_in_pages("monitor")
ALERT_NAME = re.compile(r"\b(NovaCron\w+|Watchdog)\b")


def test_promtool_check_rules(promtool: str) -> None:
    result = run_tool(promtool, "check", "rules", RULES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(ALERTS) + len(RECORDED)} rules found" in result.stdout


def test_promtool_check_config(promtool: str) -> None:
    result = run_tool(promtool, "check", "config", "prometheus.yml", cwd=PROMETHEUS_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_unit_tests_of_every_alert(promtool: str) -> None:
    result = run_tool(promtool, "test", "rules", *[p.name for p in RULE_TESTS], cwd=PROMETHEUS_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(RULE_TESTS)


def test_promtool_unit_tests_fail_when_a_threshold_is_wrong(promtool: str, tmp_path) -> None:
    """The tests have teeth: a fast-burn factor of 1.44 instead of 14.4 must be caught."""
    broken = RULES.read_text().replace("> (14.4 * 0.0001)", "> (1.44 * 0.0001)")
    assert broken != RULES.read_text()
    (tmp_path / "rules.yml").write_text(broken)
    tests = yaml.safe_load(RULE_TESTS[0].read_text())
    tests["tests"] = [
        group for group in tests["tests"]
        if any(c["alertname"] == "NovaCronAPIErrorBudgetFastBurn" for c in group["alert_rule_test"])
    ]
    (tmp_path / "fast-burn.test.yml").write_text(yaml.safe_dump(tests))
    result = run_tool(promtool, "test", "rules", "fast-burn.test.yml", cwd=tmp_path)
    assert result.returncode != 0
    assert "NovaCronAPIErrorBudgetFastBurn" in result.stdout + result.stderr


def _alert_cases() -> dict[str, set[str]]:
    """alertname -> {"fires", "silent"} over all promtool test cases."""
    cases: dict[str, set[str]] = {}
    for path in RULE_TESTS:
        for group in yaml.safe_load(path.read_text())["tests"]:
            for case in group["alert_rule_test"]:
                kind = "fires" if case["exp_alerts"] else "silent"
                cases.setdefault(case["alertname"], set()).add(kind)
    return cases


@pytest.mark.parametrize("alert", sorted(ALERTS))
def test_alert_is_tested_firing_and_silent(alert: str) -> None:
    expected = {"fires"} if alert == "Watchdog" else {"fires", "silent"}
    assert _alert_cases().get(alert, set()) >= expected


@pytest.mark.parametrize("alert", sorted(ALERTS))
def test_alert_carries_routing_labels_and_runbook(alert: str) -> None:
    rule = ALERTS[alert]
    assert rule["labels"]["severity"] in {"page", "ticket", "none"}
    teams = {"sre", "backend", "dba", "ml", "security", "devops", "performance"}
    assert rule["labels"]["team"] in teams
    annotations = rule["annotations"]
    assert annotations["runbook_url"].endswith(f"/alerts/{alert}")
    assert annotations["summary"].endswith(".")
    assert annotations["monitor"] in MONITORS


def _rule_place(rule: dict) -> str:
    """``monitoring/prometheus/rules.yml:LINE`` of a rule's alert: or record: line."""
    key = "alert" if "alert" in rule else "record"
    return where(RULES, f"{key}: {rule[key]}")


def test_every_metric_a_rule_uses_is_recorded_or_catalogued() -> None:
    problems = []
    for group in GROUPS:
        for rule in group["rules"]:
            unknown = metric_names(rule["expr"]) - RECORDED - set(CATALOGUE)
            if unknown:
                problems.append(f"{_rule_place(rule)}: {rule.get('record') or rule.get('alert')}"
                                f": uses {', '.join(sorted(unknown))}, which is neither "
                                "recorded nor in metrics-catalogue.yml (a typo?)")
    assert not problems, "\n".join(problems)


def test_an_unknown_metric_is_named_with_its_line() -> None:
    rule = next(r for g in GROUPS for r in g["rules"] if "alert" in r)
    place = _rule_place(rule)
    assert place.startswith("monitoring/prometheus/rules.yml:")
    line = int(place.rsplit(":", 1)[1])
    assert RULES.read_text().split("\n")[line - 1].strip().endswith(rule["alert"])


def test_catalogue_has_no_unused_metric() -> None:
    used = set().union(*(metric_names(r["expr"]) for g in GROUPS for r in g["rules"]))
    assert set(CATALOGUE) <= used


def test_every_scrape_job_of_the_catalogue_exists() -> None:
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    assert {m["job"] for m in CATALOGUE.values()} <= jobs


def test_every_monitor_names_existing_alerts_that_point_back_to_it() -> None:
    assert MONITORS, "no monitor needs found in monitoring/*.md"
    for need_id, need in MONITORS.items():
        named = set(ALERT_NAME.findall(need["threshold"]))
        assert named, f"{need_id}: the threshold names no alert of rules.yml"
        assert named <= set(ALERTS), f"{need_id}: unknown alerts {named - set(ALERTS)}"
        for alert in named:
            assert ALERTS[alert]["annotations"]["monitor"] == need_id, alert


def test_every_alert_belongs_to_the_monitor_it_names() -> None:
    for alert, rule in ALERTS.items():
        if alert == "Watchdog":
            continue
        need = MONITORS[rule["annotations"]["monitor"]]
        assert alert in need["threshold"], f"{alert} is not in the threshold of its monitor"


def test_every_monitor_page_shows_its_rule_block() -> None:
    text = RULES.read_text()
    for need_id, need in MONITORS.items():
        assert f"# >>> {need_id}" in text and f"# <<< {need_id}" in text, need_id
        page = need["page"].read_text()
        assert f'start-after: "# >>> {need_id}"' in page, f"{need_id}: block not shown on its page"


def test_monitors_watch_metrics() -> None:
    for need_id, need in MONITORS.items():
        assert split_list(need["monitors"]), need_id
        assert all(m.startswith("MET-") for m in split_list(need["monitors"])), need_id
