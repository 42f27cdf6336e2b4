"""``python -m roadmap review`` on two needs.json files: the formats, --fail-on, and bad
input, each one line on stderr with exit 2 (unrelated plans, a missing file, a name that
is neither a file nor a revision, a ledger that is missing, corrupt or names links that
no longer exist)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import smallplan
import synthetic

from roadmap.cli import main
from roadmap.ledger import Ledger, clear, write_ledger

ROOT = Path(__file__).resolve().parents[2]
SLIP = {"MS-A-02": {"due": 8}}


@pytest.fixture
def plans(tmp_path: Path) -> tuple[Path, Path]:
    base = synthetic.write_needs_json(smallplan.needs(), tmp_path / "base.json")
    head = synthetic.write_needs_json(smallplan.needs(SLIP), tmp_path / "head.json")
    return base, head


def review(*args: str) -> int:
    return main(["review", *args, "--project", str(ROOT)])


def test_json_names_what_moves(plans: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
                               ) -> None:
    assert review(str(plans[0]), str(plans[1]), "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schedule"]["program_end"] == [7, 9]
    assert data["schedule"]["gates"]["QG-2"]["week"] == [8, 9]
    assert data["verdict"].startswith("moves the program end by +2 weeks")


def test_fail_on_exits_1_and_says_why(plans: tuple[Path, Path],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert review(str(plans[0]), str(plans[1]), "--fail-on", "end,gate,rules") == 1
    assert capsys.readouterr().err.splitlines() == [
        "review fails: the program's forecast end moves later",
        "review fails: a gate moves later",
        "review fails: a rule newly fails (or the head's strict build warns)"]
    assert review(str(plans[0]), str(plans[0]), "--fail-on", "end,gate,rules,suspect") == 0


def one_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert captured.out == ""
    return line


def test_unrelated_plans(plans: tuple[Path, Path], tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    other = synthetic.write_needs_json(synthetic.generate(120), tmp_path / "other.json")
    assert review(str(plans[0]), str(other)) == 2
    line = one_error(capsys)
    assert line.startswith(f"error: {plans[0]} and {other} are unrelated plans: they share")


@pytest.mark.parametrize(("args", "message"), [
    (["missing.json", "HEAD"], "error: base: missing.json: no such needs.json file"),
    (["no-such-revision-xyz", "HEAD"], "error: base: 'no-such-revision-xyz' is neither a "
                                       "needs.json file nor a git revision of this repository"),
    (["--fail-on", "late"], "error: --fail-on late: choose from end, gate, capacity, rules, "
                            "suspect"),
    ([], "error: review needs BASE and HEAD (needs.json files or git revisions), or --clear "
         "ID / --clear-all"),
], ids=["missing-file", "not-a-revision", "bad-fail-on", "no-plans"])
def test_bad_arguments(plans: tuple[Path, Path], args: list[str], message: str,
                       capsys: pytest.CaptureFixture[str]) -> None:
    if args == ["--fail-on", "late"]:
        args = [str(plans[0]), str(plans[1]), *args]
    assert review(*args) == 2
    assert one_error(capsys) == message


def test_a_missing_or_corrupt_ledger_names_the_file(plans: tuple[Path, Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "links.json"
    assert review(str(plans[0]), str(plans[1]), "--ledger", str(missing)) == 2
    assert one_error(capsys).startswith(f"error: {missing}: the review ledger does not exist")
    missing.write_text('{"format": "roadmap-review-ledger/1",\n"links": [\n', encoding="utf-8")
    assert review(str(plans[0]), str(plans[1]), "--ledger", str(missing)) == 2
    assert one_error(capsys).startswith(f"error: {missing}:3: the review ledger is not valid")


def test_a_ledger_naming_needs_that_are_gone_is_reported_and_cleared(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger_path = tmp_path / "links.json"
    ledger, _done, _dropped = clear(smallplan.graph(), Ledger(), None, "Reviewer", "2026-01-05")
    write_ledger(ledger_path, ledger)
    base = synthetic.write_needs_json(smallplan.needs(), tmp_path / "base.json")
    head = synthetic.write_needs_json(smallplan.needs({"EX-A": None}), tmp_path / "head.json")
    assert review(str(base), str(head), "--ledger", str(ledger_path), "--format", "json") == 0
    stale = json.loads(capsys.readouterr().out)["suspect_links"]["ledger"]["stale"]
    assert stale == ["EX-A implements MS-A-01"]
    assert review("--clear", "MS-A-01", "--by", "Reviewer", "--needs", str(head),
                  "--ledger", str(ledger_path)) == 0
    said = capsys.readouterr().out
    assert said.endswith("1 line(s) of links that no longer exist removed: "
                         "EX-A implements MS-A-01\n")
    assert "EX-A implements" not in ledger_path.read_text(encoding="utf-8")


def test_clearing_needs_a_name_and_a_need_that_exists(plans: tuple[Path, Path],
                                                      tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    ledger_path = tmp_path / "links.json"
    assert review("--clear", "MS-A-01", "--needs", str(plans[0]),
                  "--ledger", str(ledger_path)) == 2
    assert one_error(capsys) == "error: say who reviewed the links: --by NAME"
    assert review("--clear-all", "--by", "Reviewer", "--needs", str(plans[0]),
                  "--ledger", str(ledger_path)) == 0
    capsys.readouterr()
    assert review("--clear", "MS-Z-99", "--by", "Reviewer", "--needs", str(plans[0]),
                  "--ledger", str(ledger_path)) == 2
    assert one_error(capsys) == f"error: MS-Z-99: no such need in {plans[0]}"
