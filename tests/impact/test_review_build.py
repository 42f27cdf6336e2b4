"""Suspect links in a build of a small project: a target change makes three links
suspect; an author's build lists them without failing and the cards say what changed;
a release build fails until ``python -m roadmap review --clear`` records the review;
a missing ledger fails every build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import smallplan
import sphinxproject

from roadmap import revisions
from roadmap.cli import main

CONF = '\nroadmap_review_ledger = "reviews/links.json"\n'
SUSPECT = "[REVIEW-SUSPECT-LINK]"


def needs_of(root: Path) -> Path:
    return root / "_build" / "html" / "needs.json"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small plan built without its ledger (which fails), the ledger created with
    --clear-all, then MET-B's target changed and the site built again."""
    root = tmp_path_factory.mktemp("suspect")
    built = sphinxproject.build(root, {}, needs=smallplan.needs(), conf_extra=CONF)
    (line,) = built.warning_lines()
    assert "[roadmap.review-ledger]" in line
    assert "reviews/links.json: the review ledger does not exist; create it with" in line
    assert main(["review", "--clear-all", "--by", "Program Office (initial ledger)",
                 "--needs", str(needs_of(root)), "--project", str(root / "src")]) == 0
    head = sphinxproject.need_pages(smallplan.needs({"MET-B": {"target": 15}}))["plan"]
    (root / "src" / "plan.md").write_text(head, encoding="utf-8")
    assert sphinxproject.rebuild(root).warning_lines() == []
    return root


def test_an_author_build_lists_suspect_links_and_cards_say_what_changed(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html = (project / "_build" / "html" / "plan.html").read_text(encoding="utf-8")
    assert html.count("MET-B changed (target 20 \u2192 15)") == 3  # QG-1, RSK-A, TST-A


def test_a_release_build_fails_until_the_links_are_cleared(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_RELEASE", "1")
    lines = [line for line in sphinxproject.rebuild(project).warning_lines() if SUSPECT in line]
    assert len(lines) == 3
    kept = [line for line in sphinxproject.rebuild(project).warning_lines() if SUSPECT in line]
    assert kept == lines  # a rebuild that reads no page reports what the last one found
    assert any(line.endswith("plan.md:150: WARNING: [REVIEW-SUSPECT-LINK] QG-1: its checks "
                             "link is suspect: MET-B changed (target 20 \u2192 15); review it, "
                             "then run python -m roadmap review --clear QG-1 --by NAME")
               for line in lines), lines
    strict = main(["check", str(needs_of(project)), "--strict", "--project", str(project / "src")])
    assert strict == 1  # the gate fails on the same three links
    code = main(["review", "--clear", "QG-1", "RSK-A", "TST-A", "--by", "Quality Lead",
                 "--needs", str(needs_of(project)), "--project", str(project / "src")])
    assert code == 0
    again = sphinxproject.rebuild(project)
    assert again.warning_lines() == []
    assert main(["check", str(needs_of(project)), "--strict", "--project",
                 str(project / "src")]) == 0
    html = (project / "_build" / "html" / "plan.html").read_text(encoding="utf-8")
    assert "MET-B changed" not in html  # the cards are written again


REPORT = "# Report\n\n```{roadmap-report}\n```\n"
UNDER_REVIEW = "# Under review\n\n```{roadmap-under-review}\n```\n"


def test_the_report_counts_suspect_links_per_type(project: Path) -> None:
    sphinxproject.build(project, {"report": REPORT},
                        needs=smallplan.needs({"MET-B": {"target": 15}}), conf_extra=CONF)
    html = (project / "_build" / "html" / "report.html").read_text(encoding="utf-8")
    links = html[html.index('id="report-links"'):]
    assert "0 of " in links and "links are suspect" in links  # cleared by the test above
    assert "Quality gate" in links and "Not in the ledger" in links


@pytest.fixture(scope="module")
def under_review(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The small plan built once without a base (the page says how to get one), then
    with MS-B-01 a week earlier and the first build's needs.json as the base."""
    root = tmp_path_factory.mktemp("under-review")
    first = sphinxproject.build(root, {"review": UNDER_REVIEW}, needs=smallplan.needs())
    assert "has no base plan to compare with" in first.html("review")
    base = root / "base-needs.json"
    base.write_bytes(needs_of(root).read_bytes())
    head = sphinxproject.need_pages(smallplan.needs({"MS-B-01": {"start": 6, "due": 6}}))["plan"]
    (root / "src" / "plan.md").write_text(head, encoding="utf-8")
    os.environ["ROADMAP_REVIEW_BASE"] = str(base)
    try:
        built = sphinxproject.rebuild(root)
    finally:
        del os.environ["ROADMAP_REVIEW_BASE"]
    assert built.warning_lines() == []
    return built.html("review")


def test_the_under_review_page_draws_ghosts_and_marks_changed_cells(under_review: str) -> None:
    assert "Verdict: " in under_review and "MS-B-01" in under_review
    assert 'class="ghost"' in under_review  # MS-B-01's bar in the base plan, week 7
    assert "MS-B-01 base plan: weeks 7\u20137" in under_review
    assert under_review.count("roadmap-changed\"") == 2  # RES-ROLE-A, weeks 6 and 7
    assert "1 \u2192 2" in under_review and "2 \u2192 1" in under_review


def test_a_coloured_build_output_gives_plain_problem_lines(tmp_path: Path) -> None:
    coloured = (f"\x1b[91m{tmp_path}/plan.md:3: WARNING: Need 'MS-A' has unknown outgoing "
                "link 'MS-X'\x1b[39;49;00m\nbuild finished\n")
    assert revisions.problems(coloured, tmp_path) == [
        "plan.md:3: WARNING: Need 'MS-A' has unknown outgoing link 'MS-X'"]
