"""The Grafana dashboard of monitoring/: valid structure, every query is PromQL that
promtool parses, every metric it uses is recorded or catalogued, every monitor shown."""

from __future__ import annotations

import json

import jsonschema
import yaml
from guide_support import GRAFANA_DIR, PROMETHEUS_DIR, needs_in_pages, run_tool
from promql_names import metric_names

DASHBOARD = json.loads((GRAFANA_DIR / "roadmap-dashboard.json").read_text())
SCHEMA = json.loads((GRAFANA_DIR / "dashboard.schema.json").read_text())
GROUPS = yaml.safe_load((PROMETHEUS_DIR / "rules.yml").read_text())["groups"]
RECORDED = {r["record"] for g in GROUPS for r in g["rules"] if "record" in r}
CATALOGUE = yaml.safe_load((PROMETHEUS_DIR / "metrics-catalogue.yml").read_text())["metrics"]
PANELS = [p for p in DASHBOARD["panels"] if p["type"] != "row"]
TARGETS = [(p["id"], t) for p in PANELS for t in p["targets"]]


def test_dashboard_matches_its_schema() -> None:
    jsonschema.validate(DASHBOARD, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_panel_ids_are_unique_and_panels_do_not_overlap() -> None:
    ids = [p["id"] for p in DASHBOARD["panels"]]
    assert len(ids) == len(set(ids))
    cells: set[tuple[int, int]] = set()
    for panel in DASHBOARD["panels"]:
        g = panel["gridPos"]
        assert g["x"] + g["w"] <= 24, panel["title"]
        columns, rows = range(g["x"], g["x"] + g["w"]), range(g["y"], g["y"] + g["h"])
        area = {(x, y) for x in columns for y in rows}
        assert not area & cells, f"{panel['title']} overlaps another panel"
        cells |= area


def test_every_query_parses_as_promql(promtool: str, tmp_path) -> None:
    rules = {
        "groups": [
            {
                "name": "dashboard-queries",
                "rules": [
                    {"record": f"dashboard:panel_{pid}_{t['refId']}", "expr": t["expr"]}
                    for pid, t in TARGETS
                ],
            }
        ]
    }
    path = tmp_path / "dashboard-queries.yml"
    path.write_text(yaml.safe_dump(rules))
    result = run_tool(promtool, "check", "rules", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(TARGETS)} rules found" in result.stdout


def test_promtool_check_rejects_a_broken_query(promtool: str, tmp_path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "x", "rules": [
        {"record": "dashboard:broken", "expr": "sum(rate(novacron_api_requests_total[5m])"}
    ]}]}))
    assert run_tool(promtool, "check", "rules", path).returncode != 0


def test_every_metric_a_panel_uses_is_recorded_or_catalogued() -> None:
    for pid, target in TARGETS:
        unknown = metric_names(target["expr"]) - RECORDED - set(CATALOGUE)
        assert not unknown, f"panel {pid}: {sorted(unknown)}"


def test_every_monitor_has_a_panel() -> None:
    text = " ".join(p["description"] for p in PANELS)
    missing = [need_id for need_id in needs_in_pages("monitor") if need_id not in text]
    assert not missing
