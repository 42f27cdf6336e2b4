"""A new rule (severity "new") lands before the plan passes it: its findings are notes
in the build (``-W`` does not fail), NOTE lines of ``roadmap check`` (exit 0, 1 with
``--strict``), and listed, marked new, on the report page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import sphinxproject
from minigraph import plan

from roadmap import cli, suite
from roadmap.findings import Rule, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.suite import Check, SuiteInputs

NEW_RULE = Rule("TEST-NEW-OWNER", "a milestone names no 'A Lead' as owner",
                "A rule landing as new: the plan does not pass it yet.", "graph",
                severity="new")


def _owners(graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(NEW_RULE)
    for need in graph.of_type("milestone"):
        result.checked_ids.append(need.id)
        if need.get("owner") == "A Lead":
            result.fail(need, "is owned by 'A Lead'")
    return result


@pytest.fixture
def new_rule() -> Iterator[Rule]:
    """The rule registered for one test, as a rule module would register it."""
    check = suite.register(Check("graph", lambda _project: (NEW_RULE,),
                                 lambda inputs: [_owners(inputs.graph)], module=__name__))
    try:
        yield NEW_RULE
    finally:
        suite._REGISTRY.remove(check)


def needs_json(tmp_path: Path) -> Path:
    path = tmp_path / "needs.json"
    path.write_text(json.dumps({"current_version": "1", "versions": {
        "1": {"needs": plan()}}}), encoding="utf-8")
    return path


def test_the_command_line_notes_a_new_rule_and_fails_only_strict(
        new_rule: Rule, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = needs_json(tmp_path)
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"NOTE {new_rule.id}" in out and "(new rule: its findings are notes)" in out
    assert f"[{new_rule.id}] MS-A-01: is owned by 'A Lead'" in out
    assert out.splitlines()[-1].endswith("0 fail, 1 new with notes")
    assert cli.main(["check", str(path), "--strict"]) == 1
    capsys.readouterr()


def test_json_and_junit_say_the_rule_is_new(new_rule: Rule, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = needs_json(tmp_path)
    cli.main(["check", str(path), "--format", "json"])
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert rules[new_rule.id]["severity"] == "new" and rules[new_rule.id]["findings"]
    assert {r["severity"] for i, r in rules.items() if i != new_rule.id} == {"error", "warning"}
    assert [i for i, r in rules.items() if r["severity"] == "warning"] == ["HEALTH-STALE"]
    cli.main(["check", str(path), "--format", "junit"])
    case = ET.fromstring(capsys.readouterr().out).find(f"testcase[@name='{new_rule.id}']")
    assert case is not None and case.find("failure") is None
    assert "NOTE: plan.md" in (case.findtext("system-out") or "")


def test_the_build_gives_a_note_not_a_warning_and_the_report_lists_it(
        new_rule: Rule, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    built = sphinxproject.build(tmp_path, {"report": "# Report\n\n```{roadmap-report}\n```\n"})
    assert built.warning_lines() == []  # nothing for -W to fail on
    notes = [line for line in capsys.readouterr().err.splitlines() if "NOTE:" in line]
    plan_md = Path(built.app.srcdir) / "plan.md"
    assert len(notes) == 2 and notes[0].startswith(f"{plan_md}:"), notes
    assert f"NOTE: [{new_rule.id}] MS-A-01: is owned by 'A Lead' (a new rule" in notes[0]
    report = built.html("report")
    assert "new rule: its findings are notes, not yet failing the build" in report
    assert "1 new rule(s) of" in report


def test_suppress_warnings_silences_a_rule(new_rule: Rule, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """``suppress_warnings = ["roadmap.<RULE>"]`` works although the ID prints once."""
    built = sphinxproject.build(tmp_path, {}, changes={"MET-B": {"target": 80}},
                                conf_extra='\nsuppress_warnings = ["roadmap.CONS-METRIC-'
                                           'DIRECTION", "roadmap.TEST-NEW-OWNER"]\n')
    assert built.warning_lines() == []
    assert "NOTE:" not in capsys.readouterr().err


def test_a_broken_rule_prints_its_id_once(tmp_path: Path) -> None:
    built = sphinxproject.build(tmp_path, {}, changes={"MET-B": {"target": 80}})
    lines = built.warning_lines()
    assert len(lines) == 1 and lines[0].count("CONS-METRIC-DIRECTION") == 1, lines
    plan_md = Path(built.app.srcdir) / "plan.md"
    assert re.match(rf"{re.escape(str(plan_md))}:\d+: WARNING: \[CONS-METRIC-DIRECTION\] "
                    r"MET-B: target 80 is not better than baseline 50 for direction "
                    r"'decrease'$", lines[0]), lines[0]


def test_a_new_rule_is_an_ordinary_registered_rule(new_rule: Rule) -> None:
    """A new rule is an ordinary registered rule: the catalogue and the suite have it."""
    from minigraph import PROJECT, graph

    assert new_rule in suite.catalogue(PROJECT)
    results = suite.run_suite(SuiteInputs(graph=graph(), project=PROJECT), reads=("graph",))
    noted = [r for r in results if r.noted]
    assert [r.rule.id for r in noted] == [new_rule.id]
    assert not any(r.fails for r in results)
