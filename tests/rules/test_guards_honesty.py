"""What the plan may not claim: a focus factor nobody sustains (CONS-FOCUS-FACTOR), an
approval nobody recorded (GUARD-BASELINE-APPROVAL) and a number restated from a need that
can drift from it (GUARD-PROSE-NUMBERS)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from minigraph import PROJECT, graph

from roadmap.config import settings_from
from roadmap.rules import approval, focus, prose
from roadmap.tracking.baseline import Approval, baseline_document, plan_digest

TODAY = date(2025, 10, 10)


# ------------------------------------------------------------- focus factor
def project_with(tmp_path: Path, conf: str, **settings: object):
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    return dataclasses.replace(PROJECT, root=tmp_path, settings=settings_from(
        {f"roadmap_{k}": v for k, v in settings.items()}))


def test_the_real_plan_checks_capacity_at_a_realistic_focus_factor() -> None:
    result = focus.check_focus_factor(PROJECT)
    assert result.ok and result.checked_ids == ["roadmap_focus_factor"]
    assert PROJECT.settings.focus_factor == 0.8


def test_a_focus_factor_above_realistic_is_refused_at_its_line(tmp_path: Path) -> None:
    project = project_with(tmp_path, "project = 'x'\nroadmap_focus_factor = 1.0\n",
                           focus_factor=1.0)
    (finding,) = focus.check_focus_factor(project).findings
    assert (finding.rule, finding.need_id, finding.line) == (
        "CONS-FOCUS-FACTOR", "roadmap_focus_factor", 2)
    assert finding.file == str(tmp_path / "conf.py")
    assert finding.message.startswith("is 1: the capacity check would assume people spend "
                                      "100% of their capacity on milestones")
    assert focus.check_focus_factor(project_with(tmp_path, "", focus_factor=0.9)).ok


# ------------------------------------------------------------- baseline approval
PLAN = {"MS-A-01": {"type": "milestone", "title": "A", "due": 4}}


def write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def approval_findings(tmp_path: Path, document: object) -> list[str]:
    write(tmp_path, document)
    project = dataclasses.replace(PROJECT, root=tmp_path, settings=settings_from(
        {"roadmap_baseline": "baseline.json"}))
    result = approval.check_approval(project, today=TODAY)
    assert result.checked_ids == ["baseline.json"]
    return [f.message for f in result.findings]


def recorded(**change: str) -> Approval:
    fields = {"by": "Dana Reyes", "role": "Executive sponsor", "date": "2025-10-03",
              "record": "minutes SC-2025-10-03", "digest": plan_digest(PLAN), **change}
    return Approval(**fields)


def test_the_real_baseline_is_a_proposal() -> None:
    result = approval.check_approval(PROJECT)
    assert result.ok and result.checked_ids == ["baselines/baseline.json"]
    document = json.loads(Path(PROJECT.baseline_path or "").read_text(encoding="utf-8"))
    assert document["approval"] is None


def test_a_proposal_and_a_recorded_approval_pass(tmp_path: Path) -> None:
    assert approval_findings(tmp_path, baseline_document(PLAN, "2025-09-30")) == []
    assert approval_findings(tmp_path, baseline_document(PLAN, "2025-09-30", "",
                                                         recorded())) == []


def test_the_first_format_claims_an_approval_without_a_record(tmp_path: Path) -> None:
    """What the site held: an approval written by the tool because freezing a plan
    required a date and a role."""
    (message,) = approval_findings(tmp_path, {
        "format": "roadmap-baseline/1", "approved": "2025-10-03",
        "approved_by": "Executive sponsor (after the red-team review)", "needs": PLAN})
    assert message.startswith("claims an approval (2025-10-03 by Executive sponsor (after the "
                              "red-team review)) without a record of it")


def test_an_incomplete_future_or_stale_approval_fails(tmp_path: Path) -> None:
    document = baseline_document(PLAN, "2025-09-30", "", recorded())
    document["approval"].update(record="", date="2025-12-01", by="Executive sponsor")
    document["needs"] = {"MS-A-01": {**PLAN["MS-A-01"], "due": 5}}
    assert approval_findings(tmp_path, document) == [
        "claims an approval without its record",
        "claims an approval dated 2025-12-01, which has not come yet",
        "names a role, not a person, as the approver (Executive sponsor)",
        "holds a plan that differs from the one approved (its digest changed): approve the "
        "changed plan or record it as a proposal"]


def test_the_finding_points_at_the_claim(tmp_path: Path) -> None:
    document = baseline_document(PLAN, "2025-09-30", "", recorded(date="2026-01-01"))
    path = write(tmp_path, document)
    project = dataclasses.replace(PROJECT, root=tmp_path, settings=settings_from(
        {"roadmap_baseline": "baseline.json"}))
    (finding,) = approval.check_approval(project, today=TODAY).findings
    line = path.read_text(encoding="utf-8").split("\n")[finding.line - 1]
    assert '"approval"' in line and finding.file == str(path.resolve())


# ------------------------------------------------------------- numbers read from needs
def prose_findings(page: str) -> list[tuple[str, int, str]]:
    result = prose.check_prose_numbers({"team.md": page}, graph())
    return [(f.need_id, f.line, f.message) for f in result.findings]


def test_a_table_restating_a_field_is_refused() -> None:
    page = ("# Team\n\n| Role | Headcount | Capacity | Cost |\n|---|---:|---:|---|\n"
            "| {need}`RES-ROLE-A` | 2 | 2 | USD 1,000 |\n")
    assert prose_findings(page) == [
        ("RES-ROLE-A", 5, "the column 'Headcount' restates its headcount (2) as a literal: "
         "write {need-field}`RES-ROLE-A.headcount` so the table follows the need"),
        ("RES-ROLE-A", 5, "the column 'Capacity' restates its capacity (2) as a literal: write "
         "{need-field}`RES-ROLE-A.capacity` so the table follows the need"),
        ("RES-ROLE-A", 5, "the column 'Cost' restates its cost (1000) as a literal: write "
         "{need-field}`RES-ROLE-A.cost` so the table follows the need")]


def test_a_table_that_disagrees_with_a_unitless_field_is_refused() -> None:
    """"its five engineers" for a team of four: the cell says another number."""
    page = "| Role | Headcount (people) |\n| --- | --- |\n| {need}`RES-ROLE-A` | 5 |\n"
    assert prose_findings(page) == [
        ("RES-ROLE-A", 3, "the column 'Headcount (people)' says 5 where its headcount is 2: "
         "write {need-field}`RES-ROLE-A.headcount` so the table follows the need")]


def test_fields_read_from_the_need_and_other_numbers_pass() -> None:
    page = ("| Metric | Baseline | Target (7 days) | Note |\n|---|---|---|---|\n"
            "| {need}`MET-B` | {need-field}`MET-B.baseline` ms | 15 ms at 2x peak | 50 |\n"
            "| {need}`MET-A`, {need}`MET-B` | 0 | 10 | two needs: no single field |\n"
            "\n```text\n| {need}`MET-B` | Baseline |\n|---|---|\n| {need}`MET-B` | 50 |\n```\n")
    assert prose_findings(page) == []


def test_tables_inside_need_directives_are_read() -> None:
    page = ("```{milestone} M\n:id: MS-X\n\n| Metric | Target |\n|---|---|\n"
            "| {need}`MET-B` | 20 |\n```\n")
    assert [line for _, line, _ in prose_findings(page)] == [6]


def test_the_real_pages_read_their_numbers_from_the_needs() -> None:
    """The resource tables of the real plan name their roles' fields instead of repeating
    them (the guard would fail the build otherwise)."""
    text = (Path(PROJECT.root) / "resource-management.md").read_text(encoding="utf-8")
    assert "{need-field}`RES-ROLE-DBA.capacity`" in text
