"""The command line: ``python -m roadmap check needs.json`` in its three formats,
with its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from minigraph import PROJECT, evaluate, plan

from roadmap import cli
from roadmap.rules.schema import load_schemas

BROKEN = {"MET-B": {"target": 80}}  # a "decrease" KPI whose target is above its baseline


def write(path: Path, changes: dict | None = None) -> Path:
    path.write_text(json.dumps({"current_version": "2025.09", "versions": {
        "2025.09": {"needs": plan(changes)}}}), encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path / "good.json")


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    return write(tmp_path / "bad.json", BROKEN)


def rule_count() -> int:
    """The graph and schema rules, and the checks of the project's files the CLI always
    runs (key names, ID prefixes, the focus factor, the baseline's approval)."""
    from minigraph import graph

    from roadmap.suite import checks
    toml_rules = [r for c in checks() if c.reads == "toml" for r in c.rules(PROJECT)]
    return len(evaluate(graph())) + len(toml_rules)


def test_clean_plan_exits_0(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    assert out.splitlines()[-1].startswith(f"{len(plan())} needs, {rule_count()} rules, ")
    assert out.splitlines()[-1].endswith(f"{rule_count()} rules hold, 0 fail")


def test_findings_exit_1_and_are_listed(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "FAIL CONS-METRIC-DIRECTION" in out
    assert ("plan.md:91: [CONS-METRIC-DIRECTION] MET-B: target 80 is not better than "
            "baseline 50 for direction 'decrease'") in out


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(tmp_path / "missing.json")]) == 2
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert cli.main(["check", str(tmp_path / "broken.json")]) == 2
    (tmp_path / "two.json").write_text(json.dumps({"current_version": "x", "versions": {
        "a": {"needs": {}}, "b": {"needs": {}}}}), encoding="utf-8")
    assert cli.main(["check", str(tmp_path / "two.json")]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        f"error: {tmp_path / 'missing.json'}: cannot read it (No such file or directory)",
        f"error: {tmp_path / 'broken.json'}:1: not valid JSON (Expecting property name "
        "enclosed in double quotes)",
        f"error: {tmp_path / 'two.json'}: no current_version among ['a', 'b']"]


def test_json_format(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(bad), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["needs"] == len(plan())
    rules = {r["id"]: r for r in report["rules"]}
    assert len(rules) == len(report["rules"]) == rule_count()
    failing = {r["id"] for r in report["rules"] if r["findings"]}
    assert failing == {"CONS-METRIC-DIRECTION"}
    assert rules["CONS-METRIC-DIRECTION"]["findings"] == [{
        "need": "MET-B", "file": "plan.md", "line": 91,
        "message": "target 80 is not better than baseline 50 for direction 'decrease'"}]
    assert report["failed"] == 1
    assert report["checks"] == sum(r["checked"] for r in report["rules"])


def test_junit_format(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(bad), "--format", "junit"]) == 1
    suite = ET.fromstring(capsys.readouterr().out)
    assert suite.tag == "testsuite"
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests")) == rule_count()
    assert len({c.get("name") for c in cases}) == len(cases)
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["CONS-METRIC-DIRECTION"]
    assert suite.get("failures") == "1"
    failure = failed[0].find("failure")
    assert failure.get("message") == "1 finding(s): Target better than baseline"
    assert "plan.md:91: [CONS-METRIC-DIRECTION] MET-B" in failure.text
    assert {c.get("classname") for c in cases} == {"roadmap.graph", "roadmap.schema",
                                                    "roadmap.source"}


def test_junit_of_a_clean_plan_has_no_failure(good: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(good), "--format", "junit"]) == 0
    suite = ET.fromstring(capsys.readouterr().out)
    assert suite.get("failures") == "0" and suite.find(".//failure") is None


def test_output_file(bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.xml"
    assert cli.main(["check", str(bad), "--format", "junit", "--output", str(out)]) == 1
    ET.fromstring(out.read_text(encoding="utf-8"))
    assert "1 fail" in capsys.readouterr().out


def test_source_and_html_guards(good: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    site, sources = tmp_path / "html", tmp_path / "docs"
    site.mkdir()
    sources.mkdir()
    (site / "index.html").write_text('<script src="https://cdn.example.com/x.js"></script>',
                                     encoding="utf-8")
    (sources / "plan.md").write_text("```{milestone} Lost\n:id: MS-LOST-01\n```\n",
                                     encoding="utf-8")
    (sources / "conf.py").write_text(
        f'source_suffix = {{".md": "markdown"}}\nneeds_from_toml = "{PROJECT.toml_path}"\n'
        f'needs_schema_definitions_from_json = "{PROJECT.schemas_path}"\n', encoding="utf-8")
    assert cli.main(["check", str(good), "--html", str(site), "--source", str(sources)]) == 1
    out = capsys.readouterr().out
    assert "FAIL GUARD-OFF-SITE" in out and "FAIL GUARD-NEED-COUNT" in out
    assert "plan.md:1: [GUARD-NEED-COUNT] MS-LOST-01: milestone directive produced no need" in out


def test_module_entry_point(bad: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "roadmap", "check", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "[CONS-METRIC-DIRECTION] MET-B" in proc.stdout


def test_schemas_file_is_the_build_s(good: Path) -> None:
    """The CLI applies the same schemas.json as the build, rule for rule."""
    _, results = cli.run_checks(good, PROJECT)
    ids = {r.rule.id for r in results}
    assert PROJECT.schemas_path is not None
    assert {f"SCHEMA-{s['id'].upper()}" for s in load_schemas(PROJECT.schemas_path)} <= ids
