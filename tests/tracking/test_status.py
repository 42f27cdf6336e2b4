"""A realistic week 6 (see ``week6.py``): the late list, the forecast through two levels
of dependants and the program end it gives, earned value, gate evaluation from
measurements, fired risks, and the diff against the baseline (proposed or approved); the same in
the command line's JSON."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import week6
from bs4 import BeautifulSoup

from roadmap import cli
from roadmap.graph import RoadmapGraph, build_graph
from roadmap.inputs import from_conf
from roadmap.tracking.baseline import plan_diff, snapshot
from roadmap.tracking.measures import expected_value, trajectory
from roadmap.tracking.status_report import StatusReport, status_report

ROOT = Path(__file__).resolve().parents[2]
PROJECT = from_conf(ROOT)


def graph_of(needs: dict[str, Any]) -> RoadmapGraph:
    return build_graph(needs, PROJECT.metamodel)


@pytest.fixture(scope="module")
def report() -> StatusReport:
    graph = graph_of(week6.plan_needs())
    return status_report(graph, 6, snapshot(week6.baseline_needs(), PROJECT.metamodel))


def test_late_started_late_and_not_started(report: StatusReport) -> None:
    # MS-A-03 was due in week 5 and waits for MS-A-02; MS-B-04 is under way, late
    assert [m.id for m in report.late] == ["MS-A-03", "MS-B-04"]
    assert [(m.id, w) for m, w in report.started_late] == [("MS-B-04", 1)]
    assert [m.id for m in report.not_started] == ["MS-A-03", "MS-A-04", "MS-B-03"]
    assert [(m.id, w) for m, w in report.finished_late] == [("MS-A-02", 2)]


def test_a_slip_propagates_through_two_levels_of_dependants(report: StatusReport) -> None:
    windows = {i: (f.window.start, f.window.end) for i, f in report.forecasts.items()}
    assert windows["MS-A-02"] == (3, 6)  # done, two weeks late
    assert windows["MS-A-03"] == (7, 7)  # waits for it: +2
    assert windows["MS-A-04"] == (8, 8)  # and its dependant: +2
    assert windows["MS-A-05"] == (9, 10)  # and the next: +2, the program's end
    assert report.forecasts["MS-A-05"].driver == "MS-A-04"
    assert report.forecasts["MS-A-05"].slip == 2
    assert report.planned_end == 8 and report.forecast_end == 10
    assert [f.need.id for f in report.critical] == ["MS-A-02", "MS-A-03", "MS-A-04", "MS-A-05"]


def test_started_work_finishes_after_its_remaining_effort(report: StatusReport) -> None:
    # 1.5 person-weeks left at the planned 1 per week: two more weeks after week 6
    assert (report.forecasts["MS-B-02"].window.end, report.forecasts["MS-B-02"].slip) == (8, 1)
    # no estimate: its planned length after its late start, and not before week 7
    assert report.forecasts["MS-B-04"].window.end == 7
    # not started: no earlier than the week after the as-of week
    assert report.forecasts["MS-B-03"].window.start == 7
    assert report.forecasts["MS-B-05"].window == report.forecasts["MS-B-05"].window.__class__(9, 9)


def test_the_phase_buffer_is_eaten_and_the_gate_moves(report: StatusReport) -> None:
    phases = {p.phase.id: p for p in report.phases}
    assert phases["PH-2"].deliverables_end == 10 and phases["PH-2"].buffer_left == -2
    assert phases["PH-2"].gate_week == 10


def test_earned_value_by_effort(report: StatusReport) -> None:
    # planned by week 6: 18 person-weeks; earned: three done milestones (7) and the
    # done part of MS-B-02 (1.5)
    assert report.value.planned == pytest.approx(18.0)
    assert report.value.earned == pytest.approx(8.5)
    assert report.value.spi == pytest.approx(8.5 / 18)


def test_gates_are_read_from_the_measurements(report: StatusReport) -> None:
    gates = {g.gate.id: g for g in report.gates}
    assert gates["QG-1"].status == "passed" and gates["QG-1"].all_at_target
    assert gates["QG-2"].status == "open" and gates["QG-2"].reading == "not at target"


def test_kpis_against_their_trajectory(report: StatusReport) -> None:
    kpis = {k.metric.id: k for k in report.kpis}
    p95 = kpis["MET-P95"]
    assert (p95.latest.value, p95.latest.week) == (520, 6)  # type: ignore[union-attr]
    assert p95.expected == pytest.approx(500) and p95.on_track is False
    assert p95.at_target is False and p95.target_week == 8
    assert kpis["MET-COV"].on_track is True and kpis["MET-LEAK"].at_target is True


def test_interpolated_trajectory() -> None:
    graph = graph_of(week6.plan_needs())
    points = trajectory(graph, graph.needs["MET-P95"])
    assert points == [(0, 850.0), (4, 600.0), (6, 500.0), (8, 255.0)]
    assert expected_value(points, 2) == pytest.approx(725)
    assert expected_value(points, 7) == pytest.approx(377.5)
    assert expected_value(points, 12) == 255.0


def test_fired_risks(report: StatusReport) -> None:
    assert [(f.risk.id, f.measurement.need.id, f.above) for f in report.fired] == [
        ("RSK-P95", "MEAS-P95-W06", True)]


def test_diff_against_the_baseline() -> None:
    base = snapshot(week6.baseline_needs(), PROJECT.metamodel)
    head = snapshot(week6.plan_needs(), PROJECT.metamodel)
    diff = plan_diff(base, head)
    assert diff.added == ["MS-B-05"] and diff.removed == ["MS-A-06"]
    assert diff.changed == {"MS-A-05": {"due": (7, 8)}, "MS-B-02": {"effort": (2, 3)}}
    assert diff.moved() == {"MS-A-05": 1}
    # progress is not a change of plan
    assert "MEAS-P95-W04" not in head and "status" not in head["MS-A-02"]


def test_no_progress_no_change_before_week_one() -> None:
    needs = copy.deepcopy(week6.baseline_needs())
    report = status_report(graph_of(needs), 0)
    assert report.late == [] and report.fired == [] and report.value.planned == 0
    assert report.forecast_end == report.planned_end == 8


def write_json(path: Path, needs: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"current_version": "1", "versions": {"1": {"needs": needs}}}),
                    encoding="utf-8")
    return path


def test_status_command_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path / "needs.json", week6.plan_needs())
    assert cli.main(["status", str(path), "--as-of", "6", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == 6 and data["late"] == ["MS-A-03", "MS-B-04"]
    assert data["forecast_end"]["MS-A-05"] == 10 and "MS-A-02" not in data["forecast_end"]
    assert data["program_forecast_end"] == 10
    assert data["gates"] == {"QG-1": "passed", "QG-2": "open"}
    assert data["fired_risks"] == ["RSK-P95"]
    assert data["critical_path"][-1] == "MS-A-05"
    assert cli.main(["status", str(path), "--as-of", "6", "--fail-on-late"]) == 1
    assert "late     MS-A-03 due week 5 (planned)" in capsys.readouterr().out


def test_status_as_of_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path / "needs.json", week6.plan_needs())
    # Friday of week 6 on the program calendar (week 1 = 6 Oct 2025)
    assert cli.main(["status", str(path), "--as-of", "2025-11-14", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == 6


def test_status_refuses_a_contradiction(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path / "needs.json", week6.plan_needs())
    assert cli.main(["status", str(path), "--as-of", "5"]) == 1  # actual_end 6 after week 5
    assert "TRACK-ACTUALS" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diff_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    base = write_json(tmp_path / "base.json", week6.baseline_needs())
    head = write_json(tmp_path / "head.json", week6.plan_needs())
    assert cli.main(["diff", str(base), str(head), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert data["added"] == ["MS-B-05"] and data["removed"] == ["MS-A-06"]
        assert data["changed"]["MS-A-05"] == {"due": [7, 8]}
    elif fmt == "markdown":
        assert out.startswith("### Plan changes against the baseline")
        assert "| MS-A-05 | milestone | `due` | 7 | 8 |" in out
    else:
        assert "changed MS-A-05 due: 7 -> 8" in out and "added   MS-B-05 (milestone)" in out


def test_baseline_command_writes_a_proposal_by_default(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Freezing a plan records no approval: a plan is a proposal until a person's decision
    is recorded."""
    head = write_json(tmp_path / "head.json", week6.plan_needs())
    frozen = tmp_path / "baseline.json"
    assert cli.main(["baseline", str(head), "--frozen", "2025-09-30", "--note", "kick-off",
                     "--output", str(frozen)]) == 0
    assert "proposed on 2025-09-30, not approved" in capsys.readouterr().out
    document = json.loads(frozen.read_text(encoding="utf-8"))
    assert document["format"] == "roadmap-baseline/2" and document["approval"] is None
    assert document["frozen"] == "2025-09-30" and document["note"] == "kick-off"
    assert "MEAS-P95-W04" not in document["needs"]
    assert cli.main(["diff", str(frozen), str(head), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] == {}
    assert cli.main(["diff", str(frozen), str(head)]) == 0
    assert "proposed baseline frozen on 2025-09-30 (not approved)" in capsys.readouterr().out


def test_baseline_command_records_a_whole_approval_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = write_json(tmp_path / "head.json", week6.plan_needs())
    frozen = tmp_path / "baseline.json"
    decision = ["--approved", "2025-10-03", "--by", "Dana Reyes", "--role", "Executive sponsor",
                "--record", "steering committee minutes SC-2025-10-03"]
    assert cli.main(["baseline", str(head), *decision, "--output", str(frozen)]) == 0
    document = json.loads(frozen.read_text(encoding="utf-8"))
    assert document["approval"] == {
        "by": "Dana Reyes", "role": "Executive sponsor", "date": "2025-10-03",
        "record": "steering committee minutes SC-2025-10-03", "digest": document["digest"]}
    capsys.readouterr()
    for partial in (["--approved", "2025-10-03", "--by", "Dana Reyes"],
                    ["--by", "Dana Reyes", "--role", "Executive sponsor"]):
        assert cli.main(["baseline", str(head), *partial, "--output", str(frozen)]) == 2
        assert "recorded whole or not at all" in capsys.readouterr().err
    refusals = {"is not a date": ["--approved", "3 Oct"],
                "has not come yet": ["--approved", "2999-01-01"],
                "names the person who approved": ["--by", "Executive sponsor"]}
    for message, change in refusals.items():
        options = list(decision)
        options[options.index(change[0]) + 1] = change[1]
        assert cli.main(["baseline", str(head), *options, "--output", str(frozen)]) == 2
        assert message in capsys.readouterr().err
    refused = cli.main(["baseline", str(head), "--output", str(tmp_path / "missing" / "a.json")])
    assert refused == 2


def test_the_status_pages_render_week_six(tmp_path: Path) -> None:
    """The week-6 record as a site: the status report and the changes page."""
    import sphinxproject

    from roadmap.tracking.baseline import baseline_document

    document = baseline_document(snapshot(week6.baseline_needs(), PROJECT.metamodel),
                                 "2025-09-30", "the plan proposed for kick-off")
    built = sphinxproject.build(
        tmp_path, {"report": "# Status\n\n```{roadmap-status}\n```\n",
                   "changes": "# Changes\n\n```{roadmap-changes}\n```\n",
                   "timeline": "# Timeline\n\n```{roadmap-timeline}\n```\n",
                   "dashboard": "# Dashboard\n\n```{roadmap-dashboard} late\n```\n\n"
                                "```{roadmap-dashboard} kpis\n```\n"},
        needs=week6.plan_needs(), files={"baseline.json": json.dumps(document)},
        conf_extra='roadmap_as_of = 6\nroadmap_baseline = "baseline.json"\n'
                   'roadmap_non_working = (("2025-12-22", "2026-01-02", "Freeze"),)\n')
    assert built.warning_lines() == []
    text = " ".join(BeautifulSoup(built.html("report"), "html.parser").get_text(" ").split())
    assert "As of: week 6 (10\u201314 Nov 2025)" in text
    assert "Forecast end: week 10 (8\u201312 Dec 2025) ( MS-A-05 , +2 weeks)" in text
    assert "Forecast critical path: MS-A-02 → MS-A-03 → MS-A-04 → MS-A-05" in text
    assert "Late milestones: 2" in text and "Risk indicators fired: 1" in text
    assert "SPI 0.47" in text
    changes = " ".join(BeautifulSoup(built.html("changes"), "html.parser").get_text(" ")
                       .split())
    assert "1 needs added, 1 removed, 2 changed" in changes
    assert "Schedule effect: 1 milestones moved their due week (by +1 to +1 weeks)." in changes
    # the timeline draws the forecast bars and, under them, the approved weeks
    timeline = BeautifulSoup(built.html("timeline"), "html.parser")
    titles = [t.get_text() for t in timeline.select("svg title")]
    assert "MS-A-05 baseline: weeks 7\u20137" in titles
    assert any("forecast" in " ".join(r.get("class", [])) for r in timeline.select("svg rect"))
    # the dashboard lists the late milestones and the latest measured values
    dashboard = " ".join(BeautifulSoup(built.html("dashboard"), "html.parser")
                         .get_text(" ").split())
    assert "MS-A-03" in dashboard and "waits for MS-A-02" in dashboard
    assert "520" in dashboard


def test_the_views_of_a_build_read_the_baseline_once(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The views that share a build's memo (ViewContext.shared) read and check the
    baseline file once; one that cannot be read fails each view that asks for it."""
    import dataclasses

    from roadmap.render.context import ViewContext, ViewError
    from roadmap.views import status

    reads: list[Path] = []
    real = status.read_plan

    def counted(path: Path, metamodel: Any) -> Any:
        reads.append(path)
        return real(path, metamodel)

    monkeypatch.setattr(status, "read_plan", counted)
    shared: dict[Any, Any] = {}
    graph = build_graph({}, PROJECT.metamodel)

    def context(project: Any) -> ViewContext:
        return ViewContext(project=project, graph=graph, docname="p", uri=lambda n: "",
                           results=list, shared=shared)

    assert PROJECT.baseline_path is not None
    first = status.baseline_of(context(PROJECT))
    assert first is not None and status.baseline_of(context(PROJECT)) is first
    assert reads == [PROJECT.baseline_path]
    broken = tmp_path / "baseline.json"
    broken.write_text("{", encoding="utf-8")
    unreadable = dataclasses.replace(PROJECT, settings=dataclasses.replace(
        PROJECT.settings, baseline=str(broken)))
    for _ in range(2):
        with pytest.raises(ViewError):
            status.baseline_of(context(unreadable))
    assert reads == [PROJECT.baseline_path, broken]
