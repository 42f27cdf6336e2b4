"""Values no view can draw as they are (NaN, Infinity, a control character, a title of
33,000 characters) end in located warnings: every view still draws, graphviz never
sees them, and no warning lacks its file and line or asks to report a bug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sphinxproject

VIEWS = "\n\n".join([
    "# Views", "```{roadmap-traceability} WS-A\n```", "```{roadmap-timeline}\n```",
    "```{roadmap-explorer}\n```", "```{roadmap-dashboard} milestones-by-workstream\n```",
    "```{roadmap-heatmap}\n```", "```{roadmap-status}\n```"]) + "\n"
CHANGES = {"MS-A-01": {"effort": "nan", "title": "x" * 33_000},
           "MS-A-02": {"title": "Tab\x08bed"}, "MET-A": {"target": "inf"}}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    return sphinxproject.build(tmp_path_factory.mktemp("values"), {"views": VIEWS},
                               changes=CHANGES)


def directive_line(built: sphinxproject.Built, need_id: str) -> int:
    """The line of the directive that declares ``need_id`` in the test plan (the line
    before its ``:id:`` option), read from the page rather than counted by hand."""
    page = (Path(built.app.srcdir) / "plan.md").read_text(encoding="utf-8").splitlines()
    return page.index(f":id: {need_id}")  # 0-based index of :id: = 1-based line before it


def test_each_value_is_named_at_its_need(built: sphinxproject.Built) -> None:
    lines = built.warning_lines()
    at = {need: f"plan.md:{directive_line(built, need)}: WARNING: "
          for need in ("MS-A-01", "MS-A-02", "MET-A")}
    for expected in (at["MS-A-01"] + "[GUARD-VALUES] MS-A-01: effort is NaN",
                     at["MS-A-02"] + "[GUARD-VALUES] MS-A-02: title holds U+0008",
                     at["MET-A"] + "[GUARD-VALUES] MET-A: target is Infinity",
                     at["MS-A-01"] + "[GUARD-TITLE-LENGTH] MS-A-01: title has 33000"):
        assert any(expected in line for line in lines), (expected, lines)


def test_no_view_fails_and_no_warning_is_without_a_place(built: sphinxproject.Built) -> None:
    for line in built.warning_lines():
        assert "please report" not in line and "dot exited" not in line, line
        assert "[roadmap.views]" not in line, line
        if "WARNING" in line:
            assert re.search(r"\.md:\d+: WARNING", line), line
    assert "roadmap-traceability" in built.html("views")
    (drawn,) = (built.outdir / "_images").glob("graphviz-*.svg")  # the graph was drawn
    assert "\x08" not in drawn.read_text(encoding="utf-8")
