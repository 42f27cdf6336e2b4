"""Dashboard roll-ups and their HTML."""

from __future__ import annotations

import pytest
from docutils import nodes

from roadmap.findings import Rule, RuleResult
from roadmap.tracking.status_report import status_report
from roadmap.views import dashboard


@pytest.fixture
def plan(base_needs, milestone, need):
    return [
        *base_needs,
        milestone("MS-A", 1, 2, effort=3),
        milestone("MS-B", 3, 4, status="done", effort=2),
        milestone("MS-C", 5, 6, phase="PH-2", workstream="WS-B", status="at_risk", effort=1),
        need("MET-P", "metric", "Program", scope="program", baseline=0, target=70,
             direction="increase", unit="%", measures=["PH-2"]),
        need("MET-K", "metric", "Module", scope="module", baseline=850, target=400,
             direction="decrease", unit="ms", feeds=["MET-P"], measures=["MS-A"]),
        need("MET-L", "metric", "Loose", scope="module", baseline=1, target=2,
             direction="increase", unit="x", measures=["MS-B"]),
        need("QG-1", "gate", phase=["PH-1"], checks=["MET-K"]),
        need("QG-2", "gate", phase=["PH-2"], checks=["MET-P", "MET-K"]),
        need("TST-K", "test", verifies=["MET-K"]),
        need("MON-K", "monitor", monitors=["MET-K"]),
    ]


@pytest.fixture
def planned(make_graph, plan):
    return make_graph(*plan)


def test_milestones_by_phase_and_workstream(planned):
    by_phase = dashboard.milestones_by_status(planned, "phase")
    assert [r.group.id for r in by_phase] == ["PH-1", "PH-2"]
    assert by_phase[0].counts == {"planned": 1, "done": 1}
    assert (by_phase[0].total, by_phase[0].done) == (2, 1)
    assert (by_phase[0].effort, by_phase[0].effort_done) == (5, 2)
    by_ws = {r.group.id: r for r in dashboard.milestones_by_status(planned, "workstream")}
    assert by_ws["WS-B"].counts == {"at_risk": 1}
    with pytest.raises(ValueError):
        dashboard.milestones_by_status(planned, "owner")


def test_status_columns_follow_the_lifecycle(planned):
    assert dashboard.status_columns(planned) == [
        "planned", "in_progress", "at_risk", "blocked", "done"]


def test_gates_list_their_metrics_with_evidence(planned):
    rows = dashboard.gates(planned, None)
    assert [(r.gate.id, r.phase.id) for r in rows] == [("QG-1", "PH-1"), ("QG-2", "PH-2")]
    kpi = dashboard.kpi_row(planned, rows[0].metrics[0].metric)
    assert kpi.metric.id == "MET-K"
    assert [t.id for t in kpi.verified_by] == ["TST-K"]
    assert [m.id for m in kpi.monitored_by] == ["MON-K"]


def test_kpi_groups_put_module_kpis_under_the_program_metric_they_feed(planned):
    groups = dashboard.kpi_groups(planned)
    assert groups[0].program.metric.id == "MET-P"
    assert [k.metric.id for k in groups[0].kpis] == ["MET-K"]
    assert groups[-1].program is None and [k.metric.id for k in groups[-1].kpis] == ["MET-L"]
    kpi = groups[0].kpis[0]
    assert (kpi.baseline, kpi.target, kpi.change, kpi.improves) == (850, 400, -450, True)


def test_numbers_read_as_people_write_them():
    assert dashboard.fmt_number(10_000_000.0) == "10,000,000"
    assert dashboard.fmt_number(99.99) == "99.99"
    assert dashboard.fmt_number(0.5) == "0.5"
    assert dashboard.fmt_number(None) == dashboard.NONE


def test_tables_link_every_need(planned, view_context, links_of):
    ctx = view_context(planned)
    status = dashboard.status_table(ctx, dashboard.milestones_by_status(planned, "phase"),
                                    dashboard.status_columns(planned), "phase")
    assert "p.html#PH-1" in links_of(status) and "All milestones" in status.astext()
    gates = dashboard.gates_table(ctx, dashboard.gates(planned, None))
    spans = [e["morerows"] for e in gates.findall(nodes.entry) if e.get("morerows")]
    assert spans == [1] and "p.html#TST-K" in links_of(gates)
    kpis = dashboard.kpis_table(ctx, dashboard.kpi_groups(planned))
    assert "-450 (-53 %)" in kpis.astext() and "feed no program" in kpis.astext()


def test_rule_coverage_is_a_bar_on_the_report():
    from roadmap.views import report

    result = RuleResult(Rule("R-1", "Every milestone measured", "", "graph"),
                        checked_ids=["MS-A", "MS-B"])
    assert report.coverage_cell(result).astext() == "100 % passed"
    assert report.coverage_cell(RuleResult(Rule("R-2", "Nothing", "", "graph"))) == \
        "nothing to check"


def test_latest_values_and_late_milestones_come_from_the_status_report(
        planned, plan, view_context, make_graph, need):
    ctx = view_context(planned)
    empty = dashboard.section_nodes(ctx, "kpis")[0]
    latest = [e.astext() for e in empty.findall(nodes.entry)
              if "roadmap-latest" in e["classes"]]
    assert latest[0] == "Latest value" and set(latest[1:]) == {dashboard.NONE}
    summary = " ".join(n.astext() for n in dashboard.section_nodes(ctx, "summary"))
    assert summary.startswith("Now: Status as of week 0")
    assert "nothing is known to be late, because no week is reported yet" in summary
    assert "nothing is known to be late" in dashboard.section_nodes(ctx, "late")[0].astext()
    measured = make_graph(*plan,
                          need("MEAS-K-W03", "measurement", "p95 in week 3", week=3,
                               value=612, unit="ms", evidence="grafana", of=["MET-K"]))
    report = status_report(measured, 3)
    ctx = view_context(measured)
    kpis = dashboard.section_nodes(ctx, "kpis", report)[0]
    cells = [e.astext() for e in kpis.findall(nodes.entry) if "roadmap-latest" in e["classes"]]
    assert "612 (week 3)MEAS-K-W03" in cells and "not measured yet" in cells
    late = dashboard.section_nodes(ctx, "late", report)[0]
    assert "MS-A" in late.astext() and "week 2" in late.astext()
    assert "1 late milestones" in dashboard.section_nodes(ctx, "summary", report)[1].astext()
    gates = dashboard.gates_table(ctx, dashboard.gates(measured, report))
    assert "closes end of week 4; open" in gates.astext()
