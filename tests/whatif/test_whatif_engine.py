"""Scenarios evaluated by the review engine, on the small plan of ``chainplan.py``, and
the two commands: a slip carried through the chain to QG-2 and the end with the role
over capacity, said the same by ``evaluate``, ``python -m roadmap whatif`` (text, JSON,
Markdown) and its options; ``level`` prints the moves and the end; a scenario that
cannot be applied exits 2 with one line at its file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import chainplan
import pytest
import synthetic

from roadmap import cli
from roadmap.whatif.entries import scenario_of
from roadmap.whatif.evaluation import evaluate

ROOT = Path(__file__).resolve().parents[2]


def site_plan() -> dict[str, dict[str, Any]]:
    """The chain plan for the command line, which reads the site's settings: the role's
    capacity raised so that at the site's focus factor it may use the 1.5 person-weeks a
    week that the chain plan's arithmetic is written for."""
    plan = chainplan.needs()
    plan["RES-ROLE-A"]["capacity"] = 1.5 / chainplan.SITE.settings.focus_factor
    return plan


def site_capacity(usable: float) -> str:
    """The capacity a role states for ``usable`` person-weeks at the site's focus factor."""
    return f"{usable / chainplan.SITE.settings.focus_factor:g}"


@pytest.fixture
def needs_json(tmp_path: Path) -> Path:
    return synthetic.write_needs_json(site_plan(), tmp_path / "needs.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main([*args, "--project", str(ROOT)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_engine_says_what_a_slip_does() -> None:
    plan = chainplan.graph()
    scenario, _ = scenario_of(plan.needs["SCN-CHAIN"])
    found = evaluate(plan, scenario, chainplan.PROJECT)
    result = found.impact
    assert (result.schedule.end.before, result.schedule.end.after) == (8, 9)
    gates = {g.gate: (g.week.before, g.week.after) for g in result.schedule.gates}
    # MS-A-02 leaves PH-1 (weeks 5-6): QG-1 waits for it; the chain behind moves QG-2
    assert gates["QG-1"] == (4, 6) and gates["QG-2"] == (8, 9)
    moves = {m.milestone: m for m in result.schedule.moved}
    assert moves["MS-A-03"].chain == ("MS-A-02", "MS-A-03")  # carried, not its own change
    assert moves["MS-A-04"].chain == ("MS-A-02", "MS-A-03", "MS-A-04")
    assert moves["MS-A-04"].cause == moves["MS-A-02"].cause
    overloads = {(c.role, c.week) for c in result.capacity.cells if c.kind == "new overload"}
    assert overloads == {("RES-ROLE-A", 7), ("RES-ROLE-A", 8)}
    assert not result.suspect.changed  # a scenario has no link to review
    assert any(f.rule == "CONS-CAPACITY" for f in result.rules.failing)


def test_whatif_prints_the_same_in_every_format(needs_json: Path, capsys) -> None:
    code, text, _ = run(capsys, "whatif", str(needs_json), "SCN-CHAIN")
    assert code == 0
    assert text.splitlines()[:2] == ["what if: SCN-CHAIN (revision 1), plan.md:30",
                                     "  MS-A-02 2 weeks later"]
    assert "moves the program end by +1 week" in text and "QG-2 +1 week" in text
    assert "RES-ROLE-A over capacity in weeks 7-8" in text
    code, out, _ = run(capsys, "whatif", str(needs_json), "SCN-CHAIN", "--format", "json")
    data = json.loads(out)
    assert data["scenario"]["changes"] == ["MS-A-02 2 weeks later"]
    assert data["scenario"]["explores"] == ["RSK-A"]
    code, markdown, _ = run(capsys, "whatif", str(needs_json), "SCN-CHAIN", "--format",
                            "markdown")
    assert markdown.startswith("**What if SCN-CHAIN**") and "### Plan review:" in markdown


def test_options_make_a_scenario_of_their_own(needs_json: Path, capsys) -> None:
    stated = site_capacity(1)
    code, text, _ = run(capsys, "whatif", str(needs_json), "--slip", "MS-A-02=+2",
                        "--capacity", f"RES-ROLE-A={stated}@5-6")
    assert code == 0
    assert "  MS-A-02 2 weeks later" in text
    assert f"  RES-ROLE-A capacity {stated} in weeks 5-6" in text
    assert "RES-ROLE-A over capacity in weeks 7-8" in text  # weeks 5-6 hold MS-A-02 alone


def test_a_scenario_that_cannot_be_applied_exits_2_at_its_place(
        needs_json: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "whatif", str(needs_json), "--slip", "MS-A-09=+2")
    assert code == 2
    assert err.strip() == ("<command line>: [SCENARIO-APPLIES] command line: MS-A-09 2 weeks "
                           "later: the plan has no need MS-A-09")
    page = tmp_path / "late.md"
    page.write_text("# Late\n\nWhy.\n\n```{scenario} Negative capacity\n:id: SCN-BAD\n"
                    ":revision: 1\n:capacity_change: RES-ROLE-A=-1@5-6\n```\n", encoding="utf-8")
    code, _, err = run(capsys, "whatif", str(needs_json), str(page))
    assert code == 2
    assert err.strip() == (f"{page}:5: [SCENARIO-APPLIES] SCN-BAD: RES-ROLE-A capacity -1 in "
                           "weeks 5-6: a capacity of -1 person-weeks is negative; 0 means nobody")
    code, _, err = run(capsys, "whatif", str(needs_json), "--slip", "MS-A-02+2")
    assert code == 2 and "slip 'MS-A-02+2' is not ID=+weeks" in err
    code, _, err = run(capsys, "whatif", str(needs_json), "SCN-NONE")
    assert code == 2 and "SCN-NONE: neither a page nor a scenario" in err
    assert "Traceback" not in err


def test_level_prints_the_moves_and_the_end(tmp_path: Path, capsys) -> None:
    plan = site_plan()
    plan["MS-A-02"].update(start=5, due=6)  # as if it had slipped: the chain behind it too
    plan["MS-A-03"].update(start=7, due=8)
    plan["MS-A-04"].update(start=9, due=9)
    path = synthetic.write_needs_json(plan, tmp_path / "needs.json")
    code, text, _ = run(capsys, "level", str(path))
    assert code == 0
    assert "7 role-weeks after week 0 checked, 2 over capacity" in text
    assert "  MS-B-02: weeks 7-8 -> 9-10 (RES-ROLE-A has no room from week 7)" in text
    assert "end: week 10 (12 Dec 2025), planned week 9 (5 Dec 2025) (+1 weeks)" in text
    code, out, _ = run(capsys, "level", str(path), "--format", "json")
    data = json.loads(out)
    assert [m["milestone"] for m in data["moves"]] == ["MS-B-02"] and data["remaining"] == []
