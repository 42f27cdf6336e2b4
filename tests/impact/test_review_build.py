"""Suspect links in a build of a small project: a target change makes three links
suspect; an author's build lists them without failing and the cards say what changed;
a release build fails until ``python -m roadmap review --clear`` records the review;
a missing ledger fails every build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parents[1] / "rules"))
sys.path.insert(0, str(Path(__file__).parent))
import smallplan
import sphinxproject

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
    assert any(line.endswith("plan.md:148: WARNING: [REVIEW-SUSPECT-LINK] QG-1: its checks "
                             "link is suspect: MET-B changed (target 20 \u2192 15); review it, "
                             "then run python -m roadmap review --clear QG-1 --by NAME "
                             "[roadmap.review-links]") for line in lines), lines
    code = main(["review", "--clear", "QG-1", "RSK-A", "TST-A", "--by", "Quality Lead",
                 "--needs", str(needs_of(project)), "--project", str(project / "src")])
    assert code == 0
    again = sphinxproject.rebuild(project)
    assert again.warning_lines() == []
    html = (project / "_build" / "html" / "plan.html").read_text(encoding="utf-8")
    assert "MET-B changed" not in html  # the cards are written again
