"""The view directives in a small Sphinx project: a mistake in a directive's argument or
options is an error at the author's file and line (never a traceback), an unknown
target is a warning at the directive, a correct page builds without a warning, and
each view's HTML is a snapshot of its own, reviewed when it changes.

One project is built for all the mistakes, each on a page of its own, and one for all
the views, each on a page of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import sphinxproject
from bs4 import BeautifulSoup
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from roadmap.views import views


@dataclass(frozen=True)
class Mistake:
    page: str  # the page's name: the file the message must name
    source: str  # the page's MyST
    expected: str  # a regex of the build's line for it, after "<page>.md"


# Each mistake beside the line the build must give for it (the line number counts the
# page's own lines, title first).
MISTAKES = [
    Mistake("unknown-target", "# T\n\n```{roadmap-timeline}\n:phase: PH-9\n```\n",
            r":3: WARNING: \[roadmap\.views\] roadmap-timeline: 'PH-9' is not a phase need"),
    Mistake("wrong-type-target", "# T\n\n```{roadmap-traceability} MS-A-01\n```\n",
            r":3: WARNING: \[roadmap\.views\] roadmap-traceability: 'MS-A-01' is not a "
            r"workstream need"),
    Mistake("unknown-section", "# D\n\n```{roadmap-dashboard} burndown\n```\n",
            r":3: ERROR: roadmap-dashboard: 'burndown' is not one of summary, late, "
            r"health, milestones-by-phase, milestones-by-workstream, gates"),
    Mistake("unknown-table", "# M\n\n```{roadmap-metamodel} colours\n```\n",
            r":3: ERROR: roadmap-metamodel: 'colours' is not one of types, fields, links"),
    Mistake("bad-weeks", "# C\n\nText.\n\n```{roadmap-capacity}\n:weeks: 1-x\n```\n",
            r":5: ERROR: roadmap-capacity: option :weeks: '1-x' is not a week range: "
            r"expected FIRST-LAST \(e\.g\. 1-16\) or one week number"),
    Mistake("backwards-weeks", "# C\n\n```{roadmap-capacity}\n:weeks: 9-3\n```\n",
            r":3: ERROR: roadmap-capacity: option :weeks: '9-3': weeks start at 1 and the "
            r"last week cannot come before the first"),
    Mistake("bad-id", "# T\n\n```{roadmap-timeline}\n:critical-to: ms-a-02\n```\n",
            r":3: ERROR: roadmap-timeline: option :critical-to: 'ms-a-02' is not a need ID"),
    Mistake("unknown-option", "# H\n\n```{roadmap-heatmap}\n:colour: red\n```\n",
            r":4: WARNING: 'roadmap-heatmap': Unknown option key: 'colour' "
            r"\(allowed: \['phase'\]\)"),
    Mistake("missing-argument", "# T\n\n```{roadmap-traceability}\n```\n",
            r":3: ERROR: .*1 argument\(s\) required, 0 supplied"),
    Mistake("unknown-role", "# C\n\n```{roadmap-capacity}\n:roles: RES-ROLE-Z\n```\n",
            r":3: WARNING: \[roadmap\.views\] roadmap-capacity: 'RES-ROLE-Z' is not a "
            r"resource need"),
    Mistake("bad-week", "# W\n\n```{roadmap-week} six\n```\n",
            r":3: ERROR: roadmap-week: 'six' is not a program week"),
    Mistake("late-week", "# W\n\n```{roadmap-week} 99\n```\n",
            r":3: WARNING: \[roadmap\.views\] roadmap-week: week 99 is outside the plan"),
    Mistake("unknown-need-field", "# F\n\nThe team has {need-field}`RES-ROLE-A.seats` people.\n",
            r":3: WARNING: \[roadmap\.need-field\] \{need-field\}`RES-ROLE-A\.seats`: "
            r"RES-ROLE-A has no value in its field 'seats'; write NEED-ID\.field"),
    Mistake("missing-need", "# F\n\nIt costs {need-field}`RES-ROLE-Z.cost`.\n",
            r":3: WARNING: \[roadmap\.need-field\] \{need-field\}`RES-ROLE-Z\.cost`: "
            r"no need RES-ROLE-Z"),
]


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    return sphinxproject.build(tmp_path_factory.mktemp("mistakes"),
                               {m.page: m.source for m in MISTAKES})


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.page for m in MISTAKES])
def test_each_mistake_is_reported_at_its_file_and_line(mistakes: sphinxproject.Built,
                                                       mistake: Mistake) -> None:
    expected = re.escape(f"/{mistake.page}.md") + mistake.expected
    hits = [line for line in mistakes.warning_lines() if re.search(expected, line)]
    assert hits, f"no message for {mistake.page}; warnings were:\n{mistakes.warnings}"


def test_mistakes_give_no_traceback_and_nothing_else(mistakes: sphinxproject.Built) -> None:
    assert "Traceback" not in mistakes.warnings + mistakes.status
    pages = {re.search(r"/([\w-]+)\.md:\d+", line).group(1)  # type: ignore[union-attr]
             for line in mistakes.warning_lines() if re.search(r"/[\w-]+\.md:\d+", line)}
    assert pages == {m.page for m in MISTAKES}


# Each use of a view the snapshots record: its page's name (the view's name, then what
# the use shows) and the directive. Every registered view has one at least.
VIEW_CASES: dict[str, str] = {
    "calendar": "```{roadmap-calendar}\n```",
    "capacity-weeks": "```{roadmap-capacity}\n:weeks: 1-8\n```",
    "capacity-workstream": "```{roadmap-capacity}\n:workstream: WS-A\n```",
    "changes": "```{roadmap-changes}\n```",
    **{f"dashboard-{s}": f"```{{roadmap-dashboard}} {s}\n```" for s in (
        "summary", "late", "health", "milestones-by-phase", "milestones-by-workstream",
        "gates", "kpis")},
    "downloads": "```{roadmap-downloads}\n```",
    "error-budget": "```{roadmap-error-budget}\n:gate: QG-2\n:metric: MET-A\n```",
    "explorer": "```{roadmap-explorer}\n```",
    "health": "```{roadmap-health}\n```",
    "heatmap": "```{roadmap-heatmap}\n```",
    "levelled": "```{roadmap-levelled}\n```",
    "matrix": "```{roadmap-matrix}\n```",
    "metamodel-types": "```{roadmap-metamodel} types\n```",
    "report": "```{roadmap-report}\n```",
    "reviewed-fields": "```{roadmap-reviewed-fields}\n```",
    "risk-exposure": "```{roadmap-risk-exposure}\n```",
    "risks": "```{roadmap-risks}\n```",
    "risks-phase": "```{roadmap-risks}\n:phase: PH-1\n```",
    "rule-catalogue": "```{roadmap-rule-catalogue}\n```",
    "scenario": "```{roadmap-scenario} SCN-T\n```",
    "settings": "```{roadmap-settings}\n```",
    "status": "```{roadmap-status}\n```",
    "status-card": "```{roadmap-status-card}\n```",
    "timeline-critical-to": "```{roadmap-timeline}\n:critical-to: MS-A-02\n```",
    "timeline-phase": "```{roadmap-timeline}\n:phase: PH-1\n```",
    "traceability": "```{roadmap-traceability} WS-A\n```",
    "under-review": "```{roadmap-under-review}\n```",
    "week": "```{roadmap-week} 2\n```",
    "weeks": "```{roadmap-weeks}\n```",
}


# What a view shows besides the base plan, on a page of its own: the scenario the
# scenario view draws.
VIEW_INPUTS = {"scenarios": "# Scenarios\n\n```{scenario} The first milestone a week late\n"
                            ":id: SCN-T\n:revision: 1\n:slip: MS-A-01=+1\n:explores: RSK-A\n\n"
                            "A week's slip of the first milestone.\n```\n"}


def test_every_view_has_a_snapshot() -> None:
    used = {re.match(r"```\{roadmap-([\w-]+)\}", d).group(1)  # type: ignore[union-attr]
            for d in VIEW_CASES.values()}
    assert used == set(views())
    for page, directive in VIEW_CASES.items():
        assert page.startswith(directive[len("```{roadmap-"):].split("}")[0]), page


# The base plan with an availability window: the phase-2 gate reads MET-A over weeks 5-8
# against a budget, and MS-A-02 changes production inside it with an allocation.
BUDGETED = {"MET-A": {"error_budget": 259}, "QG-2": {"reads": ["MET-A=5-8"]},
            "MS-A-02": {"in_production": 6, "budget_spend": 12}}
# A page of prose that reads numbers from needs with the need-field role.
NEED_FIELDS = ("# Need fields\n\nRole A gives {need-field}`RES-ROLE-A.capacity` person-weeks "
               "a week for USD {need-field}`RES-ROLE-A.cost`; MET-A is operational: "
               "{need-field}`MET-A.operational`.\n")


@pytest.fixture(scope="module")
def all_views(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    pages = {f"view-{page}": f"# {page}\n\n{directive}\n"
             for page, directive in VIEW_CASES.items()}
    pages["need-fields"] = NEED_FIELDS
    return sphinxproject.build(tmp_path_factory.mktemp("views"), {**pages, **VIEW_INPUTS},
                               changes=BUDGETED)


def test_every_view_builds_without_a_warning(all_views: sphinxproject.Built) -> None:
    assert all_views.warning_lines() == []
    html = "".join(all_views.html(f"view-{page}") for page in VIEW_CASES)
    assert 'class="mermaid"' not in html and "graphviz" in html
    assert html.count('<figure class="roadmap-gantt') == 3  # two timelines, a scenario
    assert 'id="roadmap-explorer-data"' in html


def test_need_fields_print_the_need_s_value(all_views: sphinxproject.Built) -> None:
    """The role prints the field as a reader writes it: no trailing .0, thousands
    grouped, yes or no, as plain text (not a link)."""
    soup = BeautifulSoup(all_views.html("need-fields"), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    # get_text(" ") puts a space at each element's edge
    assert "Role A gives 2 person-weeks a week for USD 1,000 ; MET-A is operational: yes" in text
    assert [span.get_text() for span in soup.select("span.roadmap-need-field")] == [
        "2", "1,000", "yes"]


def view_html(html: str) -> str:
    """What the view wrote on its page (everything below the page's title), indented
    for review."""
    section = BeautifulSoup(html, "html.parser").select_one("div.body section")
    assert section is not None
    heading = section.find("h1")
    if heading is not None:
        heading.decompose()
    return section.prettify()


class HTMLSnapshot(SingleFileSnapshotExtension):
    """A snapshot in a file of its own (``__snapshots__/test_directives/<test>.html``)."""

    _write_mode = WriteMode.TEXT
    file_extension = "html"


class DOTSnapshot(HTMLSnapshot):
    file_extension = "dot"


@pytest.mark.parametrize("page", sorted(VIEW_CASES))
def test_view_html_is_reviewed_when_it_changes(all_views: sphinxproject.Built, page: str,
                                               snapshot: SnapshotAssertion) -> None:
    """Each view's HTML, compared with its reviewed snapshot (``pytest --snapshot-update``
    writes a new one, to be reviewed in the diff)."""
    assert view_html(all_views.html(f"view-{page}")) == snapshot.use_extension(HTMLSnapshot)


def readable(markup: str) -> str:
    """One element a line, so that a snapshot's diff shows what changed."""
    return markup.replace("><", ">\n<")


def generated_sources() -> dict[str, str]:
    """The timeline's SVG (with a forecast, a baseline, today and the as-of week), one
    phase's timeline and the traceability DOT source of the base plan."""
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
    return {
        "gantt": readable(svg.gantt_html(layout, "Timeline of the base plan")),
        "gantt-phase": readable(svg.gantt_html(
            gantt_layout(graph, settings, href=lambda n: f"p.html#{n.id}", phase="PH-1"),
            "Phase 1")),
        "traceability": traceability.traceability_dot(graph, "WS-A",
                                                      href=lambda n: f"p.html#{n.id}"),
    }


@pytest.mark.parametrize("source", ["gantt", "gantt-phase", "traceability"])
def test_generated_sources_are_reviewed_when_they_change(source: str,
                                                         snapshot: SnapshotAssertion) -> None:
    extension = DOTSnapshot if source == "traceability" else HTMLSnapshot
    assert generated_sources()[source] == snapshot.use_extension(extension)
