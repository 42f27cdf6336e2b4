"""SCHEMA-*: the rules of schemas.json (and the field schemas of ubproject.toml),
applied to a graph the way sphinx-needs applies them during the build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minigraph import PROJECT, at, evaluate, graph, only

import roadmap.rules.schema as schema_rules
from roadmap.rules.schema import (
    all_schemas,
    apply_schema,
    check_all_schemas,
    load_schemas,
    rule_id,
)

SCHEMAS = all_schemas(PROJECT)


def result_of(rule: str, changes: dict) -> object:
    results = {r.rule.id: r for r in check_all_schemas(graph(changes), SCHEMAS)}
    return results[rule]


def test_every_schema_is_one_rule_plus_the_field_schemas() -> None:
    assert PROJECT.schemas_path is not None
    schemas = json.loads(PROJECT.schemas_path.read_text(encoding="utf-8"))["schemas"]
    ids = [r.rule.id for r in check_all_schemas(graph(), SCHEMAS)]
    assert ids == [rule_id(s["id"]) for s in schemas] + ["SCHEMA-FIELDS"]
    assert rule_id("gap-addressed") == "SCHEMA-GAP-ADDRESSED"


def test_base_plan_passes_every_rule() -> None:
    failing = [str(f) for r in evaluate(graph()) for f in r.findings]
    assert failing == []


def test_missing_required_field() -> None:
    finding = only(result_of("SCHEMA-MILESTONE-REQUIRED", {"MS-A-01": {"owner": None}}))
    at(finding, "MS-A-01")
    assert finding.message == '"owner" is a required property'


def test_missing_link_is_absent_not_an_empty_list() -> None:
    """As in sphinx-needs, a link option that is not set is absent from the need."""
    finding = only(result_of("SCHEMA-GATE-REQUIRED", {"QG-1": {"checks": None}}))
    at(finding, "QG-1")
    assert finding.message == '"checks" is a required property'


def test_too_many_phases() -> None:
    finding = only(result_of("SCHEMA-MILESTONE-REQUIRED",
                             {"MS-A-01": {"phase": ["PH-1", "PH-2"]}}))
    assert finding.message.startswith("phase: ")


def test_id_prefix_must_match_the_type() -> None:
    finding = only(result_of("SCHEMA-MILESTONE-ID-PREFIX",
                             {"EX-B": {"type": "milestone", "phase": ["PH-1"]}}))
    assert finding.need_id == "EX-B"
    assert finding.message.startswith('id: "EX-B" does not match "^MS-"')


@pytest.mark.parametrize(("rule", "changes", "need", "incoming"), [
    ("SCHEMA-GAP-ADDRESSED", {"MS-A-01": {"addresses": None}}, "GAP-A", "addressed by"),
    ("SCHEMA-MILESTONE-MEASURED", {"MET-A": {"measures": ["MS-A-01"]}}, "MS-A-02",
     "measured by"),
    ("SCHEMA-METRIC-VERIFIED", {"TST-A": {"verifies": ["MET-A"]}}, "MET-B", "verified by"),
    ("SCHEMA-OPERATIONAL-METRIC-MONITORED", {"MON-A": None}, "MET-A", "monitored by"),
    ("SCHEMA-PHASE-HAS-GATE", {"QG-2": {"phase": ["PH-1"]}}, "PH-2", "phase contains"),
])
def test_coverage_rules(rule: str, changes: dict, need: str, incoming: str) -> None:
    finding = only(result_of(rule, changes))
    at(finding, need)
    assert finding.message.startswith(
        f"has 0 incoming '{incoming}' link(s), needs at least 1 (")


def test_incoming_links_count_only_from_the_right_type() -> None:
    """A milestone 'measured' by a test (not a metric) is still unmeasured."""
    changes = {"MET-A": {"measures": ["MS-A-01"]},
               "TST-B": {"type": "test", "level": "unit", "verifies": ["MET-A"],
                         "measures": ["MS-A-02"]}}
    finding = only(result_of("SCHEMA-MILESTONE-MEASURED", changes))
    at(finding, "MS-A-02")


def test_operational_select_applies_to_operational_metrics_only() -> None:
    result = result_of("SCHEMA-OPERATIONAL-METRIC-MONITORED", {})
    assert result.checked_ids == ["MET-A"] and result.ok
    finding = only(result_of("SCHEMA-OPERATIONAL-METRIC-MONITORED",
                             {"MET-B": {"operational": True}}))
    at(finding, "MET-B")


@pytest.mark.parametrize(("changes", "need", "message"), [
    ({"MS-A-01": {"status": "finished"}}, "MS-A-01",
     'status: "finished" is not one of "planned", "in_progress" or 9 other candidates'),
    ({"MS-A-01": {"effort": 55}}, "MS-A-01", "effort: 55 is greater than the maximum of 40"),
    ({"RSK-A": {"likelihood": 7}}, "RSK-A", "likelihood: 7 is greater than the maximum of 5"),
    ({"MS-A-01": {"due": 0}}, "MS-A-01", "due: 0 is less than the minimum of 1"),
    ({"MET-A": {"operational": "yes"}}, "MET-A", 'operational: "yes" is not of type "boolean"'),
])
def test_field_values_outside_their_schema(changes: dict, need: str, message: str) -> None:
    finding = only(result_of("SCHEMA-FIELDS", changes))
    at(finding, need)
    assert finding.message == message


def test_unsupported_schema_construct_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "schemas.json"
    path.write_text(json.dumps({"schemas": [
        {"id": "x", "validate": {"network": {"links": {}}}}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="cannot apply"):
        load_schemas(path)


def test_apply_one_schema_on_its_own() -> None:
    schema = {"id": "owner-named", "message": "an owner is named",
              "select": {"properties": {"type": {"const": "risk"}}},
              "validate": {"local": {"properties": {"owner": {"minLength": 10}}}}}
    result = apply_schema(graph(), schema)
    assert result.rule.id == "SCHEMA-OWNER-NAMED"
    assert result.checked_ids == ["RSK-A"]
    assert only(result).message.startswith('owner: "A Lead" is shorter than 10 characters')


def _outcome(changes: dict) -> list[tuple[str, list[str], list[str]]]:
    return [(r.rule.id, list(r.checked_ids), [str(f) for f in r.findings])
            for r in check_all_schemas(graph(changes), SCHEMAS)]


def test_one_question_per_schema_finds_what_one_per_need_finds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema is asked of all its needs at once and of each need only when some
    fails: the same needs checked, the same findings in the same order, as asking
    need by need, with faults in several needs and schemas at once."""
    changes = {"MS-A-01": {"owner": None, "status": "finished", "effort": 55},
               "MS-A-02": {"phase": ["PH-1", "PH-2"], "due": 0},
               "EX-B": {"type": "milestone", "phase": ["PH-1"]}, "QG-1": {"checks": None},
               "RSK-A": {"likelihood": 7}, "MET-A": {"operational": "yes"},
               "MON-A": None}
    together = _outcome(changes)
    assert sum(len(found) for _, _, found in together) >= 9
    monkeypatch.setattr(schema_rules, "_all_pass", lambda *_args: False)
    assert _outcome(changes) == together
    assert _outcome({}) == [(rule, checked, []) for rule, checked, _ in _outcome({})]
