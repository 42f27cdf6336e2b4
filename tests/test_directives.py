"""The view directives in a small Sphinx project: a mistake in a directive's argument or
options is an error at the author's file and line (never a traceback), an unknown
target is a warning at the directive, and a correct page builds without a warning.

One project is built for all the mistakes, each on a page of its own."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from syrupy.assertion import SnapshotAssertion

sys.path.insert(0, str(Path(__file__).parent))
import sphinxproject

MISTAKES = {
    "unknown-target": "# T\n\n```{roadmap-timeline}\n:phase: PH-9\n```\n",
    "wrong-type-target": "# T\n\n```{roadmap-traceability} MS-A-01\n```\n",
    "unknown-section": "# D\n\n```{roadmap-dashboard} burndown\n```\n",
    "unknown-table": "# M\n\n```{roadmap-metamodel} colours\n```\n",
    "bad-weeks": "# C\n\nText.\n\n```{roadmap-capacity}\n:weeks: 1-x\n```\n",
    "backwards-weeks": "# C\n\n```{roadmap-capacity}\n:weeks: 9-3\n```\n",
    "bad-id": "# T\n\n```{roadmap-timeline}\n:critical-to: ms-a-02\n```\n",
    "unknown-option": "# H\n\n```{roadmap-heatmap}\n:colour: red\n```\n",
    "missing-argument": "# T\n\n```{roadmap-traceability}\n```\n",
    "unknown-role": "# C\n\n```{roadmap-capacity}\n:roles: RES-ROLE-Z\n```\n",
    "bad-week": "# W\n\n```{roadmap-week} six\n```\n",
    "late-week": "# W\n\n```{roadmap-week} 99\n```\n",
    "unknown-need-field": "# F\n\nThe team has {need-field}`RES-ROLE-A.seats` people.\n",
    "missing-need": "# F\n\nIt costs {need-field}`RES-ROLE-Z.cost`.\n",
}

EXPECTED = {
    "unknown-target": r"unknown-target\.md:3: WARNING: \[roadmap\.views\] roadmap-timeline: "
                      r"'PH-9' is not a phase need",
    "wrong-type-target": r"wrong-type-target\.md:3: WARNING: \[roadmap\.views\] "
                         r"roadmap-traceability: 'MS-A-01' is not a workstream need",
    "unknown-section": r"unknown-section\.md:3: ERROR: roadmap-dashboard: 'burndown' is not one "
                       r"of summary, late, milestones-by-phase, milestones-by-workstream, gates",
    "unknown-table": r"unknown-table\.md:3: ERROR: roadmap-metamodel: 'colours' is not one of "
                     r"types, fields, links",
    "bad-weeks": r"bad-weeks\.md:5: ERROR: roadmap-capacity: option :weeks: '1-x' is not a week "
                 r"range: expected FIRST-LAST \(e\.g\. 1-16\) or one week number",
    "backwards-weeks": r"backwards-weeks\.md:3: ERROR: roadmap-capacity: option :weeks: '9-3': "
                       r"weeks start at 1 and the last week cannot come before the first",
    "bad-id": r"bad-id\.md:3: ERROR: roadmap-timeline: option :critical-to: 'ms-a-02' is not a "
              r"need ID",
    "unknown-option": r"unknown-option\.md:4: WARNING: 'roadmap-heatmap': Unknown option key: "
                      r"'colour' \(allowed: \['phase'\]\)",
    "missing-argument": r"missing-argument\.md:3: ERROR: .*1 argument\(s\) required, 0 supplied",
    "unknown-role": r"unknown-role\.md:3: WARNING: \[roadmap\.views\] roadmap-capacity: "
                    r"'RES-ROLE-Z' is not a resource need",
    "bad-week": r"bad-week\.md:3: ERROR: roadmap-week: 'six' is not a program week",
    "late-week": r"late-week\.md:3: WARNING: \[roadmap\.views\] roadmap-week: week 99 is "
                 r"outside the plan",
    "unknown-need-field": r"unknown-need-field\.md:3: WARNING: \[roadmap\.need-field\] "
                          r"\{need-field\}`RES-ROLE-A\.seats`: RES-ROLE-A has no value in its "
                          r"field 'seats'; write NEED-ID\.field",
    "missing-need": r"missing-need\.md:3: WARNING: \[roadmap\.need-field\] "
                    r"\{need-field\}`RES-ROLE-Z\.cost`: no need RES-ROLE-Z",
}


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    return sphinxproject.build(tmp_path_factory.mktemp("mistakes"), MISTAKES)


@pytest.mark.parametrize("page", sorted(MISTAKES))
def test_each_mistake_is_reported_at_its_file_and_line(mistakes: sphinxproject.Built,
                                                       page: str) -> None:
    hits = [line for line in mistakes.warning_lines() if re.search(EXPECTED[page], line)]
    assert hits, f"no message for {page}; warnings were:\n{mistakes.warnings}"


def test_mistakes_give_no_traceback_and_nothing_else(mistakes: sphinxproject.Built) -> None:
    assert "Traceback" not in mistakes.warnings + mistakes.status
    pages = {re.search(r"/([\w-]+)\.md:\d+", line).group(1)  # type: ignore[union-attr]
             for line in mistakes.warning_lines() if re.search(r"/[\w-]+\.md:\d+", line)}
    assert pages == set(MISTAKES)


VIEW_PAGES = {"views": "\n\n".join([
        "# Views",
        "Role A gives {need-field}`RES-ROLE-A.capacity` person-weeks a week for USD "
        "{need-field}`RES-ROLE-A.cost`; MET-A is operational: "
        "{need-field}`MET-A.operational`.",
        "```{roadmap-timeline}\n:critical-to: MS-A-02\n```",
        "```{roadmap-timeline}\n:phase: PH-1\n```",
        "```{roadmap-traceability} WS-A\n```",
        "```{roadmap-heatmap}\n```",
        "```{roadmap-risk-exposure}\n```",
        *(f"```{{roadmap-dashboard}} {s}\n```" for s in (
            "summary", "late", "milestones-by-phase", "milestones-by-workstream", "gates",
            "kpis")),
        "```{roadmap-explorer}\n```",
        "```{roadmap-capacity}\n:weeks: 1-8\n```",
        "```{roadmap-capacity}\n:workstream: WS-A\n```",
        "```{roadmap-report}\n```",
        "```{roadmap-matrix}\n```",
        "```{roadmap-metamodel} types\n```",
        "```{roadmap-rule-catalogue}\n```",
        "```{roadmap-settings}\n```",
        "```{roadmap-week} 2\n```",
        "```{roadmap-weeks}\n```",
        "```{roadmap-risks}\n```",
        "```{roadmap-risks}\n:phase: PH-1\n```",
        "```{roadmap-downloads}\n```",
        "```{roadmap-reviewed-fields}\n```",
        "```{roadmap-under-review}\n```",
        "```{roadmap-error-budget}\n:gate: QG-2\n:metric: MET-A\n```",
]) + "\n"}
# The base plan with an availability window: the phase-2 gate reads MET-A over weeks 5-8
# against a budget, and MS-A-02 changes production inside it with an allocation.
BUDGETED = {"MET-A": {"error_budget": 259}, "QG-2": {"reads": ["MET-A=5-8"]},
            "MS-A-02": {"in_production": 6, "budget_spend": 12}}


@pytest.fixture(scope="module")
def all_views(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    return sphinxproject.build(tmp_path_factory.mktemp("views"), VIEW_PAGES,
                               changes=BUDGETED)


def test_every_view_builds_without_a_warning(all_views: sphinxproject.Built) -> None:
    assert all_views.warning_lines() == []
    html = all_views.html("views")
    assert 'class="mermaid"' not in html and "graphviz" in html
    assert html.count('<figure class="roadmap-gantt"') == 2
    assert 'id="roadmap-explorer-data"' in html


def test_need_fields_print_the_need_s_value(all_views: sphinxproject.Built) -> None:
    """The role prints the field as a reader writes it: no trailing .0, thousands
    grouped, yes or no, as plain text (not a link)."""
    soup = BeautifulSoup(all_views.html("views"), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    # get_text(" ") puts a space at each element's edge
    assert "Role A gives 2 person-weeks a week for USD 1,000 ; MET-A is operational: yes" in text
    assert [span.get_text() for span in soup.select("span.roadmap-need-field")] == [
        "2", "1,000", "yes"]


def view_boxes(html: str) -> list[str]:
    """The HTML of every view on a page, one block each, indented for review."""
    soup = BeautifulSoup(html, "html.parser")
    boxes = [div for div in soup.select("div.roadmap-view")
             if not div.find_parent("div", class_="roadmap-view")]
    return [box.prettify() for box in boxes]


def test_view_html_is_reviewed_when_it_changes(all_views: sphinxproject.Built,
                                               snapshot: SnapshotAssertion) -> None:
    """Every view's HTML, compared with the reviewed snapshot (``pytest --snapshot-update``
    writes a new one, to be reviewed in the diff)."""
    assert view_boxes(all_views.html("views")) == snapshot


def readable(markup: str) -> str:
    """One element a line, so that a snapshot's diff shows what changed."""
    return markup.replace("><", ">\n<")


def test_generated_sources_are_reviewed_when_they_change(snapshot: SnapshotAssertion) -> None:
    """The timeline's SVG (with a forecast, a baseline, today and the as-of week) and the
    DOT source of the base plan."""
    from datetime import date

    from roadmap import program_schedule as schedule
    from roadmap.config import settings_from
    from roadmap.gantt import svg
    from roadmap.gantt.layout import gantt_layout
    from roadmap.views import traceability

    graph = sphinxproject.minigraph.graph()
    critical = schedule.critical_path(graph).members
    settings = settings_from({"roadmap_as_of": 2})
    first = sorted(n.id for n in graph.of_type("milestone"))[0]
    layout = gantt_layout(
        graph, settings, href=lambda n: f"p.html#{n.id}", critical=critical,
        week_href=lambda week: f"weeks/week-{week:02d}.html", today=date(2025, 10, 15),
        forecast={first: (2, 3)}, baseline={first: (1, 2)})
    sources = {
        "gantt": readable(svg.gantt_html(layout, "Timeline of the base plan")),
        "gantt-phase": readable(svg.gantt_html(
            gantt_layout(graph, settings, href=lambda n: f"p.html#{n.id}", phase="PH-1"),
            "Phase 1")),
        "dot": traceability.traceability_dot(graph, "WS-A", href=lambda n: f"p.html#{n.id}"),
    }
    assert sources == snapshot
