"""Alertmanager routing of monitoring/: the configuration is valid, every alert of
rules.yml reaches the receiver its monitor need promises, inhibitions are sound."""

from __future__ import annotations

import re

import pytest
import yaml
from guide_support import ALERTMANAGER_DIR, PROMETHEUS_DIR, ROOT, needs_in_pages, run_tool

CONFIG = ALERTMANAGER_DIR / "alertmanager.yml"
ALERTS = {
    r["alert"]: r
    for g in yaml.safe_load((PROMETHEUS_DIR / "rules.yml").read_text())["groups"]
    for r in g["rules"]
    if "alert" in r
}
MONITORS = needs_in_pages("monitor")

#: What each receiver means in a monitor need's `pager` field.
PAGER_OF_RECEIVER = {
    "sre-primary": "SRE on-call (primary)",
    "backend-oncall": "Backend on-call",
    "dba-oncall": "DBA on-call",
    "ml-oncall": "ML on-call",
    "security-oncall": "Security on-call",
    "heartbeat": "heartbeat",
}
TICKET_OWNER = {
    "sre": "SRE",
    "backend": "Backend Lead",
    "dba": "Database Lead",
    "ml": "ML Lead",
    "security": "Security Lead",
    "devops": "DevOps Lead",
    "performance": "Performance Lead",
}


def test_amtool_check_config(amtool: str) -> None:
    result = run_tool(amtool, "check-config", CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def _route(amtool: str, labels: dict[str, str]) -> str:
    args = [f"{k}={v}" for k, v in sorted(labels.items())]
    result = run_tool(amtool, "config", "routes", "test", f"--config.file={CONFIG}", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("alert", sorted(ALERTS))
def test_alert_reaches_the_pager_its_monitor_promises(amtool: str, alert: str) -> None:
    labels = {"alertname": alert, **ALERTS[alert]["labels"]}
    receiver = _route(amtool, labels)
    severity, team = labels["severity"], labels["team"]
    if alert == "Watchdog":
        assert receiver == "heartbeat"
        return
    if severity == "ticket":
        assert receiver == "tickets"
        expected = f"{TICKET_OWNER[team]} (ticket)"
    else:
        assert receiver != "tickets"
        expected = PAGER_OF_RECEIVER[receiver]
    need = MONITORS[ALERTS[alert]["annotations"]["monitor"]]
    assert expected in need["pager"], f"{alert} -> {receiver}: pager says {need['pager']!r}"


def test_unlabelled_alert_falls_back_to_sre_primary(amtool: str) -> None:
    assert _route(amtool, {"alertname": "Unknown"}) == "sre-primary"


def test_inhibit_rules_name_existing_alerts() -> None:
    config = yaml.safe_load(CONFIG.read_text())
    for rule in config["inhibit_rules"]:
        for matcher in rule["source_matchers"] + rule["target_matchers"]:
            name, op, value = re.fullmatch(r'(\w+)(=~|=)"(.*)"', matcher).groups()
            assert name == "alertname"
            pattern = value if op == "=~" else re.escape(value)
            assert any(re.fullmatch(pattern, a) for a in ALERTS), matcher


def test_secrets_are_never_inline() -> None:
    text = CONFIG.read_text()
    assert "routing_key:" not in text and "service_key:" not in text
    assert "api_url:" not in text


def _receivers_of_routes(node: yaml.Node) -> list[tuple[str, int]]:
    """(receiver, line) of the route tree, read with line numbers."""
    found: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "receiver" and isinstance(value, yaml.ScalarNode):
                found.append((value.value, value.start_mark.line + 1))
            elif key.value in ("route", "routes"):
                found += _receivers_of_routes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _receivers_of_routes(item)
    return found


def undefined_receivers(text: str, name: str) -> list[str]:
    """``file:line: ...`` for each route whose receiver is not defined."""
    root = yaml.compose(text)
    config = yaml.safe_load(text)
    defined = {r["name"] for r in config.get("receivers", [])}
    routes = next((v for k, v in root.value if k.value == "route"), None)
    return [f"{name}:{line}: route to receiver {receiver!r}, which receivers: does not define "
            f"(defined: {', '.join(sorted(defined))})"
            for receiver, line in _receivers_of_routes(routes) if receiver not in defined]


def test_every_route_names_a_defined_receiver() -> None:
    problems = undefined_receivers(CONFIG.read_text(), str(CONFIG.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def test_an_undefined_receiver_is_named_with_its_line() -> None:
    text = CONFIG.read_text().replace("receiver: dba-oncall", "receiver: dba-on-call", 1)
    assert text != CONFIG.read_text()
    (problem,) = undefined_receivers(text, "alertmanager.yml")
    line = int(problem.split(":")[1])
    assert "dba-on-call" in text.split("\n")[line - 1]
    assert problem.endswith("which receivers: does not define (defined: " + ", ".join(sorted(
        r["name"] for r in yaml.safe_load(text)["receivers"])) + ")")
